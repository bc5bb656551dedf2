import { RecordError } from "../../shared/errors";
import { normalizeRating } from "../claimreview";

export function ratingFor(original: string, normalized?: string | null): string {
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
