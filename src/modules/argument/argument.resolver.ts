import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType } from "../../shared/connection-types";
import { CLAIM, Claim, ClaimConnection, ClaimRelationKind } from "../claim";
import { LIST_ARGS, type ListArgsShape } from "../filter";
import { STANCE, Stance } from "../stance";
import {
  argumentGraph,
  compareViewpoints,
  comparedClaims,
  comparisonPage,
  contestedClaims,
  MAX_DEPTH,
  MAX_NODES,
} from "./argument.service";
import { ArgumentGraph, ComparedClaim, type ComparisonCategory, ViewpointComparison } from "./argument.type";

export const ComparedClaimConnection = ConnectionType(
  "ComparedClaim",
  ComparedClaim,
  "claims two viewpoints are compared on, each with both stances",
);

@Resolver(() => Claim)
export class ArgumentResolver {
  @FieldResolver(() => ArgumentGraph, {
    description: `The claims linked to this one (in either direction) up to \`depth\` links away, and the links between them; at most ${MAX_NODES} claims.`,
  })
  argumentGraph(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Arg("depth", () => Int, { defaultValue: 2, description: `How many links to follow (0..${MAX_DEPTH}).` })
    depth: number,
    @Arg("kinds", () => [ClaimRelationKind], {
      nullable: true,
      description: "Follow only these kinds of link; default all.",
    })
    kinds?: ClaimRelationKind[],
  ): Promise<ArgumentGraph> {
    return argumentGraph(ctx, claim, depth, kinds);
  }

  @Query(() => ClaimConnection, {
    description:
      "Claims in dispute: someone SUPPORTS and someone OPPOSES them, or a claim ATTACKS or CONTRADICTS them (or they attack another). Takes the same filter, search and ordering as `claims`.",
  })
  contestedClaims(
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return contestedClaims(ctx, args, info);
  }

  @Query(() => ViewpointComparison, {
    description:
      "Compares two viewpoints' stances: the claims they agree on, disagree on, differ on, and address alone, each with both stances and their evidence.",
  })
  compareViewpoints(
    @Ctx() ctx: Context,
    @Arg("a", () => ID, { description: "The first viewpoint: global ID or slug." }) a: string,
    @Arg("b", () => ID, { description: "The second viewpoint: global ID or slug." }) b: string,
  ): Promise<ViewpointComparison> {
    return compareViewpoints(ctx, a, b);
  }
}

@Resolver(() => ComparedClaim)
export class ComparedClaimResolver {
  @FieldResolver(() => Claim, { description: "The claim." })
  async claim(@Root() item: ComparedClaim, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, item.claimId)) as Claim;
  }

  @FieldResolver(() => Stance, { nullable: true, description: "Viewpoint A's stance, if it takes one." })
  stanceA(@Root() item: ComparedClaim, @Ctx() ctx: Context): Promise<Stance | null> {
    return ctx.loaders.byId(STANCE, item.stanceAId);
  }

  @FieldResolver(() => Stance, { nullable: true, description: "Viewpoint B's stance, if it takes one." })
  stanceB(@Root() item: ComparedClaim, @Ctx() ctx: Context): Promise<Stance | null> {
    return ctx.loaders.byId(STANCE, item.stanceBId);
  }
}

const LISTS: Record<ComparisonCategory, string> = {
  agreements: "Claims both take the same position on",
  disagreements: "Claims one SUPPORTS and the other OPPOSES",
  differences:
    "Claims both address with different positions that are not a flat contradiction (e.g. QUALIFIES vs SUPPORTS)",
  onlyA: "Claims only viewpoint A takes a stance on",
  onlyB: "Claims only viewpoint B takes a stance on",
};

const plain = (category: ComparisonCategory) => ({
  description: `${LISTS[category]}, in the order the claims were recorded. Unpaged.`,
  deprecationReason: `Use \`${category}Connection\`, the same claims paged (first/after, totalCount, filter).`,
});

const paged = (category: ComparisonCategory) => ({
  description: `${LISTS[category]}: a connection, in the order the claims were recorded unless \`orderBy\` says otherwise; \`filter\` and \`search\` apply to the claims.`,
});

/** The lists of a comparison: each a connection, and its deprecated plain list. */
@Resolver(() => ViewpointComparison)
export class ViewpointComparisonResolver {
  @FieldResolver(() => [ComparedClaim], plain("agreements"))
  agreements(@Root() cmp: ViewpointComparison, @Ctx() ctx: Context) {
    return comparedClaims(ctx, cmp, "agreements");
  }

  @FieldResolver(() => [ComparedClaim], plain("disagreements"))
  disagreements(@Root() cmp: ViewpointComparison, @Ctx() ctx: Context) {
    return comparedClaims(ctx, cmp, "disagreements");
  }

  @FieldResolver(() => [ComparedClaim], plain("differences"))
  differences(@Root() cmp: ViewpointComparison, @Ctx() ctx: Context) {
    return comparedClaims(ctx, cmp, "differences");
  }

  @FieldResolver(() => [ComparedClaim], plain("onlyA"))
  onlyA(@Root() cmp: ViewpointComparison, @Ctx() ctx: Context) {
    return comparedClaims(ctx, cmp, "onlyA");
  }

  @FieldResolver(() => [ComparedClaim], plain("onlyB"))
  onlyB(@Root() cmp: ViewpointComparison, @Ctx() ctx: Context) {
    return comparedClaims(ctx, cmp, "onlyB");
  }

  @FieldResolver(() => ComparedClaimConnection, paged("agreements"))
  agreementsConnection(
    @Root() cmp: ViewpointComparison,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return comparisonPage(ctx, cmp, "agreements", args, info);
  }

  @FieldResolver(() => ComparedClaimConnection, paged("disagreements"))
  disagreementsConnection(
    @Root() cmp: ViewpointComparison,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return comparisonPage(ctx, cmp, "disagreements", args, info);
  }

  @FieldResolver(() => ComparedClaimConnection, paged("differences"))
  differencesConnection(
    @Root() cmp: ViewpointComparison,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return comparisonPage(ctx, cmp, "differences", args, info);
  }

  @FieldResolver(() => ComparedClaimConnection, paged("onlyA"))
  onlyAConnection(
    @Root() cmp: ViewpointComparison,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return comparisonPage(ctx, cmp, "onlyA", args, info);
  }

  @FieldResolver(() => ComparedClaimConnection, paged("onlyB"))
  onlyBConnection(
    @Root() cmp: ViewpointComparison,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Claim) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return comparisonPage(ctx, cmp, "onlyB", args, info);
  }
}
