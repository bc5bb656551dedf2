import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { referenceAsOf, requireAnswerableAsOf } from "../../shared/as-of";
import { ConnectionType } from "../../shared/connection-types";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { ENTITY, Entity, MergeEntitiesPayload } from "../entity";
import { Quote, QuoteConnection, RetractedEvidence } from "../source";
import {
  CLAIM,
  CLAIM_APPEARANCES,
  CLAIM_APPEARANCES_PAGE,
  CLAIM_CLAIMANTS,
  CLAIM_RELATION_EVIDENCE,
  CLAIM_RELATION_RETRACTED_EVIDENCE,
  CLAIM_RETRACTED_APPEARANCES,
  CLAIM_RELATIONS_IN,
  CLAIM_RELATIONS_OUT,
  CLAIM_SUBJECTS,
  ENTITY_CLAIMS_ABOUT,
  ENTITY_CLAIMS_MADE,
  QUOTE_CLAIMS,
  claimCoverage,
  claims,
  findClaim,
  listClaims,
} from "./claim.service";
import {
  CreateClaimInput,
  DeprecateClaimInput,
  LinkClaimsInput,
  MergeClaimsInput,
  RestoreClaimInput,
  RetractClaimRelationInput,
  UpdateClaimInput,
} from "./claim.inputs";
import {
  Claim,
  ClaimCoverage,
  ClaimQualifiers,
  ClaimRelation,
  CreateClaimPayload,
  DeprecateClaimPayload,
  MergeClaimsPayload,
  LinkClaimsPayload,
  qualifiersOf,
  RestoreClaimPayload,
  RetractClaimRelationPayload,
  UpdateClaimPayload,
} from "./claim.type";

export const ClaimConnection = ConnectionType("Claim", Claim, "claims");
export const ClaimRelationConnection = ConnectionType("ClaimRelation", ClaimRelation, "links between claims");

@Resolver(() => Claim)
export class ClaimResolver {
  @Query(() => Claim, { nullable: true, description: "A claim by global ID." })
  claim(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("id", () => ID, { description: "Global ID." }) id: string,
    @Arg("asOf", () => Date, { nullable: true, description: "The claim as it was at this time (from its history)." })
    asOf?: Date,
  ): Promise<Claim | null> {
    requireAnswerableAsOf(info, asOf);
    return findClaim(ctx, id, asOf, info);
  }

  @Query(() => ClaimConnection, { description: "Claims: filtered, searched and ordered as asked." })
  claims(@Ctx() ctx: Context, @Args(() => LIST_ARGS.Claim) args: ListArgsShape, @Info() info: GraphQLResolveInfo) {
    return listClaims(ctx, args, info);
  }

  @FieldResolver(() => [Entity], { description: "Who asserts the claim." })
  claimants(@Root() claim: Claim, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Entity[] | Promise<Entity[]> {
    return ctx.loaders.childList(CLAIM_CLAIMANTS, claim.uuid, info);
  }

  @FieldResolver(() => [Entity], { description: "What the claim is about." })
  subjects(@Root() claim: Claim, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Entity[] | Promise<Entity[]> {
    return ctx.loaders.childList(CLAIM_SUBJECTS, claim.uuid, info);
  }

  @FieldResolver(() => ClaimCoverage, {
    description:
      "How widely the claim is carried: distinct sources it appears in, their publishers, and viewpoints with a stance on it (now, also under `asOf`). Order claims by it with COVERAGE_SOURCES, COVERAGE_PUBLISHERS or COVERAGE_VIEWPOINTS.",
  })
  coverage(@Root() claim: Claim, @Ctx() ctx: Context): ClaimCoverage | Promise<ClaimCoverage> {
    return claimCoverage(ctx, claim.uuid);
  }

  @FieldResolver(() => ClaimQualifiers, { description: "Place, time and condition the claim is asserted under." })
  qualifiers(@Root() claim: Claim): ClaimQualifiers {
    return qualifiersOf(claim);
  }

  @FieldResolver(() => [Quote], {
    description: "Where the claim appears: verbatim quotes, each pointing into its source's text. Unpaged.",
    deprecationReason: "Use `appearancesConnection`, the same quotes paged (first/after, totalCount, filter).",
  })
  appearances(@Root() claim: Claim, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Quote[] | Promise<Quote[]> {
    return ctx.loaders.childList(CLAIM_APPEARANCES, claim.uuid, info);
  }

  @FieldResolver(() => [RetractedEvidence], {
    description:
      "Quotes retracted as appearances of the claim (`retractEvidence`), with the reason, in the order retracted; no other list shows them.",
  })
  retractedEvidence(@Root() claim: Claim, @Ctx() ctx: Context): RetractedEvidence[] | Promise<RetractedEvidence[]> {
    return ctx.loaders.childList(CLAIM_RETRACTED_APPEARANCES, claim.uuid);
  }

  @FieldResolver(() => QuoteConnection, {
    description:
      "Where the claim appears: verbatim quotes, each pointing into its source's text, in the order they were recorded; a connection (replaces the unpaged `appearances`).",
  })
  appearancesConnection(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Quote) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, CLAIM_APPEARANCES_PAGE, "Quote", args, claim.uuid, info);
  }

  @FieldResolver(() => ClaimRelationConnection, {
    description: "Links from this claim to others (it SUPPORTS, ATTACKS...).",
  })
  relationsOut(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.ClaimRelation) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, CLAIM_RELATIONS_OUT, "ClaimRelation", args, claim.uuid, info);
  }

  @FieldResolver(() => ClaimRelationConnection, { description: "Links from other claims to this one." })
  relationsIn(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.ClaimRelation) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, CLAIM_RELATIONS_IN, "ClaimRelation", args, claim.uuid, info);
  }

  @Authorized("EDITOR")
  @Mutation(() => CreateClaimPayload, {
    description: "Create a claim. The same text from the same claimants already stored is a TAKEN userError.",
  })
  async createClaim(
    @Arg("input", () => CreateClaimInput, { description: "What to write: the fields of `CreateClaimInput`." })
    input: CreateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.create(ctx, input);
    return { claim: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateClaimPayload, { description: "Update a claim, given the version you saw." })
  async updateClaim(
    @Arg("input", () => UpdateClaimInput, { description: "What to write: the fields of `UpdateClaimInput`." })
    input: UpdateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.update(ctx, input);
    return { claim: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => DeprecateClaimPayload, { description: "Deprecate a claim with a reason. Claims are never deleted." })
  async deprecateClaim(
    @Arg("input", () => DeprecateClaimInput, { description: "What to write: the fields of `DeprecateClaimInput`." })
    input: DeprecateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.deprecate(ctx, input);
    return { claim: value, userErrors };
  }

  @Authorized("ADMIN")
  @Mutation(() => MergeClaimsPayload, {
    description:
      "Merge duplicate claims (e.g. the `duplicateClaims` of mergeEntities, or MATCH-tier `similarClaims`) into one; the merged claims stay, deprecated, with their history. Needs the ADMIN role, as mergeEntities does.",
  })
  async mergeClaims(
    @Arg("input", () => MergeClaimsInput, { description: "The survivor and the duplicates." })
    input: MergeClaimsInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.merge(ctx, input);
    return { claim: value, userErrors };
  }

  @FieldResolver(() => Claim, {
    nullable: true,
    description: "The claim this one was merged into (mergeClaims); null unless merged.",
  })
  mergedInto(@Root() claim: Claim, @Ctx() ctx: Context): Promise<Claim | null> | null {
    return claim.mergedIntoId ? ctx.loaders.byId(CLAIM, claim.mergedIntoId) : null;
  }

  @Authorized("EDITOR")
  @Mutation(() => LinkClaimsPayload, {
    description: "Link two claims (SUPPORTS, ATTACKS, ...). Linking them again adds evidence only.",
  })
  async linkClaims(
    @Arg("input", () => LinkClaimsInput, { description: "What to write: the fields of `LinkClaimsInput`." })
    input: LinkClaimsInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.link(ctx, input);
    return { claimRelation: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RestoreClaimPayload, {
    description:
      "Restore a DEPRECATED claim to NORMAL rank (un-deprecate), with a reason; its history keeps the deprecation and a RESTORE revision.",
  })
  async restoreClaim(
    @Arg("input", () => RestoreClaimInput, { description: "The claim, the version you saw and the reason." })
    input: RestoreClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.restore(ctx, input);
    return { claim: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RetractClaimRelationPayload, {
    description:
      "Retract a link between claims recorded in error, with a reason: it is kept (with `retractedAt`, `retractionReason` and a RETRACT revision in `history`) but left out of lists, argument maps and conflicts unless `includeRetracted: true`. Linking the claims again reinstates it.",
  })
  async retractClaimRelation(
    @Arg("input", () => RetractClaimRelationInput, { description: "The link and the reason." })
    input: RetractClaimRelationInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await claims.retractRelation(ctx, input);
    return { claimRelation: value, userErrors };
  }
}

@Resolver(() => ClaimQualifiers)
export class ClaimQualifiersResolver {
  @FieldResolver(() => Entity, { nullable: true, description: "The place the claim is asserted about." })
  place(@Root() qualifiers: ClaimQualifiers, @Ctx() ctx: Context): Promise<Entity | null> {
    return referenceAsOf(ctx.loaders, qualifiers, ENTITY, qualifiers.placeId);
  }
}

@Resolver(() => ClaimRelation)
export class ClaimRelationResolver {
  @FieldResolver(() => Claim, { description: "The claim the link starts from." })
  async from(@Root() relation: ClaimRelation, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, relation.fromId)) as Claim;
  }

  @FieldResolver(() => Claim, { description: "The claim the link points to." })
  async to(@Root() relation: ClaimRelation, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, relation.toId)) as Claim;
  }

  @FieldResolver(() => [Quote], { description: "Quotes that make or attest the link." })
  evidence(
    @Root() relation: ClaimRelation,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Quote[] | Promise<Quote[]> {
    return ctx.loaders.childList(CLAIM_RELATION_EVIDENCE, relation.uuid, info);
  }

  @FieldResolver(() => [RetractedEvidence], {
    description:
      "Quotes retracted as evidence for the link (`retractEvidence`), with the reason, in the order retracted.",
  })
  retractedEvidence(
    @Root() relation: ClaimRelation,
    @Ctx() ctx: Context,
  ): RetractedEvidence[] | Promise<RetractedEvidence[]> {
    return ctx.loaders.childList(CLAIM_RELATION_RETRACTED_EVIDENCE, relation.uuid);
  }
}

@Resolver(() => Entity)
export class EntityClaimsResolver {
  @FieldResolver(() => ClaimConnection, { description: "Claims this entity asserts." })
  claimsMade(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_CLAIMS_MADE, "Claim", args, entity.uuid, info);
  }

  @FieldResolver(() => ClaimConnection, { description: "Claims about this entity." })
  claimsAbout(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_CLAIMS_ABOUT, "Claim", args, entity.uuid, info);
  }
}

@Resolver(() => Quote)
export class QuoteClaimsResolver {
  @FieldResolver(() => [Claim], { description: "Claims this quote is an appearance of." })
  claims(@Root() quote: Quote, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Claim[] | Promise<Claim[]> {
    return ctx.loaders.childList(QUOTE_CLAIMS, quote.uuid, info);
  }
}

@Resolver(() => MergeEntitiesPayload)
export class MergeEntitiesClaimsResolver {
  @FieldResolver(() => [Claim], {
    description:
      "Claims the merge brought together: the same text, now with the same claimants (so the same natural key), in groups, oldest first. They are reported, not merged, unless `mergeDuplicateClaims` was given: then each group was merged into its first claim (the others show `mergedInto`).",
  })
  async duplicateClaims(@Root() payload: MergeEntitiesPayload, @Ctx() ctx: Context): Promise<Claim[]> {
    const claims = await Promise.all(payload.duplicateClaimIds.map((id) => ctx.loaders.byId(CLAIM, id)));
    return claims.filter((claim): claim is Claim => claim !== null);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Claim", "appearancesConnection", CLAIM_APPEARANCES_PAGE, "Quote");
prefetchList("Claim", "relationsOut", CLAIM_RELATIONS_OUT, "ClaimRelation");
prefetchList("Claim", "relationsIn", CLAIM_RELATIONS_IN, "ClaimRelation");
prefetchList("Entity", "claimsMade", ENTITY_CLAIMS_MADE, "Claim");
prefetchList("Entity", "claimsAbout", ENTITY_CLAIMS_ABOUT, "Claim");
