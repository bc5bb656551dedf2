-- Claim matching (docs/matching.md): a claim's text as compared, with case, punctuation and number
-- formatting normalized and common words ("the", "of", "said") left out, so "$1,000,000" and "1000000 dollars" or "5%" and "5 percent" read alike.
-- The query text goes through the same function, so both sides are normalized the same way.
CREATE FUNCTION "claimbase_match_text"(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN btrim(regexp_replace(
    regexp_replace(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(
              regexp_replace(lower(t), '(\d),(\d{3})', '\1\2', 'g'),
              '(\d),(\d{3})', '\1\2', 'g'),
            '\$\s*(\d+(\.\d+)?)(\s*(thousand|million|billion|trillion)\y)?', '\1\3 dollars', 'g'),
          '(\d)\s*%', '\1 percent', 'g'),
        '\yper cent\y', 'percent', 'g'),
      '[^[:alnum:]]+', ' ', 'g'),
    '\y(a|an|the|of|in|on|at|to|for|and|or|by|with|from|as|is|are|was|were|be|been|that|this|it|its|has|have|had|says|said)\y', ' ', 'g'),
    '\s+', ' ', 'g'));

-- Stored, so a trigram search rechecks candidates without running the regular expressions again.
ALTER TABLE "claim" ADD COLUMN "match_text" TEXT GENERATED ALWAYS AS (claimbase_match_text("text")) STORED;
CREATE INDEX "claim_match_text_trgm_idx" ON "claim" USING GIN ("match_text" gin_trgm_ops);
