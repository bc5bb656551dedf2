export { NormalizedRating, Review } from "./review.type";
export { REVIEW } from "./review.sql";
export {
  ClaimReviewsResolver,
  EntityReviewsResolver,
  ReviewConnection,
  ReviewResolver,
  SourceReviewsResolver,
} from "./review.resolver";
export { type ReviewRecord, writeReview } from "./review.writer";
