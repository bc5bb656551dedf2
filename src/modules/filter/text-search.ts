import { type Sql, raw, sql } from "../../db/sql";

/**
 * How a searchable type is searched (docs/search.md), the same way for the root `search` and every
 * connection's `search:` argument. SQL helpers are migration 20261213000000_search_language's.
 *
 * Matching: the query in web-search syntax, read in the row's language (its text search configuration),
 * or else the typo-tolerant form of the query (each word widened to the corpus's closest words,
 * claimbase_search_fuzzy). Rows whose configuration is per row (claims, sources, quotes) are found
 * through the query as every configuration reads it (one GIN scan), then checked in their own.
 *
 * Ranking, in tiers so that a closer kind of match always wins, whatever the type:
 *   4  the text (a claim's, a name or alias, a title, a quote) equals the query, normalized
 *   3  the text holds the query as a phrase
 *   2  the text holds all the query's words (or whatever its web-search syntax asks)
 *   1  a typo-tolerant match only
 * plus, within a tier, a score in [0, 1): the cover-density rank (ts_rank_cd, normalized by the
 * document's length and squashed below 1), for entities also how close the name is.
 */
export interface SearchModel {
  /**
   * Rows matching the query; `q` is the user's text as a parameter. `fuzzy` is the typo-tolerant
   * query's text when the caller has it already (a CTE), else it is looked up in a scalar subquery.
   */
  predicate: (a: string, q: string, fuzzy?: Sql) => Sql;
  /** Relevance, float8, higher is better (tier + score within it). */
  rank: (a: string, q: string, fuzzy?: Sql) => Sql;
  /** The text to highlight in search hits. */
  document: (a: string) => Sql;
  /** The tsquery to highlight with, in the row's configuration. */
  highlight: (a: string, q: string, fuzzy?: Sql) => Sql;
  /** The row's text search configuration. */
  config: (a: string) => Sql;
}

/** Longest query whose words are also matched fuzzily (by trigrams, whose cost grows with the length). */
export const FUZZY_MAX_LENGTH = 64;

/** ts_rank_cd's normalization: divided by 1 + log(document length) (1), then squashed to r / (r + 1) (32). */
const RANK_NORMALIZATION = 33;

export interface TextSearchOptions {
  /** The row's configuration: a column expression, or a constant for types without a language. */
  config: { perRow: (a: string) => string } | { constant: string };
  /** Whether the row's text equals the normalized query `key` (a text expression). */
  equals: (a: string, key: Sql) => Sql;
  document: (a: string) => Sql;
  /** Names compared whole with trigrams as well (entities: their name and aliases). */
  names?: { all: (a: string) => string; main: (a: string) => string };
}

export function textSearch(options: TextSearchOptions): SearchModel {
  const vector = (a: string) => raw(`${a}.search_vector`);
  const config = (a: string) =>
    "constant" in options.config ? raw(`'${options.config.constant}'::regconfig`) : raw(options.config.perRow(a));
  const perRow = !("constant" in options.config);
  const words = (a: string, q: string) => sql`websearch_to_tsquery(${config(a)}, ${q})`;
  // Scalar subqueries: evaluated once per statement (an InitPlan), not once per row, also in the
  // generic plans of prepared statements.
  type Fuzzy = Sql | undefined;
  const fuzzyText = (q: string, f: Fuzzy) => f ?? sql`(SELECT claimbase_search_fuzzy(${q}))`;
  const fuzzy = (a: string, q: string, f: Fuzzy) => sql`to_tsquery(${config(a)}, ${fuzzyText(q, f)})`;
  const fuzzyOn = (q: string) => q.length <= FUZZY_MAX_LENGTH;

  const wordsMatch = (a: string, q: string) =>
    perRow
      ? sql`(${vector(a)} @@ (SELECT claimbase_search_any(${q})) AND ${vector(a)} @@ ${words(a, q)})`
      : sql`${vector(a)} @@ ${words(a, q)}`;
  const fuzzyMatch = (a: string, q: string, f: Fuzzy) =>
    perRow
      ? sql`(${vector(a)} @@ (SELECT claimbase_search_any_tsquery(${fuzzyText(q, f)})) AND ${vector(a)} @@ ${fuzzy(a, q, f)})`
      : sql`${vector(a)} @@ ${fuzzy(a, q, f)}`;
  const namesMatch = (a: string, q: string) =>
    options.names ? sql` OR ${q} <% ${raw(options.names.all(a))}` : sql``;

  const rankWithin = (a: string, q: string, f: Fuzzy) => {
    const words_ = sql`ts_rank_cd(${vector(a)}, ${words(a, q)}, ${raw(String(RANK_NORMALIZATION))})`;
    if (!fuzzyOn(q)) return words_;
    const fuzzy_ = sql`coalesce(ts_rank_cd(${vector(a)}, ${fuzzy(a, q, f)}, ${raw(String(RANK_NORMALIZATION))}), 0)`;
    const text = sql`CASE WHEN ${vector(a)} @@ ${words(a, q)} THEN ${words_} ELSE ${fuzzy_} END`;
    if (!options.names) return text;
    // How close the whole name is, so "boarder patrol" puts Border Patrol itself above "Border
    // Patrol agents"; scaled to stay below 1.
    return sql`(0.9 * greatest(${text}, word_similarity(${q}, ${raw(options.names.all(a))})) + 0.09 * similarity(${q}, ${raw(
      options.names.main(a),
    )}))`;
  };

  return {
    config,
    document: options.document,
    predicate: (a, q, f) =>
      fuzzyOn(q)
        ? sql`(${wordsMatch(a, q)} OR ${fuzzyMatch(a, q, f)}${namesMatch(a, q)})`
        : sql`${wordsMatch(a, q)}`,
    rank: (a, q, f) =>
      sql`((CASE WHEN ${options.equals(a, sql`(SELECT claimbase_search_key(${q}))`)} THEN 4
          WHEN ${vector(a)} @@ phraseto_tsquery(${config(a)}, ${q}) THEN 3
          WHEN ${vector(a)} @@ ${words(a, q)} THEN 2 ELSE 1 END) + ${rankWithin(a, q, f)})::float8`,
    highlight: (a, q, f) =>
      fuzzyOn(q)
        ? sql`CASE WHEN ${vector(a)} @@ ${words(a, q)} THEN ${words(a, q)} ELSE coalesce(${fuzzy(a, q, f)}, ${words(a, q)}) END`
        : words(a, q),
  };
}
