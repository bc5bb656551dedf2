import { type Sql, and, sql } from "../../db/sql";
import type { Context } from "../../context";
import { compileEnum, compileString } from "../../shared/filters";
import { expectGlobalId } from "../../shared/global-id";
import type { PageArgs } from "../../shared/pagination";
import { UserInputError } from "../../shared/errors";
import { ENTITY } from "./entity.sql";
import type { Entity } from "./entity.type";
import type { EntityFilter } from "./entity.inputs";

export function entityFilterSql(filter: EntityFilter | null | undefined): Sql {
  if (!filter) return sql`TRUE`;
  return and([
    ...compileEnum(sql`t.kind`, "entity_kind", filter.kind, "filter.kind"),
    ...compileString(sql`t.name`, filter.name, "filter.name"),
    ...compileString(sql`t.slug`, filter.slug, "filter.slug"),
    ...compileString(sql`claimbase_names(t.name, t.aliases)`, filter.nameOrAlias, "filter.nameOrAlias"),
  ]);
}

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
  args: { id?: string | null; slug?: string | null },
): Promise<Entity | null> {
  if ((args.id == null) === (args.slug == null)) {
    throw new UserInputError("pass exactly one of `id` and `slug`");
  }
  const found =
    args.id != null
      ? await ctx.loaders.byId(ENTITY, expectGlobalId(args.id, "Entity"))
      : await ctx.loaders.one(ENTITY, "slug", args.slug as string, "text");
  return followMerges(ctx, found);
}

export function listEntities(ctx: Context, filter: EntityFilter | null | undefined, page: PageArgs) {
  return ctx.loaders.page(
    { ...ENTITY, name: "entities", where: entityFilterSql(filter) },
    page,
    undefined,
    JSON.stringify(filter ?? {}),
  );
}
