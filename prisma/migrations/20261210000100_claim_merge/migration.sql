-- Merging duplicate claims (mergeClaims, issue #16): the merged claim stays, DEPRECATED, with its own
-- claimants, appearances and history, pointing at the claim it was merged into; its stances, reviews
-- and links move to that claim. Merges leave no chains (a merge into a merged claim is refused).
ALTER TABLE "claim" ADD COLUMN "merged_into_id" UUID;
ALTER TABLE "claim" ADD CONSTRAINT "claim_not_merged_into_self" CHECK ("merged_into_id" IS NULL OR "merged_into_id" <> "id");
ALTER TABLE "claim" ADD CONSTRAINT "claim_merged_is_deprecated" CHECK ("merged_into_id" IS NULL OR "rank" = 'DEPRECATED');
CREATE INDEX "claim_merged_into_id_idx" ON "claim"("merged_into_id");
ALTER TABLE "claim" ADD CONSTRAINT "claim_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
