import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../context";
import { LIST_ARGS, type ListArgsShape, loadList } from "../filter";
import { ENTITY, Entity } from "../entity";
import { QuoteConnection, SourceConnection } from "./source.connection";
import { sourceModel } from "./source.model";
import {
  ENTITY_SOURCES_PUBLISHED,
  SOURCE,
  SOURCE_AUTHORS,
  SOURCE_DERIVATIVES,
  SOURCE_QUOTES,
  findSource,
  listSources,
  sourceText,
} from "./source.service";
import { Quote, Source } from "./source.type";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, { nullable: true, description: "A source by global ID or by canonical URL (pass exactly one)." })
  source(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global ID." }) id?: string,
    @Arg("url", () => String, { nullable: true, description: "Canonical URL, exactly as stored." }) url?: string,
    @Arg("asOf", () => Date, { nullable: true, description: "The source as it was at this time (from its history)." })
    asOf?: Date,
  ): Promise<Source | null> {
    return findSource(ctx, { id, url, asOf });
  }

  @Query(() => SourceConnection, { description: "Sources: filtered, searched and ordered as asked." })
  sources(@Ctx() ctx: Context, @Args(() => LIST_ARGS.Source) args: ListArgsShape, @Info() info: GraphQLResolveInfo) {
    return listSources(ctx, args, info);
  }

  @FieldResolver(() => String, { nullable: true })
  text(@Root() source: Source, @Ctx() ctx: Context): string | null | Promise<string | null> {
    return sourceText(ctx, source);
  }

  @FieldResolver(() => Entity, { nullable: true, description: sourceModel.fields.publisher.description })
  publisher(@Root() source: Source, @Ctx() ctx: Context): Promise<Entity | null> {
    return ctx.loaders.byId(ENTITY, source.publisherId);
  }

  @FieldResolver(() => [Entity], { description: sourceModel.fields.authors.description })
  authors(@Root() source: Source, @Ctx() ctx: Context): Entity[] | Promise<Entity[]> {
    return ctx.loaders.childList(SOURCE_AUTHORS, source.uuid);
  }

  @FieldResolver(() => Source, {
    nullable: true,
    description: "The earlier source this one was rewritten, syndicated, quoted or translated from.",
  })
  derivedFrom(@Root() source: Source, @Ctx() ctx: Context): Promise<Source | null> {
    return ctx.loaders.byId(SOURCE, source.derivedFromId);
  }

  @FieldResolver(() => SourceConnection, { description: "Later sources derived from this one." })
  derivatives(
    @Root() source: Source,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Source) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, SOURCE_DERIVATIVES, "Source", args, source.uuid, info);
  }

  @FieldResolver(() => QuoteConnection, { description: "Quotes taken from this source's text, in text order." })
  quotes(
    @Root() source: Source,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Quote) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, SOURCE_QUOTES, "Quote", args, source.uuid, info);
  }
}

@Resolver(() => Quote)
export class QuoteResolver {
  @FieldResolver(() => Source, { description: "The source whose text this quote is taken from." })
  source(@Root() quote: Quote, @Ctx() ctx: Context): Source | Promise<Source> {
    return ctx.loaders.byIdNow(SOURCE, quote.sourceId) as Source | Promise<Source>;
  }
}

@Resolver(() => Entity)
export class EntitySourcesResolver {
  @FieldResolver(() => SourceConnection, { description: "Sources this entity published." })
  sourcesPublished(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Source) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_SOURCES_PUBLISHED, "Source", args, entity.uuid, info);
  }
}
