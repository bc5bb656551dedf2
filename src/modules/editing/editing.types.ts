import { Field, ID, InputType, Int } from "type-graphql";
import { Payload, QuoteSelectorInput } from "../../shared/mutation-types";
import { Claim, ClaimRelation, ClaimRelationKind } from "../claim";
import { claimModel, type ClaimRow } from "../claim/claim.model";
import { exposeInputs, rowClass } from "../../shared/model";
import { EntityRelation } from "../entity-relation";
import { entityRelationModel, type EntityRelationRow } from "../entity-relation/entity-relation.model";
import { Review } from "../review";
import { reviewModel, type ReviewRow } from "../review/review.model";
import { Stance } from "../stance";
import { stanceModel, type StanceRow } from "../stance/stance.model";
import { Viewpoint } from "../viewpoint";
import {
  viewpointMemberModel,
  viewpointModel,
  type ViewpointMemberRow,
  type ViewpointRow,
} from "../viewpoint/viewpoint.model";

export const CreateClaimPayload = Payload("CreateClaim", "claim", Claim, "The new claim.");
export const UpdateClaimPayload = Payload("UpdateClaim", "claim", Claim, "The claim as updated.");
export const DeprecateClaimPayload = Payload("DeprecateClaim", "claim", Claim, "The deprecated claim.");
export const CreateViewpointPayload = Payload("CreateViewpoint", "viewpoint", Viewpoint, "The new viewpoint.");
export const UpdateViewpointPayload = Payload("UpdateViewpoint", "viewpoint", Viewpoint, "The viewpoint as updated.");
export const RecordStancePayload = Payload("RecordStance", "stance", Stance, "The stance as recorded.");
export const LinkClaimsPayload = Payload("LinkClaims", "claimRelation", ClaimRelation, "The link.");
export const AddReviewPayload = Payload("AddReview", "review", Review, "The review.");
export const RelateEntitiesPayload = Payload("RelateEntities", "entityRelation", EntityRelation, "The relation.");

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

/** The fields of a viewpoint member (viewpoint.model.ts) an item of `members` gives. */
@InputType({ description: "A member of a viewpoint." })
export class ViewpointMemberInput extends rowClass<{ entity: string; role: ViewpointMemberRow["role"] }>() {}
exposeInputs(viewpointMemberModel, ViewpointMemberInput, "create", ID);

type ViewpointInput = Partial<ViewpointRow> & { topic?: string; members?: ViewpointMemberInput[] };

/** The fields of viewpoint.model.ts a create accepts. */
@InputType({ description: "A new viewpoint." })
export class CreateViewpointInput extends rowClass<Pick<ViewpointRow, "slug" | "title"> & ViewpointInput>() {}
exposeInputs(viewpointModel, CreateViewpointInput, "create", ID, { members: ViewpointMemberInput });

/** The fields of viewpoint.model.ts an update accepts. */
@InputType({ description: "Changes to a viewpoint. Members given are added or have their role changed." })
export class UpdateViewpointInput extends rowClass<Omit<ViewpointInput, "version">>() {
  @Field(() => ID, { description: "The viewpoint." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
}
exposeInputs(viewpointModel, UpdateViewpointInput, "update", ID, { members: ViewpointMemberInput });

/** The fields of stance.model.ts a create accepts, with the holder (one ID of either kind) and evidence. */
@InputType({ description: "A holder's position on a claim; recording it again updates it." })
export class RecordStanceInput extends rowClass<
  Pick<StanceRow, "position"> & Partial<StanceRow> & { claim: string }
>() {
  @Field(() => ID, { description: "An Entity or a Viewpoint." }) holder!: string;
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Evidence quotes." })
  evidence?: QuoteSelectorInput[];
}
exposeInputs(stanceModel, RecordStanceInput, "create", ID);

@InputType({ description: "An argument link from one claim to another." })
export class LinkClaimsInput {
  @Field(() => ID, { description: "The claim that supports, attacks..." }) from!: string;
  @Field(() => ID, { description: "The claim supported, attacked..." }) to!: string;
  @Field(() => ClaimRelationKind, { description: "The kind of link." }) kind!: ClaimRelationKind;
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Evidence quotes." })
  evidence?: QuoteSelectorInput[];
}

/** The fields of review.model.ts a create accepts. */
@InputType({ description: "A fact-checker's verdict on a claim." })
export class AddReviewInput extends rowClass<
  Pick<ReviewRow, "originalRating"> & Partial<ReviewRow> & { claim: string; reviewer: string; source: string }
>() {}
exposeInputs(reviewModel, AddReviewInput, "create", ID);

/** The fields of entity-relation.model.ts a create accepts, plus its evidence. */
@InputType({ description: "A typed relation between two entities." })
export class RelateEntitiesInput extends rowClass<
  Pick<EntityRelationRow, "predicate"> & Partial<EntityRelationRow> & { subject: string; object: string }
>() {
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Evidence quotes." })
  evidence?: QuoteSelectorInput[];
}
exposeInputs(entityRelationModel, RelateEntitiesInput, "create", ID);
