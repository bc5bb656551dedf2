import { Attribution, ClaimRelationKind } from "../../generated/prisma/enums";
import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { reviewModel } from "../review/review.model";
import { SOURCE_NEEDS_KEY, sourceModel } from "../source/source.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { type FieldDef, type ModelDef, SLUG_MAX, SLUG_PATTERN } from "../../shared/model";
import {
  DATE,
  DATE_TIME,
  isObject,
  type JsonSchema,
  type LinkExtras,
  LIST_MAX_ITEMS,
  listRule,
  mustBeOneOf,
  NON_EMPTY,
  objectRule,
  recordProperties,
  stringRule,
  textProblem,
  textRule,
  type ValueRule,
} from "../../shared/record-schema";
import { RECORD_ORDER, type RecordType } from "./bundle.types";

/**
 * The bundle JSON Schema (docs/bundle.schema.json, written by `npm run schema` and drift-checked by
 * `npm run check`), assembled from the rules of record values (shared/record-schema.ts): record types
 * from their model files (claim.model.ts, ...), and what is the bundle's own (references, quotes,
 * claim relations, a source's `ref`, `textFile` and `derivedFrom`) here. Imports validate every record
 * against it (bundle.validate.ts) and tell a failure by the same rules.
 */

/** Bounds of the bundle's own values, which the writer holds mutations to as well. */
export const SOURCE_REF_MAX = 5000;
export const CLAIM_REF_MAX = 500;
export const QUOTE_EXACT_MAX = 20_000;
export const TEXT_FILE_MAX = 500;
export const START_END = "start and end must be whole numbers with 0 <= start <= end";

/** What a reference to an entity or a viewpoint by a slug that names none is told. */
export function unknownSlug(target: "Entity" | "Viewpoint", slug: string): string {
  return target === "Entity"
    ? `no entity has the slug ${JSON.stringify(slug)}`
    : `no viewpoint matches ${JSON.stringify(slug)}`;
}

const ref = (def: string, explain: ValueRule["explain"]): ValueRule => ({
  schema: { $ref: `#/$defs/${def}` },
  explain,
});

/** An entity or viewpoint by slug. A string that is not a slug names nothing: it is an unknown reference. */
const slugRef = (target: "Entity" | "Viewpoint") =>
  ref("slug", (value) => {
    if (typeof value !== "string") return NON_EMPTY;
    const problem = textProblem(value, { maxLength: SLUG_MAX });
    if (problem || SLUG_PATTERN.test(value)) return problem;
    return { code: "UNKNOWN_REFERENCE", message: unknownSlug(target, value) };
  });
const sourceRef = ref("sourceRef", (value) =>
  typeof value === "string" ? textProblem(value, { maxLength: SOURCE_REF_MAX }) : NON_EMPTY,
);
const claimRef = ref("claimRef", (value) =>
  typeof value === "string" ? textProblem(value, { maxLength: CLAIM_REF_MAX }) : NON_EMPTY,
);

/** How a bundle refers to an object, by its type (see the schema's description). */
function refRule(target: string): ValueRule {
  switch (target) {
    case "Entity":
    case "Viewpoint":
      return slugRef(target);
    case "Source":
      return sourceRef;
    case "Claim":
      return claimRef;
    default:
      throw new Error(`bundles cannot refer to a ${target}`);
  }
}

const describe = (rule: ValueRule, description: string): ValueRule => ({
  ...rule,
  schema: { ...rule.schema, description },
});

const offset = (minimum: number, description?: string): ValueRule => ({
  schema: { type: "integer", minimum, ...(description ? { description } : {}) },
  explain: (value) =>
    Number.isInteger(value) && (value as number) >= minimum ? null : { code: "INVALID", message: START_END },
});

const QUOTE_FIELDS = ["source", "exact", "prefix", "suffix", "start", "end", "speakers", "attribution", "cue"];
const CUE_FIELDS = ["exact", "prefix", "suffix", "start", "end"];

/** The attributions a bundle states (UNATTRIBUTED is what a quote is when a bundle states none). */
const STATED = Object.values(Attribution).filter((value) => value !== "UNATTRIBUTED");
export const SPEAKERS_WITH_ATTRIBUTION =
  "speakers and attribution are given together: who speaks, and how the source attributes the passage to them";

/** An object's own keys only: the field a misspelled key is, and what the object's fields are. */
const onlyFields =
  (what: string, fields: string[]): ValueRule["explain"] =>
  (value, error) => {
    if (!isObject(value)) return { code: "INVALID", message: `must be ${what} object` };
    if (error.keyword === "additionalProperties") {
      const key = String(error.params.additionalProperty);
      return { code: "INVALID", message: `is not a field of ${what} (${fields.join(", ")})`, at: [key] };
    }
    return null;
  };

/** The cue of an attribution ("argued"): a TextQuote selector of the same source text. */
const cue = objectRule(
  {
    exact: describe(textRule({ maxLength: QUOTE_EXACT_MAX }), "The words that attribute the passage, verbatim."),
    prefix: stringRule("Text just before them, when they occur more than once."),
    suffix: stringRule("Text just after them, when they occur more than once."),
    start: offset(0, "Code point offset; with `end`, must hold exactly (exports write them)."),
    end: offset(1),
  },
  ["exact"],
  (value, error) =>
    error.keyword === "dependentRequired"
      ? { code: "INVALID", message: START_END, at: [String(error.params.missingProperty)] }
      : onlyFields("a cue", CUE_FIELDS)(value, error),
  {
    additionalProperties: false,
    dependentRequired: { start: ["end"], end: ["start"] },
    description:
      'The words of the same source that attribute the passage ("argued", "declaring"), inside it or near it; they must occur once (after prefix/suffix).',
  },
);

const attribution: ValueRule = {
  schema: {
    enum: STATED,
    description:
      "How the source attributes the passage to `speakers`: DIRECT (their words, in quotation marks), INDIRECT (their position reported), AUTHOR (the source's own voice: its authors or publisher), ATTRIBUTED_TO_GROUP (said of a group: the speaker is the group).",
  },
  explain: (value) => ((STATED as unknown[]).includes(value) ? null : mustBeOneOf(STATED)),
};

const speakers: ValueRule = {
  ...listRule(slugRef("Entity"), { minItems: 1, maxItems: LIST_MAX_ITEMS }, (value) =>
    !Array.isArray(value)
      ? { code: "INVALID", message: "must be a list of entity slugs" }
      : value.length === 0
        ? { code: "REQUIRED", message: "name at least one speaker" }
        : value.length > LIST_MAX_ITEMS
          ? { code: "INVALID", message: `must list at most ${LIST_MAX_ITEMS} speakers` }
          : null,
  ),
  schema: {
    type: "array",
    minItems: 1,
    maxItems: LIST_MAX_ITEMS,
    items: { $ref: "#/$defs/slug" },
    description: "Who speaks in the passage according to its source: entity slugs, in order.",
  },
};

/** A quote reference (W3C TextQuote, with optional code point offsets), with who speaks in it. */
const quoteRef = objectRule(
  {
    source: sourceRef,
    exact: describe(textRule({ maxLength: QUOTE_EXACT_MAX }), "The passage, verbatim."),
    prefix: stringRule("Text just before it, when it occurs more than once."),
    suffix: stringRule("Text just after it, when it occurs more than once."),
    start: offset(0, "Code point offset; with `end`, must hold exactly."),
    end: offset(1),
    speakers,
    attribution,
    cue: { ...cue, schema: { $ref: "#/$defs/cue" } },
  },
  ["source", "exact"],
  (value, error) => {
    if (error.keyword === "dependentRequired") {
      const missing = String(error.params.missingProperty);
      if (missing === "start" || missing === "end") return { code: "INVALID", message: START_END, at: [missing] };
      return { code: "REQUIRED", message: SPEAKERS_WITH_ATTRIBUTION, at: [missing] };
    }
    return onlyFields("a quote reference", QUOTE_FIELDS)(value, error);
  },
  {
    additionalProperties: false,
    dependentRequired: {
      start: ["end"],
      end: ["start"],
      speakers: ["attribution"],
      attribution: ["speakers"],
      cue: ["attribution"],
    },
  },
);

const evidence: ValueRule = {
  ...listRule(quoteRef, {}, (value) =>
    Array.isArray(value) ? null : { code: "INVALID", message: "must be a list of quote references" },
  ),
  schema: { type: "array", items: { $ref: "#/$defs/quoteRef" } },
};
const evidenceRef: ValueRule = { ...evidence, schema: { $ref: "#/$defs/evidence" } };

/** A record's rule: the model's importable fields, then the record's own `extra` properties. */
function recordRule(
  type: RecordType,
  model: ModelDef<Record<string, FieldDef>>,
  extra: Record<string, ValueRule> = {},
  options: {
    before?: Record<string, ValueRule>;
    schema?: JsonSchema;
    explain?: ValueRule["explain"];
    linkExtras?: LinkExtras;
  } = {},
): ValueRule {
  const { properties, required } = recordProperties(model, refRule, options.linkExtras);
  const fields = { ...options.before, ...properties, ...extra };
  // A key the record type does not have is refused, not ignored: a misspelled field ("claimant",
  // "publishedDate") would otherwise be dropped without a word and the import report "applied".
  const unknown = onlyFields(`${/^[aeiou]/.test(type) ? "an" : "a"} ${type} record`, Object.keys(fields));
  return objectRule(
    {
      ...fields,
      type: { schema: { const: type, description: "The record's type (NDJSON lines)." }, explain: () => null },
    },
    required,
    (value, error) =>
      error.keyword === "additionalProperties"
        ? unknown(value, error)
        : (options.explain ?? (() => null))(value, error),
    { ...options.schema, additionalProperties: false },
  );
}

const claimRelation = objectRule(
  {
    from: claimRef,
    to: claimRef,
    kind: {
      schema: { enum: Object.values(ClaimRelationKind) },
      explain: (value) =>
        (Object.values(ClaimRelationKind) as unknown[]).includes(value)
          ? null
          : mustBeOneOf(Object.values(ClaimRelationKind)),
    },
    evidence: evidenceRef,
    type: { schema: { const: "claimRelation", description: "The record's type (NDJSON lines)." }, explain: () => null },
  },
  ["from", "to", "kind"],
  (value, error) =>
    error.keyword === "additionalProperties"
      ? onlyFields("a claimRelation record", ["from", "to", "kind", "evidence"])(value, error)
      : null,
  { additionalProperties: false },
);

interface BundleDefinition {
  /** The whole bundle schema, as docs/bundle.schema.json holds it. */
  schema: JsonSchema;
  /** The rule of each record type (`$defs.<type>`), to tell a failure of its schema. */
  records: Record<RecordType, ValueRule>;
}

let definition: BundleDefinition | undefined;

/** The bundle schema and its records' rules, built once (both are read-only). */
export function bundleDefinition(): BundleDefinition {
  if (definition) return definition;
  const records: Record<RecordType, ValueRule> = {
    entity: recordRule("entity", entityModel),
    // A source's natural key is its url, else its text (given inline, or as a file next to the bundle).
    source: recordRule(
      "source",
      sourceModel,
      {
        textFile: describe(
          textRule({ maxLength: TEXT_FILE_MAX }),
          "A file next to the bundle holding the text (files only).",
        ),
        derivedFrom: sourceRef,
      },
      {
        before: { ref: stringRule("A handle other records of this file use.") },
        schema: {
          anyOf: [
            { required: ["url"], properties: { url: { type: "string" } } },
            { required: ["text"], properties: { text: { type: "string" } } },
            { required: ["textFile"], properties: { textFile: { type: "string" } } },
          ],
        },
        explain: (_value, error) =>
          error.keyword === "anyOf" ? { code: "REQUIRED", message: SOURCE_NEEDS_KEY } : null,
      },
    ),
    entityRelation: recordRule("entityRelation", entityRelationModel, { evidence: evidenceRef }),
    claim: recordRule("claim", claimModel, { appearances: evidenceRef }, { before: { ref: stringRule() } }),
    claimRelation: { ...claimRelation, schema: { $ref: "#/$defs/claimRelation" } },
    // A member's evidence: quotes in which the member speaks (its membership's evidence).
    viewpoint: recordRule("viewpoint", viewpointModel, {}, { linkExtras: { members: { evidence: evidenceRef } } }),
    stance: recordRule("stance", stanceModel, { evidence: evidenceRef }),
    review: recordRule("review", reviewModel),
  };
  const base = structuredClone(BASE) as JsonSchema & { $defs: Record<string, unknown> };
  const schema = {
    ...base,
    $defs: {
      slug: { type: "string", pattern: SLUG_PATTERN.source, maxLength: SLUG_MAX },
      text: { type: "string", minLength: 1, pattern: "\\S" },
      date: { type: "string", pattern: DATE.regex.source },
      dateTime: { type: "string", pattern: DATE_TIME.regex.source },
      sourceRef: {
        type: "string",
        minLength: 1,
        pattern: "\\S",
        maxLength: SOURCE_REF_MAX,
        description: "`url:<url>`, `sha256:<hex>` or a source `ref` from this file.",
      },
      claimRef: {
        type: "string",
        minLength: 1,
        pattern: "\\S",
        maxLength: CLAIM_REF_MAX,
        description: "`fingerprint:<hex>` or a claim `ref` from this file.",
      },
      quoteRef: quoteRef.schema,
      cue: cue.schema,
      evidence: evidence.schema,
      claimRelation: claimRelation.schema,
      ...base.$defs,
    } as Record<string, unknown>,
  };
  for (const type of RECORD_ORDER) if (type !== "claimRelation") schema.$defs[type] = records[type].schema;
  definition = { schema: deepFreeze(schema), records };
  return definition;
}

/** A copy of the bundle JSON Schema. */
export function bundleJsonSchema(): Record<string, unknown> {
  return structuredClone(bundleDefinition().schema);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const BASE = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://claimbase.example/schemas/bundle-v1.json",
  title: "claimbase bundle, version 1",
  $comment:
    "maxLength counts UTF-16 code units, as JavaScript's String.length does (a character outside the Basic Multilingual Plane, such as an emoji, counts 2), the same as the service's GraphQL mutations.",
  description:
    "A whole story as one JSON object (sections of records), or the same records one per line (NDJSON, each with a `type`). References are natural keys: entities and viewpoints by slug; sources by `url:<url>`, `sha256:<hex of text>` or a `ref` declared earlier; claims by `fingerprint:<hex>` or a `ref` declared earlier.",
  oneOf: [
    {
      $ref: "#/$defs/bundle",
    },
    {
      $ref: "#/$defs/record",
    },
  ],
  $defs: {
    bundle: {
      type: "object",
      required: ["format", "version"],
      properties: {
        format: {
          const: "claimbase-bundle",
        },
        version: {
          const: 1,
        },
        description: {
          type: "string",
        },
        entities: {
          type: "array",
          items: {
            $ref: "#/$defs/entity",
          },
        },
        sources: {
          type: "array",
          items: {
            $ref: "#/$defs/source",
          },
        },
        entityRelations: {
          type: "array",
          items: {
            $ref: "#/$defs/entityRelation",
          },
        },
        claims: {
          type: "array",
          items: {
            $ref: "#/$defs/claim",
          },
        },
        claimRelations: {
          type: "array",
          items: {
            $ref: "#/$defs/claimRelation",
          },
        },
        viewpoints: {
          type: "array",
          items: {
            $ref: "#/$defs/viewpoint",
          },
        },
        stances: {
          type: "array",
          items: {
            $ref: "#/$defs/stance",
          },
        },
        reviews: {
          type: "array",
          items: {
            $ref: "#/$defs/review",
          },
        },
      },
    },
    record: {
      description: "One NDJSON line: a record with its `type`.",
      type: "object",
      required: ["type"],
      oneOf: [
        {
          properties: {
            type: {
              const: "entity",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/entity",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "source",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/source",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "entityRelation",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/entityRelation",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "claim",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/claim",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "claimRelation",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/claimRelation",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "viewpoint",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/viewpoint",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "stance",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/stance",
            },
          ],
        },
        {
          properties: {
            type: {
              const: "review",
            },
          },
          allOf: [
            {
              $ref: "#/$defs/review",
            },
          ],
        },
      ],
    },
  },
} as const;
