import { Field, ID, InputType, Int } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { QuoteSelectorInput } from "../../shared/mutation-types";
import { claimModel, type ClaimRow } from "./claim.model";
import { ClaimRelationKind } from "./claim.type";

/** A claim's qualifiers as a mutation takes them: nested, the shape `Claim.qualifiers` returns. */
@InputType({
  description:
    "The conditions a claim is asserted under, nested as `Claim.qualifiers` returns them (place by ID). In an update, qualifiers left out stay as they are.",
})
export class ClaimQualifiersInput extends rowClass<
  Partial<Pick<ClaimRow, "condition" | "validFrom" | "validTo">> & { place?: string }
>() {}
exposeInputs(claimModel, ClaimQualifiersInput, "create", ID, {}, { group: "qualifiers" });

/** The fields of claim.model.ts a create accepts, plus its evidence. */
@InputType({ description: "A new claim." })
export class CreateClaimInput extends rowClass<
  Partial<ClaimRow> & { claimants: string[]; subjects?: string[]; place?: string }
>() {
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Where it appears." })
  appearances?: QuoteSelectorInput[];

  @Field(() => ClaimQualifiersInput, {
    nullable: true,
    description: "Place, time and condition the claim is asserted under (as `Claim.qualifiers` returns them).",
  })
  qualifiers?: ClaimQualifiersInput | null;
}
exposeInputs(claimModel, CreateClaimInput, "create", ID, {}, { flatGroupsDeprecated: true });

/** The fields of claim.model.ts an update accepts. */
@InputType({ description: "Changes to a claim. Fields left out stay as they are." })
export class UpdateClaimInput extends rowClass<
  Partial<Omit<ClaimRow, "version">> & { claimants?: string[]; subjects?: string[]; place?: string }
>() {
  @Field(() => ID, { description: "The claim." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;

  @Field(() => ClaimQualifiersInput, {
    nullable: true,
    description: "New qualifiers (as `Claim.qualifiers` returns them); those left out stay as they are.",
  })
  qualifiers?: ClaimQualifiersInput | null;
}
exposeInputs(claimModel, UpdateClaimInput, "update", ID, {}, { flatGroupsDeprecated: true });

@InputType({ description: "Marks a claim DEPRECATED. It stays readable, with the reason." })
export class DeprecateClaimInput {
  @Field(() => ID, { description: "The claim." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
  @Field({ description: "Why the claim is deprecated." }) reason!: string;
}

@InputType({
  description:
    "Merges duplicate claims into one. The survivor takes their claimants, subjects, appearances, stances, reviews and links; each merged claim stays, DEPRECATED and pointing at the survivor (`mergedInto`), with its own history.",
})
export class MergeClaimsInput {
  @Field(() => ID, { description: "The claim that remains." }) survivor!: string;
  @Field(() => [ID], { description: "The duplicates merged into it." }) merged!: string[];
}

@InputType({ description: "An argument link from one claim to another." })
export class LinkClaimsInput {
  @Field(() => ID, { description: "The claim that supports, attacks..." }) from!: string;
  @Field(() => ID, { description: "The claim supported, attacked..." }) to!: string;
  @Field(() => ClaimRelationKind, { description: "The kind of link." }) kind!: ClaimRelationKind;
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Evidence quotes." })
  evidence?: QuoteSelectorInput[];
}

@InputType({ description: "Restores a DEPRECATED claim to NORMAL rank; its history keeps the deprecation." })
export class RestoreClaimInput {
  @Field(() => ID, { description: "The claim." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
  @Field({ description: "Why the claim is restored (recorded in its RESTORE revision)." }) reason!: string;
}

@InputType({
  description: "Retract a link between claims recorded in error: it stays, with the reason, out of default lists.",
})
export class RetractClaimRelationInput {
  @Field(() => ID, { description: "The link (a ClaimRelation)." }) id!: string;
  @Field({ description: "Why it is retracted (shown as `retractionReason`)." }) reason!: string;
}
