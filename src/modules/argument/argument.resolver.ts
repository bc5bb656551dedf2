import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../context";
import { Claim, ClaimConnection, ClaimRelationKind } from "../claim";
import { LIST_ARGS, type ListArgsShape } from "../filter";
import { argumentGraph, compareViewpoints, contestedClaims, MAX_DEPTH, MAX_NODES } from "./argument.service";
import { ArgumentGraph, ViewpointComparison } from "./argument.type";

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
