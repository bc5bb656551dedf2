import { Field, ID, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { StancePosition } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { Entity } from "../entity";
import { Viewpoint } from "../viewpoint";
import { stanceModel, type StanceRow } from "./stance.model";

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
export class Stance extends rowClass<StanceRow>() {
  readonly __typename = "Stance" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Stance", this.uuid);
  }
}
exposeFields(stanceModel, Stance);

export const RecordStancePayload = Payload("RecordStance", "stance", Stance, "The stance as recorded.");
export const RetractStancePayload = Payload(
  "RetractStance",
  "stance",
  Stance,
  "The retracted stance, with `retractedAt` and `retractionReason`.",
);
