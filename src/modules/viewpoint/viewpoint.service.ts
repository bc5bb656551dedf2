import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { load, recordOf, transact, updateOf } from "../../shared/mutation";
import { type ListArgsShape, loadList } from "../filter";
import type { CreateViewpointInput, UpdateViewpointInput } from "./viewpoint.inputs";
import { viewpointModel } from "./viewpoint.model";
import { VIEWPOINT } from "./viewpoint.sql";
import type { Viewpoint } from "./viewpoint.type";
import { writeViewpoint } from "./viewpoint.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { ENTITY_MEMBERSHIPS, ENTITY_TOPIC_VIEWPOINTS, VIEWPOINT, VIEWPOINT_MEMBERS } from "./viewpoint.sql";

export async function findViewpoint(
  ctx: Context,
  args: { id?: string | null; slug?: string | null; asOf?: Date | null },
): Promise<Viewpoint | null> {
  if ((args.id == null) === (args.slug == null)) {
    throw badInput("pass exactly one of `id` and `slug`");
  }
  const current =
    args.id != null
      ? await ctx.loaders.byId(VIEWPOINT, expectGlobalId(args.id, "Viewpoint"))
      : await ctx.loaders.one(VIEWPOINT, "slug", args.slug as string, "text");
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? VIEWPOINT.hydrate(past) : null;
}

export function listViewpoints(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, { ...VIEWPOINT, name: "viewpoints" }, "Viewpoint", args, undefined, info);
}

/** The viewpoint mutations' work, each in one transaction (shared/mutation.ts). */
export const viewpoints = {
  create: (ctx: Context, input: CreateViewpointInput) =>
    transact(
      ctx,
      async (w, ref) => (await writeViewpoint(w, recordOf(viewpointModel, input, ref), "input", { mode: "create" })).id,
      load(VIEWPOINT),
    ),

  update: (ctx: Context, input: UpdateViewpointInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const { record, target } = await updateOf(tx, ref, viewpointModel, VIEWPOINT, "Viewpoint", input);
        return (await writeViewpoint(w, record, "input", target)).id;
      },
      load(VIEWPOINT),
    ),
};
