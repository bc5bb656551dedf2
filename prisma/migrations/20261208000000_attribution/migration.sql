-- Attribution (issue #15): who speaks in a quote, according to its source.
--
-- A quote records its speakers (entities, in order: quote_speaker) and how its source attributes the
-- passage to them (attribution): DIRECT (their words, in quotation marks), INDIRECT (their position
-- reported), AUTHOR (the source's own voice: one of its authors or its publisher), ATTRIBUTED_TO_GROUP
-- ("critics argue": the group speaks). UNATTRIBUTED is every quote stored before this migration, and
-- a quote given without speakers; it has no speakers, and may be given its attribution once. The cue
-- ("argued", "declaring") is a span of the same source text, by its code point offsets.
CREATE TYPE "attribution" AS ENUM ('DIRECT', 'INDIRECT', 'AUTHOR', 'ATTRIBUTED_TO_GROUP', 'UNATTRIBUTED');

ALTER TABLE "quote"
  ADD COLUMN "attribution" "attribution" NOT NULL DEFAULT 'UNATTRIBUTED',
  ADD COLUMN "cue_start" INTEGER,
  ADD COLUMN "cue_end" INTEGER,
  ADD CONSTRAINT "quote_cue_valid" CHECK (
    ("cue_start" IS NULL) = ("cue_end" IS NULL) AND ("cue_start" IS NULL OR ("cue_start" >= 0 AND "cue_end" > "cue_start"))
  ),
  -- A cue belongs to an attribution: an UNATTRIBUTED quote has none.
  ADD CONSTRAINT "quote_cue_attributed" CHECK ("cue_start" IS NULL OR "attribution" <> 'UNATTRIBUTED');
CREATE INDEX "quote_attribution_idx" ON "quote" ("attribution");

CREATE TABLE "quote_speaker" (
  "quote_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "position" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "quote_speaker_pkey" PRIMARY KEY ("quote_id", "entity_id")
);
CREATE INDEX "quote_speaker_entity_id_idx" ON "quote_speaker" ("entity_id");
ALTER TABLE "quote_speaker" ADD CONSTRAINT "quote_speaker_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "quote_speaker" ADD CONSTRAINT "quote_speaker_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Membership evidence: the quotes that show an entity holding a viewpoint. Its rows go with the
-- membership (deleted with it, and moved with it when a merge repoints the member).
CREATE TABLE "viewpoint_member_evidence" (
  "viewpoint_id" UUID NOT NULL,
  "entity_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  CONSTRAINT "viewpoint_member_evidence_pkey" PRIMARY KEY ("viewpoint_id", "entity_id", "quote_id")
);
CREATE INDEX "viewpoint_member_evidence_quote_id_idx" ON "viewpoint_member_evidence" ("quote_id");
ALTER TABLE "viewpoint_member_evidence" ADD CONSTRAINT "viewpoint_member_evidence_viewpoint_id_entity_id_fkey" FOREIGN KEY ("viewpoint_id", "entity_id") REFERENCES "viewpoint_member"("viewpoint_id", "entity_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "viewpoint_member_evidence" ADD CONSTRAINT "viewpoint_member_evidence_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The response cache hears of every content change (20261124060000_change_notify).
CREATE TRIGGER "quote_speaker_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "quote_speaker"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
CREATE TRIGGER "viewpoint_member_evidence_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "viewpoint_member_evidence"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();

-- The attribution rules, checked over a whole database (the writers refuse a write that breaks one;
-- data written before this migration, or by hand in SQL, may still). One row per violation:
--   CLAIMANT_SILENT  (rule 1) a claimant of a claim speaks in none of its appearances;
--   HOLDER_SILENT    (rule 2) the entity holding a stance speaks in none of its evidence;
--   MEMBERS_SILENT   (rule 3) no member of the viewpoint holding a stance speaks in its evidence;
--   MEMBER_SILENT    (rule 4) a viewpoint member speaks in none of its membership evidence;
--   AUTHOR_NOT_VOICE         an AUTHOR quote's speaker is neither an author nor the publisher of the
--                            quote's source (its authors changed after the quote was recorded);
--   SPEAKER_NOT_GROUP        an ATTRIBUTED_TO_GROUP quote's speaker is not a GROUP (the writers refuse
--                            making such a speaker another kind, and merging it into a non-group).
-- subject_type/subject_id name the claim, stance, viewpoint or quote; entity_id the silent entity
-- (null for MEMBERS_SILENT, where the viewpoint is silent as a whole).
CREATE VIEW "attribution_violations" AS
  SELECT 'CLAIMANT_SILENT'::text AS "rule", 'Claim'::text AS "subject_type", cc."claim_id" AS "subject_id", cc."entity_id"
  FROM "claim_claimant" cc
  WHERE NOT EXISTS (
    SELECT 1 FROM "claim_appearance" ca JOIN "quote_speaker" qs ON qs."quote_id" = ca."quote_id"
    WHERE ca."claim_id" = cc."claim_id" AND qs."entity_id" = cc."entity_id")
  UNION ALL
  SELECT 'HOLDER_SILENT', 'Stance', s."id", s."holder_entity_id"
  FROM "stance" s
  WHERE s."holder_entity_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "stance_evidence" se JOIN "quote_speaker" qs ON qs."quote_id" = se."quote_id"
    WHERE se."stance_id" = s."id" AND qs."entity_id" = s."holder_entity_id")
  UNION ALL
  SELECT 'MEMBERS_SILENT', 'Stance', s."id", NULL::uuid
  FROM "stance" s
  WHERE s."holder_viewpoint_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "stance_evidence" se JOIN "quote_speaker" qs ON qs."quote_id" = se."quote_id"
      JOIN "viewpoint_member" vm ON vm."entity_id" = qs."entity_id" AND vm."viewpoint_id" = s."holder_viewpoint_id"
    WHERE se."stance_id" = s."id")
  UNION ALL
  SELECT 'MEMBER_SILENT', 'Viewpoint', vm."viewpoint_id", vm."entity_id"
  FROM "viewpoint_member" vm
  WHERE NOT EXISTS (
    SELECT 1 FROM "viewpoint_member_evidence" ve JOIN "quote_speaker" qs ON qs."quote_id" = ve."quote_id"
    WHERE ve."viewpoint_id" = vm."viewpoint_id" AND ve."entity_id" = vm."entity_id" AND qs."entity_id" = vm."entity_id")
  UNION ALL
  SELECT 'AUTHOR_NOT_VOICE', 'Quote', q."id", qs."entity_id"
  FROM "quote" q JOIN "quote_speaker" qs ON qs."quote_id" = q."id" JOIN "source" s ON s."id" = q."source_id"
  WHERE q."attribution" = 'AUTHOR' AND s."publisher_id" IS DISTINCT FROM qs."entity_id" AND NOT EXISTS (
    SELECT 1 FROM "source_author" sa WHERE sa."source_id" = q."source_id" AND sa."entity_id" = qs."entity_id")
  UNION ALL
  SELECT 'SPEAKER_NOT_GROUP', 'Quote', q."id", qs."entity_id"
  FROM "quote" q JOIN "quote_speaker" qs ON qs."quote_id" = q."id" JOIN "entity" e ON e."id" = qs."entity_id"
  WHERE q."attribution" = 'ATTRIBUTED_TO_GROUP' AND e."kind" <> 'GROUP';
