import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { PageArgsInput } from "../../shared/connection-types";
import { EntityConnection } from "./entity.connection";
import { EntityFilter } from "./entity.inputs";
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
  ): Promise<Entity | null> {
    return findEntity(ctx, { id, slug });
  }

  @Query(() => EntityConnection, { description: "Entities, in the order they were recorded, optionally filtered." })
  entities(
    @Ctx() ctx: Context,
    @Args() page: PageArgsInput,
    @Arg("filter", () => EntityFilter, { nullable: true, description: "Only entities matching this filter." })
    filter?: EntityFilter,
  ) {
    return listEntities(ctx, filter, page);
  }
}
