-- Claim matching's candidates (docs/matching.md) in one function that carries its own trigram
-- threshold: the `%` operator reads pg_trgm.similarity_threshold, which callers had to SET LOCAL in a
-- transaction of their own (three more statements, and a second pooled connection for a read). A
-- function's SET clause applies to its body only. 0.3 is TRIGRAM_PREFILTER (matching.service.ts):
-- far enough below the SIMILAR threshold that a reworded claim is not lost before it is scored.
CREATE FUNCTION "claimbase_match_candidates"(n text, lim integer)
  RETURNS TABLE (id uuid, match_text text, fingerprint text)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET pg_trgm.similarity_threshold = 0.3
  AS $$
    SELECT c.id, c.match_text, c.fingerprint::text FROM claim c
    WHERE c.match_text % n
    ORDER BY similarity(c.match_text, n) DESC
    LIMIT lim
  $$;
