import { Field, ID, InputType, Int } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { QuoteSelectorInput } from "../../shared/mutation-types";
import { claimModel, type ClaimRow } from "./claim.model";
import { ClaimRelationKind } from "./claim.type";

/** The fields of claim.model.ts a create accepts, plus its evidence. */
@InputType({ description: "A new claim." })
export class CreateClaimInput extends rowClass<
  Partial<ClaimRow> & { claimants: string[]; subjects?: string[]; place?: string }
>() {
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Where it appears." })
  appearances?: QuoteSelectorInput[];
}
exposeInputs(claimModel, CreateClaimInput, "create", ID);

/** The fields of claim.model.ts an update accepts. */
@InputType({ description: "Changes to a claim. Fields left out stay as they are." })
export class UpdateClaimInput extends rowClass<
  Partial<Omit<ClaimRow, "version">> & { claimants?: string[]; subjects?: string[]; place?: string }
>() {
  @Field(() => ID, { description: "The claim." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
}
exposeInputs(claimModel, UpdateClaimInput, "update", ID);

@InputType({ description: "Marks a claim DEPRECATED. It stays readable, with the reason." })
export class DeprecateClaimInput {
  @Field(() => ID, { description: "The claim." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
  @Field({ description: "Why the claim is deprecated." }) reason!: string;
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
