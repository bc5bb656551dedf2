import { Field, ID, InputType, Int } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { entityModel, type EntityRow } from "./entity.model";

/** The fields of entity.model.ts a create accepts. */
@InputType({ description: "A new entity." })
export class CreateEntityInput extends rowClass<Partial<EntityRow>>() {}
exposeInputs(entityModel, CreateEntityInput, "create", ID);

/** The fields of entity.model.ts an update accepts. */
@InputType({ description: "Changes to an entity. Fields left out stay as they are." })
export class UpdateEntityInput extends rowClass<Partial<Omit<EntityRow, "version">>>() {
  @Field(() => ID, { description: "The entity." }) id!: string;
  @Field(() => Int, {
    description: "The version you saw; a newer version on the server refuses the update (STALE_VERSION).",
  })
  version!: number;
}
exposeInputs(entityModel, UpdateEntityInput, "update", ID);

@InputType({ description: "Entities to merge into a survivor." })
export class MergeEntitiesInput {
  @Field(() => ID, { description: "The entity that remains." }) survivor!: string;
  @Field(() => [ID], {
    description:
      "Entities merged into it: their references move, their names become aliases, and their IDs and slugs resolve to the survivor.",
  })
  merged!: string[];
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      "Also merge the claims the merge makes identical (the same text and claimants: `duplicateClaims`) into the earliest of each group, with mergeClaims' rules; by default they are only reported.",
  })
  mergeDuplicateClaims?: boolean;
}
