import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import type { EntityRelation } from "../entity-relation";
import type { Review } from "../review";
import type { Stance } from "../stance";
import { editing } from "./editing.operations";
import {
  AddReviewInput,
  AddReviewPayload,
  RecordStanceInput,
  RecordStancePayload,
  RelateEntitiesInput,
  RelateEntitiesPayload,
} from "./editing.types";

/** Every write: EDITOR or ADMIN keys (merges: ADMIN). Each returns its object and userErrors. */
@Resolver()
export class EditingResolver {
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
