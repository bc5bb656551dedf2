import type { RecordOf } from "../../shared/model";
import { EntityKind } from "../../generated/prisma/enums";
import {
  columnsNamed,
  defineModel,
  enumOf,
  int,
  json,
  slug,
  text,
  textList,
  toOne,
  versioned,
  type RowOf,
} from "../../shared/model";

/**
 * Entity, declared once: the read spec, GraphQL fields, mutation inputs, filters, orderings, the
 * writer's field map, the bundle schema and the export columns are derived from this (shared/model.ts).
 * Field order is the order exports list them. The name-or-alias filter and the fuzzy search are
 * written in filter.model.ts; externalIds' size bounds in the writer.
 */
export const entityModel = columnsNamed(
  defineModel({
    type: "Entity",
    table: "entity",
    fields: {
      slug: slug("Human-readable unique key, e.g. `new-york-post`. Stable; use it in links and imports.", {
        filter: "The entity's slug.",
        order: { value: "SLUG", description: "By slug." },
        naturalKey: true,
        write: {
          create: "required",
          update: true,
          createDescription: "Unique human key: lowercase words joined by hyphens.",
          updateDescription: "New slug (the old one stops resolving).",
        },
      }),
      kind: enumOf(EntityKind, "EntityKind", "entity_kind", "What sort of thing this is.", {
        filter: "The entity's kind.",
        order: { value: "KIND", description: "By kind (in the order the kinds are declared)." },
        write: {
          create: "required",
          update: true,
          createDescription: "What sort of thing it is.",
          updateDescription: "New kind.",
        },
      }),
      name: text("Display name. For unnamed actors, a description in place of a name.", {
        filter: "The entity's name.",
        order: { value: "NAME", description: "By name." },
        jsonld: "name",
        write: {
          create: "required",
          update: true,
          maxLength: 1000,
          createDescription: "Display name (a description for unnamed actors).",
          updateDescription: "New name.",
        },
      }),
      aliases: textList("Other names this entity is known by; searched along with the name.", {
        jsonld: "alternateName",
        write: {
          create: "optional",
          update: true,
          maxItems: 100,
          maxLength: 1000,
          createDescription: "Other names.",
          updateDescription: "New aliases (replaces the list).",
        },
      }),
      description: text("A sentence or two on who or what this is.", {
        nullable: true,
        filter: "The entity's description.",
        jsonld: "description",
        write: {
          create: "optional",
          update: true,
          createDescription: "A sentence or two on who or what it is.",
          updateDescription: "New description.",
        },
      }),
      externalIds: json('Identifiers in other systems, keyed by system, e.g. `{"wikidata": "Q123"}`.', {
        write: {
          create: "optional",
          update: true,
          createDescription: "Identifiers in other systems.",
          updateDescription: "New external IDs (replaces them).",
        },
      }),
      // Set by mergeEntities only; a merged entity's reads follow it to the survivor.
      mergedInto: toOne({
        target: "Entity",
        table: "entity",
        column: "merged_into_id",
        idField: "mergedIntoId",
        description: "The entity this one was merged into.",
      }),
      ...versioned("entity"),
      version: int("Increases with every update; send it back when updating (optimistic locking).", {
        exported: false,
      }),
    },
  }),
);

export type EntityRow = RowOf<typeof entityModel> & { uuid: string; seq: number };

/** An entity record: a bundle line (validated against the bundle schema), or a mutation's input as a record. */
export type EntityRecord = RecordOf<typeof entityModel>;
