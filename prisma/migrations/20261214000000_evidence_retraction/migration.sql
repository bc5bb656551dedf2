-- Retracted evidence (docs/data-model.md, "Corrections"): a quote cited in error as evidence for a claim
-- (an appearance), a stance, an entity relation or a claim link leaves its link table, so every list,
-- filter, facet, export and attribution rule that reads the links stops seeing it, and is kept here with
-- its reason and time (`retractedEvidence` in the API; a RETRACT revision of the target in history).
-- Adding the quote again as evidence deletes its row here: the retraction is undone.
CREATE TABLE "evidence_retraction" (
  "target_type" TEXT NOT NULL,
  "target_id" UUID NOT NULL,
  "quote_id" UUID NOT NULL,
  "reason" TEXT NOT NULL,
  "retracted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "evidence_retraction_pkey" PRIMARY KEY ("target_type", "target_id", "quote_id"),
  CONSTRAINT "evidence_retraction_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id")
    ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "evidence_retraction_target_type" CHECK ("target_type" IN ('Claim', 'Stance', 'EntityRelation', 'ClaimRelation')),
  CONSTRAINT "evidence_retraction_reason" CHECK (length(btrim("reason")) > 0)
);
CREATE INDEX "evidence_retraction_quote_id_idx" ON "evidence_retraction"("quote_id");

CREATE TRIGGER "evidence_retraction_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "evidence_retraction"
  FOR EACH STATEMENT EXECUTE FUNCTION "claimbase_notify_change"();
