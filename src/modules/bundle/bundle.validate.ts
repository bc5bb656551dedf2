import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import type { Told, ValueRule } from "../../shared/record-schema";
import { bundleDefinition } from "./bundle.schema";
import {
  type BundleRecord,
  RECORD_ORDER,
  type RecordType,
  type RejectedRecord,
  type UncheckedRecord,
} from "./bundle.types";

/**
 * Imports are validated once, at the edge: each record against its type's definition in the bundle
 * schema (`$defs.<type>` of bundleJsonSchema(), which docs/bundle.schema.json is written from), with
 * validators compiled once per process. A record that passes reaches the writer typed
 * (BundleRecord); one that fails is rejected with its JSON pointer, the field ajv's instance path
 * names, and the code and words the writer has always used, told by the field's rule
 * (shared/record-schema.ts).
 *
 * ajv's options, chosen for input from anyone:
 * - allErrors: false: validation stops at a record's first failure, so a bad record costs no more than
 *   finding one problem (a list of a million bad items is one error, not a million), and one is what
 *   a rejected record reports. ajv checks an object's `required` before its `properties`, so where a
 *   record has several problems the one reported may differ from the writer's first (the writer
 *   checked fields in model order); a record with one problem is told exactly as before.
 * - unicode: false: maxLength counts UTF-16 code units, as String.length does, as the writer counts
 *   for mutations and as every limit was counted before ajv (ajv's default counts code points, so a
 *   text of emoji would pass ajv at twice the length the writer allows mutations). The schema's
 *   `$comment` says so to other validators.
 * - strict: true: a keyword ajv does not know, or a schema mistake, fails when the validators are
 *   compiled (at startup), not silently on a record.
 * - no $data: a record cannot supply the values it is checked against. Patterns are compiled once,
 *   with the `u` flag; each is linear in its input (anchored, no nested quantifiers).
 * The schema has no recursive definitions, so a value nested thousands of levels deep (in an entity's
 * externalIds, whose depth the writer bounds) is not walked by ajv at all.
 */

export interface RecordValidator {
  /** The bundle schema the validators were compiled from (what docs/bundle.schema.json holds). */
  readonly schema: Record<string, unknown>;
  /** The record, typed, or why it is rejected. */
  check(record: UncheckedRecord, at: string): { record: BundleRecord } | RejectedRecord;
}

/** ajv warns that `unicode` is deprecated (it is in ajv 8, which is pinned); the choice is deliberate (above). */
const AJV_LOGGER = {
  log: console.log,
  warn: (...args: unknown[]) => {
    if (!String(args[0]).startsWith("DEPRECATED: option unicode")) console.warn(...args);
  },
  error: console.error,
};

let validator: RecordValidator | undefined;

/** The record validator, compiled on first use (the import route asks for it at startup). */
export function recordValidator(): RecordValidator {
  validator ??= compile();
  return validator;
}

function compile(): RecordValidator {
  const { schema, records } = bundleDefinition();
  const ajv = new Ajv2020({
    allErrors: false,
    unicode: false,
    // strictTypes flags a keyword whose type is declared elsewhere, as in `{"$ref": "#/$defs/text",
    // "maxLength": 1000}` (a shared definition, refined): valid JSON Schema, and how this one is written.
    strict: true,
    strictTypes: false,
    logger: AJV_LOGGER,
  });
  ajv.addSchema(schema);
  const id = schema.$id as string;
  const validators = Object.fromEntries(
    RECORD_ORDER.map((type) => {
      const validate = ajv.getSchema(`${id}#/$defs/${type}`);
      if (!validate) throw new Error(`the bundle schema has no $defs.${type}`);
      return [type, validate];
    }),
  ) as Record<RecordType, ValidateFunction>;
  return {
    schema,
    check(record, at) {
      const type = record.type;
      const validate = validators[type];
      if (validate(record)) return { record: record as unknown as BundleRecord };
      return rejection(validate.errors ?? [], record, records[type], at);
    },
  };
}

/**
 * The rejection of a record that failed its schema. With allErrors off, ajv's last error is the
 * keyword that failed the record; errors before it are those of the alternatives of a failed
 * `oneOf`/`anyOf`, which the rule of the object holding it tells in its own words (a stance's holder
 * names exactly one of its keys).
 */
export function rejection(errors: ErrorObject[], record: object, rule: ValueRule, at: string): RejectedRecord {
  const error = errors[errors.length - 1];
  if (!error) return { at, path: at, code: "INVALID", reason: "does not match the bundle schema" };
  const segments = pointerSegments(error.instancePath);
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  // The rule of the value that failed: down the record's rule, as far as rules go (an unknown key has none).
  let current = rule;
  let depth = 0;
  for (const segment of segments) {
    const next = current.properties?.[segment] ?? (/^\d+$/.test(segment) ? current.items : undefined);
    if (!next) break;
    current = next;
    depth += 1;
  }
  const where = segments.slice(0, depth);
  const told: Told = current.explain(valueAt(record, where), error) ?? {
    code: "INVALID",
    message: error.message ?? "does not match the bundle schema",
  };
  const path = [...where, ...(told.at ?? [])].map((segment) => `/${escape(segment)}`).join("");
  return { at, path: `${at}${path}`, code: told.code, reason: told.message };
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

function valueAt(value: unknown, segments: string[]): unknown {
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = Object.prototype.hasOwnProperty.call(value, segment)
      ? (value as Record<string, unknown>)[segment]
      : undefined;
  }
  return value;
}
