import { narrowedFor, objectIncludes } from "../../shared/prefetch";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { markAsOf, referenceAsOf, snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { load, recordOf, transact, updateOf, uuidOf } from "../../shared/mutation";
import { queryRows, sql } from "../../db/sql";
import { claimFingerprint } from "../../shared/text";
import { compileExternalId, type ExternalIdInput } from "../../shared/filters";
import { type ListArgsShape, loadList } from "../filter";
import type { CreateEntityInput, MergeEntitiesInput, UpdateEntityInput } from "./entity.inputs";
import { entityModel } from "./entity.model";
import { ENTITY } from "./entity.sql";
import type { Entity } from "./entity.type";
import { writeEntity } from "./entity.writer";

/**
 * Claims the survivor now asserts that are the same claim (the same normalized text and the same
 * claimants, so the same natural key were their fingerprints computed again): a merge brings twins'
 * claims together and reports them, it does not merge them. Groups in order, each claim once.
 */
async function duplicateClaimGroups(tx: Context, survivorId: string): Promise<string[][]> {
  const rows = await queryRows<{ id: string; text: string; slugs: string[] }>(
    tx.sql,
    sql`SELECT c.id::text AS id, c.text, array_agg(e.slug ORDER BY e.slug) AS slugs
        FROM claim c JOIN claim_claimant cc ON cc.claim_id = c.id JOIN entity e ON e.id = cc.entity_id
        WHERE c.id IN (SELECT claim_id FROM claim_claimant WHERE entity_id = ${survivorId}::uuid)
          AND c.merged_into_id IS NULL
        GROUP BY c.id ORDER BY c.seq`,
  );
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = claimFingerprint(row.text, row.slugs);
    groups.set(key, [...(groups.get(key) ?? []), row.id]);
  }
  return [...groups.values()].filter((ids) => ids.length > 1);
}

/** A merged entity resolves to the entity it was merged into, so old IDs and slugs keep working. */
export async function followMerges(ctx: Context, entity: Entity | null): Promise<Entity | null> {
  let current = entity;
  for (let hops = 0; current?.mergedIntoId && hops < 10; hops += 1) {
    current = await ctx.loaders.byId(ENTITY, current.mergedIntoId);
  }
  return current;
}

/** The survivor a merged entity points at (merges leave no chains); null unless merged. */
export function mergedIntoOf(ctx: Context, entity: Entity): Promise<Entity | null> | null {
  return entity.mergedIntoId ? referenceAsOf(ctx.loaders, entity, ENTITY, entity.mergedIntoId) : null;
}

export async function findEntity(
  ctx: Context,
  args: { id?: string | null; slug?: string | null; externalId?: ExternalIdInput | null; asOf?: Date | null },
  info?: GraphQLResolveInfo,
): Promise<Entity | null> {
  if ([args.id, args.slug, args.externalId].filter((arg) => arg != null).length !== 1) {
    throw badInput("pass exactly one of `id`, `slug` and `externalId`");
  }
  // What the query selects on the entity (its claims, say) comes in the lookup's statement; not under
  // asOf (answered from history), and a merged entity's survivor loads its own afterwards.
  const includes = args.asOf ? [] : objectIncludes(info, "Entity");
  // Only the columns the query asks for, and the merge pointer followMerges reads.
  const spec = narrowedFor(ENTITY, info?.fieldNodes, info, "Entity", ["mergedIntoId"]);
  const found =
    args.id != null
      ? await ctx.loaders.byId(spec, expectGlobalId(args.id, "Entity"), includes)
      : args.slug != null
        ? await ctx.loaders.one(spec, "slug", args.slug, "text", includes)
        : await byExternalId(ctx, args.externalId!);
  const current = await followMerges(ctx, found);
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? markAsOf(ENTITY.hydrate(past), args.asOf) : null;
}

/** The entity with this external ID: a current one first (a merged one resolves to its survivor anyway). */
async function byExternalId(ctx: Context, externalId: ExternalIdInput): Promise<Entity | null> {
  const page = await ctx.loaders.page(
    {
      ...ENTITY,
      name: "entity.externalId",
      reads: [{ table: "entity", columns: ["external_ids", "merged_into_id"] }],
      where: compileExternalId(sql`t.external_ids`, externalId, "externalId"),
      order: {
        name: "CURRENT_FIRST",
        keys: [
          { expr: sql`(t.merged_into_id IS NOT NULL)::int`, direction: "ASC", type: "int" },
          { expr: sql`t.seq`, direction: "ASC", type: "int" },
        ],
      },
    },
    { first: 1 },
    undefined,
    JSON.stringify([externalId.system, externalId.value]),
    false,
  );
  return page.edges[0]?.node ?? null;
}

/** Entities; merged ones (whose IDs resolve to their survivor) only when asked for. */
export function listEntities(
  ctx: Context,
  args: ListArgsShape & { includeMerged?: boolean | null },
  info?: GraphQLResolveInfo,
) {
  const { includeMerged, ...list } = args;
  const spec = includeMerged
    ? { ...ENTITY, name: "entities+merged", reads: [{ table: "entity" }] }
    : {
        ...ENTITY,
        name: "entities",
        where: sql`t.merged_into_id IS NULL`,
        reads: [{ table: "entity", columns: ["merged_into_id"] }],
      };
  return loadList(ctx.loaders, spec, "Entity", list, undefined, info);
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

  merge: (ctx: Context, input: MergeEntitiesInput) => {
    // The twins' claims the merge brought together, as found before mergeDuplicateClaims merged them.
    let reported: string[] = [];
    return transact(
      ctx,
      async (w, _ref, tx) => {
        const survivor = uuidOf(input.survivor, "Entity", "input/survivor");
        const merged = input.merged.map((id, i) => uuidOf(id, "Entity", `input/merged/${i}`));
        await w.mergeEntities(survivor, merged, "input");
        const groups = await duplicateClaimGroups(tx, survivor);
        reported = groups.flat();
        if (input.mergeDuplicateClaims) {
          // Each group of twins into its first claim (the earliest recorded), keeping every history.
          for (const [first, ...rest] of groups) await w.mergeClaims(first!, rest, "input/mergeDuplicateClaims");
        }
        return survivor;
      },
      async (tx, id) => ({ entity: await tx.loaders.byId(ENTITY, id), duplicateClaimIds: reported }),
    );
  },
};
