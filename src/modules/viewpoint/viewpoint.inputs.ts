import { Field, ID, InputType, Int } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { QuoteSelectorInput } from "../../shared/mutation-types";
import { viewpointMemberModel, viewpointModel, type ViewpointMemberRow, type ViewpointRow } from "./viewpoint.model";

/** The fields of a viewpoint member (viewpoint.model.ts) an item of `members` gives. */
@InputType({ description: "A member of a viewpoint, with its membership evidence." })
export class ViewpointMemberInput extends rowClass<{ entity: string; role: ViewpointMemberRow["role"] }>() {
  @Field(() => [QuoteSelectorInput], {
    nullable: true,
    description:
      "Quotes showing the entity holding the viewpoint, added to what it has; the member must speak in one of them (its `speakers`).",
  })
  evidence?: QuoteSelectorInput[];
}
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
