import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { EntityKind } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload, UserError } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { entityModel, type EntityRow } from "./entity.model";

export { EntityKind };

registerEnumType(EntityKind, {
  name: "EntityKind",
  description: "What sort of thing an entity is.",
  valuesConfig: {
    PERSON: { description: 'A person, named or not ("the mayor of the city").' },
    ORGANIZATION: { description: "A company, newspaper, party, NGO or other organization." },
    GOVERNMENT_BODY: { description: "A government, agency, department or office." },
    PLACE: { description: "A city, state, country or other place." },
    POLICY: { description: "A law, rule or policy." },
    EVENT: { description: "Something that happened: an incident, an election." },
    GROUP: { description: 'A loose group of people ("immigrant communities", "residents").' },
    TOPIC: { description: "A subject of debate, used as the topic of viewpoints." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    "An actor or thing that claims are made by or about: a person, organization, government body, place, policy, event, group or topic. Unnamed actors are legitimate entities.",
})
export class Entity extends rowClass<EntityRow>() {
  readonly __typename = "Entity" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Entity", this.uuid);
  }
}
exposeFields(entityModel, Entity);

export const CreateEntityPayload = Payload("CreateEntity", "entity", Entity, "The new entity.");
export const UpdateEntityPayload = Payload("UpdateEntity", "entity", Entity, "The entity as updated.");
@ObjectType({ simpleResolvers: true, description: "The result of mergeEntities." })
export class MergeEntitiesPayload {
  @Field(() => [UserError], { description: "Problems with the input; empty on success." })
  userErrors!: UserError[];

  @Field(() => Entity, { nullable: true, description: "The surviving entity." })
  entity!: Entity | null;

  /** The claims `duplicateClaims` lists (resolved in modules/claim, which may import this module). */
  duplicateClaimIds!: string[];
}
