import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ClaimKind, ClaimRank, ClaimRelationKind } from "../../generated/prisma/enums";
import { sameAsOf, snapshotGroup } from "../../shared/as-of";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, groupOf, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { claimModel, type ClaimRow } from "./claim.model";

export { ClaimKind, ClaimRank, ClaimRelationKind };

registerEnumType(ClaimKind, {
  name: "ClaimKind",
  description: "What sort of proposition a claim is.",
  valuesConfig: {
    FACTUAL: { description: "About what is or was the case; checkable in principle." },
    CAUSAL: { description: "That one thing leads to another." },
    NORMATIVE: { description: "About what should be done." },
    PREDICTIVE: { description: "About what will or may happen." },
    EVALUATIVE: { description: "A judgement of worth (good, lenient, harmful)." },
  },
});

registerEnumType(ClaimRank, {
  name: "ClaimRank",
  description: "Wikidata-style rank: how a claim should be weighed against alternatives.",
  valuesConfig: {
    PREFERRED: { description: "The best-supported formulation among alternatives." },
    NORMAL: { description: "The default." },
    DEPRECATED: { description: "Kept for the record but known to be wrong or superseded; see `deprecationReason`." },
  },
});

registerEnumType(ClaimRelationKind, {
  name: "ClaimRelationKind",
  description: "How one claim bears on another (argument maps: AIF, Kialo).",
  valuesConfig: {
    SUPPORTS: { description: "`from` is a reason to accept `to`." },
    ATTACKS: { description: "`from` is a reason to reject `to`." },
    CONTRADICTS: { description: "`from` and `to` cannot both be true." },
    QUALIFIES: { description: "`from` limits or conditions `to`." },
    REPHRASES: { description: "`from` says the same as `to` in other words." },
  },
});

/** The qualifiers' values (claim.model.ts); `place` is resolved from `placeId`. */
@ObjectType({
  simpleResolvers: true,
  description: "The conditions a claim is asserted under (Wikidata-style qualifiers).",
})
export class ClaimQualifiers extends rowClass<Pick<ClaimRow, "placeId">>() {}
exposeFields(claimModel, ClaimQualifiers, "qualifiers");

export const qualifiersOf = (claim: Claim): ClaimQualifiers =>
  sameAsOf(claim, Object.assign(new ClaimQualifiers(), groupOf(claimModel, "qualifiers", claim)));
// Stored in the claim's own snapshot: answerable under `asOf`.
snapshotGroup("ClaimQualifiers");

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "A proposition someone asserts, with who asserts it (claimants), what it is about (subjects), and where it appears (quotes).",
})
export class Claim extends rowClass<ClaimRow>() {
  readonly __typename = "Claim" as const;
  /** Set by mergeClaims (claim.sql.ts reads it); resolved as `mergedInto`. */
  mergedIntoId?: string | null;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Claim", this.uuid);
  }
}
exposeFields(claimModel, Claim);

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "An argument link between two claims, with evidence.",
})
export class ClaimRelation {
  readonly __typename = "ClaimRelation" as const;
  uuid!: string;
  fromId!: string;
  toId!: string;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("ClaimRelation", this.uuid);
  }

  @Field(() => ClaimRelationKind, { description: "How `from` bears on `to`." })
  kind!: ClaimRelationKind;

  @Field({ description: "When this link was recorded." })
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When the link was retracted (`retractClaimRelation`); null while it stands.",
  })
  retractedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why the link was retracted; null while it stands." })
  retractionReason!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "How widely a claim is carried: distinct sources, their publishers, and viewpoints with a stance on it.",
})
export class ClaimCoverage {
  @Field(() => Int, { description: "Distinct sources the claim appears in (through its quotes)." })
  sources!: number;

  @Field(() => Int, { description: "Distinct publishers of those sources (sources without a publisher do not count)." })
  publishers!: number;

  @Field(() => Int, {
    description: "Distinct viewpoints that take a stance on the claim (retracted stances do not count).",
  })
  viewpoints!: number;
}

export const CreateClaimPayload = Payload("CreateClaim", "claim", Claim, "The new claim.");
export const UpdateClaimPayload = Payload("UpdateClaim", "claim", Claim, "The claim as updated.");
export const DeprecateClaimPayload = Payload("DeprecateClaim", "claim", Claim, "The deprecated claim.");
export const MergeClaimsPayload = Payload("MergeClaims", "claim", Claim, "The surviving claim.");
export const LinkClaimsPayload = Payload("LinkClaims", "claimRelation", ClaimRelation, "The link.");
export const RestoreClaimPayload = Payload("RestoreClaim", "claim", Claim, "The restored claim (rank NORMAL).");
export const RetractClaimRelationPayload = Payload(
  "RetractClaimRelation",
  "claimRelation",
  ClaimRelation,
  "The retracted link, with `retractedAt` and `retractionReason`.",
);
