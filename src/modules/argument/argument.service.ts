import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { type Sql, queryRows, sql } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { expectGlobalId, fromGlobalId } from "../../shared/global-id";
import { CLAIM, CLAIM_RELATION, type Claim, type ClaimRelation, type ClaimRelationKind } from "../claim";
import { applyListArgs, type ListArgsShape, loadList } from "../filter";
import type { ListSpec } from "../../shared/pagination";
import { hydrator } from "../../shared/rows";
import { connectionWants } from "../../shared/selection";
import { VIEWPOINT } from "../viewpoint";
import {
  type ArgumentGraph,
  COMPARISON_CATEGORIES,
  ComparedClaim,
  type ComparisonCategory,
  ViewpointComparison,
} from "./argument.type";

/** The two viewpoints a comparison is of. */
type Pair = Pick<ViewpointComparison, "idA" | "idB">;

export const MAX_DEPTH = 5;
export const MAX_NODES = 500;

/**
 * Claims reachable from `root` over claim relations in either direction, up to `depth` links, in one
 * recursive statement. UNION (not UNION ALL) on (claim, depth) bounds the walk by nodes × depth even
 * when the graph has cycles.
 */
export async function argumentGraph(
  ctx: Context,
  root: Claim,
  depth: number,
  kinds: ClaimRelationKind[] | null | undefined,
): Promise<ArgumentGraph> {
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH) {
    throw badInput(`\`depth\` must be between 0 and ${MAX_DEPTH}`, { argument: "depth" });
  }
  const kindList = kinds && kinds.length > 0 ? kinds : null;
  const kindCondition = kindList ? sql`r.kind = ANY(${kindList}::claim_relation_kind[])` : sql`TRUE`;
  // Nearest first; at the same distance, in the order the claims were recorded.
  const nodes = await queryRows<{ id: string; depth: number }>(
    ctx.sql,
    sql`WITH RECURSIVE walk(id, depth) AS (
          SELECT ${root.uuid}::uuid, 0
          UNION
          SELECT CASE WHEN r.from_id = w.id THEN r.to_id ELSE r.from_id END, w.depth + 1
          FROM walk w JOIN claim_relation r ON (r.from_id = w.id OR r.to_id = w.id) AND r.retracted_at IS NULL AND ${kindCondition}
          WHERE w.depth < ${depth}
        )
        SELECT w.id::text AS id, min(w.depth)::int AS depth FROM walk w JOIN claim c ON c.id = w.id
        GROUP BY w.id, c.seq ORDER BY 2, c.seq LIMIT ${MAX_NODES + 1}`,
  );
  const truncated = nodes.length > MAX_NODES;
  const kept = nodes.slice(0, MAX_NODES);
  const ids = kept.map((node) => node.id);
  const edges = await queryRows<Record<string, unknown>>(
    ctx.sql,
    sql`SELECT ${CLAIM_RELATION.columns} FROM claim_relation t
        WHERE t.from_id = ANY(${ids}::uuid[]) AND t.to_id = ANY(${ids}::uuid[]) AND t.retracted_at IS NULL
          AND ${kindList ? sql`t.kind = ANY(${kindList}::claim_relation_kind[])` : sql`TRUE`}
        ORDER BY t.seq`,
  );
  const claims = await Promise.all(ids.map((id) => ctx.loaders.byId(CLAIM, id)));
  return {
    nodes: kept.map((node, i) => ({ claim: claims[i] as Claim, depth: node.depth })),
    edges: edges.map((row) => CLAIM_RELATION.hydrate(row) as ClaimRelation),
    truncated,
  };
}

/**
 * Claims in dispute: someone SUPPORTS and someone OPPOSES them, or another claim ATTACKS or
 * CONTRADICTS them (or they attack or contradict another).
 */
export function contestedClaims(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  const contested = sql`(
    (EXISTS (SELECT 1 FROM stance s WHERE s.claim_id = t.id AND s.position = 'SUPPORTS' AND s.retracted_at IS NULL)
      AND EXISTS (SELECT 1 FROM stance s WHERE s.claim_id = t.id AND s.position = 'OPPOSES' AND s.retracted_at IS NULL))
    OR EXISTS (SELECT 1 FROM claim_relation r WHERE r.to_id = t.id AND r.kind IN ('ATTACKS', 'CONTRADICTS') AND r.retracted_at IS NULL)
    OR EXISTS (SELECT 1 FROM claim_relation r WHERE r.from_id = t.id AND r.kind IN ('ATTACKS', 'CONTRADICTS') AND r.retracted_at IS NULL))`;
  return loadList(ctx.loaders, { ...CLAIM, name: "contestedClaims", where: contested }, "Claim", args, undefined, info);
}

/** A viewpoint by global ID or by slug. */
async function viewpointId(ctx: Context, ref: string, argument: string): Promise<string> {
  const decoded = fromGlobalId(ref);
  const viewpoint = decoded
    ? await ctx.loaders.byId(VIEWPOINT, expectGlobalId(ref, "Viewpoint", argument))
    : await ctx.loaders.one(VIEWPOINT, "slug", ref, "text");
  if (!viewpoint) throw badInput(`\`${argument}\` names no viewpoint`, { argument });
  return viewpoint.uuid;
}

/** The two viewpoints compared; their lists are read when asked for (comparedClaims, comparisonPage). */
export async function compareViewpoints(ctx: Context, a: string, b: string): Promise<ViewpointComparison> {
  const [idA, idB] = await Promise.all([viewpointId(ctx, a, "a"), viewpointId(ctx, b, "b")]);
  return Object.assign(new ViewpointComparison(), { idA, idB });
}

/**
 * Both viewpoints' stances side by side, as claim rows `t` joined to `cmp` (a full outer join of the
 * two viewpoints' stances on the claim), each row with its category. One statement whatever is asked.
 */
function comparisonFrom(cmp: Pair): Sql {
  return sql`claim t JOIN (
      SELECT coalesce(sa.claim_id, sb.claim_id) AS claim_id, sa.id AS stance_a, sb.id AS stance_b,
        CASE WHEN sb.id IS NULL THEN 'onlyA'
             WHEN sa.id IS NULL THEN 'onlyB'
             WHEN sa.position = sb.position THEN 'agreements'
             WHEN sa.position IN ('SUPPORTS', 'OPPOSES') AND sb.position IN ('SUPPORTS', 'OPPOSES') THEN 'disagreements'
             ELSE 'differences' END AS category
      FROM (SELECT id, claim_id, position FROM stance
            WHERE holder_viewpoint_id = ${cmp.idA}::uuid AND retracted_at IS NULL) sa
      FULL OUTER JOIN (SELECT id, claim_id, position FROM stance
            WHERE holder_viewpoint_id = ${cmp.idB}::uuid AND retracted_at IS NULL) sb
        ON sa.claim_id = sb.claim_id
    ) cmp ON cmp.claim_id = t.id`;
}

const COMPARED_COLUMNS = sql`t.id::text AS "claimId", cmp.stance_a::text AS "stanceAId", cmp.stance_b::text AS "stanceBId"`;
const comparedClaim = hydrator(ComparedClaim);

/** One list of a comparison, whole, in the order the claims were recorded (the deprecated plain lists). */
export async function comparedClaims(ctx: Context, cmp: Pair, category: ComparisonCategory): Promise<ComparedClaim[]> {
  const lists = await ctx.loaders
    .batch(`ViewpointComparison.lists`, async (pairs) =>
      Promise.all(
        pairs.map(async (pair) => {
          const [idA, idB] = pair.split(",") as [string, string];
          const rows = await queryRows<Record<string, unknown>>(
            ctx.sql,
            sql`SELECT ${COMPARED_COLUMNS}, cmp.category AS "category"
                FROM ${comparisonFrom({ idA, idB })} ORDER BY t.seq`,
          );
          const byCategory = new Map<string, ComparedClaim[]>(COMPARISON_CATEGORIES.map((c) => [c, []]));
          for (const row of rows) byCategory.get(row.category as string)!.push(comparedClaim(row));
          return byCategory;
        }),
      ),
    )
    .load(`${cmp.idA},${cmp.idB}`);
  return lists.get(category)!;
}

/**
 * One list of a comparison as a connection of the claims in it: the claims' filter, search and
 * ordering apply (the rows are claim rows `t`), keyset pages as every connection.
 */
export function comparisonPage(
  ctx: Context,
  cmp: Pair,
  category: ComparisonCategory,
  args: ListArgsShape,
  info?: GraphQLResolveInfo,
) {
  const base: ListSpec<ComparedClaim> = {
    name: `ViewpointComparison.${category}Connection`,
    from: comparisonFrom(cmp),
    columns: COMPARED_COLUMNS,
    where: sql`cmp.category = ${category}`,
    hydrate: comparedClaim,
  };
  const applied = applyListArgs(base, "Claim", args);
  // The variant names the pair: two comparisons in one query are two lists.
  return ctx.loaders.page(
    applied.spec,
    applied.page,
    undefined,
    `${cmp.idA},${cmp.idB}|${applied.variant}`,
    connectionWants(info).totalCount,
  );
}
