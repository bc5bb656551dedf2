import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { load, recordOf, transact, updateOf, uuidOf } from "../../shared/mutation";
import { type ListArgsShape, loadList } from "../filter";
import type { CreateEntityInput, MergeEntitiesInput, UpdateEntityInput } from "./entity.inputs";
import { entityModel } from "./entity.model";
import { ENTITY } from "./entity.sql";
import type { Entity } from "./entity.type";
import { writeEntity } from "./entity.writer";

/** A merged entity resolves to the entity it was merged into, so old IDs and slugs keep working. */
async function followMerges(ctx: Context, entity: Entity | null): Promise<Entity | null> {
  let current = entity;
  for (let hops = 0; current?.mergedIntoId && hops < 10; hops += 1) {
    current = await ctx.loaders.byId(ENTITY, current.mergedIntoId);
  }
  return current;
}

export async function findEntity(
  ctx: Context,
  args: { id?: string | null; slug?: string | null; asOf?: Date | null },
): Promise<Entity | null> {
  if ((args.id == null) === (args.slug == null)) {
    throw badInput("pass exactly one of `id` and `slug`");
  }
  const found =
    args.id != null
      ? await ctx.loaders.byId(ENTITY, expectGlobalId(args.id, "Entity"))
      : await ctx.loaders.one(ENTITY, "slug", args.slug as string, "text");
  const current = await followMerges(ctx, found);
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? ENTITY.hydrate(past) : null;
}

export function listEntities(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, { ...ENTITY, name: "entities" }, "Entity", args, undefined, info);
}

/** The entity mutations' work, each in one transaction (shared/mutation.ts). */
export const entities = {
  create: (ctx: Context, input: CreateEntityInput) =>
    transact(
      ctx,
      async (w, ref) => (await writeEntity(w, recordOf(entityModel, input, ref), "input", { mode: "create" })).id,
      load(ENTITY),
    ),

  update: (ctx: Context, input: UpdateEntityInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const { record, target } = await updateOf(tx, ref, entityModel, ENTITY, "Entity", input);
        return (await writeEntity(w, record, "input", target)).id;
      },
      load(ENTITY),
    ),

  merge: (ctx: Context, input: MergeEntitiesInput) =>
    transact(
      ctx,
      async (w) => {
        const survivor = uuidOf(input.survivor, "Entity", "input/survivor");
        const merged = input.merged.map((id, i) => uuidOf(id, "Entity", `input/merged/${i}`));
        await w.mergeEntities(survivor, merged, "input");
        return survivor;
      },
      load(ENTITY),
    ),
};
