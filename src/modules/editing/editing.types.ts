import { Field, ID, InputType } from "type-graphql";
import { Payload, QuoteSelectorInput } from "../../shared/mutation-types";
import { exposeInputs, rowClass } from "../../shared/model";
import { EntityRelation } from "../entity-relation";
import { entityRelationModel, type EntityRelationRow } from "../entity-relation/entity-relation.model";
import { Review } from "../review";
import { reviewModel, type ReviewRow } from "../review/review.model";
import { Stance } from "../stance";
import { stanceModel, type StanceRow } from "../stance/stance.model";

export const RecordStancePayload = Payload("RecordStance", "stance", Stance, "The stance as recorded.");
export const AddReviewPayload = Payload("AddReview", "review", Review, "The review.");
export const RelateEntitiesPayload = Payload("RelateEntities", "entityRelation", EntityRelation, "The relation.");

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
