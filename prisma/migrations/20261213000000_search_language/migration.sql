-- Search per language, accent-insensitive, with typo tolerance (docs/search.md).
--
-- 1. One text search configuration per stemmed language, each a copy of PostgreSQL's own with unaccent
--    in front of the stemmer for words with non-ASCII letters (PostgreSQL's documentation's recipe), so
--    "policías" and "policias" both become 'polic' in Spanish. unaccent ships with PostgreSQL's contrib
--    (as pg_trgm does, which the first migration already needs), also in the embedded server.
-- 2. Claims and sources are indexed in their own language (claim.language, source.language); quotes in
--    their source's; entities and viewpoints, which carry no language, in English as before. A language
--    without a stemmer here is indexed with `simple` (lower case, unaccented, no stemming).
-- 3. Claim and quote texts get weight A, like names and titles, so a rank is comparable across types.
-- 4. search_word, the corpus's words, for correcting misspelled query words with trigrams (pg_trgm's
--    documentation suggests exactly this table for spelling suggestions).

CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent(regdictionary, text) is only STABLE (the dictionary could change); the configurations and
-- the exact-match key need an IMMUTABLE form. The dictionary is this migration's and is not edited.
CREATE FUNCTION "claimbase_unaccent"(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN unaccent('unaccent'::regdictionary, t);

DO $$
DECLARE
  lang text;
BEGIN
  -- PostgreSQL's Snowball stemmers, all present since PostgreSQL 13.
  FOREACH lang IN ARRAY ARRAY['arabic', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek',
    'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali', 'norwegian', 'portuguese', 'romanian',
    'russian', 'spanish', 'swedish', 'tamil', 'turkish'] LOOP
    EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (COPY = %I)', 'claimbase_' || lang, lang);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %I',
      'claimbase_' || lang, lang || '_stem');
  END LOOP;
END
$$;
CREATE TEXT SEARCH CONFIGURATION "claimbase_simple" (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION "claimbase_simple" ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- The configuration for a BCP 47 language tag (its primary subtag): English when the language is not
-- recorded (the corpus's default until now), `simple` for a language without a stemmer here.
CREATE FUNCTION "claimbase_search_config"(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE lower(split_part(coalesce(language, 'en'), '-', 1))
    WHEN 'en' THEN 'claimbase_english'::regconfig
    WHEN 'ar' THEN 'claimbase_arabic'::regconfig
    WHEN 'da' THEN 'claimbase_danish'::regconfig
    WHEN 'nl' THEN 'claimbase_dutch'::regconfig
    WHEN 'fi' THEN 'claimbase_finnish'::regconfig
    WHEN 'fr' THEN 'claimbase_french'::regconfig
    WHEN 'de' THEN 'claimbase_german'::regconfig
    WHEN 'el' THEN 'claimbase_greek'::regconfig
    WHEN 'hu' THEN 'claimbase_hungarian'::regconfig
    WHEN 'id' THEN 'claimbase_indonesian'::regconfig
    WHEN 'ga' THEN 'claimbase_irish'::regconfig
    WHEN 'it' THEN 'claimbase_italian'::regconfig
    WHEN 'lt' THEN 'claimbase_lithuanian'::regconfig
    WHEN 'ne' THEN 'claimbase_nepali'::regconfig
    WHEN 'no' THEN 'claimbase_norwegian'::regconfig
    WHEN 'nb' THEN 'claimbase_norwegian'::regconfig
    WHEN 'nn' THEN 'claimbase_norwegian'::regconfig
    WHEN 'pt' THEN 'claimbase_portuguese'::regconfig
    WHEN 'ro' THEN 'claimbase_romanian'::regconfig
    WHEN 'ru' THEN 'claimbase_russian'::regconfig
    WHEN 'es' THEN 'claimbase_spanish'::regconfig
    WHEN 'sv' THEN 'claimbase_swedish'::regconfig
    WHEN 'ta' THEN 'claimbase_tamil'::regconfig
    WHEN 'tr' THEN 'claimbase_turkish'::regconfig
    ELSE 'claimbase_simple'::regconfig
  END;

-- A query as every configuration reads it, OR-ed: a row matching the query in its own language matches
-- this too, so it finds index candidates in one GIN scan whatever the rows' languages; the caller then
-- checks each candidate against the query in the row's own configuration.
CREATE FUNCTION "claimbase_search_any"(q text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (SELECT string_agg(websearch_to_tsquery(c, q)::text, ' | ')::tsquery FROM unnest(ARRAY[
    'claimbase_english', 'claimbase_arabic', 'claimbase_danish', 'claimbase_dutch', 'claimbase_finnish',
    'claimbase_french', 'claimbase_german', 'claimbase_greek', 'claimbase_hungarian', 'claimbase_indonesian',
    'claimbase_irish', 'claimbase_italian', 'claimbase_lithuanian', 'claimbase_nepali', 'claimbase_norwegian',
    'claimbase_portuguese', 'claimbase_romanian', 'claimbase_russian', 'claimbase_spanish', 'claimbase_swedish',
    'claimbase_tamil', 'claimbase_turkish', 'claimbase_simple']::regconfig[]) c
    WHERE websearch_to_tsquery(c, q)::text <> '');

-- The same for a query in to_tsquery syntax (the typo-tolerant query built by claimbase_search_fuzzy).
CREATE FUNCTION "claimbase_search_any_tsquery"(q text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN (SELECT string_agg(to_tsquery(c, q)::text, ' | ')::tsquery FROM unnest(ARRAY[
    'claimbase_english', 'claimbase_arabic', 'claimbase_danish', 'claimbase_dutch', 'claimbase_finnish',
    'claimbase_french', 'claimbase_german', 'claimbase_greek', 'claimbase_hungarian', 'claimbase_indonesian',
    'claimbase_irish', 'claimbase_italian', 'claimbase_lithuanian', 'claimbase_nepali', 'claimbase_norwegian',
    'claimbase_portuguese', 'claimbase_romanian', 'claimbase_russian', 'claimbase_spanish', 'claimbase_swedish',
    'claimbase_tamil', 'claimbase_turkish', 'claimbase_simple']::regconfig[]) c
    WHERE to_tsquery(c, q)::text <> '');

-- The text an exact match compares: lower case, unaccented, punctuation and spacing folded, so
-- "Sanctuary policies promote public safety" equals the claim "Sanctuary policies promote public safety.".
CREATE FUNCTION "claimbase_search_key"(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN btrim(regexp_replace(lower(claimbase_unaccent(t)), '[^[:alnum:]]+', ' ', 'g'));

-- Quotes are searched in their source's language: a copy of it, kept by the triggers below.
ALTER TABLE "quote" ADD COLUMN "source_language" TEXT;
UPDATE "quote" q SET "source_language" = s."language" FROM "source" s WHERE s."id" = q."source_id" AND s."language" IS NOT NULL;

CREATE FUNCTION "claimbase_quote_language"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."source_language" := (SELECT "language" FROM "source" WHERE "id" = NEW."source_id");
  RETURN NEW;
END
$$;
CREATE TRIGGER "quote_language" BEFORE INSERT OR UPDATE OF "source_id", "source_language" ON "quote"
  FOR EACH ROW EXECUTE FUNCTION "claimbase_quote_language"();

CREATE FUNCTION "claimbase_source_language"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "quote" SET "source_language" = NEW."language" WHERE "source_id" = NEW."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "source_language" AFTER UPDATE OF "language" ON "source"
  FOR EACH ROW WHEN (OLD."language" IS DISTINCT FROM NEW."language")
  EXECUTE FUNCTION "claimbase_source_language"();

-- The search vectors again, per language (a generated column's expression cannot be altered before
-- PostgreSQL 17: dropped and added back, with their GIN indexes).
ALTER TABLE "entity" DROP COLUMN "search_vector";
ALTER TABLE "entity" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('claimbase_english', claimbase_names("name", "aliases")), 'A') ||
  setweight(to_tsvector('claimbase_english', coalesce("description", '')), 'B')
) STORED;
CREATE INDEX "entity_search_vector_idx" ON "entity" USING GIN ("search_vector");

ALTER TABLE "claim" DROP COLUMN "search_vector";
ALTER TABLE "claim" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(claimbase_search_config("language"), "text"), 'A')
) STORED;
CREATE INDEX "claim_search_vector_idx" ON "claim" USING GIN ("search_vector");

ALTER TABLE "source" DROP COLUMN "search_vector";
ALTER TABLE "source" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(claimbase_search_config("language"), "title"), 'A') ||
  setweight(to_tsvector(claimbase_search_config("language"), coalesce(left("text", 200000), '')), 'C')
) STORED;
CREATE INDEX "source_search_vector_idx" ON "source" USING GIN ("search_vector");

ALTER TABLE "quote" DROP COLUMN "search_vector";
ALTER TABLE "quote" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(claimbase_search_config("source_language"), "exact"), 'A')
) STORED;
CREATE INDEX "quote_search_vector_idx" ON "quote" USING GIN ("search_vector");

ALTER TABLE "viewpoint" DROP COLUMN "search_vector";
ALTER TABLE "viewpoint" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('claimbase_english', "title"), 'A') ||
  setweight(to_tsvector('claimbase_english', coalesce("summary", '')), 'B')
) STORED;
CREATE INDEX "viewpoint_search_vector_idx" ON "viewpoint" USING GIN ("search_vector");

-- The corpus's words (unaccented, lower case, letters only, 3 to 40 long), for spelling correction.
-- A surrogate key only (Prisma models every table with one); no unique word on purpose: two writers adding the same new word at once each insert it instead of
-- one waiting on the other's transaction (imports write many words in many statements, and waiting
-- on a unique index in mixed orders deadlocks). Readers group by word; a duplicate costs a row.
-- Words are never removed: a word whose text was edited away only proposes a correction that then
-- finds nothing.
CREATE TABLE "search_word" (
  "id" BIGSERIAL NOT NULL,
  "word" TEXT NOT NULL,
  CONSTRAINT "search_word_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "search_word_word_idx" ON "search_word" ("word");
-- GiST rather than GIN: for short strings and the `%` operator it answered in a fraction of the time on
-- LIAR's 16,000 words, and the planner picks it (it took a sequential scan over the GIN index). On
-- lower(word), not the column: pg_trgm's operator class also answers `=`, and the planner took it
-- over the B-tree for the equality lookups of every write (30 ms instead of a fraction of one).
CREATE INDEX "search_word_trgm_idx" ON "search_word" USING GIST (lower("word") gist_trgm_ops);

-- Notes the words of many texts at once. PL/pgSQL for its kept plans, and one index probe for all the
-- words (`= ANY`): as a SQL function with NOT EXISTS it was planned on every call, as a hash anti join
-- over the whole table (12 ms a claim on LIAR).
-- Quiet: to_tsvector's notice for every over-long "word" (a run of 2,048 letters) would go to the client
-- once more per row.
CREATE FUNCTION "claimbase_note_words"(texts text[]) RETURNS void LANGUAGE plpgsql
  SET client_min_messages = warning AS $$
DECLARE
  words text[];
BEGIN
  words := ARRAY(SELECT DISTINCT w FROM unnest(texts) t, unnest(tsvector_to_array(to_tsvector('claimbase_simple', coalesce(t, '')))) w
                 WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$');
  IF cardinality(words) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "search_word" ("word")
  SELECT w FROM unnest(words) w
  WHERE NOT (w = ANY (ARRAY(SELECT s."word" FROM "search_word" s WHERE s."word" = ANY (words))))
  ORDER BY w;
END
$$;

-- Statement triggers with the written rows as a transition table: one set-based pass per statement,
-- so a bulk insert of thousands of rows notes their words once instead of row by row. Only short
-- texts: names and aliases, claims, quotes, titles, viewpoint summaries. Entity descriptions and source
-- texts would add little (a source's passages that matter are its quotes) and cost most: tokenizing
-- them again made a bulk insert of 5,000 entities with 4,000-character descriptions 45% slower. An update notes
-- the words of every row it wrote (transition tables cannot go with UPDATE OF a column list); a word
-- already known costs one probe.
CREATE FUNCTION "claimbase_words_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'entity' THEN
      PERFORM claimbase_note_words(ARRAY(SELECT claimbase_names(n."name", n."aliases") FROM new_rows n));
    WHEN 'claim' THEN
      PERFORM claimbase_note_words(ARRAY(SELECT n."text" FROM new_rows n));
    WHEN 'source' THEN
      PERFORM claimbase_note_words(ARRAY(SELECT n."title" FROM new_rows n));
    WHEN 'quote' THEN
      PERFORM claimbase_note_words(ARRAY(SELECT n."exact" FROM new_rows n));
    WHEN 'viewpoint' THEN
      PERFORM claimbase_note_words(ARRAY(SELECT n."title" || ' ' || coalesce(n."summary", '') FROM new_rows n));
  END CASE;
  RETURN NULL;
END
$$;
CREATE TRIGGER "entity_words_insert" AFTER INSERT ON "entity" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "entity_words_update" AFTER UPDATE ON "entity" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "claim_words_insert" AFTER INSERT ON "claim" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "claim_words_update" AFTER UPDATE ON "claim" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "source_words_insert" AFTER INSERT ON "source" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "source_words_update" AFTER UPDATE ON "source" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "quote_words_insert" AFTER INSERT ON "quote" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "quote_words_update" AFTER UPDATE ON "quote" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "viewpoint_words_insert" AFTER INSERT ON "viewpoint" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "viewpoint_words_update" AFTER UPDATE ON "viewpoint" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_words_changed"();
CREATE TRIGGER "search_word_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_word"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();

INSERT INTO "search_word" ("word")
SELECT DISTINCT w FROM (
  SELECT unnest(tsvector_to_array(to_tsvector('claimbase_simple', claimbase_names("name", "aliases")))) FROM "entity"
  UNION ALL SELECT unnest(tsvector_to_array(to_tsvector('claimbase_simple', "text"))) FROM "claim"
  UNION ALL SELECT unnest(tsvector_to_array(to_tsvector('claimbase_simple', "exact"))) FROM "quote"
  UNION ALL SELECT unnest(tsvector_to_array(to_tsvector('claimbase_simple', "title"))) FROM "source"
  UNION ALL SELECT unnest(tsvector_to_array(to_tsvector('claimbase_simple',
    "title" || ' ' || coalesce("summary", '')))) FROM "viewpoint"
) words(w)
WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$';

-- How many single-letter edits turn one word into another (Levenshtein, from fuzzystrmatch, contrib
-- too), with a swap of letters counted as one edit ("cheif" -> "chief"), as a typist makes it.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE FUNCTION "claimbase_edit_distance"(a text, b text) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN CASE
    WHEN length(a) = length(b) AND levenshtein(a, b) = 2
      AND (SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(a, '') c)
        = (SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(b, '') c)
    THEN 1
    ELSE levenshtein(a, b)
  END;

-- A plain-words query with each word of 4 letters or more widened to the corpus words closest to it:
-- candidates are the words with trigram similarity at least 0.3 (through the GiST index) and the word's
-- swaps of two adjacent letters (whose trigrams differ too much: "cheif" and "chief" score 0.2), kept
-- when at most 2 edits away (1 for words under 6 letters), the 3 fewest edits first. In to_tsquery
-- syntax: "polise cheif" becomes "(polise | police | polite | poli) & (cheif | chief)". NULL when nothing
-- would change, or when the query uses web-search syntax (a "phrase", -excluded, OR): whoever writes
-- operators means their words exactly.
-- PL/pgSQL rather than SQL: it keeps the statement's plan for the session instead of planning it on
-- every call.
CREATE FUNCTION "claimbase_search_fuzzy"(q text) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT
  SET pg_trgm.similarity_threshold = 0.3
AS $$
BEGIN
  IF length(q) > 64 OR q ~ '"' OR q ~ '(^|\s)-\S' OR q ~* '\sor\s' THEN
    RETURN NULL;
  END IF;
  RETURN (
    SELECT CASE WHEN bool_or(cardinality(alts) > 1) THEN string_agg('(' || array_to_string(alts, ' | ') || ')', ' & ') END
    FROM (
      SELECT w, ARRAY[w] || CASE WHEN length(w) < 4 THEN ARRAY[]::text[] ELSE ARRAY(
        SELECT k.word FROM (
          SELECT c.word, claimbase_edit_distance(c.word, w) AS edits, similarity(c.word, w) AS sim
          FROM (
            SELECT s."word" FROM "search_word" s WHERE lower(s."word") % w
            UNION
            SELECT s."word" FROM "search_word" s WHERE s."word" IN (
              SELECT left(w, i - 1) || substr(w, i + 1, 1) || substr(w, i, 1) || substr(w, i + 2)
              FROM generate_series(1, length(w) - 1) i)
          ) c
          WHERE c.word <> w) k
        WHERE k.edits <= CASE WHEN length(w) >= 6 THEN 2 ELSE 1 END
        ORDER BY k.edits, k.sim DESC, k.word LIMIT 3) END AS alts
      FROM unnest(tsvector_to_array(to_tsvector('claimbase_simple', q))) w
      WHERE w ~ '^[[:alnum:]]+$'
    ) words
  );
END
$$;

-- Statistics for the planner now, not at autovacuum's next pass: without them it answered the trigram
-- lookups of claimbase_search_fuzzy with a sequential scan (seconds instead of milliseconds on LIAR).
ANALYZE "search_word";
