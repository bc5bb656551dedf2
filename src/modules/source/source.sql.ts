import { raw, sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import { prefetchOne } from "../../shared/prefetch";
import { columnEntries, childList, selectList } from "../../shared/model";
import { type ChildSpec, hydrator, type TableSpec } from "../../shared/rows";
import type { ListSpec } from "../../shared/pagination";
import { ENTITY, type Entity } from "../entity";
import { sourceModel } from "./source.model";
import { Quote, type RetractedEvidence, Source } from "./source.type";

/** `derivedFrom` is not a field of the model (source.model.ts): its id is read here. */
const DERIVED_FROM = `t.derived_from_id AS "derivedFromId"`;

/**
 * Sources as the read API loads them: without the text snapshot (3.5 kB on average in bench/'s data,
 * up to hundreds of kB for real articles), which most queries never ask for. `Source.text` loads it by
 * itself when asked (source.resolver.ts). A quote's source title costs a row of a few columns, not the
 * article.
 */
export const SOURCE: TableSpec<Source> = {
  name: "Source",
  from: sql`source t`,
  table: "source",
  ...specColumns([...columnEntries(sourceModel), { key: "derivedFromId", sql: DERIVED_FROM }]),
  hydrate: hydrator(Source),
};

/** Whole source rows, text included: for writes that overlay an update on the current row, and for revisions. */
export const SOURCE_FULL: TableSpec<Source> = {
  name: "Source.full",
  from: sql`source t`,
  table: "source",
  columns: raw(`${selectList(sourceModel, "t", { deferred: true })}, ${DERIVED_FROM}`),
  hydrate: hydrator(Source),
};

export const QUOTE_COLUMNS = {
  uuid: "id",
  sourceId: "source_id",
  exact: "exact",
  prefix: "prefix",
  suffix: "suffix",
  start: "start",
  end: "end",
  attribution: "attribution",
  cueStart: "cue_start",
  cueEnd: "cue_end",
  createdAt: "created_at",
};

/** The cue's text, read from the source's text only for a quote that has a cue. */
const CUE_EXACT = raw(
  `CASE WHEN t.cue_start IS NULL THEN NULL ELSE (SELECT substr(cs.text, t.cue_start + 1, t.cue_end - t.cue_start) FROM source cs WHERE cs.id = t.source_id) END AS "cueExact"`,
);

/** What reads each of a quote's columns (columns.ts): the fields themselves, `source` its id, `cue` its three. */
const QUOTE_READERS: Record<string, string[] | undefined> = {
  uuid: undefined,
  sourceId: ["source"],
  cueStart: ["cue"],
  cueEnd: ["cue"],
};

export const QUOTE: TableSpec<Quote> = {
  name: "Quote",
  from: sql`quote t`,
  table: "quote",
  joins: [{ table: "source", columns: ["text"] }],
  ...specColumns([
    ...Object.entries(QUOTE_COLUMNS).map(([field, column]) => ({
      key: field,
      sql: `t."${column}" AS "${field}"`,
      readBy: field in QUOTE_READERS ? QUOTE_READERS[field] : [field],
    })),
    { key: "cueExact", sql: CUE_EXACT.text, readBy: ["cue"] },
  ]),
  hydrate: hydrator(Quote),
};

/** Quotes of a source in text order. */
export const SOURCE_QUOTES: ListSpec<Quote> = {
  ...QUOTE,
  name: "Source.quotes",
  parentKey: sql`t.source_id`,
  order: {
    name: "start",
    keys: [
      { expr: sql`t.start`, direction: "ASC", type: "int" },
      { expr: sql`t.seq`, direction: "ASC", type: "int" },
    ],
  },
};

export const SOURCE_DERIVATIVES: ListSpec<Source> = {
  ...SOURCE,
  name: "Source.derivatives",
  parentKey: sql`t.derived_from_id`,
};

export const ENTITY_SOURCES_PUBLISHED: ListSpec<Source> = {
  ...SOURCE,
  name: "Entity.sourcesPublished",
  parentKey: raw(`t.${sourceModel.fields.publisher.column}`),
};

const authors = childList(sourceModel.fields.authors);
export const SOURCE_AUTHORS: ChildSpec<Entity> = {
  ...ENTITY,
  name: "Source.authors",
  from: raw(authors.from),
  parentKey: raw(authors.parentKey),
  orderBy: raw(authors.orderBy),
};

/** The entities speaking in a quote, in the order given. */
export const QUOTE_SPEAKERS: ChildSpec<Entity> = {
  ...ENTITY,
  name: "Quote.speakers",
  from: sql`quote_speaker l JOIN entity t ON t.id = l.entity_id`,
  parentKey: sql`l.quote_id`,
  orderBy: sql`l.position, t.seq`,
};

/** The quotes an entity speaks in (Entity.quotedIn), in the order they were recorded. */
export const ENTITY_QUOTED_IN: ListSpec<Quote> = {
  ...QUOTE,
  name: "Entity.quotedIn",
  from: sql`quote_speaker l JOIN quote t ON t.id = l.quote_id`,
  parentKey: sql`l.entity_id`,
};

/** Evidence quotes attached to a row through a link table (`<table>(<owner>, quote_id)`), in the order recorded. */
export function evidenceSpec(name: string, linkTable: string, ownerColumn: string): ChildSpec<Quote> {
  return {
    ...QUOTE,
    name,
    from: sql`${raw(`"${linkTable}"`)} l JOIN quote t ON t.id = l.quote_id`,
    parentKey: raw(`l."${ownerColumn}"`),
    orderBy: sql`t.seq`,
  };
}

/**
 * The quotes retracted as evidence for objects of one type (evidence_retraction), with the reason, in
 * the order they were retracted; of any type when `targetType` is null.
 */
export function retractedEvidenceSpec(name: string, targetType: string | null): ChildSpec<RetractedEvidence> {
  return {
    name,
    from:
      targetType === null
        ? sql`evidence_retraction l JOIN quote t ON t.id = l.quote_id`
        : sql`evidence_retraction l JOIN quote t ON t.id = l.quote_id AND l.target_type = ${targetType}`,
    columns: sql`${QUOTE.columns}, l.reason AS "retractionReason", l.retracted_at AS "retractedAtRetraction"`,
    parentKey: raw(`l.target_id`),
    orderBy: sql`l.retracted_at, t.seq`,
    hydrate: (row) => ({
      quote: QUOTE.hydrate(row),
      reason: row.retractionReason as string,
      retractedAt: row.retractedAtRetraction as Date,
    }),
  };
}

// A prefetched appearance brings its source along (prefetch.ts); quote.sourceId holds its id.
prefetchOne("Quote", "source", SOURCE as TableSpec<unknown>, "sourceId");
