export {
  claimReviewDocuments,
  claimReviewToRecords,
  normalizeRating,
  RATING_TABLE,
  slugify,
} from "./claimreview.mapping";
