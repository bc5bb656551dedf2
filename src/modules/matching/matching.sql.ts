import { type Sql, sql } from "../../db/sql";

/** Candidates the trigram index yields, rescored; the best `first` of them are returned. */
export const CANDIDATES = 60;

/**
 * The score (0..1) of a claim's `match_text` against a normalized text `n`:
 *   0.5 * similarity + 0.15 * (word_similarity both ways) + 0.2 * full-text overlap,
 * the last being ts_rank of the claim against the text's lexemes OR-ed, divided by ts_rank of the text
 * against itself, so it is 0..1 like the others and comparable between queries.
 */
function score(matchText: Sql, n: Sql): Sql {
  return sql`(0.5 * similarity(${matchText}, ${n})
    + 0.15 * (word_similarity(${n}, ${matchText}) + word_similarity(${matchText}, ${n}))
    + 0.2 * coalesce((
        SELECT least(1, ts_rank(to_tsvector('english', ${matchText}), tq, 0) / nullif(ts_rank(v, tq, 0), 0))
        FROM (SELECT v, (SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(v))::tsquery AS tq
              FROM to_tsvector('english', ${n}) v WHERE length(v) > 0) l), 0))`;
}

/**
 * Claims like `text`, best first. Both sides go through claimbase_match_text (migration
 * 20261209000000_claim_matching): lower case, no punctuation, "$1 million" as "1 million dollars",
 * "1,000" as "1000", "%" as "percent", common words left out. Candidates come from the trigram
 * index on claim.match_text, through claimbase_match_candidates (migration
 * 20261210000200_claim_match_candidates), which sets its own trigram threshold: one statement, on any
 * connection.
 */
export function similarClaimsSql(text: string, first: number, minScore: number): Sql {
  return sql`
    WITH q AS MATERIALIZED (SELECT claimbase_match_text(${text}) AS n),
    candidates AS (SELECT k.id, k.match_text FROM q, claimbase_match_candidates(q.n, ${CANDIDATES}) k),
    scored AS (SELECT k.id, ${score(sql`k.match_text`, sql`q.n`)} AS score FROM candidates k, q)
    SELECT id::text AS "claimId", round(score::numeric, 4)::float8 AS score
    FROM scored
    WHERE score >= ${minScore}
    ORDER BY score DESC, id
    LIMIT ${first}`;
}

/**
 * For each of `ids`, the other claims (another fingerprint) scoring at least `minScore` against it:
 * the likely duplicates an import reports. Same candidates and score as similarClaims.
 */
export function likelyDuplicatesSql(ids: readonly string[], minScore: number): Sql {
  return sql`
    SELECT n.id::text AS "claimId", m.id::text AS "matchId", round(m.score::numeric, 4)::float8 AS score
    FROM claim n,
    LATERAL (
      SELECT k.id, ${score(sql`k.match_text`, sql`n.match_text`)} AS score
      FROM (SELECT c.id, c.match_text FROM claimbase_match_candidates(n.match_text, 10) c
            WHERE c.id <> n.id AND c.fingerprint <> n.fingerprint LIMIT 5) k
    ) m
    WHERE n.id = ANY(${ids as string[]}::uuid[]) AND m.score >= ${minScore}
    ORDER BY n.id, m.score DESC`;
}

/**
 * Claims like each of `texts` (ingestion's claim candidates), as similarClaimsSql scores them, in
 * one statement: rows (i, claimId, score) with `i` the text's position from 1, best first per text.
 */
export function matchClaimsSql(texts: readonly string[], minScore: number): Sql {
  return sql`
    WITH q AS MATERIALIZED (
      SELECT x.i, claimbase_match_text(x.t) AS n FROM unnest(${texts as string[]}::text[]) WITH ORDINALITY AS x(t, i)
    )
    SELECT q.i::int AS i, m.id::text AS "claimId", round(m.score::numeric, 4)::float8 AS score
    FROM q CROSS JOIN LATERAL (
      SELECT k.id, ${score(sql`k.match_text`, sql`q.n`)} AS score
      FROM claimbase_match_candidates(q.n, ${CANDIDATES}) k
    ) m
    WHERE q.n <> '' AND m.score >= ${minScore}
    ORDER BY q.i, m.score DESC, m.id`;
}
