-- Retractions (docs/data-model.md, "Corrections"): a wrong stance or claim link is not deleted but
-- retracted, with a reason; lists leave it out unless asked (`includeRetracted: true`), and its history
-- keeps a RETRACT revision. A retraction has both its time and its reason, or neither.
ALTER TYPE "revision_action" ADD VALUE 'RETRACT';
ALTER TYPE "revision_action" ADD VALUE 'RESTORE';

ALTER TABLE "stance" ADD COLUMN "retracted_at" TIMESTAMPTZ(6), ADD COLUMN "retraction_reason" TEXT,
  ADD CONSTRAINT "stance_retraction" CHECK (("retracted_at" IS NULL) = ("retraction_reason" IS NULL));
ALTER TABLE "claim_relation" ADD COLUMN "retracted_at" TIMESTAMPTZ(6), ADD COLUMN "retraction_reason" TEXT,
  ADD CONSTRAINT "claim_relation_retraction" CHECK (("retracted_at" IS NULL) = ("retraction_reason" IS NULL));
