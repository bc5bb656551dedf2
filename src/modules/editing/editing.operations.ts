import type { Context } from "../../context";
import { fromGlobalId } from "../../shared/global-id";
import { RecordError } from "../../shared/errors";
import { CLAIM, CLAIM_RELATION, deprecateClaim, writeClaim, writeClaimRelation } from "../claim";
import { claimModel } from "../claim/claim.model";
import { ENTITY_RELATION, writeEntityRelation } from "../entity-relation";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { REVIEW, writeReview } from "../review";
import { reviewModel } from "../review/review.model";
import { STANCE, writeStance } from "../stance";
import { stanceModel } from "../stance/stance.model";
import { VIEWPOINT, writeViewpoint } from "../viewpoint";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { ratingFor } from "./editing.service";
import {
  groupsOf,
  load,
  quoteSelectors as quotes,
  recordOf,
  required,
  transact,
  uuidOf,
  withCurrent,
} from "../../shared/mutation";
import type {
  AddReviewInput,
  CreateClaimInput,
  CreateViewpointInput,
  DeprecateClaimInput,
  LinkClaimsInput,
  RecordStanceInput,
  RelateEntitiesInput,
  UpdateClaimInput,
  UpdateViewpointInput,
} from "./editing.types";

/** Groups a claim record nests fields under (`qualifiers`) that claim inputs carry flat. */
const CLAIM_GROUPS = { flatGroups: groupsOf(claimModel) };

/** The mutations' work, each in one transaction (see shared/mutation.ts). */
export const editing = {
  createClaim: (ctx: Context, input: CreateClaimInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeClaim(
            w,
            {
              ...recordOf(claimModel, input, ref),
              appearances: quotes(input.appearances, ref, "input/appearances"),
            },
            "input",
            { mode: "create" },
          )
        ).id,
      load(CLAIM),
      CLAIM_GROUPS,
    ),

  updateClaim: (ctx: Context, input: UpdateClaimInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        const cur = await required(tx, CLAIM, id, "Claim");
        if (input.rank === "DEPRECATED")
          throw new RecordError("input/rank", "INVALID", "use deprecateClaim, which records a reason");
        const record = recordOf(claimModel, input, ref);
        // The text and kind are part of what the writer checks on every write; left out, they stay.
        return (
          await writeClaim(w, { ...record, text: input.text ?? cur.text, kind: input.kind ?? cur.kind }, "input", {
            mode: "update",
            id,
            version: input.version,
          })
        ).id;
      },
      load(CLAIM),
      CLAIM_GROUPS,
    ),

  deprecateClaim: (ctx: Context, input: DeprecateClaimInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        await deprecateClaim(w, id, input.version, input.reason, "input");
        return id;
      },
      load(CLAIM),
    ),

  createViewpoint: (ctx: Context, input: CreateViewpointInput) =>
    transact(
      ctx,
      async (w, ref) => (await writeViewpoint(w, recordOf(viewpointModel, input, ref), "input", { mode: "create" })).id,
      load(VIEWPOINT),
    ),

  updateViewpoint: (ctx: Context, input: UpdateViewpointInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Viewpoint", "input/id");
        const cur = await required(tx, VIEWPOINT, id, "Viewpoint");
        const record = withCurrent(viewpointModel, recordOf(viewpointModel, input, ref), cur);
        return (await writeViewpoint(w, record, "input", { mode: "update", id, version: input.version })).id;
      },
      load(VIEWPOINT),
    ),

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

  linkClaims: (ctx: Context, input: LinkClaimsInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeClaimRelation(
            w,
            {
              from: ref(input.from, ["Claim"], "input/from")!,
              to: ref(input.to, ["Claim"], "input/to")!,
              kind: input.kind,
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id,
      load(CLAIM_RELATION),
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
