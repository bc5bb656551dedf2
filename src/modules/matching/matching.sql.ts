import { type Sql, sql } from "../../db/sql";

/** Candidates the trigram index yields, rescored; the best `first` of them are returned. */
export const CANDIDATES = 60;

/**
 * Claims like `text`, best first. Both sides go through claimbase_match_text (migration
 * 20261209000000_claim_matching): lower case, no punctuation, "$1 million" as "1 million dollars",
 * "1,000" as "1000", "%" as "percent", common words left out. Candidates come from the trigram
 * index on claim.match_text (`%`, at pg_trgm.similarity_threshold set by the caller); each is scored
 *   0.5 * similarity + 0.3 * symmetric word_similarity + 0.2 * full-text overlap,
 * the last being ts_rank of the claim against the text's lexemes OR-ed, divided by ts_rank of the text
 * against itself, so it is 0..1 like the others and comparable between queries.
 */
export function similarClaimsSql(text: string, first: number, minScore: number): Sql {
  return sql`
    WITH q AS MATERIALIZED (
      SELECT n, v, CASE WHEN length(v) = 0 THEN NULL
                        ELSE (SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(v))::tsquery END AS tq
      FROM (SELECT claimbase_match_text(${text}) AS n) t, LATERAL to_tsvector('english', t.n) v
    ),
    candidates AS (
      SELECT c.id, c.match_text
      FROM claim c, q
      WHERE c.match_text % q.n
      ORDER BY similarity(c.match_text, q.n) DESC
      LIMIT ${CANDIDATES}
    ),
    scored AS (
      SELECT k.id,
        0.5 * similarity(k.match_text, q.n)
        + 0.15 * (word_similarity(q.n, k.match_text) + word_similarity(k.match_text, q.n))
        + 0.2 * CASE WHEN q.tq IS NULL THEN 0
                     ELSE least(1, ts_rank(to_tsvector('english', k.match_text), q.tq, 0)
                                   / nullif(ts_rank(q.v, q.tq, 0), 0)) END AS score
      FROM candidates k, q
    )
    SELECT id::text AS "claimId", round(score::numeric, 4)::float8 AS score
    FROM scored
    WHERE score >= ${minScore}
    ORDER BY score DESC, id
    LIMIT ${first}`;
}
