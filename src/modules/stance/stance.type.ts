import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { StancePosition } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";
import { Entity } from "../entity";
import { Viewpoint } from "../viewpoint";

export { StancePosition };

registerEnumType(StancePosition, {
  name: "StancePosition",
  description: "A holder's position on a claim.",
  valuesConfig: {
    SUPPORTS: { description: "Holds the claim to be true or right." },
    OPPOSES: { description: "Holds the claim to be false or wrong." },
    QUALIFIES: { description: "Accepts the claim only in part or under conditions." },
    NEUTRAL: { description: "Takes no side." },
  },
});

export const StanceHolder = createUnionType({
  name: "StanceHolder",
  description: "Who holds a stance: an entity, or a whole viewpoint.",
  types: () => [Entity, Viewpoint] as const,
  resolveType: (value) => (value as { __typename: string }).__typename,
});

@ObjectType({ simpleResolvers: true, implements: Node, description: "A holder's position on a claim, with evidence." })
export class Stance {
  readonly __typename = "Stance" as const;
  uuid!: string;
  holderEntityId!: string | null;
  holderViewpointId!: string | null;
  claimId!: string;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Stance", this.uuid);
  }

  @Field(() => StancePosition, { description: "The holder's position on the claim." })
  position!: StancePosition;

  @Field(() => String, { nullable: true, description: "A short explanation of the stance, if any." })
  note!: string | null;

  @Field(() => Int, { description: "Increases with every update (optimistic locking)." })
  version!: number;

  @Field({ description: "When this stance was first recorded." })
  createdAt!: Date;

  @Field({ description: "When this stance was last changed." })
  updatedAt!: Date;
}
