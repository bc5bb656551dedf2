import { Field, InputType } from "type-graphql";
import { type EnumFilterShape, EnumFilterType, StringFilter } from "../../shared/filters";
import { EntityKind } from "./entity.type";

export const EntityKindFilter = EnumFilterType<EntityKind>("EntityKind", EntityKind);

@InputType({ description: "Conditions on entities; all given conditions must hold." })
export class EntityFilter {
  @Field(() => EntityKindFilter, { nullable: true, description: "The entity's kind." })
  kind?: EnumFilterShape<EntityKind> | null;

  @Field(() => StringFilter, { nullable: true, description: "The entity's name." })
  name?: StringFilter | null;

  @Field(() => StringFilter, { nullable: true, description: "The entity's slug." })
  slug?: StringFilter | null;

  @Field(() => StringFilter, {
    nullable: true,
    description: "The name or any alias (`contains`/`startsWith` match any of them; `equals`/`in` the name).",
  })
  nameOrAlias?: StringFilter | null;
}
