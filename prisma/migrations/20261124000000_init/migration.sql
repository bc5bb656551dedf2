-- claimbase: the whole domain model (DESIGN.md section 2). Written by hand; see prisma/schema.prisma.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Enums
CREATE TYPE "entity_kind" AS ENUM ('PERSON', 'ORGANIZATION', 'GOVERNMENT_BODY', 'PLACE', 'POLICY', 'EVENT', 'GROUP', 'TOPIC');
CREATE TYPE "entity_predicate" AS ENUM ('HEAD_OF', 'MEMBER_OF', 'EMPLOYED_BY', 'LOCATED_IN', 'PART_OF', 'PARTICIPANT_IN', 'ADOPTED', 'SUBJECT_TO', 'AFFECTS');
CREATE TYPE "source_kind" AS ENUM ('NEWS_ARTICLE', 'SOCIAL_POST', 'OFFICIAL_STATEMENT', 'FACT_CHECK', 'REPORT', 'LEGAL_TEXT', 'OTHER');
CREATE TYPE "derivation_kind" AS ENUM ('REWRITE', 'SYNDICATION', 'QUOTATION', 'TRANSLATION');
CREATE TYPE "claim_kind" AS ENUM ('FACTUAL', 'CAUSAL', 'NORMATIVE', 'PREDICTIVE', 'EVALUATIVE');
CREATE TYPE "claim_rank" AS ENUM ('PREFERRED', 'NORMAL', 'DEPRECATED');
CREATE TYPE "claim_relation_kind" AS ENUM ('SUPPORTS', 'ATTACKS', 'CONTRADICTS', 'QUALIFIES', 'REPHRASES');
CREATE TYPE "viewpoint_role" AS ENUM ('PROPONENT', 'SUPPORTER', 'SPOKESPERSON');
CREATE TYPE "stance_position" AS ENUM ('SUPPORTS', 'OPPOSES', 'QUALIFIES', 'NEUTRAL');
CREATE TYPE "normalized_rating" AS ENUM ('TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN');
CREATE TYPE "revision_action" AS ENUM ('CREATE', 'UPDATE', 'DEPRECATE', 'MERGE', 'DELETE');
CREATE TYPE "api_key_role" AS ENUM ('EDITOR', 'ADMIN');

-- array_to_string is only STABLE; names and aliases feed generated columns and indexes, which need
-- an IMMUTABLE expression. Joining text[] with a space cannot depend on any setting.
CREATE FUNCTION "claimbase_names"(name text, aliases text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN name || ' ' || array_to_string(aliases, ' ');

-- Entity
CREATE TABLE "entity" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "slug" TEXT NOT NULL,
  "kind" "entity_kind" NOT NULL,
  "name" TEXT NOT NULL,
  "aliases" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  "description" TEXT,
  "external_ids" JSONB NOT NULL DEFAULT '{}',
  "merged_into_id" UUID,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', claimbase_names("name", "aliases")), 'A') ||
    setweight(to_tsvector('english', coalesce("description", '')), 'B')
  ) STORED,
  CONSTRAINT "entity_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "entity_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 200),
  CONSTRAINT "entity_name_not_blank" CHECK (length(btrim("name")) > 0),
  CONSTRAINT "entity_external_ids_object" CHECK (jsonb_typeof("external_ids") = 'object'),
  CONSTRAINT "entity_not_merged_into_self" CHECK ("merged_into_id" IS NULL OR "merged_into_id" <> "id"),
  CONSTRAINT "entity_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "entity_seq_key" ON "entity"("seq");
CREATE UNIQUE INDEX "entity_slug_key" ON "entity"("slug");
CREATE INDEX "entity_kind_idx" ON "entity"("kind");
CREATE INDEX "entity_name_idx" ON "entity"("name");
CREATE INDEX "entity_merged_into_id_idx" ON "entity"("merged_into_id");
CREATE INDEX "entity_search_vector_idx" ON "entity" USING GIN ("search_vector");
CREATE INDEX "entity_names_trgm_idx" ON "entity" USING GIN (claimbase_names("name", "aliases") gin_trgm_ops);

-- EntityRelation
CREATE TABLE "entity_relation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "subject_id" UUID NOT NULL,
  "predicate" "entity_predicate" NOT NULL,
  "object_id" UUID NOT NULL,
  "valid_from" DATE,
  "valid_to" DATE,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "entity_relation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "entity_relation_not_reflexive" CHECK ("subject_id" <> "object_id"),
  CONSTRAINT "entity_relation_valid_range" CHECK ("valid_from" IS NULL OR "valid_to" IS NULL OR "valid_from" <= "valid_to")
);
CREATE UNIQUE INDEX "entity_relation_seq_key" ON "entity_relation"("seq");
CREATE UNIQUE INDEX "entity_relation_subject_id_predicate_object_id_key" ON "entity_relation"("subject_id", "predicate", "object_id");
CREATE INDEX "entity_relation_object_id_idx" ON "entity_relation"("object_id");
CREATE INDEX "entity_relation_predicate_idx" ON "entity_relation"("predicate");

-- Source
CREATE TABLE "source" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "kind" "source_kind" NOT NULL,
  "title" TEXT NOT NULL,
  "url" TEXT,
  "publisher_id" UUID,
  "published_at" TIMESTAMPTZ(6),
  "retrieved_at" TIMESTAMPTZ(6),
  "language" TEXT,
  "text" TEXT,
  "text_sha256" CHAR(64),
  "derived_from_id" UUID,
  "derivation_kind" "derivation_kind",
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', "title"), 'A') ||
    setweight(to_tsvector('english', coalesce(left("text", 200000), '')), 'C')
  ) STORED,
  CONSTRAINT "source_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "source_title_not_blank" CHECK (length(btrim("title")) > 0),
  CONSTRAINT "source_url_absolute" CHECK ("url" IS NULL OR "url" ~ '^https?://[^\s]+$'),
  -- The snapshot and its hash travel together, and the hash is the real one.
  CONSTRAINT "source_text_sha256_matches" CHECK (
    ("text" IS NULL AND "text_sha256" IS NULL) OR
    ("text" IS NOT NULL AND "text_sha256" = encode(sha256(convert_to("text", 'UTF8')), 'hex'))
  ),
  -- A source must be identifiable by its natural key: a canonical url, else its content hash.
  CONSTRAINT "source_has_natural_key" CHECK ("url" IS NOT NULL OR "text_sha256" IS NOT NULL),
  CONSTRAINT "source_derivation_pair" CHECK (("derived_from_id" IS NULL) = ("derivation_kind" IS NULL)),
  CONSTRAINT "source_not_derived_from_self" CHECK ("derived_from_id" IS NULL OR "derived_from_id" <> "id"),
  CONSTRAINT "source_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "source_seq_key" ON "source"("seq");
CREATE UNIQUE INDEX "source_url_key" ON "source"("url");
-- Natural key of a source without a url: its content hash.
CREATE UNIQUE INDEX "source_text_sha256_no_url_key" ON "source"("text_sha256") WHERE "url" IS NULL;
CREATE INDEX "source_kind_idx" ON "source"("kind");
CREATE INDEX "source_publisher_id_idx" ON "source"("publisher_id");
CREATE INDEX "source_published_at_idx" ON "source"("published_at");
CREATE INDEX "source_derived_from_id_idx" ON "source"("derived_from_id");
CREATE INDEX "source_text_sha256_idx" ON "source"("text_sha256");
CREATE INDEX "source_search_vector_idx" ON "source" USING GIN ("search_vector");
CREATE INDEX "source_title_trgm_idx" ON "source" USING GIN ("title" gin_trgm_ops);

-- SourceAuthor
CREATE TABLE "source_author" (
  "source_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "position" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "source_author_pkey" PRIMARY KEY ("source_id", "entity_id")
);
CREATE INDEX "source_author_entity_id_idx" ON "source_author"("entity_id");

-- Quote (W3C Web Annotation TextQuoteSelector + TextPositionSelector; offsets count code points)
CREATE TABLE "quote" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "source_id" UUID NOT NULL,
  "exact" TEXT NOT NULL,
  "prefix" TEXT NOT NULL DEFAULT '',
  "suffix" TEXT NOT NULL DEFAULT '',
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "exact")) STORED,
  CONSTRAINT "quote_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "quote_offsets_valid" CHECK ("start" >= 0 AND "end" > "start"),
  CONSTRAINT "quote_exact_length" CHECK (length("exact") = "end" - "start")
);
CREATE UNIQUE INDEX "quote_seq_key" ON "quote"("seq");
CREATE UNIQUE INDEX "quote_source_id_start_end_key" ON "quote"("source_id", "start", "end");
CREATE INDEX "quote_search_vector_idx" ON "quote" USING GIN ("search_vector");
CREATE INDEX "quote_exact_trgm_idx" ON "quote" USING GIN ("exact" gin_trgm_ops);

-- A quote must be the source's text between its offsets, and a source's text cannot change under
-- its quotes. A CHECK cannot look at another table, so these two triggers hold the rule.
CREATE FUNCTION "claimbase_quote_verbatim"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source_text text;
BEGIN
  SELECT "text" INTO source_text FROM "source" WHERE "id" = NEW."source_id";
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
CREATE TRIGGER "quote_verbatim" BEFORE INSERT OR UPDATE ON "quote"
  FOR EACH ROW EXECUTE FUNCTION "claimbase_quote_verbatim"();

CREATE FUNCTION "claimbase_source_text_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "quote" q
    WHERE q."source_id" = NEW."id"
      AND (NEW."text" IS NULL OR q."end" > length(NEW."text")
           OR substr(NEW."text", q."start" + 1, q."end" - q."start") <> q."exact")
  ) THEN
    RAISE EXCEPTION 'the text of source % would no longer contain its quotes', NEW."id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quote_verbatim';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "source_text_frozen" BEFORE UPDATE OF "text" ON "source"
  FOR EACH ROW WHEN (OLD."text" IS DISTINCT FROM NEW."text")
  EXECUTE FUNCTION "claimbase_source_text_frozen"();

-- Claim
CREATE TABLE "claim" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "text" TEXT NOT NULL,
  "fingerprint" CHAR(64) NOT NULL,
  "kind" "claim_kind" NOT NULL,
  "stated_at" TIMESTAMPTZ(6),
  "place_id" UUID,
  "valid_from" DATE,
  "valid_to" DATE,
  "condition" TEXT,
  "rank" "claim_rank" NOT NULL DEFAULT 'NORMAL',
  "deprecation_reason" TEXT,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED,
  CONSTRAINT "claim_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "claim_text_not_blank" CHECK (length(btrim("text")) > 0),
  CONSTRAINT "claim_fingerprint_hex" CHECK ("fingerprint" ~ '^[0-9a-f]{64}$'),
  -- A deprecated claim always says why; only a deprecated claim carries a reason.
  CONSTRAINT "claim_deprecation_reason" CHECK (("rank" = 'DEPRECATED') = ("deprecation_reason" IS NOT NULL)),
  CONSTRAINT "claim_valid_range" CHECK ("valid_from" IS NULL OR "valid_to" IS NULL OR "valid_from" <= "valid_to"),
  CONSTRAINT "claim_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "claim_seq_key" ON "claim"("seq");
CREATE UNIQUE INDEX "claim_fingerprint_key" ON "claim"("fingerprint");
CREATE INDEX "claim_kind_idx" ON "claim"("kind");
CREATE INDEX "claim_rank_idx" ON "claim"("rank");
CREATE INDEX "claim_stated_at_idx" ON "claim"("stated_at");
CREATE INDEX "claim_place_id_idx" ON "claim"("place_id");
CREATE INDEX "claim_search_vector_idx" ON "claim" USING GIN ("search_vector");
CREATE INDEX "claim_text_trgm_idx" ON "claim" USING GIN ("text" gin_trgm_ops);

CREATE TABLE "claim_claimant" (
  "claim_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "position" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "claim_claimant_pkey" PRIMARY KEY ("claim_id", "entity_id")
);
CREATE INDEX "claim_claimant_entity_id_idx" ON "claim_claimant"("entity_id");

CREATE TABLE "claim_subject" (
  "claim_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "position" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "claim_subject_pkey" PRIMARY KEY ("claim_id", "entity_id")
);
CREATE INDEX "claim_subject_entity_id_idx" ON "claim_subject"("entity_id");

CREATE TABLE "claim_appearance" (
  "claim_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  CONSTRAINT "claim_appearance_pkey" PRIMARY KEY ("claim_id", "quote_id")
);
CREATE INDEX "claim_appearance_quote_id_idx" ON "claim_appearance"("quote_id");

-- ClaimRelation
CREATE TABLE "claim_relation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "from_id" UUID NOT NULL,
  "to_id" UUID NOT NULL,
  "kind" "claim_relation_kind" NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "claim_relation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "claim_relation_not_reflexive" CHECK ("from_id" <> "to_id")
);
CREATE UNIQUE INDEX "claim_relation_seq_key" ON "claim_relation"("seq");
CREATE UNIQUE INDEX "claim_relation_from_id_to_id_kind_key" ON "claim_relation"("from_id", "to_id", "kind");
CREATE INDEX "claim_relation_to_id_idx" ON "claim_relation"("to_id");
CREATE INDEX "claim_relation_kind_idx" ON "claim_relation"("kind");

-- Viewpoint
CREATE TABLE "viewpoint" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "slug" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "summary" TEXT,
  "topic_id" UUID,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', "title"), 'A') ||
    setweight(to_tsvector('english', coalesce("summary", '')), 'B')
  ) STORED,
  CONSTRAINT "viewpoint_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "viewpoint_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 200),
  CONSTRAINT "viewpoint_title_not_blank" CHECK (length(btrim("title")) > 0),
  CONSTRAINT "viewpoint_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "viewpoint_seq_key" ON "viewpoint"("seq");
CREATE UNIQUE INDEX "viewpoint_slug_key" ON "viewpoint"("slug");
CREATE INDEX "viewpoint_topic_id_idx" ON "viewpoint"("topic_id");
CREATE INDEX "viewpoint_search_vector_idx" ON "viewpoint" USING GIN ("search_vector");
CREATE INDEX "viewpoint_title_trgm_idx" ON "viewpoint" USING GIN ("title" gin_trgm_ops);

CREATE TABLE "viewpoint_member" (
  "viewpoint_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "role" "viewpoint_role" NOT NULL,
  "position" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "viewpoint_member_pkey" PRIMARY KEY ("viewpoint_id", "entity_id")
);
CREATE INDEX "viewpoint_member_entity_id_idx" ON "viewpoint_member"("entity_id");

-- Stance: the holder is an entity or a viewpoint, exactly one of them.
CREATE TABLE "stance" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "holder_entity_id" UUID,
  "holder_viewpoint_id" UUID,
  "claim_id" UUID NOT NULL,
  "position" "stance_position" NOT NULL,
  "note" TEXT,
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "stance_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "stance_one_holder" CHECK (num_nonnulls("holder_entity_id", "holder_viewpoint_id") = 1),
  CONSTRAINT "stance_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "stance_seq_key" ON "stance"("seq");
CREATE UNIQUE INDEX "stance_holder_entity_id_claim_id_key" ON "stance"("holder_entity_id", "claim_id");
CREATE UNIQUE INDEX "stance_holder_viewpoint_id_claim_id_key" ON "stance"("holder_viewpoint_id", "claim_id");
CREATE INDEX "stance_claim_id_idx" ON "stance"("claim_id");
CREATE INDEX "stance_position_idx" ON "stance"("position");

CREATE TABLE "stance_evidence" (
  "stance_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  CONSTRAINT "stance_evidence_pkey" PRIMARY KEY ("stance_id", "quote_id")
);
CREATE INDEX "stance_evidence_quote_id_idx" ON "stance_evidence"("quote_id");

CREATE TABLE "entity_relation_evidence" (
  "relation_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  CONSTRAINT "entity_relation_evidence_pkey" PRIMARY KEY ("relation_id", "quote_id")
);
CREATE INDEX "entity_relation_evidence_quote_id_idx" ON "entity_relation_evidence"("quote_id");

CREATE TABLE "claim_relation_evidence" (
  "relation_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  CONSTRAINT "claim_relation_evidence_pkey" PRIMARY KEY ("relation_id", "quote_id")
);
CREATE INDEX "claim_relation_evidence_quote_id_idx" ON "claim_relation_evidence"("quote_id");

-- Review (schema.org ClaimReview)
CREATE TABLE "review" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "claim_id" UUID NOT NULL,
  "reviewer_id" UUID NOT NULL,
  "source_id" UUID NOT NULL,
  "original_rating" TEXT NOT NULL,
  "normalized_rating" "normalized_rating" NOT NULL,
  "reviewed_at" TIMESTAMPTZ(6),
  "version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "review_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "review_version_positive" CHECK ("version" > 0)
);
CREATE UNIQUE INDEX "review_seq_key" ON "review"("seq");
CREATE UNIQUE INDEX "review_claim_id_reviewer_id_source_id_key" ON "review"("claim_id", "reviewer_id", "source_id");
CREATE INDEX "review_reviewer_id_idx" ON "review"("reviewer_id");
CREATE INDEX "review_source_id_idx" ON "review"("source_id");
CREATE INDEX "review_normalized_rating_idx" ON "review"("normalized_rating");
CREATE INDEX "review_reviewed_at_idx" ON "review"("reviewed_at");

-- API keys: only a hash of the secret is stored.
CREATE TABLE "api_key" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "role" "api_key_role" NOT NULL,
  "prefix" TEXT NOT NULL,
  "key_hash" CHAR(64) NOT NULL,
  "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(6),
  "revoked_at" TIMESTAMPTZ(6),
  CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- Revision: append-only. subject_id has no foreign key on purpose: history outlives merges.
CREATE TABLE "revision" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" SERIAL NOT NULL,
  "subject_id" UUID NOT NULL,
  "subject_type" TEXT NOT NULL,
  "action" "revision_action" NOT NULL,
  "before" JSONB,
  "after" JSONB,
  "actor_key_id" UUID,
  "actor_label" TEXT NOT NULL,
  "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "revision_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "revision_seq_key" ON "revision"("seq");
CREATE INDEX "revision_subject_id_at_idx" ON "revision"("subject_id", "at");
CREATE INDEX "revision_actor_key_id_idx" ON "revision"("actor_key_id");

CREATE FUNCTION "claimbase_revision_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'revisions are append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER "revision_append_only" BEFORE UPDATE OR DELETE ON "revision"
  FOR EACH ROW EXECUTE FUNCTION "claimbase_revision_append_only"();

-- Foreign keys
ALTER TABLE "entity" ADD CONSTRAINT "entity_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "entity_relation" ADD CONSTRAINT "entity_relation_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "entity_relation" ADD CONSTRAINT "entity_relation_object_id_fkey" FOREIGN KEY ("object_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "source" ADD CONSTRAINT "source_publisher_id_fkey" FOREIGN KEY ("publisher_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "source" ADD CONSTRAINT "source_derived_from_id_fkey" FOREIGN KEY ("derived_from_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "source_author" ADD CONSTRAINT "source_author_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "source_author" ADD CONSTRAINT "source_author_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "quote" ADD CONSTRAINT "quote_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim" ADD CONSTRAINT "claim_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_claimant" ADD CONSTRAINT "claim_claimant_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_claimant" ADD CONSTRAINT "claim_claimant_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_subject" ADD CONSTRAINT "claim_subject_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_subject" ADD CONSTRAINT "claim_subject_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_appearance" ADD CONSTRAINT "claim_appearance_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_appearance" ADD CONSTRAINT "claim_appearance_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_relation" ADD CONSTRAINT "claim_relation_from_id_fkey" FOREIGN KEY ("from_id") REFERENCES "claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_relation" ADD CONSTRAINT "claim_relation_to_id_fkey" FOREIGN KEY ("to_id") REFERENCES "claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "viewpoint" ADD CONSTRAINT "viewpoint_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "viewpoint_member" ADD CONSTRAINT "viewpoint_member_viewpoint_id_fkey" FOREIGN KEY ("viewpoint_id") REFERENCES "viewpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "viewpoint_member" ADD CONSTRAINT "viewpoint_member_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "stance" ADD CONSTRAINT "stance_holder_entity_id_fkey" FOREIGN KEY ("holder_entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "stance" ADD CONSTRAINT "stance_holder_viewpoint_id_fkey" FOREIGN KEY ("holder_viewpoint_id") REFERENCES "viewpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "stance" ADD CONSTRAINT "stance_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "stance_evidence" ADD CONSTRAINT "stance_evidence_stance_id_fkey" FOREIGN KEY ("stance_id") REFERENCES "stance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stance_evidence" ADD CONSTRAINT "stance_evidence_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "entity_relation_evidence" ADD CONSTRAINT "entity_relation_evidence_relation_id_fkey" FOREIGN KEY ("relation_id") REFERENCES "entity_relation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "entity_relation_evidence" ADD CONSTRAINT "entity_relation_evidence_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claim_relation_evidence" ADD CONSTRAINT "claim_relation_evidence_relation_id_fkey" FOREIGN KEY ("relation_id") REFERENCES "claim_relation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "claim_relation_evidence" ADD CONSTRAINT "claim_relation_evidence_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "review" ADD CONSTRAINT "review_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "review" ADD CONSTRAINT "review_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "review" ADD CONSTRAINT "review_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "revision" ADD CONSTRAINT "revision_actor_key_id_fkey" FOREIGN KEY ("actor_key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
