import { Field, ID, InputType, Int } from "type-graphql";
import { Payload, QuoteSelectorInput } from "../../shared/mutation-types";
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

export const CreateViewpointPayload = Payload("CreateViewpoint", "viewpoint", Viewpoint, "The new viewpoint.");
export const UpdateViewpointPayload = Payload("UpdateViewpoint", "viewpoint", Viewpoint, "The viewpoint as updated.");
export const RecordStancePayload = Payload("RecordStance", "stance", Stance, "The stance as recorded.");
export const AddReviewPayload = Payload("AddReview", "review", Review, "The review.");
export const RelateEntitiesPayload = Payload("RelateEntities", "entityRelation", EntityRelation, "The relation.");

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
