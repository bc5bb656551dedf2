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
 *   4  the object's own text (a claim's text, a name or alias, a title, a quote) equals the query,
 *      normalized (case, accents, punctuation)
 *   3  the object holds the query as a phrase
 *   2  the object holds all the query's words (or whatever its web-search syntax asks)
 *   1  a typo-tolerant match only
 * then, within a tier, rank = tier + 0.5 * prior + 0.49 * score, both in [0, 1):
 *   - prior, by type: what is said (claims) and who says it (entities) before the viewpoints that
 *     group them, before the sources and quotes they come from: the story's claims are what a search
 *     is for, and each LIAR claim has a fact-check source and a quote that repeat its words;
 *   - score: tiers 2-4, the cover-density rank (ts_rank_cd, divided by 1 + log of the document's
 *     length, squashed below 1); tier 1, how close the query is to the object's own text by trigrams
 *     (0.9 word similarity + 0.1 whole-text similarity, so "boarder patrol" puts Border Patrol itself
 *     above "Border Patrol agents who requested backup").
 */
export interface SearchModel {
  /**
   * Rows matching the query; `q` is the user's text as a parameter. `fuzzy` is the typo-tolerant
   * query's text when the caller has it already (a CTE), else it is looked up in a scalar subquery.
   */
  predicate: (a: string, q: string, fuzzy?: Sql) => Sql;
  /** Relevance, float8, higher is better (tier + prior and score within it). */
  rank: (a: string, q: string) => Sql;
  /** The text to highlight in search hits. */
  document: (a: string) => Sql;
  /** The tsquery to highlight with, in the row's configuration. */
  highlight: (a: string, q: string, fuzzy?: Sql) => Sql;
  /** The row's text search configuration. */
  config: (a: string) => Sql;
}

/** Longest query whose words are also matched fuzzily (by trigrams, whose cost grows with the length). */
export const FUZZY_MAX_LENGTH = 64;

/**
 * Whether a query is plain words, short enough to be matched with typo tolerance: web-search syntax (a
 * "phrase", -excluded, OR) means the words exactly. claimbase_search_fuzzy applies the same rule.
 */
export function plainWords(q: string): boolean {
  return q.length <= FUZZY_MAX_LENGTH && !q.includes('"') && !/(^|\s)-\S/.test(q) && !/\sor\s/i.test(q);
}

/** ts_rank_cd's normalization: divided by 1 + log(document length) (1), then squashed to r / (r + 1) (32). */
const RANK_NORMALIZATION = 33;

export interface TextSearchOptions {
  /** The row's configuration: a column expression, or a constant for types without a language. */
  config: { perRow: (a: string) => string } | { constant: string };
  /** Whether the row's own text equals the normalized query `key` (a text expression); `q` is the query. */
  equals: (a: string, key: Sql, q: string) => Sql;
  /** The row's own text (a claim's text, names, a title), compared by trigrams in the typo tier. */
  own: (a: string) => string;
  /** The type's prior within a tier, in [0, 1]. */
  prior: number;
  document: (a: string) => Sql;
}

export function textSearch(options: TextSearchOptions): SearchModel {
  const vector = (a: string) => raw(`${a}.search_vector`);
  const config = (a: string) =>
    "constant" in options.config ? raw(`'${options.config.constant}'::regconfig`) : raw(options.config.perRow(a));
  const perRow = !("constant" in options.config);
  // Parsed once per statement (a scalar subquery is an InitPlan, also in the generic plans of prepared
  // statements) in English, the language of most rows and of every row of a type without a language;
  // per row only for rows in another language. Parsing per row cost 0.1 ms a row on LIAR.
  const inConfig = (a: string, parse: (config: Sql) => Sql) =>
    perRow
      ? sql`CASE WHEN ${config(a)} = 'claimbase_english'::regconfig THEN (SELECT ${parse(raw("'claimbase_english'::regconfig"))})
          ELSE ${parse(config(a))} END`
      : sql`(SELECT ${parse(config(a))})`;
  const words = (a: string, q: string) => inConfig(a, (c) => sql`websearch_to_tsquery(${c}, ${q})`);
  const phrase = (a: string, q: string) => inConfig(a, (c) => sql`phraseto_tsquery(${c}, ${q})`);
  type Fuzzy = Sql | undefined;
  const fuzzyText = (q: string, f: Fuzzy) => f ?? sql`(SELECT claimbase_search_fuzzy(${q}))`;
  const fuzzy = (a: string, q: string, f: Fuzzy) => inConfig(a, (c) => sql`to_tsquery(${c}, ${fuzzyText(q, f)})`);
  const fuzzyOn = plainWords;

  const wordsMatch = (a: string, q: string) =>
    perRow
      ? sql`(${vector(a)} @@ (SELECT claimbase_search_any(${q})) AND ${vector(a)} @@ ${words(a, q)})`
      : sql`${vector(a)} @@ ${words(a, q)}`;
  // No check in the row's own language here: a typo-tolerant query has no exclusions, so the match in
  // any language is a superset that errs only towards more typo-tier hits, and the check would cost a
  // second lookup of the corrections.
  const fuzzyMatch = (a: string, q: string, f: Fuzzy) =>
    perRow
      ? sql`${vector(a)} @@ (SELECT claimbase_search_any_tsquery(${fuzzyText(q, f)}))`
      : sql`${vector(a)} @@ ${fuzzy(a, q, f)}`;
  const score = (a: string, q: string) => {
    const words_ = sql`ts_rank_cd(${vector(a)}, ${words(a, q)}, ${raw(String(RANK_NORMALIZATION))})`;
    if (!fuzzyOn(q)) return words_;
    const own = raw(options.own(a));
    return sql`CASE WHEN ${vector(a)} @@ ${words(a, q)} THEN ${words_}
      ELSE 0.9 * word_similarity(${q}, ${own}) + 0.0999 * similarity(${q}, ${own}) END`;
  };

  return {
    config,
    document: options.document,
    predicate: (a, q, f) =>
      fuzzyOn(q) ? sql`(${wordsMatch(a, q)} OR ${fuzzyMatch(a, q, f)})` : sql`${wordsMatch(a, q)}`,
    rank: (a, q) =>
      sql`((CASE WHEN ${options.equals(a, sql`(SELECT claimbase_search_key(${q}))`, q)} THEN 4
          WHEN ${vector(a)} @@ ${phrase(a, q)} THEN 3
          WHEN ${vector(a)} @@ ${words(a, q)} THEN 2 ELSE 1 END)
        + ${raw(String(0.5 * options.prior))} + 0.49 * ${score(a, q)})::float8`,
    highlight: (a, q, f) =>
      fuzzyOn(q)
        ? sql`CASE WHEN ${vector(a)} @@ ${words(a, q)} THEN ${words(a, q)} ELSE coalesce(${fuzzy(a, q, f)}, ${words(a, q)}) END`
        : words(a, q),
  };
}
