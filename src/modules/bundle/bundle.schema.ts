import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { reviewModel } from "../review/review.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { type FieldDef, type ModelDef, recordSchema } from "../../shared/model";
import { sourceModel } from "../source/source.model";

/**
 * The bundle JSON Schema (docs/bundle.schema.json, written by `npm run schema` and drift-checked by
 * `npm run check`). Record types declared in a model file (claim.model.ts, ...) are derived from it; the
 * others are written here until their domains get model files.
 */
export function bundleJsonSchema(): Record<string, unknown> {
  const schema = structuredClone(BASE) as { $defs: Record<string, unknown> };
  const entity = recordSchema(entityModel);
  schema.$defs.entity = { type: "object", required: entity.required, properties: entity.properties };
  // A source's natural key is its url, else its text (given inline, or as a file next to the bundle).
  const source = recordSchema(sourceModel);
  schema.$defs.source = {
    type: "object",
    required: source.required,
    anyOf: [{ required: ["url"] }, { required: ["text"] }, { required: ["textFile"] }],
    properties: {
      ref: { type: "string", description: "A handle other records of this file use." },
      ...source.properties,
      textFile: { type: "string", description: "A file next to the bundle holding the text (files only)." },
      derivedFrom: { $ref: "#/$defs/sourceRef" },
    },
  };
  const claim = recordSchema(claimModel);
  schema.$defs.claim = {
    type: "object",
    required: claim.required,
    properties: { ref: { type: "string" }, ...claim.properties, appearances: { $ref: "#/$defs/evidence" } },
  };
  schema.$defs.entityRelation = recordDef(entityRelationModel, { evidence: { $ref: "#/$defs/evidence" } });
  schema.$defs.viewpoint = recordDef(viewpointModel);
  schema.$defs.stance = recordDef(stanceModel, { evidence: { $ref: "#/$defs/evidence" } });
  schema.$defs.review = recordDef(reviewModel);
  return schema;
}

/** How a bundle refers to an object, by its type (see the file's description). */
const REF_DEFS: Record<string, string> = { Entity: "slug", Viewpoint: "slug", Source: "sourceRef", Claim: "claimRef" };

function refDef(target: string): string {
  const def = REF_DEFS[target];
  if (!def) throw new Error(`bundles cannot refer to a ${target}`);
  return def;
}

/** A record type's definition: the model's importable fields, then the record's own `extra` properties. */
function recordDef(model: ModelDef<Record<string, FieldDef>>, extra: Record<string, unknown> = {}) {
  const { properties, required } = recordSchema(model, refDef);
  return { type: "object", required, properties: { ...properties, ...extra } };
}

const BASE = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://claimbase.example/schemas/bundle-v1.json",
  title: "claimbase bundle, version 1",
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
    slug: {
      type: "string",
      pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
      maxLength: 200,
    },
    text: {
      type: "string",
      minLength: 1,
      pattern: "\\S",
    },
    date: {
      type: "string",
      pattern: "^\\d{4}-\\d{2}-\\d{2}$",
    },
    dateTime: {
      type: "string",
      pattern: "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$",
    },
    sourceRef: {
      type: "string",
      minLength: 1,
      description: "`url:<url>`, `sha256:<hex>` or a source `ref` from this file.",
    },
    claimRef: {
      type: "string",
      minLength: 1,
      description: "`fingerprint:<hex>` or a claim `ref` from this file.",
    },
    quoteRef: {
      type: "object",
      required: ["source", "exact"],
      additionalProperties: false,
      properties: {
        source: {
          $ref: "#/$defs/sourceRef",
        },
        exact: {
          $ref: "#/$defs/text",
          description: "The passage, verbatim.",
        },
        prefix: {
          type: "string",
          description: "Text just before it, when it occurs more than once.",
        },
        suffix: {
          type: "string",
          description: "Text just after it, when it occurs more than once.",
        },
        start: {
          type: "integer",
          minimum: 0,
          description: "Code point offset; with `end`, must hold exactly.",
        },
        end: {
          type: "integer",
          minimum: 1,
        },
      },
    },
    evidence: {
      type: "array",
      items: {
        $ref: "#/$defs/quoteRef",
      },
    },
    claimRelation: {
      type: "object",
      required: ["from", "to", "kind"],
      properties: {
        from: {
          $ref: "#/$defs/claimRef",
        },
        to: {
          $ref: "#/$defs/claimRef",
        },
        kind: {
          enum: ["SUPPORTS", "ATTACKS", "CONTRADICTS", "QUALIFIES", "REPHRASES"],
        },
        evidence: {
          $ref: "#/$defs/evidence",
        },
      },
    },
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
