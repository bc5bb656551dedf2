import { type Sql, raw, sql } from "../../db/sql";
import { type FieldDef, type ManyRelation, type ModelDef, type ToOneRelation } from "../../shared/model";
import { claimModel } from "../claim/claim.model";
import { sourceModel } from "../source/source.model";

/**
 * Grouped counts under a filter. Every facet is one GROUP BY over the filtered rows (alias `t`), so a
 * chart costs one statement per facet asked. Counts are exact. A claim counted under several values
 * (two claimants, reviews with different ratings) counts once under each.
 */
export interface FacetQuery {
  description: string;
  /** Returns rows { key, label, count, node_type }. */
  sql: (where: Sql, limit: number) => Sql;
}

const byEnum = (table: string, column: string, description: string): FacetQuery => ({
  description,
  sql: (where, limit) =>
    sql`SELECT ${raw(`t."${column}"`)}::text AS key, ${raw(`t."${column}"`)}::text AS label, count(*)::int AS count, NULL AS node_type
        FROM ${raw(`"${table}" t`)} WHERE ${where} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`,
});

const byMonth = (table: string, column: string, description: string): FacetQuery => ({
  description,
  sql: (where, limit) =>
    sql`SELECT coalesce(to_char(${raw(`t."${column}"`)} AT TIME ZONE 'UTC', 'YYYY-MM'), 'undated') AS key,
               coalesce(to_char(${raw(`t."${column}"`)} AT TIME ZONE 'UTC', 'YYYY-MM'), 'undated') AS label,
               count(*)::int AS count, NULL AS node_type
        FROM ${raw(`"${table}" t`)} WHERE ${where} GROUP BY 1 ORDER BY 1 LIMIT ${limit}`,
});

/** The facets a model declares on its fields (shared/model.ts). */
function facetsOf(model: ModelDef<Record<string, FieldDef>>): Record<string, FacetQuery> {
  const facets: Record<string, FacetQuery> = {};
  for (const field of Object.values(model.fields)) {
    const facet = field.facet;
    if (!facet) continue;
    if (!("relation" in field)) {
      facets[facet.name] =
        field.kind === "timestamp"
          ? byMonth(model.table, field.column, facet.description)
          : byEnum(model.table, field.column, facet.description);
    } else if (field.relation === "many") {
      facets[facet.name] = byTarget(model.table, field, facet.description);
    } else {
      facets[facet.name] = byOne(model.table, field, facet.name, facet.description);
    }
  }
  return facets;
}

/** Owners per target of a to-many relation, most first. */
const byTarget = (table: string, relation: ManyRelation, description: string): FacetQuery => ({
  description,
  sql: (where, limit) =>
    sql`SELECT e.id::text AS key, e.name AS label, x.count, ${raw(`'${relation.target}'`)} AS node_type FROM (
          SELECT ${raw(`l."${relation.targetColumn}"`)} AS target_id, count(*)::int AS count
          FROM ${raw(`"${table}" t JOIN "${relation.through}" l ON l."${relation.ownerColumn}" = t.id`)}
          WHERE ${where} GROUP BY 1) x JOIN ${raw(`"${relation.table}" e`)} ON e.id = x.target_id
        ORDER BY x.count DESC, e.seq LIMIT ${limit}`,
});

/**
 * Rows per target of a to-one relation, most first; rows without one count in a bucket of their own,
 * key `none` (label "No publisher" for `byPublisher`), so the buckets add up to the total.
 */
const byOne = (table: string, relation: ToOneRelation, name: string, description: string): FacetQuery => ({
  description,
  sql: (where, limit) =>
    sql`SELECT coalesce(e.id::text, 'none') AS key, coalesce(e.name, ${noneLabel(name)}) AS label, x.count,
               CASE WHEN e.id IS NULL THEN NULL ELSE ${raw(`'${relation.target}'`)} END AS node_type FROM (
          SELECT ${raw(`t."${relation.column}"`)} AS target_id, count(*)::int AS count FROM ${raw(`"${table}" t`)}
          WHERE ${where} GROUP BY 1) x LEFT JOIN ${raw(`"${relation.table}" e`)} ON e.id = x.target_id
        ORDER BY x.count DESC, e.seq NULLS LAST LIMIT ${limit}`,
});

/** The label of a to-one facet's `none` bucket: `byPublisher` -> "No publisher". */
function noneLabel(facetName: string): string {
  const noun = facetName.replace(/^by/, "").replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c : ` ${c}`));
  return `No ${noun.toLowerCase()}`;
}

export const CLAIM_FACETS: Record<string, FacetQuery> = {
  ...facetsOf(claimModel),
  byRating: {
    description: "Claims per normalized review rating (a claim with reviews of two ratings counts under both).",
    sql: (where, limit) =>
      sql`SELECT r.normalized_rating::text AS key, r.normalized_rating::text AS label, count(DISTINCT t.id)::int AS count, NULL AS node_type
          FROM claim t JOIN review r ON r.claim_id = t.id WHERE ${where} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`,
  },
  byViewpoint: {
    description: "Claims per viewpoint that takes a stance on them.",
    sql: (where, limit) =>
      sql`SELECT v.id::text AS key, v.title AS label, x.count, 'Viewpoint' AS node_type FROM (
            SELECT s.holder_viewpoint_id AS viewpoint_id, count(DISTINCT t.id)::int AS count
            FROM claim t JOIN stance s ON s.claim_id = t.id AND s.holder_viewpoint_id IS NOT NULL AND s.retracted_at IS NULL
            WHERE ${where} GROUP BY 1) x JOIN viewpoint v ON v.id = x.viewpoint_id
          ORDER BY x.count DESC, v.seq LIMIT ${limit}`,
  },
  byStancePosition: {
    description: "Claims per stance position taken on them by anyone (a contested claim counts under several).",
    sql: (where, limit) =>
      sql`SELECT s.position::text AS key, s.position::text AS label, count(DISTINCT t.id)::int AS count, NULL AS node_type
          FROM claim t JOIN stance s ON s.claim_id = t.id AND s.retracted_at IS NULL WHERE ${where} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`,
  },
  byPublisher: {
    description:
      'Claims per publisher of a source they appear in; key `none` ("No publisher") counts claims appearing in a source without a publisher.',
    sql: (where, limit) =>
      sql`SELECT coalesce(e.id::text, 'none') AS key, coalesce(e.name, 'No publisher') AS label, x.count,
                 CASE WHEN e.id IS NULL THEN NULL ELSE 'Entity' END AS node_type FROM (
            SELECT src.publisher_id, count(DISTINCT t.id)::int AS count
            FROM claim t JOIN claim_appearance ca ON ca.claim_id = t.id JOIN quote q ON q.id = ca.quote_id
            JOIN source src ON src.id = q.source_id
            WHERE ${where} GROUP BY 1) x LEFT JOIN entity e ON e.id = x.publisher_id
          ORDER BY x.count DESC, e.seq NULLS LAST LIMIT ${limit}`,
  },
};

export const SOURCE_FACETS: Record<string, FacetQuery> = {
  ...facetsOf(sourceModel),
  byLanguage: {
    description: "Sources per language tag; `unknown` when not recorded.",
    sql: (where, limit) =>
      sql`SELECT coalesce(t.language, 'unknown') AS key, coalesce(t.language, 'unknown') AS label, count(*)::int AS count, NULL AS node_type
          FROM source t WHERE ${where} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ${limit}`,
  },
};
