import type { QuoteRef } from "../../shared/write-session";
import type { RecordOf } from "../../shared/model";
import { ClaimKind, ClaimRank, type ClaimRelationKind } from "../../generated/prisma/enums";
import {
  columnsNamed,
  date,
  defineModel,
  enumOf,
  languageTag,
  many,
  text,
  timestamp,
  toOne,
  versioned,
  type RowOf,
} from "../../shared/model";

/**
 * Claim, declared once: the read spec, GraphQL fields, mutation inputs, filters, orderings, the
 * writer's field map, the bundle schema and the export columns are derived from this (shared/model.ts).
 * Field order is the order exports list them.
 */
export const claimModel = columnsNamed(
  defineModel({
    type: "Claim",
    table: "claim",
    fields: {
      text: text("The proposition, as a standalone sentence.", {
        filter: "The claim's text.",
        order: { value: "TEXT", description: "By text." },
        naturalKey: true,
        write: { create: "required", update: true, maxLength: 10_000, updateDescription: "New text." },
      }),
      kind: enumOf(ClaimKind, "ClaimKind", "claim_kind", "What sort of proposition this is.", {
        filter: "The claim's kind.",
        order: { value: "KIND", description: "By kind (in the order the kinds are declared)." },
        facet: { name: "byKind", description: "Claims per kind." },
        jsonld: "genre",
        write: {
          create: "required",
          update: true,
          createDescription: "What sort of proposition.",
          updateDescription: "New kind.",
        },
      }),
      rank: enumOf(
        ClaimRank,
        "ClaimRank",
        "claim_rank",
        "How to weigh this claim; DEPRECATED claims are kept, never deleted.",
        {
          filter: "The claim's rank.",
          order: { value: "RANK", description: "By rank: PREFERRED, NORMAL, DEPRECATED." },
          facet: { name: "byRank", description: "Claims per rank." },
          jsonld: "creativeWorkStatus",
          write: {
            create: "optional",
            update: true,
            insertDefault: "NORMAL",
            createDescription: "PREFERRED or NORMAL (use deprecateClaim to deprecate).",
            updateDescription: "PREFERRED or NORMAL.",
          },
        },
      ),
      deprecationReason: text("Why the claim is DEPRECATED; null otherwise.", {
        nullable: true,
        write: { create: false, update: false, import: true, maxLength: 2000 },
      }),
      statedAt: timestamp("When the claimants asserted it, if known.", {
        filter: "When the claim was made.",
        order: { value: "STATED_AT", description: "By when the claim was made; claims without a date come last." },
        facet: { name: "byMonth", description: "Claims per month they were made (UTC); `undated` for the rest." },
        jsonld: "datePublished",
        write: {
          create: "optional",
          update: true,
          createDescription: "When it was asserted.",
          updateDescription: "New statedAt.",
        },
      }),
      claimants: many({
        target: "Entity",
        table: "entity",
        through: "claim_claimant",
        ownerColumn: "claim_id",
        targetColumn: "entity_id",
        ordered: true,
        description: "Who asserts the claim.",
        filter: "Who asserts the claim.",
        facet: { name: "byClaimant", description: "Claims per claimant, most prolific first." },
        write: {
          create: "required",
          update: true,
          createDescription: "Who asserts it (at least one entity).",
          updateDescription: "New claimants (replaces them).",
        },
      }),
      subjects: many({
        target: "Entity",
        table: "entity",
        through: "claim_subject",
        ownerColumn: "claim_id",
        targetColumn: "entity_id",
        ordered: true,
        description: "What the claim is about.",
        filter: "What the claim is about.",
        write: {
          create: "optional",
          update: true,
          createDescription: "What it is about.",
          updateDescription: "New subjects (replaces them).",
        },
      }),
      place: toOne({
        target: "Entity",
        table: "entity",
        column: "place_id",
        idField: "placeId",
        group: "qualifiers",
        description: "The place the claim is asserted about.",
        filter: "The place qualifier.",
        write: {
          create: "optional",
          update: true,
          createDescription: "Place qualifier (an entity).",
          updateDescription: "New place qualifier.",
        },
      }),
      condition: text("A condition the claim is asserted under, in words.", {
        nullable: true,
        group: "qualifiers",
        filter: "The condition qualifier.",
        write: {
          create: "optional",
          update: true,
          maxLength: 2000,
          createDescription: "Condition qualifier.",
          updateDescription: "New condition qualifier.",
        },
      }),
      validFrom: date("First day the claim is asserted to hold.", {
        group: "qualifiers",
        filter: "The validFrom qualifier.",
        write: {
          create: "optional",
          update: true,
          createDescription: "validFrom qualifier.",
          updateDescription: "New validFrom qualifier.",
        },
      }),
      validTo: date("Last day the claim is asserted to hold.", {
        group: "qualifiers",
        filter: "The validTo qualifier.",
        write: {
          create: "optional",
          update: true,
          createDescription: "validTo qualifier.",
          updateDescription: "New validTo qualifier.",
        },
      }),
      language: languageTag(
        "The language the claim is stated in: a BCP 47 tag such as `en` or `es-MX`, stored canonical; null when not recorded.",
        {
          filter: "The claim's language tag, as stored (canonical: `es-MX`, not `es-mx`).",
          order: {
            value: "LANGUAGE",
            description: "By language tag; claims without one come last in ascending order.",
          },
          jsonld: "inLanguage",
          write: {
            create: "optional",
            update: true,
            createDescription: "The language it is stated in (BCP 47, e.g. `en`, `es-MX`).",
            updateDescription: "New language tag (BCP 47).",
          },
        },
      ),
      ...versioned("claim"),
    },
  }),
);

export type ClaimRow = RowOf<typeof claimModel> & { uuid: string };

/**
 * A claim record: a bundle line (validated against the bundle schema), or a mutation's input as a
 * record. (An update's record is cast to it: it may leave the claimants out, which then stay, and
 * send null for a field that takes none, which scalarValues and manyValues refuse.)
 */
export type ClaimRecord = RecordOf<typeof claimModel> & {
  /** A handle later records of the same bundle use. */
  ref?: string;
  appearances?: QuoteRef[];
};

/** An argument link between two claims, by claim reference, with its evidence. */
export interface ClaimRelationRecord {
  from: string;
  to: string;
  kind: ClaimRelationKind;
  evidence?: QuoteRef[];
}

/**
 * A claim's coverage (`Claim.coverage`, and the COVERAGE_* orderings): how many distinct sources it
 * appears in, how many publishers those have, and how many viewpoints take a stance on it (retracted
 * stances do not count). Correlated counts over claim alias `a`: one expression each, so the field and
 * the orderings count alike, and each stays inside the one statement that reads a page.
 */
export const CLAIM_COVERAGE = {
  sources: (a: string) =>
    `(SELECT count(DISTINCT q.source_id) FROM claim_appearance ca JOIN quote q ON q.id = ca.quote_id WHERE ca.claim_id = ${a}.id)::int`,
  publishers: (a: string) =>
    `(SELECT count(DISTINCT src.publisher_id) FROM claim_appearance ca JOIN quote q ON q.id = ca.quote_id JOIN source src ON src.id = q.source_id WHERE ca.claim_id = ${a}.id)::int`,
  viewpoints: (a: string) =>
    `(SELECT count(DISTINCT st.holder_viewpoint_id) FROM stance st WHERE st.claim_id = ${a}.id AND st.retracted_at IS NULL)::int`,
} as const;
