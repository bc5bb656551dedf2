import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { EntityPredicate } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { entityRelationModel, type EntityRelationRow } from "./entity-relation.model";

export { EntityPredicate };

registerEnumType(EntityPredicate, {
  name: "EntityPredicate",
  description: "How the subject entity relates to the object entity.",
  valuesConfig: {
    HEAD_OF: { description: "Subject leads object (a mayor heads a city)." },
    MEMBER_OF: { description: "Subject is a member of object." },
    EMPLOYED_BY: { description: "Subject works for object." },
    LOCATED_IN: { description: "Subject is in the place object." },
    PART_OF: { description: "Subject is a part or subdivision of object." },
    PARTICIPANT_IN: { description: "Subject took part in the event object." },
    ADOPTED: { description: "Subject adopted the policy object." },
    SUBJECT_TO: { description: "Subject is bound by the policy or rule object." },
    AFFECTS: { description: "Subject (a policy, an event) affects object." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "A typed, evidenced edge between two entities (subject, predicate, object), optionally time-bounded.",
})
export class EntityRelation extends rowClass<EntityRelationRow>() {
  readonly __typename = "EntityRelation" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("EntityRelation", this.uuid);
  }
}
exposeFields(entityRelationModel, EntityRelation);

export const RelateEntitiesPayload = Payload("RelateEntities", "entityRelation", EntityRelation, "The relation.");
