import { MATCH_THRESHOLD_DEFAULTS } from "../../config";
import type { Context } from "../../context";
import { queryRows } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { codePointLength } from "../../shared/text";
import { similarClaimsSql } from "./matching.sql";
import { ClaimMatch, MatchTier } from "./matching.type";

/** Longest text `similarClaims` compares, in characters: a claim is a sentence or two. */
export const MATCH_TEXT_MAX = 2_000;
export const MATCH_FIRST_DEFAULT = 10;
export const MATCH_FIRST_MAX = 50;
/**
 * The trigram prefilter (pg_trgm.similarity_threshold of claimbase_match_candidates, set in its
 * migration, 20261210000200_claim_match_candidates): far enough below the SIMILAR threshold that a
 * reworded claim is not lost before it is scored, high enough that common words do not make every
 * claim a candidate (docs/matching.md). A test holds the function to this value.
 */
export const TRIGRAM_PREFILTER = 0.3;

export interface SimilarClaimsArgs {
  text: string;
  first?: number | null;
  minScore?: number | null;
}

export async function similarClaims(ctx: Context, args: SimilarClaimsArgs): Promise<ClaimMatch[]> {
  const thresholds = ctx.matching ?? MATCH_THRESHOLD_DEFAULTS;
  const first = args.first ?? MATCH_FIRST_DEFAULT;
  if (!Number.isInteger(first) || first < 1 || first > MATCH_FIRST_MAX) {
    throw badInput(`\`first\` must be between 1 and ${MATCH_FIRST_MAX}, got ${first}`, { argument: "first" });
  }
  const minScore = args.minScore ?? thresholds.similar;
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
    throw badInput(`\`minScore\` must be between 0 and 1, got ${minScore}`, { argument: "minScore" });
  }
  if (codePointLength(args.text) > MATCH_TEXT_MAX) {
    throw badInput(`\`text\` must be at most ${MATCH_TEXT_MAX} characters`, { argument: "text" });
  }
  if (!/[\p{L}\p{N}]/u.test(args.text)) throw badInput("`text` has no words", { argument: "text" });

  const rows = await queryRows<{ claimId: string; score: number }>(
    ctx.sql,
    similarClaimsSql(args.text, first, minScore),
  );
  return rows.map((row) =>
    Object.assign(new ClaimMatch(), {
      claimId: row.claimId,
      score: row.score,
      tier: row.score >= thresholds.match ? MatchTier.MATCH : MatchTier.SIMILAR,
    }),
  );
}
