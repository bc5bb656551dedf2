import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ViewpointRole } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { viewpointMemberModel, viewpointModel, type ViewpointMemberRow, type ViewpointRow } from "./viewpoint.model";

export { ViewpointRole };

registerEnumType(ViewpointRole, {
  name: "ViewpointRole",
  description: "The part an entity plays in a viewpoint.",
  valuesConfig: {
    PROPONENT: { description: "Argues for the viewpoint in its own words." },
    SUPPORTER: { description: "Sides with the viewpoint." },
    SPOKESPERSON: { description: "Speaks for others who hold it." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "A named position in a debate, held by member entities, with stances on claims.",
})
export class Viewpoint extends rowClass<ViewpointRow>() {
  readonly __typename = "Viewpoint" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Viewpoint", this.uuid);
  }
}
exposeFields(viewpointModel, Viewpoint);

@ObjectType({ simpleResolvers: true, description: "An entity's membership in a viewpoint, with its role." })
export class ViewpointMember extends rowClass<ViewpointMemberRow>() {}
exposeFields(viewpointMemberModel, ViewpointMember);

export const CreateViewpointPayload = Payload("CreateViewpoint", "viewpoint", Viewpoint, "The new viewpoint.");
export const UpdateViewpointPayload = Payload("UpdateViewpoint", "viewpoint", Viewpoint, "The viewpoint as updated.");
