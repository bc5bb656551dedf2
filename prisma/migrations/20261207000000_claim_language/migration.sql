-- The language a claim is stated in (a BCP 47 tag, stored canonical: "es-MX"); null when not recorded.
-- Filtered and ordered on by the API, hence the index.
ALTER TABLE "claim" ADD COLUMN "language" TEXT;
CREATE INDEX "claim_language_idx" ON "claim" ("language");
