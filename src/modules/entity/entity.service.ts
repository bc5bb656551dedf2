import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { ENTITY } from "./entity.sql";
import type { Entity } from "./entity.type";

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
