export { NormalizedRating, Review } from "./review.type";
export { REVIEW } from "./review.sql";
export {
  ClaimReviewsResolver,
  EntityReviewsResolver,
  ReviewConnection,
  ReviewResolver,
  SourceReviewsResolver,
} from "./review.resolver";
export { writeReview } from "./review.writer";
export type { ReviewRecord } from "./review.model";
