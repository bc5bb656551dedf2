import type { QuoteRef } from "../../shared/write-session";
import type { RecordOf } from "../../shared/model";
import { StancePosition } from "../../generated/prisma/enums";
import { columnsNamed, defineModel, enumOf, text, timestamp, toOne, versioned, type RowOf } from "../../shared/model";

/**
 * Stance, declared once (see claim.model.ts): a holder's position on a claim, found again by its
 * holder and claim. The holder is an entity or a viewpoint, exactly one (`oneOf`; the database's
 * stance_one_holder check holds the same rule).
 */
export const stanceModel = columnsNamed(
  defineModel({
    type: "Stance",
    table: "stance",
    fields: {
      holderEntity: toOne({
        target: "Entity",
        table: "entity",
        column: "holder_entity_id",
        idField: "holderEntityId",
        group: "holder",
        bundleKey: "entity",
        description: "The holder, when it is an entity.",
        filter: "The holder, when it is an entity.",
        naturalKey: true,
        write: { create: "oneOf", update: false },
      }),
      holderViewpoint: toOne({
        target: "Viewpoint",
        table: "viewpoint",
        column: "holder_viewpoint_id",
        idField: "holderViewpointId",
        group: "holder",
        bundleKey: "viewpoint",
        description: "The holder, when it is a viewpoint.",
        filter: "The holder, when it is a viewpoint.",
        naturalKey: true,
        write: { create: "oneOf", update: false },
      }),
      claim: toOne({
        target: "Claim",
        table: "claim",
        column: "claim_id",
        idField: "claimId",
        description: "The claim the stance is on.",
        filter: "The claim the stance is on.",
        naturalKey: true,
        // The stance CSV shows the claim's ID and text (export.csv.ts).
        csv: false,
        write: { create: "required", update: false, createDescription: "The claim." },
      }),
      position: enumOf(StancePosition, "StancePosition", "stance_position", "The holder's position on the claim.", {
        filter: "The position taken.",
        order: { value: "POSITION", description: "By position: SUPPORTS, OPPOSES, QUALIFIES, NEUTRAL." },
        write: { create: "required", update: false, createDescription: "The position." },
      }),
      note: text("A short explanation of the stance, if any.", {
        nullable: true,
        filter: "The stance's note.",
        write: { create: "optional", update: false, maxLength: 5000, createDescription: "Why, briefly." },
      }),
      // Set by retractStance only (a correction, with its reason); lists leave a retracted stance out
      // unless asked with `includeRetracted: true`.
      retractedAt: timestamp("When the stance was retracted (`retractStance`); null while it stands.", {
        exported: false,
      }),
      retractionReason: text("Why the stance was retracted; null while it stands.", {
        nullable: true,
        exported: false,
      }),
      ...versioned("stance", { filter: ["createdAt"], order: ["createdAt"] }),
    },
  }),
);

export type StanceRow = RowOf<typeof stanceModel> & { uuid: string };

/** A stance record (its holder: exactly one of an entity and a viewpoint), with its evidence. */
export type StanceRecord = RecordOf<typeof stanceModel> & { evidence?: QuoteRef[] };
