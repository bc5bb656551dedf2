import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import type { Claim, ClaimRelation } from "../claim";
import type { EntityRelation } from "../entity-relation";
import type { Review } from "../review";
import type { Stance } from "../stance";
import type { Viewpoint } from "../viewpoint";
import { editing } from "./editing.operations";
import {
  AddReviewInput,
  AddReviewPayload,
  CreateClaimInput,
  CreateClaimPayload,
  CreateViewpointInput,
  CreateViewpointPayload,
  DeprecateClaimInput,
  DeprecateClaimPayload,
  LinkClaimsInput,
  LinkClaimsPayload,
  RecordStanceInput,
  RecordStancePayload,
  RelateEntitiesInput,
  RelateEntitiesPayload,
  UpdateClaimInput,
  UpdateClaimPayload,
  UpdateViewpointInput,
  UpdateViewpointPayload,
} from "./editing.types";

/** Every write: EDITOR or ADMIN keys (merges: ADMIN). Each returns its object and userErrors. */
@Resolver()
export class EditingResolver {
  @Authorized("EDITOR")
  @Mutation(() => CreateClaimPayload, {
    description: "Create a claim. The same text from the same claimants already stored is a TAKEN userError.",
  })
  async createClaim(
    @Arg("input", () => CreateClaimInput, { description: "What to write: the fields of `CreateClaimInput`." })
    input: CreateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.createClaim(ctx, input);
    return { claim: value as Claim | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateClaimPayload, { description: "Update a claim, given the version you saw." })
  async updateClaim(
    @Arg("input", () => UpdateClaimInput, { description: "What to write: the fields of `UpdateClaimInput`." })
    input: UpdateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.updateClaim(ctx, input);
    return { claim: value as Claim | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => DeprecateClaimPayload, { description: "Deprecate a claim with a reason. Claims are never deleted." })
  async deprecateClaim(
    @Arg("input", () => DeprecateClaimInput, { description: "What to write: the fields of `DeprecateClaimInput`." })
    input: DeprecateClaimInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.deprecateClaim(ctx, input);
    return { claim: value as Claim | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => CreateViewpointPayload, { description: "Create a viewpoint with its members." })
  async createViewpoint(
    @Arg("input", () => CreateViewpointInput, { description: "What to write: the fields of `CreateViewpointInput`." })
    input: CreateViewpointInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.createViewpoint(ctx, input);
    return { viewpoint: value as Viewpoint | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateViewpointPayload, { description: "Update a viewpoint, given the version you saw." })
  async updateViewpoint(
    @Arg("input", () => UpdateViewpointInput, { description: "What to write: the fields of `UpdateViewpointInput`." })
    input: UpdateViewpointInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.updateViewpoint(ctx, input);
    return { viewpoint: value as Viewpoint | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RecordStancePayload, {
    description: "Record (or change) an entity's or a viewpoint's position on a claim.",
  })
  async recordStance(
    @Arg("input", () => RecordStanceInput, { description: "What to write: the fields of `RecordStanceInput`." })
    input: RecordStanceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.recordStance(ctx, input);
    return { stance: value as Stance | null, userErrors };
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
    const { value, userErrors } = await editing.linkClaims(ctx, input);
    return { claimRelation: value as ClaimRelation | null, userErrors };
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
    const { value, userErrors } = await editing.addReview(ctx, input);
    return { review: value as Review | null, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RelateEntitiesPayload, { description: "Relate two entities (HEAD_OF, MEMBER_OF, ...)." })
  async relateEntities(
    @Arg("input", () => RelateEntitiesInput, { description: "What to write: the fields of `RelateEntitiesInput`." })
    input: RelateEntitiesInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await editing.relateEntities(ctx, input);
    return { entityRelation: value as EntityRelation | null, userErrors };
  }
}
