import { raw, sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { Review } from "./review.type";

export const REVIEW: TableSpec<Review> = {
  name: "Review",
  from: sql`review t`,
  columns: raw(
    `t.id AS "uuid", t.claim_id AS "claimId", t.reviewer_id AS "reviewerId", t.source_id AS "sourceId",
     t.original_rating AS "originalRating", t.normalized_rating AS "normalizedRating", t.reviewed_at AS "reviewedAt",
     t.version AS "version", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`,
  ),
  hydrate: hydrator(Review),
};

export const CLAIM_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Claim.reviews", parentKey: sql`t.claim_id` };
export const ENTITY_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Entity.reviews", parentKey: sql`t.reviewer_id` };
export const SOURCE_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Source.reviews", parentKey: sql`t.source_id` };
