-- Integrity fixes found by tests/integration/model-constraints.test.ts.

-- 1. A quote and a concurrent change of its source's text could both commit. Reading the source row
--    FOR SHARE makes a quote insert and a text update on the same source wait for each other, so one
--    of them sees the other's result and is refused. A reversed or negative range is left to the
--    quote_offsets_valid CHECK (substr would fail first with a less helpful error).
CREATE OR REPLACE FUNCTION "claimbase_quote_verbatim"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source_text text;
BEGIN
  IF NEW."start" < 0 OR NEW."end" <= NEW."start" THEN
    RETURN NEW;
  END IF;
  SELECT "text" INTO source_text FROM "source" WHERE "id" = NEW."source_id" FOR SHARE;
  IF source_text IS NULL THEN
    RAISE EXCEPTION 'quote % refers to a source without a text snapshot', NEW."id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_verbatim';
  END IF;
  IF NEW."end" > length(source_text)
     OR substr(source_text, NEW."start" + 1, NEW."end" - NEW."start") <> NEW."exact" THEN
    RAISE EXCEPTION 'quote % is not the source text between % and %', NEW."id", NEW."start", NEW."end"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_verbatim';
  END IF;
  RETURN NEW;
END
$$;

-- 2. A text without its hash passed (NULL = x is unknown, and CHECK lets unknown through).
ALTER TABLE "source" DROP CONSTRAINT "source_text_sha256_matches";
ALTER TABLE "source" ADD CONSTRAINT "source_text_sha256_matches"
  CHECK ("text_sha256" IS NOT DISTINCT FROM encode(sha256(convert_to("text", 'UTF8')), 'hex'));

-- 3. btrim() strips spaces only: a name of tabs or newlines passed as not blank.
ALTER TABLE "entity" DROP CONSTRAINT "entity_name_not_blank";
ALTER TABLE "entity" ADD CONSTRAINT "entity_name_not_blank" CHECK ("name" ~ '\S');
ALTER TABLE "source" DROP CONSTRAINT "source_title_not_blank";
ALTER TABLE "source" ADD CONSTRAINT "source_title_not_blank" CHECK ("title" ~ '\S');
ALTER TABLE "claim" DROP CONSTRAINT "claim_text_not_blank";
ALTER TABLE "claim" ADD CONSTRAINT "claim_text_not_blank" CHECK ("text" ~ '\S');
ALTER TABLE "viewpoint" DROP CONSTRAINT "viewpoint_title_not_blank";
ALTER TABLE "viewpoint" ADD CONSTRAINT "viewpoint_title_not_blank" CHECK ("title" ~ '\S');
