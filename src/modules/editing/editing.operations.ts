import type { Context } from "../../context";
import { fromGlobalId } from "../../shared/global-id";
import { RecordError } from "../../shared/errors";
import { ENTITY_RELATION, writeEntityRelation } from "../entity-relation";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { REVIEW, writeReview } from "../review";
import { reviewModel } from "../review/review.model";
import { STANCE, writeStance } from "../stance";
import { stanceModel } from "../stance/stance.model";
import { ratingFor } from "./editing.service";
import { load, quoteSelectors as quotes, recordOf, transact } from "../../shared/mutation";
import type { AddReviewInput, RecordStanceInput, RelateEntitiesInput } from "./editing.types";

/** The mutations' work, each in one transaction (see shared/mutation.ts). */
export const editing = {
  recordStance: (ctx: Context, input: RecordStanceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const holder = fromGlobalId(input.holder);
        if (!holder || (holder.type !== "Entity" && holder.type !== "Viewpoint")) {
          throw new RecordError("input/holder", "INVALID", "must be the ID of an Entity or a Viewpoint");
        }
        // The holder is one ID of either type (GraphQL inputs have no unions), found here so that a
        // problem with it names input/holder; the writer then finds it among the references it knows.
        const id = `id:${holder.id}`;
        await (holder.type === "Entity" ? w.entityId(id, "input/holder") : w.viewpointId(id, "input/holder"));
        return (
          await writeStance(
            w,
            {
              ...recordOf(stanceModel, input, ref),
              holder: holder.type === "Entity" ? { entity: id } : { viewpoint: id },
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id;
      },
      load(STANCE),
    ),

  addReview: (ctx: Context, input: AddReviewInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeReview(
            w,
            {
              ...recordOf(reviewModel, input, ref),
              normalizedRating: ratingFor(input.originalRating, input.normalizedRating),
            },
            "input",
          )
        ).id,
      load(REVIEW),
    ),

  relateEntities: (ctx: Context, input: RelateEntitiesInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeEntityRelation(
            w,
            {
              ...recordOf(entityRelationModel, input, ref),
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id,
      load(ENTITY_RELATION),
    ),
};
