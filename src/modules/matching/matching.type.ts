import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Claim } from "../claim";

export enum MatchTier {
  MATCH = "MATCH",
  SIMILAR = "SIMILAR",
}
registerEnumType(MatchTier, {
  name: "MatchTier",
  description: "How close a claim found by `similarClaims` is (thresholds: docs/matching.md).",
  valuesConfig: {
    MATCH: { description: "The same claim, reworded: score at or above CLAIM_MATCH_THRESHOLD." },
    SIMILAR: { description: "Worth a look: score at or above CLAIM_SIMILAR_THRESHOLD, below the MATCH threshold." },
  },
});

@ObjectType({ simpleResolvers: true, description: "An existing claim like a given text, with how alike they are." })
export class ClaimMatch {
  claimId!: string;

  @Field(() => Float, {
    description: "Similarity from 0 to 1 (trigram and full-text, after normalization); higher is closer.",
  })
  score!: number;

  @Field(() => MatchTier, { description: "MATCH (the same claim) or SIMILAR (worth a look)." })
  tier!: MatchTier;

  // Resolved by MatchingResolver through the claim loader.
  claim?: Claim;
}
