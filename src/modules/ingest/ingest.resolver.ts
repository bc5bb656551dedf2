import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Info,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { MATCH_THRESHOLD_DEFAULTS } from "../../config";
import type { Context } from "../../context";
import { ConnectionType } from "../../shared/connection-types";
import { UserError } from "../../shared/mutation-types";
import { CLAIM, Claim } from "../claim";
import { ENTITY, Entity } from "../entity";
import { LIST_ARGS, type ListArgsShape } from "../filter";
import { ClaimMatch, MatchTier } from "../matching";
import { QUOTE, Quote, SOURCE, Source } from "../source";
import { STANCE, Stance } from "../stance";
import { AcceptSuggestionInput, IngestDocumentInput, RejectSuggestionInput } from "./ingest.inputs";
import { ingestDocument, listSuggestions, sourceSuggestions, suggestions } from "./ingest.service";
import { EntityCandidate, ProposedEntity, Suggestion, SuggestionResult } from "./suggestion.type";

export const SuggestionConnection = ConnectionType("Suggestion", Suggestion, "suggestions");

@ObjectType({ simpleResolvers: true, description: "What ingesting a document proposed." })
export class IngestCounts {
  @Field(() => Int, { description: "Sentences in the document's text." })
  sentences!: number;
  @Field(() => Int, { description: "QUOTE suggestions the analysis proposed." })
  quotes!: number;
  @Field(() => Int, { description: "MENTION suggestions the analysis proposed." })
  mentions!: number;
  @Field(() => Int, { description: "CLAIM suggestions the analysis proposed." })
  claims!: number;
  @Field(() => Int, { description: "Suggestions new to this source." })
  created!: number;
  @Field(() => Int, {
    description: "Pending suggestions of an earlier ingestion of the same document whose proposal changed.",
  })
  refreshed!: number;
  @Field(() => Int, { description: "Milliseconds the analysis took." })
  analysisMs!: number;
}

@ObjectType({ simpleResolvers: true, description: "The result of ingestDocument." })
export class IngestDocumentPayload {
  @Field(() => Source, {
    nullable: true,
    description: "The stored source; its `suggestions` are what to review.",
  })
  source!: Source | null;
  @Field(() => IngestCounts, { nullable: true, description: "What the analysis proposed." })
  counts!: IngestCounts | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: "The result of acceptSuggestion." })
export class AcceptSuggestionPayload {
  @Field(() => Suggestion, { nullable: true, description: "The suggestion, with its decision and what it wrote." })
  suggestion!: Suggestion | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: "The result of rejectSuggestion." })
export class RejectSuggestionPayload {
  @Field(() => Suggestion, { nullable: true, description: "The suggestion, with its decision." })
  suggestion!: Suggestion | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." })
  userErrors!: UserError[];
}

@Resolver(() => Suggestion)
export class SuggestionResolver {
  @Query(() => SuggestionConnection, {
    description: "Suggestions from ingested documents, e.g. `filter: { status: { equals: PENDING } }`.",
  })
  suggestions(
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Suggestion) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listSuggestions(ctx, args, info);
  }

  @FieldResolver(() => Source, { description: "The source the span is in." })
  async source(@Root() suggestion: Suggestion, @Ctx() ctx: Context): Promise<Source> {
    return (await ctx.loaders.byId(SOURCE, suggestion.sourceId)) as Source;
  }

  @FieldResolver(() => [ClaimMatch], {
    description:
      "CLAIM: existing claims like the one proposed, best first, found when the document was ingested (see `similarClaims`).",
  })
  matches(@Root() suggestion: Suggestion, @Ctx() ctx: Context): ClaimMatch[] {
    const thresholds = ctx.matching ?? MATCH_THRESHOLD_DEFAULTS;
    return (suggestion.storedMatches ?? [])
      .filter((m) => m.claimId)
      .map((m) =>
        Object.assign(new ClaimMatch(), {
          claimId: m.claimId!,
          score: m.score,
          tier: m.score >= thresholds.match ? MatchTier.MATCH : MatchTier.SIMILAR,
        }),
      );
  }

  @FieldResolver(() => [EntityCandidate], {
    description: "MENTION of a new name: existing entities with a similar name or alias (a twin to avoid?).",
  })
  entityMatches(@Root() suggestion: Suggestion): EntityCandidate[] {
    return (suggestion.storedMatches ?? [])
      .filter((m) => m.entityId)
      .map((m) => Object.assign(new EntityCandidate(), { entityId: m.entityId!, score: m.score }));
  }

  @Authorized("EDITOR")
  @Mutation(() => IngestDocumentPayload, {
    description:
      "Store a document as a Source (text or HTML; found again by url, else by text) and analyse it offline into suggestions: quotes with their speakers, entity mentions and claims with their likely matches. Nothing else is written until a person accepts suggestions. Ingesting the same document again keeps decisions and refreshes pending suggestions. Large documents: POST /ingest.",
  })
  async ingestDocument(
    @Arg("input", () => IngestDocumentInput, { description: "The document and what is known about it." })
    input: IngestDocumentInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await ingestDocument(ctx, input);
    return { source: value?.source ?? null, counts: value?.counts ?? null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => AcceptSuggestionPayload, {
    description:
      "Accept a pending suggestion, optionally with edits: writes its quote, entity or claim (and stances when asked) through the normal writers, so attribution rules, revisions and roles apply.",
  })
  async acceptSuggestion(
    @Arg("input", () => AcceptSuggestionInput, { description: "The suggestion and any edits." })
    input: AcceptSuggestionInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await suggestions.accept(ctx, input);
    return { suggestion: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RejectSuggestionPayload, { description: "Reject a pending suggestion: nothing is written." })
  async rejectSuggestion(
    @Arg("input", () => RejectSuggestionInput, { description: "The suggestion and why." })
    input: RejectSuggestionInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await suggestions.reject(ctx, input);
    return { suggestion: value, userErrors };
  }
}

@Resolver(() => ProposedEntity)
export class ProposedEntityResolver {
  @FieldResolver(() => Entity, { nullable: true, description: "The existing entity matched, if any." })
  entity(@Root() proposed: ProposedEntity, @Ctx() ctx: Context): Promise<Entity | null> | null {
    return proposed.entityId ? ctx.loaders.byId(ENTITY, proposed.entityId) : null;
  }
}

@Resolver(() => EntityCandidate)
export class EntityCandidateResolver {
  @FieldResolver(() => Entity, { nullable: true, description: "The existing entity." })
  entity(@Root() candidate: EntityCandidate, @Ctx() ctx: Context): Promise<Entity | null> {
    return ctx.loaders.byId(ENTITY, candidate.entityId);
  }
}

@Resolver(() => SuggestionResult)
export class SuggestionResultResolver {
  @FieldResolver(() => Quote, { nullable: true, description: "The quote written (QUOTE and CLAIM)." })
  quote(@Root() result: SuggestionResult, @Ctx() ctx: Context): Promise<Quote | null> | null {
    return result.quoteId ? ctx.loaders.byId(QUOTE, result.quoteId) : null;
  }

  @FieldResolver(() => Claim, {
    nullable: true,
    description: "The claim written, or the existing claim the span became an appearance of (CLAIM).",
  })
  claim(@Root() result: SuggestionResult, @Ctx() ctx: Context): Promise<Claim | null> | null {
    return result.claimId ? ctx.loaders.byId(CLAIM, result.claimId) : null;
  }

  @FieldResolver(() => [Entity], {
    description: "Entities created (new speakers, a new mentioned entity) or, for a MENTION, the entity meant.",
  })
  async entities(@Root() result: SuggestionResult, @Ctx() ctx: Context): Promise<Entity[]> {
    const found = await Promise.all(result.entityIds.map((id) => ctx.loaders.byId(ENTITY, id)));
    return found.filter((e): e is Entity => e !== null);
  }

  @FieldResolver(() => [Stance], { description: "Stances recorded (CLAIM accepted with `stance`)." })
  async stances(@Root() result: SuggestionResult, @Ctx() ctx: Context): Promise<Stance[]> {
    const found = await Promise.all(result.stanceIds.map((id) => ctx.loaders.byId(STANCE, id)));
    return found.filter((s): s is Stance => s !== null);
  }
}

@Resolver(() => Source)
export class SourceSuggestionsResolver {
  @FieldResolver(() => SuggestionConnection, {
    description: "Suggestions from ingesting this source, in text order.",
  })
  suggestions(
    @Root() source: Source,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Suggestion) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return sourceSuggestions(ctx, source.uuid, args, info);
  }
}
