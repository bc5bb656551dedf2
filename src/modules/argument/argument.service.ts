import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { expectGlobalId, fromGlobalId } from "../../shared/global-id";
import { CLAIM, CLAIM_RELATION, type Claim, type ClaimRelation, type ClaimRelationKind } from "../claim";
import { type ListArgsShape, loadList } from "../filter";
import { STANCE, type Stance } from "../stance";
import { VIEWPOINT } from "../viewpoint";
import type { ArgumentGraph, ComparedClaim, ViewpointComparison } from "./argument.type";

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

/** Both viewpoints' stances side by side, in one statement (a full outer join on the claim). */
export async function compareViewpoints(ctx: Context, a: string, b: string): Promise<ViewpointComparison> {
  const [idA, idB] = await Promise.all([viewpointId(ctx, a, "a"), viewpointId(ctx, b, "b")]);
  const rows = await queryRows<{ claim_id: string; stance_a: string | null; stance_b: string | null }>(
    ctx.sql,
    sql`SELECT coalesce(sa.claim_id, sb.claim_id)::text AS claim_id, sa.id::text AS stance_a, sb.id::text AS stance_b
        FROM (SELECT id, claim_id FROM stance WHERE holder_viewpoint_id = ${idA}::uuid AND retracted_at IS NULL) sa
        FULL OUTER JOIN (SELECT id, claim_id FROM stance WHERE holder_viewpoint_id = ${idB}::uuid AND retracted_at IS NULL) sb
          ON sa.claim_id = sb.claim_id
        JOIN claim c ON c.id = coalesce(sa.claim_id, sb.claim_id)
        ORDER BY c.seq`,
  );
  const result: ViewpointComparison = { agreements: [], disagreements: [], differences: [], onlyA: [], onlyB: [] };
  const items = await Promise.all(
    rows.map(async (row): Promise<ComparedClaim> => {
      const [claim, stanceA, stanceB] = await Promise.all([
        ctx.loaders.byId(CLAIM, row.claim_id),
        ctx.loaders.byId(STANCE, row.stance_a),
        ctx.loaders.byId(STANCE, row.stance_b),
      ]);
      return { claim: claim as Claim, stanceA: stanceA as Stance | null, stanceB: stanceB as Stance | null };
    }),
  );
  for (const item of items) {
    const pa = item.stanceA?.position;
    const pb = item.stanceB?.position;
    if (!pb) result.onlyA.push(item);
    else if (!pa) result.onlyB.push(item);
    else if (pa === pb) result.agreements.push(item);
    else if ((pa === "SUPPORTS" && pb === "OPPOSES") || (pa === "OPPOSES" && pb === "SUPPORTS"))
      result.disagreements.push(item);
    else result.differences.push(item);
  }
  return result;
}
