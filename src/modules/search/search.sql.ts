import { type Sql, join, raw, sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { MODEL, searchFingerprint, type TypeName } from "../filter";
import { SearchHit, type SearchType } from "./search.type";

export const SEARCH_TYPES: Record<SearchType, { model: TypeName; order: number }> = {
  ENTITY: { model: "Entity", order: 1 },
  CLAIM: { model: "Claim", order: 2 },
  VIEWPOINT: { model: "Viewpoint", order: 3 },
  SOURCE: { model: "Source", order: 4 },
  QUOTE: { model: "Quote", order: 5 },
};

/** The typo-tolerant query, looked up once per statement (a CTE), not once per type. */
const FUZZY = sql`(SELECT fuzzy FROM search_fuzzy)`;
const withFuzzy = (query: string) =>
  sql`WITH search_fuzzy AS MATERIALIZED (SELECT claimbase_search_fuzzy(${query}) AS fuzzy)`;

/**
 * One ranked list across tables: UNION ALL of each type's matches, keyset-paged by (rank, type, seq).
 * Ranks are tiers (text-search.ts), so an exact or phrase match comes first whatever its type.
 */
export function searchSpec(query: string, types: SearchType[]): ListSpec<SearchHit> {
  const parts: Sql[] = types.map((type) => {
    const { model, order } = SEARCH_TYPES[type];
    const { table, search } = MODEL[model];
    // An entity merged into another is found as its survivor, which has its names as aliases.
    const current = type === "ENTITY" ? sql` AND s.merged_into_id IS NULL` : sql``;
    return sql`SELECT ${type}::text AS type, ${order}::int AS type_order, s.id, s.seq, ${search!.rank("s", query)} AS rank
               FROM ${raw(`"${table}"`)} s WHERE ${search!.predicate("s", query, FUZZY)}${current}`;
  });
  return {
    name: `search:${types.join("+")}`,
    from: sql`(${withFuzzy(query)} ${join(parts, " UNION ALL ")}) t`,
    columns: sql`t.type AS "type", t.id AS "uuid", t.rank AS "rank"`,
    order: {
      // The search's fingerprint: a cursor of one search is refused by another (list-args.ts).
      name: `RELEVANCE@${searchFingerprint(query)}`,
      keys: [
        { expr: sql`t.rank`, direction: "DESC", type: "float" },
        { expr: sql`t.type_order`, direction: "ASC", type: "int" },
        { expr: sql`t.seq`, direction: "ASC", type: "int" },
      ],
    },
    hydrate: (row) => Object.assign(new SearchHit(), row, { query }),
  };
}

/**
 * ts_headline over the matching rows of one type, in each row's language, with the words that matched
 * (the typo-tolerant ones when only they did); MaxFragments keeps long texts to a few excerpts.
 */
export function snippetSql(type: SearchType, ids: readonly string[], query: string): Sql {
  const { table, search } = MODEL[SEARCH_TYPES[type].model];
  return sql`${withFuzzy(query)} SELECT s.id::text AS id,
      ts_headline(${search!.config("s")}, ${search!.document("s")}, ${search!.highlight("s", query, FUZZY)},
        'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
    FROM ${raw(`"${table}"`)} s WHERE s.id = ANY(${ids as string[]}::uuid[])`;
}
