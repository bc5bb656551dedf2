import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ViewpointRole } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";

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
export class Viewpoint {
  readonly __typename = "Viewpoint" as const;
  uuid!: string;
  topicId!: string | null;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Viewpoint", this.uuid);
  }

  @Field({ description: "Human-readable unique key." })
  slug!: string;

  @Field({ description: "The position in one line." })
  title!: string;

  @Field(() => String, { nullable: true, description: "The position in a few sentences." })
  summary!: string | null;

  @Field(() => Int, { description: "Increases with every update (optimistic locking)." })
  version!: number;

  @Field({ description: "When this viewpoint was first recorded." })
  createdAt!: Date;

  @Field({ description: "When this viewpoint was last changed." })
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "An entity's membership in a viewpoint, with its role." })
export class ViewpointMember {
  viewpointId!: string;
  entityId!: string;

  @Field(() => ViewpointRole, { description: "The part the entity plays." })
  role!: ViewpointRole;
}
