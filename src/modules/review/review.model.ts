import type { RecordOf } from "../../shared/model";
import { NormalizedRating } from "../../generated/prisma/enums";
import { columnsNamed, defineModel, enumOf, text, timestamp, toOne, versioned, type RowOf } from "../../shared/model";

/**
 * Review, declared once (see claim.model.ts): a reviewer's verdict on a claim, published in a source,
 * found again by those three. The review CSV shows the claim (ID and text) and the source (title and
 * URL) in columns of its own (export.csv.ts).
 */
export const reviewModel = columnsNamed(
  defineModel({
    type: "Review",
    table: "review",
    fields: {
      claim: toOne({
        target: "Claim",
        table: "claim",
        column: "claim_id",
        idField: "claimId",
        description: "The claim reviewed.",
        filter: "The claim reviewed.",
        naturalKey: true,
        csv: false,
        write: { create: "required", update: false, createDescription: "The claim." },
      }),
      reviewer: toOne({
        target: "Entity",
        table: "entity",
        column: "reviewer_id",
        idField: "reviewerId",
        description: "Who reviewed it (a fact-checking organization).",
        filter: "The reviewer.",
        naturalKey: true,
        write: { create: "required", update: false, createDescription: "The reviewer entity." },
      }),
      source: toOne({
        target: "Source",
        table: "source",
        column: "source_id",
        idField: "sourceId",
        description: "The published review (a source of kind FACT_CHECK).",
        filter: "The published review.",
        naturalKey: true,
        csv: false,
        write: { create: "required", update: false, createDescription: "The published review (a source)." },
      }),
      originalRating: text("The verdict as the reviewer published it (e.g. `Pants on Fire!`).", {
        filter: "The rating as published.",
        write: { create: "required", update: false, maxLength: 500, createDescription: "The verdict as published." },
      }),
      normalizedRating: enumOf(
        NormalizedRating,
        "NormalizedRating",
        "normalized_rating",
        "The verdict on the common scale.",
        {
          filter: "The rating on the common scale.",
          order: { value: "NORMALIZED_RATING", description: "From TRUE to UNPROVEN." },
          write: {
            create: "required",
            update: false,
            // addReview normalizes originalRating when it is left out (editing.service.ts ratingFor).
            inputOptional: true,
            createDescription:
              "The verdict on the common scale; when left out it is derived from originalRating (docs/claimreview-mapping.md).",
          },
        },
      ),
      reviewedAt: timestamp("When the review was published.", {
        filter: "When the review was published.",
        order: { value: "REVIEWED_AT", description: "By publication time; undated reviews come last." },
        jsonld: "datePublished",
        write: { create: "optional", update: false },
      }),
      ...versioned("review", { filter: [], order: ["createdAt"] }),
    },
  }),
);

export type ReviewRow = RowOf<typeof reviewModel> & { uuid: string };

/** A review record. */
export type ReviewRecord = RecordOf<typeof reviewModel>;
