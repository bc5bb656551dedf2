import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { FILTERS, type FilterShape } from "../filter";
import { CLAIM_FACETS, SOURCE_FACETS, claimFacetWhere, facet, sourceFacetWhere } from "./facets.service";
import { ClaimFacets, FacetBucket, SourceFacets } from "./facets.type";

const LIMIT = {
  defaultValue: 100,
  description: "At most this many buckets (1..500), largest first (months: in calendar order).",
};

@Resolver(() => ClaimFacets)
export class ClaimFacetsResolver {
  @Query(() => ClaimFacets, {
    description:
      "Grouped counts over the claims that `claims(filter:, search:)` with the same arguments lists: pass the same variables to both to draw a chart in one request.",
  })
  claimFacets(
    @Arg("filter", () => FILTERS.Claim, { nullable: true, description: "Only claims matching this filter." })
    filter?: FilterShape,
    @Arg("search", () => String, { nullable: true, description: "Only claims matching this full-text search." })
    search?: string,
  ): ClaimFacets {
    return new ClaimFacets(claimFacetWhere(filter, search));
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byKind!.description })
  byKind(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byKind!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byRank!.description })
  byRank(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byRank!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byMonth!.description })
  byMonth(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byMonth!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byRating!.description })
  byRating(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byRating!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byClaimant!.description })
  byClaimant(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byClaimant!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byViewpoint!.description })
  byViewpoint(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byViewpoint!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byStancePosition!.description })
  byStancePosition(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byStancePosition!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: CLAIM_FACETS.byPublisher!.description })
  byPublisher(@Root() root: ClaimFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, CLAIM_FACETS.byPublisher!, root.where, limit);
  }
}

@Resolver(() => SourceFacets)
export class SourceFacetsResolver {
  @Query(() => SourceFacets, {
    description: "Grouped counts over the sources that `sources(filter:, search:)` with the same arguments lists.",
  })
  sourceFacets(
    @Arg("filter", () => FILTERS.Source, { nullable: true, description: "Only sources matching this filter." })
    filter?: FilterShape,
    @Arg("search", () => String, { nullable: true, description: "Only sources matching this full-text search." })
    search?: string,
  ): SourceFacets {
    return new SourceFacets(sourceFacetWhere(filter, search));
  }

  @FieldResolver(() => [FacetBucket], { description: SOURCE_FACETS.byKind!.description })
  byKind(@Root() root: SourceFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, SOURCE_FACETS.byKind!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: SOURCE_FACETS.byMonth!.description })
  byMonth(@Root() root: SourceFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, SOURCE_FACETS.byMonth!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: SOURCE_FACETS.byLanguage!.description })
  byLanguage(@Root() root: SourceFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, SOURCE_FACETS.byLanguage!, root.where, limit);
  }

  @FieldResolver(() => [FacetBucket], { description: SOURCE_FACETS.byPublisher!.description })
  byPublisher(@Root() root: SourceFacets, @Ctx() ctx: Context, @Arg("limit", () => Int, LIMIT) limit: number) {
    return facet(ctx, SOURCE_FACETS.byPublisher!, root.where, limit);
  }
}

@Resolver(() => FacetBucket)
export class FacetBucketResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "For entity and viewpoint facets, the object's global ID (same as `key`); null otherwise.",
  })
  nodeId(@Root() bucket: FacetBucket): string | null {
    return bucket.nodeType ? bucket.key : null;
  }
}
