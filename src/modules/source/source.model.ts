import type { RecordOf } from "../../shared/model";
import { DerivationKind, SourceKind } from "../../generated/prisma/enums";
import {
  columnsNamed,
  defineModel,
  enumOf,
  many,
  text,
  timestamp,
  toOne,
  languageTag,
  versioned,
  type RowOf,
} from "../../shared/model";

/**
 * Source, declared once: the read spec, GraphQL fields, mutation inputs, filters, orderings, facets,
 * the writer's field map, the bundle schema and the export columns are derived from this
 * (shared/model.ts). Field order is the order exports list them. Not declared here, because they are
 * more than a field: `derivedFrom` (a reference to another source, by its natural key), the text's
 * hash and the url-or-text natural key (the writer), `textFile` (bundle files only).
 */
export const sourceModel = columnsNamed(
  defineModel({
    type: "Source",
    table: "source",
    fields: {
      kind: enumOf(SourceKind, "SourceKind", "source_kind", "What sort of document this is.", {
        filter: "The source's kind.",
        order: { value: "KIND", description: "By kind." },
        facet: { name: "byKind", description: "Sources per kind." },
        write: {
          create: "required",
          update: true,
          createDescription: "What sort of document.",
          updateDescription: "New kind.",
        },
      }),
      title: text("Title or headline as published.", {
        filter: "The source's title.",
        order: { value: "TITLE", description: "By title." },
        jsonld: "headline",
        write: {
          create: "required",
          update: true,
          maxLength: 2000,
          createDescription: "Title or headline.",
          updateDescription: "New title.",
        },
      }),
      url: text("Canonical URL; the natural key when present.", {
        nullable: true,
        filter: "The source's URL.",
        jsonld: "url",
        naturalKey: true,
        write: {
          create: "optional",
          update: true,
          maxLength: 2000,
          pattern: { regex: /^https?:\/\/\S+$/, message: "must be an absolute http(s) URL" },
          createDescription: "Canonical URL.",
          updateDescription: "New canonical URL.",
        },
      }),
      publisher: toOne({
        target: "Entity",
        table: "entity",
        column: "publisher_id",
        idField: "publisherId",
        description: "Who published it (a newspaper, an agency).",
        filter: "Who published the source.",
        facet: {
          name: "byPublisher",
          description:
            'Sources per publisher, most prolific first; key `none` ("No publisher") counts sources without one.',
        },
        write: {
          create: "optional",
          update: true,
          createDescription: "Publisher entity.",
          updateDescription: "New publisher.",
        },
      }),
      authors: many({
        target: "Entity",
        table: "entity",
        through: "source_author",
        ownerColumn: "source_id",
        targetColumn: "entity_id",
        ordered: true,
        description: "Who wrote it, in byline order.",
        filter: "Who wrote the source.",
        write: {
          create: "optional",
          update: true,
          createDescription: "Author entities, in byline order.",
          updateDescription: "New authors (replaces the list).",
        },
      }),
      publishedAt: timestamp("When it was published, if known.", {
        filter: "When the source was published.",
        order: { value: "PUBLISHED_AT", description: "By publication time; sources without a date come last." },
        facet: { name: "byMonth", description: "Sources per month of publication (UTC); `undated` for the rest." },
        jsonld: "datePublished",
        write: {
          create: "optional",
          update: true,
          createDescription: "Publication time.",
          updateDescription: "New publication time.",
        },
      }),
      retrievedAt: timestamp("When the text snapshot was retrieved, if known.", {
        filter: "When the text was retrieved.",
        write: { create: "optional", update: false, createDescription: "When the text was retrieved." },
      }),
      language: languageTag("Language of the text (BCP 47 tag, e.g. `en`), stored canonical (`es-MX`).", {
        filter: "The source's language tag, as stored (canonical: `es-MX`, not `es-mx`).",
        jsonld: "inLanguage",
        write: {
          create: "optional",
          update: true,
          createDescription: "Language tag (BCP 47).",
          updateDescription: "New language tag.",
        },
      }),
      // Up to hundreds of kB: read specs leave it out, Source.text loads it when asked (source.resolver.ts).
      text: text("The text snapshot that quotes point into. Quote offsets count Unicode code points in this text.", {
        nullable: true,
        deferred: true,
        csv: false,
        jsonld: "text",
        write: {
          create: "optional",
          update: true,
          maxLength: 10_000_000,
          createDescription: "The text snapshot quotes will point into.",
          updateDescription: "New text snapshot.",
        },
      }),
      textSha256: text("Lowercase hex SHA-256 of the UTF-8 text snapshot; the natural key when there is no URL.", {
        nullable: true,
        filter: "The SHA-256 of the source's text.",
      }),
      derivationKind: enumOf(
        DerivationKind,
        "DerivationKind",
        "derivation_kind",
        "How this source derives from `derivedFrom`.",
        {
          nullable: true,
          filter: "How the source derives from an earlier one.",
          // Null only while a source derives from none: a derivation is a source and a kind together.
          write: {
            create: "optional",
            update: true,
            nullable: false,
            createDescription: "How it derives (default REWRITE).",
            updateDescription: "How it derives from `derivedFrom` (set with it: default REWRITE).",
          },
        },
      ),
      ...versioned("source"),
      // Sources are not filtered or ordered by their last change.
      updatedAt: timestamp("When this source was last changed.", { nullable: false }),
    },
  }),
);

/** What a source without a url or a text is told: one of them is its natural key. */
export const SOURCE_NEEDS_KEY = "a source needs a url or a text (its natural key)";

export type SourceRow = RowOf<typeof sourceModel> & { uuid: string; derivedFromId: string | null };

/**
 * A source record: a bundle line (validated against the bundle schema), or a mutation's input as a
 * record; with a handle later records of the same bundle use (`ref`), its text as a file next to the
 * bundle (`textFile`, files only), and the source it derives from (a source reference).
 */
export type SourceRecord = RecordOf<typeof sourceModel> & {
  ref?: string;
  textFile?: string;
  derivedFrom?: string | null;
};
