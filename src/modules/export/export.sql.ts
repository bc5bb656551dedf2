import { type Sql, raw, sql } from "../../db/sql";
import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { reviewModel } from "../review/review.model";
import { sourceModel } from "../source/source.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import {
  claimKey,
  entityJson,
  entityJsonList as modelEntityJsonList,
  entityObject,
  modelColumns,
  sourceRef,
} from "./export.model";
import type { ExportFormat } from "./export.types";

/**
 * The statements an export reads with. Every list is read in keyset batches: the filter and
 * `t.seq > $last ORDER BY t.seq LIMIT n` pick the ids of one batch in an inner query, and only those
 * rows are joined back and projected (slugs, evidence, counts come from correlated subqueries over
 * indexed link tables, evaluated for the batch's rows only). Identifiers are constants of this file.
 */

export const BATCH_SIZE = 1000;

type Columns = Record<string, string>;

// ---- fragments ----------------------------------------------------------------------------------

/**
 * A quote (alias `q`, its source `qs`) as a bundle's quote reference: {source, exact, start, end}, and
 * who speaks in it: `attribution`, `speakers` (slugs in order), `cue` ({exact, start, end}, or null).
 */
const quoteJson = (q: string, qs: string) =>
  `json_build_object('source', ${sourceRef(qs)}, 'exact', ${q}.exact, 'start', ${q}.start, 'end', ${q}."end",
     'attribution', ${q}.attribution,
     'speakers', (SELECT coalesce(array_agg(se.slug ORDER BY sp.position, se.seq), '{}') FROM quote_speaker sp
                  JOIN entity se ON se.id = sp.entity_id WHERE sp.quote_id = ${q}.id),
     'cue', CASE WHEN ${q}.cue_start IS NULL THEN NULL
            ELSE json_build_object('exact', substr(${qs}.text, ${q}.cue_start + 1, ${q}.cue_end - ${q}.cue_start),
                                   'start', ${q}.cue_start, 'end', ${q}.cue_end) END)`;

/** Evidence quotes as quote references with their attribution (quoteJson), in the order they were recorded. */
const evidence = (link: string, owner: string, id: string) =>
  `(SELECT coalesce(json_agg(${quoteJson("q", "qs")} ORDER BY q.seq), '[]')
    FROM ${link} x JOIN quote q ON q.id = x.quote_id JOIN source qs ON qs.id = q.source_id WHERE x.${owner} = ${id})`;

/** A viewpoint's membership evidence, by member slug: `{"<slug>": [quote references]}`. */
const memberEvidence = (id: string) =>
  `(SELECT coalesce(json_object_agg(m.slug, m.quotes), '{}') FROM (
      SELECT e.slug, json_agg(${quoteJson("q", "qs")} ORDER BY q.seq) AS quotes
      FROM viewpoint_member_evidence x JOIN quote q ON q.id = x.quote_id JOIN source qs ON qs.id = q.source_id
      JOIN entity e ON e.id = x.entity_id WHERE x.viewpoint_id = ${id} GROUP BY e.slug) m)`;

const evidenceCount = (link: string, owner: string, id: string) =>
  `(SELECT count(*)::int FROM ${link} x WHERE x.${owner} = ${id})`;

const sourceObject = (s: string) =>
  `json_build_object('id', ${s}.id, 'kind', ${s}.kind, 'title', ${s}.title, 'url', ${s}.url, 'publishedAt', ${s}.published_at,
     'publisher', ${entityJson(`${s}.publisher_id`)})`;

const common: Columns = { id: "t.id::text", createdAt: "t.created_at" };

// ---- what each export reads ---------------------------------------------------------------------

export interface ListQuery {
  table: string;
  columns: (format: ExportFormat) => Columns;
  /** Rows can be retracted (`retracted_at`): exports leave retracted ones out, as lists do. */
  retractable?: true;
}

export const ENTITIES: ListQuery = {
  table: entityModel.table,
  columns: (format) => ({ id: "t.id::text", ...modelColumns(entityModel, format) }),
};

export const SOURCES: ListQuery = {
  table: sourceModel.table,
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(sourceModel, format),
    derivedFrom: `(SELECT ${sourceRef("d")} FROM source d WHERE d.id = t.derived_from_id)`,
    derivedFromId: "t.derived_from_id::text",
    ...(format === "csv"
      ? { textLength: "length(t.text)", quoteCount: "(SELECT count(*)::int FROM quote q WHERE q.source_id = t.id)" }
      : {}),
  }),
};

export const CLAIMS: ListQuery = {
  table: "claim",
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(claimModel, format),
    ...(format === "ndjson" ? { appearances: evidence("claim_appearance", "claim_id", "t.id") } : {}),
    ...(format === "csv"
      ? {
          appearanceCount: evidenceCount("claim_appearance", "claim_id", "t.id"),
          appearances: evidence("claim_appearance", "claim_id", "t.id"),
          // The source the claim appeared in first: earliest published, undated last, then as recorded.
          firstSource: `(SELECT s.title FROM claim_appearance x JOIN quote q ON q.id = x.quote_id JOIN source s ON s.id = q.source_id
                         WHERE x.claim_id = t.id ORDER BY s.published_at ASC NULLS LAST, q.seq LIMIT 1)`,
          reviews: `(SELECT coalesce(json_agg(json_build_object('reviewer', e.slug, 'rating', r.normalized_rating) ORDER BY r.seq), '[]')
                     FROM review r JOIN entity e ON e.id = r.reviewer_id WHERE r.claim_id = t.id)`,
        }
      : {}),
    ...(format === "jsonld"
      ? {
          appearanceItems: `(SELECT coalesce(json_agg(json_build_object('exact', q.exact, 'source', ${sourceObject("qs")},
                               'attribution', q.attribution,
                               'speakers', (SELECT coalesce(json_agg(${entityObject("se")} ORDER BY sp.position, se.seq), '[]')
                                            FROM quote_speaker sp JOIN entity se ON se.id = sp.entity_id WHERE sp.quote_id = q.id),
                               'cue', CASE WHEN q.cue_start IS NULL THEN NULL
                                      ELSE substr(qs.text, q.cue_start + 1, q.cue_end - q.cue_start) END) ORDER BY q.seq), '[]')
                             FROM claim_appearance x JOIN quote q ON q.id = x.quote_id JOIN source qs ON qs.id = q.source_id
                             WHERE x.claim_id = t.id)`,
          reviewItems: `(SELECT coalesce(json_agg(json_build_object('id', r.id, 'originalRating', r.original_rating,
                           'normalizedRating', r.normalized_rating, 'reviewedAt', r.reviewed_at,
                           'reviewer', ${entityJson("r.reviewer_id")}, 'sourceUrl', rs.url, 'sourceTitle', rs.title) ORDER BY r.seq), '[]')
                         FROM review r JOIN source rs ON rs.id = r.source_id WHERE r.claim_id = t.id)`,
        }
      : {}),
  }),
};

export const VIEWPOINTS: ListQuery = {
  table: viewpointModel.table,
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(viewpointModel, format),
    ...(format === "csv"
      ? {
          stanceCount:
            "(SELECT count(*)::int FROM stance s WHERE s.holder_viewpoint_id = t.id AND s.retracted_at IS NULL)",
        }
      : {}),
    ...(format === "ndjson" ? { memberEvidence: memberEvidence("t.id") } : {}),
  }),
};

export const STANCES: ListQuery = {
  retractable: true,
  table: stanceModel.table,
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(stanceModel, format),
    claimId: "t.claim_id::text",
    ...(format === "csv" ? { evidenceCount: evidenceCount("stance_evidence", "stance_id", "t.id") } : {}),
    evidence: evidence("stance_evidence", "stance_id", "t.id"),
  }),
};

export const REVIEWS: ListQuery = {
  table: reviewModel.table,
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(reviewModel, format),
    claimId: "t.claim_id::text",
    ...(format === "ndjson"
      ? {}
      : {
          reviewerEntity: entityJson("t.reviewer_id"),
          sourceTitle: "(SELECT s.title FROM source s WHERE s.id = t.source_id)",
          sourceUrl: "(SELECT s.url FROM source s WHERE s.id = t.source_id)",
        }),
    ...(format === "jsonld"
      ? { claimantEntities: modelEntityJsonList(claimModel.fields.claimants, "t.claim_id") }
      : {}),
  }),
};

/** Bundle only. */
export const ENTITY_RELATIONS: ListQuery = {
  table: entityRelationModel.table,
  columns: (format) => ({
    id: "t.id::text",
    ...modelColumns(entityRelationModel, format),
    evidence: evidence("entity_relation_evidence", "relation_id", "t.id"),
  }),
};

/** Bundle only. */
export const CLAIM_RELATIONS: ListQuery = {
  retractable: true,
  table: "claim_relation",
  columns: () => ({
    ...common,
    from: claimKey("t.from_id"),
    to: claimKey("t.to_id"),
    kind: "t.kind::text",
    evidence: evidence("claim_relation_evidence", "relation_id", "t.id"),
  }),
};

function projection(columns: Columns): string {
  return Object.entries(columns)
    .map(([name, expression]) => `${expression} AS "${name}"`)
    .join(",\n  ");
}

/** One keyset batch: rows matching `where` (over alias `t`) with seq > `after`, in seq order. */
export function batchSql(query: ListQuery, format: ExportFormat, where: Sql, after: number, limit = BATCH_SIZE): Sql {
  const table = raw(`"${query.table}"`);
  return sql`SELECT k.seq, ${raw(projection(query.columns(format)))}
    FROM (SELECT t.id, t.seq FROM ${table} t WHERE (${where}) AND t.seq > ${after}
          ${query.retractable ? sql`AND t.retracted_at IS NULL` : sql``} ORDER BY t.seq LIMIT ${limit}) k
    JOIN ${table} t ON t.id = k.id
    ORDER BY k.seq`;
}

/** Whether some source derives from one recorded after it (then seq order is not dependency order). */
export const SOURCES_OUT_OF_ORDER = sql`SELECT EXISTS (
  SELECT 1 FROM source t JOIN source p ON p.id = t.derived_from_id WHERE p.seq > t.seq) AS "outOfOrder"`;

/** Nodes unreachable from a root (a derivation cycle) come last; the importer will say why. */
const UNREACHABLE = 2147483647;

/**
 * Sources in dependency order: by derivation depth (a source without derivedFrom is depth 0), then
 * seq; keyset on (depth, seq). Only used when SOURCES_OUT_OF_ORDER says seq order is not enough.
 */
export function sourcesByDepthSql(after: { depth: number; seq: number }, limit = BATCH_SIZE): Sql {
  return sql`WITH RECURSIVE chain (id, depth) AS (
      SELECT s.id, 0 FROM source s WHERE s.derived_from_id IS NULL
      UNION ALL
      SELECT s.id, c.depth + 1 FROM source s JOIN chain c ON s.derived_from_id = c.id
    )
    SELECT k.seq, k.depth, ${raw(projection(SOURCES.columns("ndjson")))}
    FROM (
      SELECT t.id, t.seq, coalesce(c.depth, ${raw(String(UNREACHABLE))}) AS depth
      FROM source t LEFT JOIN chain c ON c.id = t.id
      WHERE (coalesce(c.depth, ${raw(String(UNREACHABLE))}), t.seq) > (${after.depth}::int, ${after.seq}::int)
      ORDER BY 3, 2 LIMIT ${limit}
    ) k
    JOIN source t ON t.id = k.id
    ORDER BY k.depth, k.seq`;
}
