export {
  ATTRIBUTION_URN,
  claimReviewDocuments,
  claimReviewToRecords,
  normalizeRating,
  RATING_TABLE,
  slugify,
  VERDICT_URN,
} from "./claimreview.mapping";
