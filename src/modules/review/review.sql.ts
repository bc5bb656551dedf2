import { sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { columnEntries } from "../../shared/model";
import { reviewModel } from "./review.model";
import { Review } from "./review.type";

export const REVIEW: TableSpec<Review> = {
  name: "Review",
  from: sql`review t`,
  ...specColumns(columnEntries(reviewModel)),
  hydrate: hydrator(Review),
};

export const CLAIM_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Claim.reviews", parentKey: sql`t.claim_id` };
export const ENTITY_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Entity.reviews", parentKey: sql`t.reviewer_id` };
export const SOURCE_REVIEWS: ListSpec<Review> = { ...REVIEW, name: "Source.reviews", parentKey: sql`t.source_id` };
