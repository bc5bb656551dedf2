import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { EntityKind } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";

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
export class Entity {
  readonly __typename = "Entity" as const;
  uuid!: string;
  mergedIntoId!: string | null;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Entity", this.uuid);
  }

  @Field({ description: "Human-readable unique key, e.g. `new-york-post`. Stable; use it in links and imports." })
  slug!: string;

  @Field(() => EntityKind, { description: "What sort of thing this is." })
  kind!: EntityKind;

  @Field({ description: "Display name. For unnamed actors, a description in place of a name." })
  name!: string;

  @Field(() => [String], { description: "Other names this entity is known by; searched along with the name." })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: "A sentence or two on who or what this is." })
  description!: string | null;

  @Field(() => GraphQLJSONObject, {
    description: 'Identifiers in other systems, keyed by system, e.g. `{"wikidata": "Q123"}`.',
  })
  externalIds!: Record<string, unknown>;

  @Field(() => Int, { description: "Increases with every update; send it back when updating (optimistic locking)." })
  version!: number;

  @Field({ description: "When this entity was first recorded." })
  createdAt!: Date;

  @Field({ description: "When this entity was last changed." })
  updatedAt!: Date;
}
