import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType } from "../../shared/connection-types";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { CLAIM, Claim } from "../claim";
import { ENTITY, Entity } from "../entity";
import { SOURCE, Source } from "../source";
import { AddReviewInput } from "./review.inputs";
import { reviewModel } from "./review.model";
import { CLAIM_REVIEWS, ENTITY_REVIEWS, SOURCE_REVIEWS, reviews } from "./review.service";
import { AddReviewPayload, Review } from "./review.type";

export const ReviewConnection = ConnectionType("Review", Review, "reviews");

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => Claim, { description: reviewModel.fields.claim.description })
  async claim(@Root() review: Review, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, review.claimId)) as Claim;
  }

  @FieldResolver(() => Entity, { description: reviewModel.fields.reviewer.description })
  async reviewer(@Root() review: Review, @Ctx() ctx: Context): Promise<Entity> {
    return (await ctx.loaders.byId(ENTITY, review.reviewerId)) as Entity;
  }

  @FieldResolver(() => Source, { description: reviewModel.fields.source.description })
  async source(@Root() review: Review, @Ctx() ctx: Context): Promise<Source> {
    return (await ctx.loaders.byId(SOURCE, review.sourceId)) as Source;
  }

  @Authorized("EDITOR")
  @Mutation(() => AddReviewPayload, {
    description: "Record a fact-checker's verdict on a claim (one per claim, reviewer and review source).",
  })
  async addReview(
    @Arg("input", () => AddReviewInput, { description: "What to write: the fields of `AddReviewInput`." })
    input: AddReviewInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await reviews.add(ctx, input);
    return { review: value, userErrors };
  }
}

@Resolver(() => Claim)
export class ClaimReviewsResolver {
  @FieldResolver(() => ReviewConnection, { description: "Fact-checkers' verdicts on this claim." })
  reviews(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Review) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, CLAIM_REVIEWS, "Review", args, claim.uuid, info);
  }
}

@Resolver(() => Entity)
export class EntityReviewsResolver {
  @FieldResolver(() => ReviewConnection, { description: "Reviews this entity published as a fact-checker." })
  reviews(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Review) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_REVIEWS, "Review", args, entity.uuid, info);
  }
}

@Resolver(() => Source)
export class SourceReviewsResolver {
  @FieldResolver(() => ReviewConnection, { description: "Reviews published in this source." })
  reviews(
    @Root() source: Source,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Review) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, SOURCE_REVIEWS, "Review", args, source.uuid, info);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Claim", "reviews", CLAIM_REVIEWS, "Review");
prefetchList("Entity", "reviews", ENTITY_REVIEWS, "Review");
prefetchList("Source", "reviews", SOURCE_REVIEWS, "Review");
