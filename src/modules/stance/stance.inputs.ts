import { Field, ID, InputType } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { QuoteSelectorInput } from "../../shared/mutation-types";
import { stanceModel, type StanceRow } from "./stance.model";

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

@InputType({ description: "Retract a stance recorded in error: it stays, with the reason, out of default lists." })
export class RetractStanceInput {
  @Field(() => ID, { description: "The stance." }) id!: string;
  @Field({ description: "Why it is retracted (shown as `retractionReason`)." }) reason!: string;
}
