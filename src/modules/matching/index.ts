export { MatchingResolver } from "./matching.resolver";
export { ClaimMatch, MatchTier } from "./matching.type";
export { similarClaims, MATCH_FIRST_MAX, MATCH_TEXT_MAX } from "./matching.service";
export { likelyDuplicatesSql, matchClaimsSql } from "./matching.sql";
export { TRIGRAM_PREFILTER } from "./matching.service";
