import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { VIEWPOINT } from "./viewpoint.sql";
import type { Viewpoint } from "./viewpoint.type";

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
