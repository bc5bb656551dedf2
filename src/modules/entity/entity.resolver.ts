import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, ID, Query, Resolver, Info } from "type-graphql";
import type { Context } from "../../context";
import { LIST_ARGS, type ListArgsShape } from "../filter";
import { EntityConnection } from "./entity.connection";
import { findEntity, listEntities } from "./entity.service";
import { Entity } from "./entity.type";

@Resolver(() => Entity)
export class EntityResolver {
  @Query(() => Entity, {
    nullable: true,
    description: "An entity by global ID or by slug (pass exactly one). Merged entities resolve to their survivor.",
  })
  entity(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global ID." }) id?: string,
    @Arg("slug", () => String, { nullable: true, description: "Slug, e.g. `new-york-post`." }) slug?: string,
    @Arg("asOf", () => Date, { nullable: true, description: "The entity as it was at this time (from its history)." })
    asOf?: Date,
  ): Promise<Entity | null> {
    return findEntity(ctx, { id, slug, asOf });
  }

  @Query(() => EntityConnection, {
    description: "Entities: filtered, searched (names and aliases also match fuzzily) and ordered as asked.",
  })
  entities(@Ctx() ctx: Context, @Args(() => LIST_ARGS.Entity) args: ListArgsShape, @Info() info: GraphQLResolveInfo) {
    return listEntities(ctx, args, info);
  }
}
