import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { referenceAsOf, requireAnswerableAsOf } from "../../shared/as-of";
import type { Context } from "../../context";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { ENTITY, Entity } from "../entity";
import { QuoteConnection, SourceConnection } from "./source.connection";
import { AddEvidenceInput, CreateSourceInput, RetractEvidenceInput, UpdateSourceInput } from "./source.inputs";
import { sourceModel } from "./source.model";
import {
  ENTITY_QUOTED_IN,
  ENTITY_SOURCES_PUBLISHED,
  QUOTE_SPEAKERS,
  SOURCE,
  SOURCE_AUTHORS,
  SOURCE_DERIVATIVES,
  SOURCE_QUOTES,
  findSource,
  listSources,
  sourceText,
  sources,
} from "./source.service";
import {
  AddEvidencePayload,
  CreateSourcePayload,
  Quote,
  RetractEvidencePayload,
  Source,
  UpdateSourcePayload,
} from "./source.type";

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, { nullable: true, description: "A source by global ID or by canonical URL (pass exactly one)." })
  source(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("id", () => ID, { nullable: true, description: "Global ID." }) id?: string,
    @Arg("url", () => String, { nullable: true, description: "Canonical URL, exactly as stored." }) url?: string,
    @Arg("asOf", () => Date, { nullable: true, description: "The source as it was at this time (from its history)." })
    asOf?: Date,
  ): Promise<Source | null> {
    requireAnswerableAsOf(info, asOf);
    return findSource(ctx, { id, url, asOf }, info);
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
    return referenceAsOf(ctx.loaders, source, ENTITY, source.publisherId);
  }

  @FieldResolver(() => [Entity], { description: sourceModel.fields.authors.description })
  authors(@Root() source: Source, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Entity[] | Promise<Entity[]> {
    return ctx.loaders.childList(SOURCE_AUTHORS, source.uuid, info);
  }

  @FieldResolver(() => Source, {
    nullable: true,
    description: "The earlier source this one was rewritten, syndicated, quoted or translated from.",
  })
  derivedFrom(@Root() source: Source, @Ctx() ctx: Context): Promise<Source | null> {
    return referenceAsOf(ctx.loaders, source, SOURCE, source.derivedFromId);
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

  @Authorized("EDITOR")
  @Mutation(() => CreateSourcePayload, {
    description: "Create a source. A URL or text already stored is a TAKEN userError.",
  })
  async createSource(
    @Arg("input", () => CreateSourceInput, { description: "What to write: the fields of `CreateSourceInput`." })
    input: CreateSourceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await sources.create(ctx, input);
    return { source: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateSourcePayload, { description: "Update a source, given the version you saw." })
  async updateSource(
    @Arg("input", () => UpdateSourceInput, { description: "What to write: the fields of `UpdateSourceInput`." })
    input: UpdateSourceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await sources.update(ctx, input);
    return { source: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => AddEvidencePayload, {
    description:
      "Attach a verbatim quote to a claim, stance or relation. The service finds its offsets; a passage that is not in the text, or occurs several times without prefix/suffix, is a userError.",
  })
  async addEvidence(
    @Arg("input", () => AddEvidenceInput, { description: "What to write: the fields of `AddEvidenceInput`." })
    input: AddEvidenceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await sources.addEvidence(ctx, input);
    return { quote: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RetractEvidencePayload, {
    description:
      "Retract a quote cited in error as evidence for a claim (an appearance), stance or relation, with a reason. It leaves `evidence` (or `appearances`) and every list, filter, facet and export that reads them; `retractedEvidence` on the target shows it with the reason, and the target's history has a RETRACT revision. Refused (SPEAKER_MISSING) when the holder or a claimant would then speak in none of what is left. Citing the quote again with `addEvidence` undoes it.",
  })
  async retractEvidence(
    @Arg("input", () => RetractEvidenceInput, { description: "What to retract: the fields of `RetractEvidenceInput`." })
    input: RetractEvidenceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await sources.retractEvidence(ctx, input);
    return { retractedEvidence: value, userErrors };
  }
}

@Resolver(() => Quote)
export class QuoteResolver {
  @FieldResolver(() => Source, { description: "The source whose text this quote is taken from." })
  source(@Root() quote: Quote, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Source | Promise<Source> {
    return ctx.loaders.byIdNow(SOURCE, quote.sourceId, info) as Source | Promise<Source>;
  }

  @FieldResolver(() => [Entity], {
    description:
      "Who speaks in the passage according to its source, in the order given; empty when the quote is UNATTRIBUTED. How they speak is `attribution`.",
  })
  speakers(@Root() quote: Quote, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Entity[] | Promise<Entity[]> {
    return ctx.loaders.childList(QUOTE_SPEAKERS, quote.uuid, info);
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

  @FieldResolver(() => QuoteConnection, {
    description:
      "The quotes in which this entity speaks (it is one of their `speakers`), whatever the attribution; filter on `attribution` for its own words (DIRECT), in the order they were recorded.",
  })
  quotedIn(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Quote) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_QUOTED_IN, "Quote", args, entity.uuid, info);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Source", "derivatives", SOURCE_DERIVATIVES, "Source");
prefetchList("Source", "quotes", SOURCE_QUOTES, "Quote");
prefetchList("Entity", "sourcesPublished", ENTITY_SOURCES_PUBLISHED, "Source");
prefetchList("Entity", "quotedIn", ENTITY_QUOTED_IN, "Quote");
