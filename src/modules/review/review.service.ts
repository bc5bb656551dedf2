import type { Context } from "../../context";
import { RecordError } from "../../shared/errors";
import { load, recordOf, transact } from "../../shared/mutation";
import { normalizeRating } from "../claimreview";
import type { NormalizedRating } from "./review.type";
import type { AddReviewInput } from "./review.inputs";
import { reviewModel } from "./review.model";
import { REVIEW } from "./review.sql";
import { writeReview } from "./review.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { CLAIM_REVIEWS, ENTITY_REVIEWS, SOURCE_REVIEWS } from "./review.sql";

/** The rating given, or the normalization of the original rating (the ClaimReview mapping's table). */
function ratingFor(original: string, normalized?: NormalizedRating | null): NormalizedRating {
  if (normalized) return normalized;
  const mapped = normalizeRating({ alternateName: original });
  if (!mapped) {
    throw new RecordError(
      "input/normalizedRating",
      "REQUIRED",
      `no known normalization for ${JSON.stringify(original)}: give normalizedRating`,
    );
  }
  return mapped.normalized;
}

/** The review mutation's work, in one transaction (shared/mutation.ts). */
export const reviews = {
  add: (ctx: Context, input: AddReviewInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeReview(
            w,
            {
              ...recordOf(reviewModel, input, ref),
              normalizedRating: ratingFor(input.originalRating, input.normalizedRating),
            },
            "input",
          )
        ).id,
      load(REVIEW),
    ),
};
