import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType } from "../../shared/connection-types";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { ENTITY, Entity } from "../entity";
import { Quote, RetractedEvidence } from "../source";
import { RelateEntitiesInput } from "./entity-relation.inputs";
import { entityRelationModel } from "./entity-relation.model";
import {
  ENTITY_RELATION_EVIDENCE,
  ENTITY_RELATION_RETRACTED_EVIDENCE,
  ENTITY_RELATIONS_IN,
  ENTITY_RELATIONS_OUT,
  entityRelations,
} from "./entity-relation.service";
import { EntityRelation, RelateEntitiesPayload } from "./entity-relation.type";

export const EntityRelationConnection = ConnectionType("EntityRelation", EntityRelation, "relations between entities");

@Resolver(() => EntityRelation)
export class EntityRelationResolver {
  @FieldResolver(() => Entity, { description: entityRelationModel.fields.subject.description })
  async subject(@Root() relation: EntityRelation, @Ctx() ctx: Context): Promise<Entity> {
    return (await ctx.loaders.byId(ENTITY, relation.subjectId)) as Entity;
  }

  @FieldResolver(() => Entity, { description: entityRelationModel.fields.object.description })
  async object(@Root() relation: EntityRelation, @Ctx() ctx: Context): Promise<Entity> {
    return (await ctx.loaders.byId(ENTITY, relation.objectId)) as Entity;
  }

  @FieldResolver(() => [Quote], { description: "Quotes that attest the relation." })
  evidence(
    @Root() relation: EntityRelation,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Quote[] | Promise<Quote[]> {
    return ctx.loaders.childList(ENTITY_RELATION_EVIDENCE, relation.uuid, info);
  }

  @FieldResolver(() => [RetractedEvidence], {
    description:
      "Quotes retracted as evidence for the relation (`retractEvidence`), with the reason, in the order retracted.",
  })
  retractedEvidence(
    @Root() relation: EntityRelation,
    @Ctx() ctx: Context,
  ): RetractedEvidence[] | Promise<RetractedEvidence[]> {
    return ctx.loaders.childList(ENTITY_RELATION_RETRACTED_EVIDENCE, relation.uuid);
  }

  @Authorized("EDITOR")
  @Mutation(() => RelateEntitiesPayload, { description: "Relate two entities (HEAD_OF, MEMBER_OF, ...)." })
  async relateEntities(
    @Arg("input", () => RelateEntitiesInput, { description: "What to write: the fields of `RelateEntitiesInput`." })
    input: RelateEntitiesInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await entityRelations.relate(ctx, input);
    return { entityRelation: value, userErrors };
  }
}

@Resolver(() => Entity)
export class EntityRelationsResolver {
  @FieldResolver(() => EntityRelationConnection, {
    description: "Relations where this entity is the subject (e.g. the mayor HEAD_OF the city).",
  })
  relationsOut(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.EntityRelation) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_RELATIONS_OUT, "EntityRelation", args, entity.uuid, info);
  }

  @FieldResolver(() => EntityRelationConnection, {
    description: "Relations where this entity is the object (e.g. the city's HEAD_OF relation from its mayor).",
  })
  relationsIn(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.EntityRelation) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_RELATIONS_IN, "EntityRelation", args, entity.uuid, info);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Entity", "relationsOut", ENTITY_RELATIONS_OUT, "EntityRelation");
prefetchList("Entity", "relationsIn", ENTITY_RELATIONS_IN, "EntityRelation");
