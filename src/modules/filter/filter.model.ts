import type { Reads } from "../../db/reads";
import { type Sql, raw, sql } from "../../db/sql";
import { Attribution, ClaimRelationKind, SuggestionKind, SuggestionStatus } from "../../generated/prisma/enums";
import type { CursorValueType } from "../../shared/cursor";
import {
  type FieldDef as ModelField,
  type ManyRelation,
  type ModelDef,
  scalarFields,
  type ToOneRelation,
} from "../../shared/model";
import { CLAIM_COVERAGE, claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { reviewModel } from "../review/review.model";
import { sourceModel } from "../source/source.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointMemberModel, viewpointModel } from "../viewpoint/viewpoint.model";
import type { NodeTypeName } from "../../shared/global-id";
import { type SearchModel, type TextSearchOptions, textSearch } from "./text-search";

export type { SearchModel };

/**
 * The query language's view of the data model: for every type, the fields a filter can test, the
 * relations it can follow, the orderings a list can take and how full-text search applies. Filter
 * inputs, the filter compiler, orderings and search are all generated from this one description, so
 * the GraphQL schema and the SQL cannot disagree.
 *
 * Column expressions are functions of a table alias because the compiler nests EXISTS subqueries,
 * each with a fresh alias. Every identifier here is a constant of this file.
 */

export const TYPE_NAMES = [
  "Entity",
  "Claim",
  "Source",
  "Quote",
  "Viewpoint",
  "ViewpointMember",
  "Stance",
  "Review",
  "ClaimRelation",
  "EntityRelation",
  "Suggestion",
] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

/**
 * A column expression over a table alias, naming the columns it reads (`columns`) for the response
 * cache's read descriptions (db/reads.ts); an expression without `columns` cannot be described, and a
 * filter or ordering using it makes the list's statements describe nothing (reads everything).
 */
type Column = ((alias: string) => Sql) & { columns?: readonly string[] };

/**
 * What following a relation in a filter reads besides the nested filter itself: the columns of this
 * type's table it joins on, and the other tables (link tables, the target's join and visibility columns).
 */
export interface RelationReads {
  columns: readonly string[];
  joins: Reads;
}

export type FieldModel = { description: string } & (
  | { kind: "id"; column: Column; node: NodeTypeName }
  | { kind: "string" | "int" | "datetime" | "date"; column: Column }
  /** A list of texts (an entity's name and aliases): a string filter holds when one of them satisfies it. */
  | { kind: "names"; column: Column }
  /** A JSON object of identifiers by system (`{"wikidata": "Q42"}`): a system and a value. */
  | { kind: "externalId"; column: Column }
  | { kind: "enum"; column: Column; enumName: string; enumType: object; pgType: string }
  /** To-one: `FROM <target> b WHERE on(a, b)`. */
  | { kind: "one"; target: TypeName; from: (a: string, b: string) => Sql; reads: RelationReads }
  /** To-many: `FROM ... b WHERE link(a, b)`, with `l` a spare alias for a link table. */
  | { kind: "many"; target: TypeName; from: (a: string, b: string, l: string) => Sql; reads: RelationReads }
);

export interface OrderFieldModel {
  description: string;
  expr: Column;
  nullable: boolean;
  type: CursorValueType;
}

export interface TypeModel {
  table: string;
  description: string;
  fields: Record<string, FieldModel>;
  order: Record<string, OrderFieldModel>;
  search?: SearchModel;
  /**
   * Rows can be retracted (`retracted_at`): lists leave them out unless `includeRetracted: true`, and
   * relation filters (`stances: { some: ... }`) never count them.
   */
  retractable?: true;
}

const col = (name: string): Column => Object.assign((a: string) => raw(`${a}."${name}"`), { columns: [name] });
const id: Column = Object.assign((a: string) => raw(`${a}.id`), { columns: ["id"] });
/** Sorting on long text uses its first 200 characters, so cursors stay small; seq breaks ties. */
const textKey = (name: string): Column =>
  Object.assign((a: string) => raw(`left(${a}."${name}", 200)`), { columns: [name] });

/** To-one through this table's foreign key `fk` to the target's id. */
function one(target: TypeName, targetTable: string, fk: string, description: string): FieldModel {
  return {
    kind: "one",
    target,
    description,
    from: (a, b) => raw(`FROM "${targetTable}" ${b} WHERE ${b}.id = ${a}.${fk}`),
    reads: { columns: [fk], joins: [{ table: targetTable, columns: [] }] },
  };
}

/** To-many from this row's id; `joins`: the tables `from` reads, with the columns it uses (db/reads.ts). */
function many(
  target: TypeName,
  from: (a: string, b: string, l: string) => string,
  description: string,
  joins: Reads,
): FieldModel {
  return { kind: "many", target, description, from: (a, b, l) => raw(from(a, b, l)), reads: { columns: [], joins } };
}

const CREATED_AT: OrderFieldModel = {
  description: "When the object was first recorded.",
  expr: col("created_at"),
  nullable: false,
  type: "datetime",
};
const labels = (values: object) => ({ enum: Object.values(values) as string[] });

/** Search over one text column, in the configuration `config` (docs/search.md). */
const columnSearch = (column: string, config: TextSearchOptions["config"], prior: number): SearchModel =>
  textSearch({
    config,
    prior,
    own: (a) => `${a}."${column}"`,
    // Normalized only where the lengths allow equality: normalizing every long matching text costs.
    equals: (a, key, q) =>
      sql`(length(${raw(`${a}."${column}"`)}) <= ${2 * q.length + 16} AND claimbase_search_key(${raw(`${a}."${column}"`)}) = ${key})`,
    document: (a) => raw(`${a}."${column}"`),
  });
/** Claims and sources are searched in their own language; types without one in English. */
const ownLanguage = { perRow: (a: string) => `claimbase_search_config(${a}.language)` };
const english = { constant: "claimbase_english" };

/** Filter entries for a domain model's fields that declare a `filter` (shared/model.ts). */
function filterFieldsOf(model: ModelDef<Record<string, ModelField>>): Record<string, FieldModel> {
  const out: Record<string, FieldModel> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (field.filter === undefined) continue;
    const description = field.filter;
    if ("relation" in field) {
      if (field.relation === "one") {
        out[name] = one(field.target as TypeName, field.table, field.column, description);
      } else if (field.relation === "links") {
        // The links themselves, as rows of their item type (a viewpoint's members, each with its role).
        out[name] = many(
          field.item.type as TypeName,
          (a, b) => `FROM ${field.through} ${b} WHERE ${b}.${field.ownerColumn} = ${a}.id`,
          description,
          [{ table: field.through, columns: "*" }],
        );
      } else {
        out[name] = many(
          field.target as TypeName,
          (a, b, l) =>
            `FROM ${field.through} ${l} JOIN ${field.table} ${b} ON ${b}.id = ${l}.${field.targetColumn} WHERE ${l}.${field.ownerColumn} = ${a}.id`,
          description,
          [
            { table: field.through, columns: "*" },
            { table: field.table, columns: [] },
          ],
        );
      }
      continue;
    }
    const column = col(field.column);
    switch (field.kind) {
      case "text":
        out[name] = { kind: "string", column, description };
        break;
      case "int":
        out[name] = { kind: "int", column, description };
        break;
      case "timestamp":
        out[name] = { kind: "datetime", column, description };
        break;
      case "date":
        out[name] = { kind: "date", column, description };
        break;
      case "enum":
        out[name] = {
          kind: "enum",
          column,
          enumName: field.enum!.name,
          enumType: field.enum!.values,
          pgType: field.enum!.pgType,
          description,
        };
        break;
      case "textList":
      case "json":
        throw new Error(`${model.type}.${name}: a ${field.kind} field cannot be filtered`);
    }
  }
  return out;
}

/** The target's side of a to-many relation of `model` (an entity's claims through claimants). */
function reverseOf(model: ModelDef<Record<string, ModelField>>, relation: string, description: string): FieldModel {
  const field = model.fields[relation] as ManyRelation;
  return many(
    model.type as TypeName,
    (a, b, l) =>
      `FROM ${field.through} ${l} JOIN ${model.table} ${b} ON ${b}.id = ${l}.${field.ownerColumn} WHERE ${l}.${field.targetColumn} = ${a}.id`,
    description,
    [
      { table: field.through, columns: "*" },
      { table: model.table, columns: [] },
    ],
  );
}

/** Rows of `model` whose to-one `relation` points at this one (a viewpoint's stances). */
function referencesTo(model: ModelDef<Record<string, ModelField>>, relation: string, description: string): FieldModel {
  const field = model.fields[relation] as ToOneRelation;
  return many(
    model.type as TypeName,
    (a, b) =>
      `FROM ${model.table} ${b} WHERE ${b}.${field.column} = ${a}.id${"retractedAt" in model.fields ? ` AND ${b}.retracted_at IS NULL` : ""}`,
    description,
    [{ table: model.table, columns: [field.column, ...("retractedAt" in model.fields ? ["retracted_at"] : [])] }],
  );
}

/**
 * Orderings for a domain model's fields that declare an `order`. Text that may be longer than 200
 * characters sorts on its first 200 (see textKey); shorter text (a slug) on the column and its index.
 */
function orderFieldsOf(model: ModelDef<Record<string, ModelField>>): Record<string, OrderFieldModel> {
  const out: Record<string, OrderFieldModel> = {};
  for (const [, field] of scalarFields(model)) {
    if (!field.order) continue;
    const type: CursorValueType =
      field.kind === "enum"
        ? labels(field.enum!.values)
        : field.kind === "timestamp"
          ? "datetime"
          : field.kind === "int"
            ? "int"
            : "text";
    out[field.order.value] = {
      description: field.order.description,
      expr:
        field.kind === "text" && (field.write?.maxLength ?? Infinity) > 200 ? textKey(field.column) : col(field.column),
      nullable: field.nullable,
      type,
    };
  }
  return out;
}

export const MODEL: Record<TypeName, TypeModel> = {
  Entity: {
    table: entityModel.table,
    description: "entities",
    fields: {
      id: { kind: "id", column: id, node: "Entity", description: "The entity's global ID." },
      ...filterFieldsOf(entityModel),
      nameOrAlias: {
        kind: "names",
        column: Object.assign((a: string) => raw(`(ARRAY[${a}.name] || ${a}.aliases)`), {
          columns: ["name", "aliases"],
        }),
        description:
          'The name or any one alias: holds when one of them satisfies every condition given (`equals: "Border Patrol"` finds the entity named or aliased exactly that).',
      },
      externalId: {
        kind: "externalId",
        column: col("external_ids"),
        description: 'An identifier in another system, e.g. `{ system: "wikidata", value: "Q42" }`.',
      },
      claimsMade: reverseOf(claimModel, "claimants", "Claims the entity asserts."),
      claimsAbout: reverseOf(claimModel, "subjects", "Claims about the entity."),
      stances: many(
        "Stance",
        (a, b) => `FROM stance ${b} WHERE ${b}.holder_entity_id = ${a}.id AND ${b}.retracted_at IS NULL`,
        "Stances the entity holds.",
        [{ table: "stance", columns: ["holder_entity_id", "retracted_at"] }],
      ),
      viewpoints: many(
        "ViewpointMember",
        (a, b) => `FROM viewpoint_member ${b} WHERE ${b}.entity_id = ${a}.id`,
        "The entity's viewpoint memberships (viewpoint and role).",
        [{ table: "viewpoint_member", columns: "*" }],
      ),
      relationsOut: many(
        "EntityRelation",
        (a, b) => `FROM entity_relation ${b} WHERE ${b}.subject_id = ${a}.id`,
        "Relations where the entity is the subject.",
        [{ table: "entity_relation", columns: ["subject_id"] }],
      ),
      relationsIn: many(
        "EntityRelation",
        (a, b) => `FROM entity_relation ${b} WHERE ${b}.object_id = ${a}.id`,
        "Relations where the entity is the object.",
        [{ table: "entity_relation", columns: ["object_id"] }],
      ),
      sourcesPublished: many(
        "Source",
        (a, b) => `FROM source ${b} WHERE ${b}.publisher_id = ${a}.id`,
        "Sources the entity published.",
        [{ table: "source", columns: ["publisher_id"] }],
      ),
      reviews: many(
        "Review",
        (a, b) => `FROM review ${b} WHERE ${b}.reviewer_id = ${a}.id`,
        "Reviews the entity published.",
        [{ table: "review", columns: ["reviewer_id"] }],
      ),
    },
    order: orderFieldsOf(entityModel),
    search: textSearch({
      config: english,
      prior: 1,
      equals: (a, key) =>
        sql`${key} IN (SELECT claimbase_search_key(n) FROM unnest(${raw(`${a}.name || ${a}.aliases`)}) n)`,
      own: (a) => `claimbase_names(${a}.name, ${a}.aliases)`,
      document: (a) => raw(`(${a}.name || coalesce(': ' || ${a}.description, ''))`),
    }),
  },

  Claim: {
    table: claimModel.table,
    description: "claims",
    fields: {
      id: { kind: "id", column: id, node: "Claim", description: "The claim's global ID." },
      ...filterFieldsOf(claimModel),
      appearances: many(
        "Quote",
        (a, b, l) =>
          `FROM claim_appearance ${l} JOIN quote ${b} ON ${b}.id = ${l}.quote_id WHERE ${l}.claim_id = ${a}.id`,
        "Quotes the claim appears in.",
        [
          { table: "claim_appearance", columns: "*" },
          { table: "quote", columns: [] },
        ],
      ),
      stances: many(
        "Stance",
        (a, b) => `FROM stance ${b} WHERE ${b}.claim_id = ${a}.id AND ${b}.retracted_at IS NULL`,
        "Stances on the claim.",
        [{ table: "stance", columns: ["claim_id", "retracted_at"] }],
      ),
      reviews: many("Review", (a, b) => `FROM review ${b} WHERE ${b}.claim_id = ${a}.id`, "Reviews of the claim.", [
        { table: "review", columns: ["claim_id"] },
      ]),
      relationsOut: many(
        "ClaimRelation",
        (a, b) => `FROM claim_relation ${b} WHERE ${b}.from_id = ${a}.id AND ${b}.retracted_at IS NULL`,
        "Links from the claim to others.",
        [{ table: "claim_relation", columns: ["from_id", "retracted_at"] }],
      ),
      relationsIn: many(
        "ClaimRelation",
        (a, b) => `FROM claim_relation ${b} WHERE ${b}.to_id = ${a}.id AND ${b}.retracted_at IS NULL`,
        "Links from other claims to this one.",
        [{ table: "claim_relation", columns: ["to_id", "retracted_at"] }],
      ),
    },
    order: {
      ...orderFieldsOf(claimModel),
      COVERAGE_SOURCES: {
        description: "By how many sources the claim appears in (`coverage.sources`).",
        expr: (a) => raw(CLAIM_COVERAGE.sources(a)),
        nullable: false,
        type: "int",
      },
      COVERAGE_PUBLISHERS: {
        description: "By how many publishers carry the claim (`coverage.publishers`).",
        expr: (a) => raw(CLAIM_COVERAGE.publishers(a)),
        nullable: false,
        type: "int",
      },
      COVERAGE_VIEWPOINTS: {
        description: "By how many viewpoints take a stance on the claim (`coverage.viewpoints`).",
        expr: (a) => raw(CLAIM_COVERAGE.viewpoints(a)),
        nullable: false,
        type: "int",
      },
    },
    search: columnSearch("text", ownLanguage, 1),
  },

  Source: {
    table: sourceModel.table,
    description: "sources",
    fields: {
      id: { kind: "id", column: id, node: "Source", description: "The source's global ID." },
      ...filterFieldsOf(sourceModel),
      derivedFrom: one("Source", "source", "derived_from_id", "The source this one derives from."),
      quotes: many("Quote", (a, b) => `FROM quote ${b} WHERE ${b}.source_id = ${a}.id`, "Quotes from the source.", [
        { table: "quote", columns: ["source_id"] },
      ]),
      derivatives: many(
        "Source",
        (a, b) => `FROM source ${b} WHERE ${b}.derived_from_id = ${a}.id`,
        "Sources derived from this one.",
        [{ table: "source", columns: ["derived_from_id"] }],
      ),
      reviews: many(
        "Review",
        (a, b) => `FROM review ${b} WHERE ${b}.source_id = ${a}.id`,
        "Reviews published in the source.",
        [{ table: "review", columns: ["source_id"] }],
      ),
    },
    order: orderFieldsOf(sourceModel),
    search: {
      ...columnSearch("title", ownLanguage, 0.5),
      document: (a) => raw(`(${a}.title || E'\n' || coalesce(left(${a}.text, 100000), ''))`),
    },
  },

  Quote: {
    table: "quote",
    description: "quotes",
    fields: {
      id: { kind: "id", column: id, node: "Quote", description: "The quote's global ID." },
      exact: { kind: "string", column: col("exact"), description: "The quoted text." },
      start: { kind: "int", column: col("start"), description: "The start offset." },
      end: { kind: "int", column: col("end"), description: "The end offset." },
      source: one("Source", "source", "source_id", "The source quoted."),
      speakers: many(
        "Entity",
        (a, b, l) =>
          `FROM quote_speaker ${l} JOIN entity ${b} ON ${b}.id = ${l}.entity_id WHERE ${l}.quote_id = ${a}.id`,
        "Who speaks in the quote, according to its source.",
        [
          { table: "quote_speaker", columns: "*" },
          { table: "entity", columns: [] },
        ],
      ),
      attribution: {
        kind: "enum",
        column: col("attribution"),
        enumName: "Attribution",
        enumType: Attribution,
        pgType: "attribution",
        description: "How the source attributes the quote to its speakers.",
      },
      claims: many(
        "Claim",
        (a, b, l) =>
          `FROM claim_appearance ${l} JOIN claim ${b} ON ${b}.id = ${l}.claim_id WHERE ${l}.quote_id = ${a}.id`,
        "Claims appearing in the quote.",
        [
          { table: "claim_appearance", columns: "*" },
          { table: "claim", columns: [] },
        ],
      ),
    },
    order: {
      START: { description: "By position in the source text.", expr: col("start"), nullable: false, type: "int" },
      CREATED_AT,
    },
    search: columnSearch("exact", { perRow: (a) => `claimbase_search_config(${a}.source_language)` }, 0.5),
  },

  Viewpoint: {
    table: viewpointModel.table,
    description: "viewpoints",
    fields: {
      id: { kind: "id", column: id, node: "Viewpoint", description: "The viewpoint's global ID." },
      ...filterFieldsOf(viewpointModel),
      stances: referencesTo(stanceModel, "holderViewpoint", "Stances the viewpoint holds."),
    },
    order: orderFieldsOf(viewpointModel),
    search: columnSearch("title", english, 0.75),
  },

  ViewpointMember: {
    table: viewpointMemberModel.table,
    description: "viewpoint memberships",
    fields: filterFieldsOf(viewpointMemberModel),
    order: orderFieldsOf(viewpointMemberModel),
  },

  Stance: {
    table: stanceModel.table,
    description: "stances",
    fields: {
      id: { kind: "id", column: id, node: "Stance", description: "The stance's global ID." },
      ...filterFieldsOf(stanceModel),
      evidence: many(
        "Quote",
        (a, b, l) =>
          `FROM stance_evidence ${l} JOIN quote ${b} ON ${b}.id = ${l}.quote_id WHERE ${l}.stance_id = ${a}.id`,
        "The stance's evidence quotes.",
        [
          { table: "stance_evidence", columns: "*" },
          { table: "quote", columns: [] },
        ],
      ),
    },
    order: orderFieldsOf(stanceModel),
    retractable: true,
  },

  Review: {
    table: reviewModel.table,
    description: "reviews",
    fields: {
      id: { kind: "id", column: id, node: "Review", description: "The review's global ID." },
      ...filterFieldsOf(reviewModel),
    },
    order: orderFieldsOf(reviewModel),
  },

  ClaimRelation: {
    table: "claim_relation",
    description: "links between claims",
    retractable: true,
    fields: {
      id: { kind: "id", column: id, node: "ClaimRelation", description: "The link's global ID." },
      kind: {
        kind: "enum",
        column: col("kind"),
        enumName: "ClaimRelationKind",
        enumType: ClaimRelationKind,
        pgType: "claim_relation_kind",
        description: "The link's kind.",
      },
      from: one("Claim", "claim", "from_id", "The claim the link starts from."),
      to: one("Claim", "claim", "to_id", "The claim the link points to."),
    },
    order: {
      KIND: { description: "By kind.", expr: col("kind"), nullable: false, type: labels(ClaimRelationKind) },
      CREATED_AT,
    },
  },

  EntityRelation: {
    table: entityRelationModel.table,
    description: "relations between entities",
    fields: {
      id: { kind: "id", column: id, node: "EntityRelation", description: "The relation's global ID." },
      ...filterFieldsOf(entityRelationModel),
    },
    order: orderFieldsOf(entityRelationModel),
  },
  Suggestion: {
    table: "suggestion",
    description: "suggestions",
    fields: {
      id: { kind: "id", column: id, node: "Suggestion", description: "The suggestion's global ID." },
      kind: {
        kind: "enum",
        column: col("kind"),
        enumName: "SuggestionKind",
        enumType: SuggestionKind,
        pgType: "suggestion_kind",
        description: "What it proposes.",
      },
      status: {
        kind: "enum",
        column: col("status"),
        enumName: "SuggestionStatus",
        enumType: SuggestionStatus,
        pgType: "suggestion_status",
        description: "Where it stands (PENDING, ACCEPTED, REJECTED, EDITED).",
      },
      attribution: {
        kind: "enum",
        column: col("attribution"),
        enumName: "Attribution",
        enumType: Attribution,
        pgType: "attribution",
        description: "How the source attributes the span (QUOTE and CLAIM suggestions).",
      },
      exact: { kind: "string", column: col("exact"), description: "The span's text." },
      start: { kind: "int", column: col("start"), description: "The start offset." },
      end: { kind: "int", column: col("end"), description: "The end offset." },
      source: one("Source", "source", "source_id", "The source the span is in."),
      createdAt: { kind: "datetime", column: col("created_at"), description: "When it was made." },
      decidedAt: { kind: "datetime", column: col("decided_at"), description: "When it was decided." },
    },
    order: {
      START: { description: "By position in the source text.", expr: col("start"), nullable: false, type: "int" },
      SCORE: { description: "By the analyser's confidence.", expr: col("score"), nullable: false, type: "float" },
      CREATED_AT,
    },
  },
};
