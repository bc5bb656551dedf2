import { raw, sql } from "../../db/sql";
import { prefetchOne } from "../../shared/prefetch";
import { type ChildSpec, hydrator, selectColumns, type TableSpec } from "../../shared/rows";
import type { ListSpec } from "../../shared/pagination";
import { ENTITY, type Entity } from "../entity";
import { Quote, Source } from "./source.type";

export const SOURCE_COLUMNS = {
  uuid: "id",
  kind: "kind",
  title: "title",
  url: "url",
  publisherId: "publisher_id",
  publishedAt: "published_at",
  retrievedAt: "retrieved_at",
  language: "language",
  text: "text",
  textSha256: "text_sha256",
  derivedFromId: "derived_from_id",
  derivationKind: "derivation_kind",
  version: "version",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

/**
 * Sources as the read API loads them: without the text snapshot (3.5 kB on average in bench/'s data,
 * up to hundreds of kB for real articles), which most queries never ask for. `Source.text` loads it by
 * itself when asked (source.resolver.ts). A quote's source title costs a row of a few columns, not the
 * article.
 */
const { text: _deferredText, ...SOURCE_READ_COLUMNS } = SOURCE_COLUMNS;
void _deferredText;

export const SOURCE: TableSpec<Source> = {
  name: "Source",
  from: sql`source t`,
  columns: selectColumns("t", SOURCE_READ_COLUMNS),
  hydrate: hydrator(Source),
};

/** Whole source rows, text included: for writes that overlay an update on the current row, and for revisions. */
export const SOURCE_FULL: TableSpec<Source> = {
  name: "Source.full",
  from: sql`source t`,
  columns: selectColumns("t", SOURCE_COLUMNS),
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
  createdAt: "created_at",
};

export const QUOTE: TableSpec<Quote> = {
  name: "Quote",
  from: sql`quote t`,
  columns: selectColumns("t", QUOTE_COLUMNS),
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
  parentKey: sql`t.publisher_id`,
};

export const SOURCE_AUTHORS: ChildSpec<Entity> = {
  ...ENTITY,
  name: "Source.authors",
  from: sql`source_author l JOIN entity t ON t.id = l.entity_id`,
  parentKey: sql`l.source_id`,
  orderBy: sql`l.position, t.seq`,
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

// A prefetched appearance brings its source along (prefetch.ts); quote.sourceId holds its id.
prefetchOne("Quote", "source", SOURCE as TableSpec<unknown>, "sourceId");
