import { Field, ID, InputType } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { QuoteSelectorInput } from "../../shared/mutation-types";
import { entityRelationModel, type EntityRelationRow } from "./entity-relation.model";

/** The fields of entity-relation.model.ts a create accepts, plus its evidence. */
@InputType({ description: "A typed relation between two entities." })
export class RelateEntitiesInput extends rowClass<
  Pick<EntityRelationRow, "predicate"> & Partial<EntityRelationRow> & { subject: string; object: string }
>() {
  @Field(() => [QuoteSelectorInput], { nullable: true, description: "Evidence quotes." })
  evidence?: QuoteSelectorInput[];
}
exposeInputs(entityRelationModel, RelateEntitiesInput, "create", ID);
