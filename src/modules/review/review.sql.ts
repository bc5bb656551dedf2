import { raw, sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { columnEntries } from "../../shared/model";
import { reviewModel } from "./review.model";
import { Review } from "./review.type";

export const REVIEW: TableSpec<Review> = {
  name: "Review",
  from: sql`review t`,
  table: "review",
  ...specColumns(columnEntries(reviewModel)),
  hydrate: hydrator(Review),
};

/** A list of reviews by the parent's id in `column`, which its read description names (db/reads.ts). */
const reviewsBy = (name: string, column: string): ListSpec<Review> => ({
  ...REVIEW,
  name,
  parentKey: raw(`t.${column}`),
  reads: [{ table: "review", columns: [column] }],
});
export const CLAIM_REVIEWS = reviewsBy("Claim.reviews", "claim_id");
export const ENTITY_REVIEWS = reviewsBy("Entity.reviews", "reviewer_id");
export const SOURCE_REVIEWS = reviewsBy("Source.reviews", "source_id");
