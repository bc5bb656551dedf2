import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireAnswerableAsOf } from "../../shared/as-of";
import { ExternalIdInput } from "../../shared/filters";
import type { Context } from "../../context";
import { LIST_ARGS, type ListArgsShape } from "../filter";
import { EntityConnection } from "./entity.connection";
import { CreateEntityInput, MergeEntitiesInput, UpdateEntityInput } from "./entity.inputs";
import { entities, findEntity, listEntities, mergedIntoOf } from "./entity.service";
import { CreateEntityPayload, Entity, MergeEntitiesPayload, UpdateEntityPayload } from "./entity.type";

@Resolver(() => Entity)
export class EntityResolver {
  @Query(() => Entity, {
    nullable: true,
    description:
      "An entity by global ID, by slug or by external ID (pass exactly one). Merged entities resolve to their survivor.",
  })
  entity(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("id", () => ID, { nullable: true, description: "Global ID." }) id?: string,
    @Arg("slug", () => String, { nullable: true, description: "Slug, e.g. `new-york-post`." }) slug?: string,
    @Arg("externalId", () => ExternalIdInput, {
      nullable: true,
      description: 'An identifier in another system, e.g. `{ system: "wikidata", value: "Q42" }`.',
    })
    externalId?: ExternalIdInput,
    @Arg("asOf", () => Date, { nullable: true, description: "The entity as it was at this time (from its history)." })
    asOf?: Date,
  ): Promise<Entity | null> {
    requireAnswerableAsOf(info, asOf);
    return findEntity(ctx, { id, slug, externalId, asOf }, info);
  }

  @Query(() => EntityConnection, {
    description:
      "Entities: filtered, searched (names and aliases also match fuzzily) and ordered as asked. Entities merged into another are left out unless `includeMerged`.",
  })
  entities(
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Entity) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
    @Arg("includeMerged", () => Boolean, {
      defaultValue: false,
      description: "Also list entities merged into another (their `mergedInto` says which).",
    })
    includeMerged: boolean,
  ) {
    return listEntities(ctx, { ...args, includeMerged }, info);
  }

  @FieldResolver(() => Entity, {
    nullable: true,
    description: "The entity this one was merged into (its survivor); null unless merged.",
  })
  mergedInto(@Root() entity: Entity, @Ctx() ctx: Context): Promise<Entity | null> | null {
    return mergedIntoOf(ctx, entity);
  }

  @Authorized("EDITOR")
  @Mutation(() => CreateEntityPayload, { description: "Create an entity. A taken slug is a TAKEN userError." })
  async createEntity(
    @Arg("input", () => CreateEntityInput, { description: "What to write: the fields of `CreateEntityInput`." })
    input: CreateEntityInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await entities.create(ctx, input);
    return { entity: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateEntityPayload, { description: "Update an entity, given the version you saw." })
  async updateEntity(
    @Arg("input", () => UpdateEntityInput, { description: "What to write: the fields of `UpdateEntityInput`." })
    input: UpdateEntityInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await entities.update(ctx, input);
    return { entity: value, userErrors };
  }

  @Authorized("ADMIN")
  @Mutation(() => MergeEntitiesPayload, {
    description:
      "Merge duplicate entities into one (ADMIN). References move to the survivor; old IDs and slugs keep resolving.",
  })
  async mergeEntities(
    @Arg("input", () => MergeEntitiesInput, { description: "What to write: the fields of `MergeEntitiesInput`." })
    input: MergeEntitiesInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await entities.merge(ctx, input);
    return { entity: value?.entity ?? null, duplicateClaimIds: value?.duplicateClaimIds ?? [], userErrors };
  }
}
