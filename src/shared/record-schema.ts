import type { UserErrorCode } from "./errors";
import {
  bundlePath,
  type FieldDef,
  importable,
  type LinkRelation,
  type ManyRelation,
  type ModelDef,
  type ScalarField,
  writeNullable,
} from "./model";
import { hasLoneSurrogate } from "./text";

/**
 * The rules a bundle record's values follow, each declared once and used three ways:
 *
 * - as JSON Schema: the bundle schema (docs/bundle.schema.json) is assembled from them, and imports
 *   are validated against it with ajv before a record reaches the writer (bundle.validate.ts);
 * - to tell the user why a value failed its schema: ajv says where (its instance path), the rule says
 *   what, with the code and words the writer has always used (`must be a non-empty string`, REQUIRED);
 * - by the writer, for what GraphQL's types do not check in mutations (a text's length, a blank or
 *   NUL-bearing string, a list's length): textProblem, wrongValue and the limits below.
 *
 * The limits come from the model (shared/model.ts); the defaults here are those of texts and lists
 * that do not declare their own.
 */

export type JsonSchema = Record<string, unknown>;

export interface Problem {
  code: UserErrorCode;
  message: string;
}

/** A problem, and where it is below the value the rule was asked about (a missing first field). */
export interface Told extends Problem {
  at?: string[];
}

/** What a rule is told of a failure of its schema: the failing keyword and its parameters (ajv's). */
export interface SchemaError {
  keyword: string;
  params: Record<string, unknown>;
}

export interface ValueRule {
  /** The value's JSON Schema (often a `$ref` to a shared definition of the bundle schema). */
  schema: JsonSchema;
  /**
   * Why `value` (undefined when missing) fails the schema at its own level, or null when this rule
   * sees nothing wrong with it (what failed is then told in ajv's words). Values below an object or a
   * list are told by their own rules (`properties`, `items`).
   */
  explain(value: unknown, error: SchemaError): Told | null;
  properties?: Record<string, ValueRule>;
  items?: ValueRule;
}

// ---- messages and checks shared with the writer ---------------------------------------------------

const invalid = (message: string): Problem => ({ code: "INVALID", message });

export const NON_EMPTY: Problem = { code: "REQUIRED", message: "must be a non-empty string" };
export const NOT_A_STRING = invalid("must be a string");
export const NOT_A_LIST_OF_STRINGS = invalid("must be a list of strings");
export const NOT_A_LIST = invalid("must be a list");

/** The longest text of a field that declares no maxLength. */
export const TEXT_MAX = 100_000;
/** A list of texts or references that declares no bounds: its longest list, and longest item. */
export const LIST_MAX_ITEMS = 100;
export const LIST_ITEM_MAX_LENGTH = 1000;

export const tooLong = (max: number) => invalid(`must be at most ${max} characters`);
export const tooManyValues = (max: number) => invalid(`must list at most ${max} values`);
export const mustBeOneOf = (values: readonly string[]) => invalid(`must be one of ${values.join(", ")}`);

export interface Pattern {
  regex: RegExp;
  message: string;
}

export interface TextLimits {
  /** In UTF-16 code units, as String.length counts them (see bundle.validate.ts on ajv's `unicode`). */
  maxLength?: number;
  pattern?: Pattern;
}

/** The first problem of a text (blank, too long, NUL, a lone surrogate, not its pattern), or null. */
export function textProblem(value: string, limits: TextLimits = {}): Problem | null {
  if (value.trim() === "") return NON_EMPTY;
  const max = limits.maxLength ?? TEXT_MAX;
  if (value.length > max) return tooLong(max);
  // PostgreSQL's text cannot hold NUL.
  if (value.includes("\u0000")) return invalid("must not contain NUL characters");
  // Node would store a lone surrogate as U+FFFD without a word; PostgreSQL's JSON refuses it outright.
  if (hasLoneSurrogate(value)) return invalid("is not valid Unicode (a lone surrogate)");
  if (limits.pattern && !limits.pattern.regex.test(value)) return invalid(limits.pattern.message);
  return null;
}

/**
 * Times as records carry them: a date, or a date and time with an optional zone. PostgreSQL has no
 * year 0 (JavaScript's Date takes it as 1 BC): four-digit years from 0001.
 */
export const DATE_TIME: Pattern = {
  regex: /^(?!0000)\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
  message: "must be an ISO 8601 date or date-time",
};
export const DATE: Pattern = { regex: /^(?!0000)\d{4}-\d{2}-\d{2}$/, message: "must be a date (YYYY-MM-DD)" };

/** A time as stored (ISO 8601 in UTC; a date as it is), or null when it is not one (`2024-13-45`). */
export function parseTime(value: string, kind: "timestamp" | "date"): string | null {
  const { regex } = kind === "date" ? DATE : DATE_TIME;
  if (!regex.test(value) || Number.isNaN(Date.parse(value))) return null;
  if (kind === "date") return value;
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString();
}

const INT4 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };

/** What a value of the wrong type is told, or a null where the field takes none (by the field's kind). */
export function wrongValue(field: ScalarField): Problem {
  switch (field.kind) {
    case "text":
      return NON_EMPTY;
    case "enum":
      return mustBeOneOf(Object.values(field.enum!.values));
    case "timestamp":
      return invalid(DATE_TIME.message);
    case "date":
      return invalid(DATE.message);
    case "int":
      return invalid("must be a whole number");
    case "textList":
      return NOT_A_LIST_OF_STRINGS;
    case "json":
      return invalid("must be an object");
  }
}

/** What a record that leaves out a required to-many relation, or gives none, is told. */
export function needsOne(model: { type: string }, relation: string): Problem {
  return {
    code: "REQUIRED",
    message: `a ${model.type.toLowerCase()} needs at least one ${relation.replace(/s$/, "")}`,
  };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

// ---- rules ---------------------------------------------------------------------------------------

/** A text's schema: a shared definition (`def`), else a string with the limits (a `$ref` to `text` when it has no pattern). */
function textSchema(limits: TextLimits, def?: JsonSchema): JsonSchema {
  if (def) return def;
  const maxLength = limits.maxLength ?? TEXT_MAX;
  if (!limits.pattern) return { $ref: "#/$defs/text", maxLength };
  if (limits.pattern.regex.flags) throw new Error(`a record's pattern takes no flags: ${limits.pattern.regex}`);
  return { type: "string", maxLength, pattern: limits.pattern.regex.source };
}

/** A text (non-blank, within its limits), with `schema` when it is a shared definition of the bundle schema. */
export function textRule(limits: TextLimits = {}, schema?: JsonSchema): ValueRule {
  return {
    schema: textSchema(limits, schema),
    explain: (value) => (typeof value === "string" ? textProblem(value, limits) : NON_EMPTY),
  };
}

/** Any string (a bundle-local `ref`, a quote's prefix). */
export function stringRule(description?: string): ValueRule {
  return {
    schema: { type: "string", ...(description ? { description } : {}) },
    explain: (value) => (typeof value === "string" ? null : NOT_A_STRING),
  };
}

/** A rule that also takes null (a nullable field's value, which clears it). */
export function orNull(rule: ValueRule): ValueRule {
  return {
    ...rule,
    schema: { anyOf: [rule.schema, { type: "null" }] },
    explain: (value, error) => (value === null ? null : rule.explain(value, error)),
  };
}

/** A list, with the rule of its items; `explain` tells what is wrong with the list itself. */
export function listRule(
  items: ValueRule,
  bounds: { minItems?: number; maxItems?: number },
  explain: ValueRule["explain"],
): ValueRule {
  return { schema: { type: "array", ...bounds, items: items.schema }, explain, items };
}

/**
 * An object with its properties' rules, the properties it requires (in the order they are checked),
 * and more of its schema (`additionalProperties`, `anyOf`, ...); `explain` tells what is wrong with
 * the object itself.
 */
export function objectRule(
  properties: Record<string, ValueRule>,
  required: string[],
  explain: ValueRule["explain"],
  schema: JsonSchema = {},
): ValueRule {
  return {
    schema: {
      type: "object",
      ...(required.length > 0 ? { required } : {}),
      ...schema,
      properties: Object.fromEntries(Object.entries(properties).map(([key, rule]) => [key, rule.schema])),
    },
    explain,
    properties,
  };
}

/** How a bundle refers to an object of a type (the bundle schema's references), by target type. */
export type RefRule = (target: string) => ValueRule;

type AnyModel = ModelDef<Record<string, FieldDef>>;

function scalarRule(field: ScalarField): ValueRule {
  const write = field.write ?? { create: false, update: false };
  const rule = ((): ValueRule => {
    switch (field.kind) {
      case "text":
        return textRule(write, write.schema);
      case "enum": {
        const values = Object.values(field.enum!.values);
        return {
          schema: { enum: writeNullable(field) ? [...values, null] : values },
          explain: (value) =>
            (value === null && writeNullable(field)) || values.includes(value as string) ? null : wrongValue(field),
        };
      }
      case "timestamp":
      case "date":
        return {
          schema: { $ref: field.kind === "date" ? "#/$defs/date" : "#/$defs/dateTime" },
          explain: (value) =>
            typeof value === "string" && parseTime(value, field.kind as "timestamp" | "date") !== null
              ? null
              : wrongValue(field),
        };
      case "int":
        return {
          schema: { type: "integer", ...INT4 },
          explain: (value) =>
            Number.isInteger(value) && (value as number) >= INT4.minimum && (value as number) <= INT4.maximum
              ? null
              : wrongValue(field),
        };
      case "textList": {
        const maxItems = write.maxItems ?? LIST_MAX_ITEMS;
        const items = textRule({ maxLength: write.maxLength ?? LIST_ITEM_MAX_LENGTH });
        return listRule(items, { maxItems }, (value) =>
          !Array.isArray(value) ? wrongValue(field) : value.length > maxItems ? tooManyValues(maxItems) : null,
        );
      }
      case "json":
        return { schema: { type: "object" }, explain: (value) => (isObject(value) ? null : wrongValue(field)) };
    }
  })();
  return writeNullable(field) && field.kind !== "enum" ? orNull(rule) : rule;
}

/**
 * What a record's link items carry besides their model's fields, by relation name (a viewpoint member's
 * `evidence`): rules the bundle schema adds (shared/ knows no quote).
 */
export type LinkExtras = Record<string, Record<string, ValueRule>>;

/** The rule of a field's value in a bundle record. */
export function fieldRule(
  model: AnyModel,
  name: string,
  field: FieldDef,
  refRule: RefRule,
  linkExtras: LinkExtras = {},
): ValueRule {
  if (!("relation" in field)) return scalarRule(field);
  switch (field.relation) {
    case "one": {
      const rule = refRule(field.target);
      return field.write?.create === "optional" ? orNull(rule) : rule;
    }
    case "many":
      return manyRule(model, name, field, refRule);
    case "links":
      return linksRule(name, field, refRule, linkExtras[name]);
  }
}

function manyRule(model: AnyModel, name: string, field: ManyRelation, refRule: RefRule): ValueRule {
  const required = field.write?.create === "required";
  return listRule(
    refRule(field.target),
    { ...(required ? { minItems: 1 } : {}), maxItems: LIST_MAX_ITEMS },
    (value) => {
      if (required && (value === undefined || (Array.isArray(value) && value.length === 0))) {
        return needsOne(model, name);
      }
      if (!Array.isArray(value)) return NOT_A_LIST_OF_STRINGS;
      return value.length > LIST_MAX_ITEMS ? tooManyValues(LIST_MAX_ITEMS) : null;
    },
  );
}

/** What a list of links longer than its relation allows is told. */
export const tooManyLinks = (name: string, max: number) => invalid(`must list at most ${max} ${name}`);

function linksRule(
  name: string,
  field: LinkRelation,
  refRule: RefRule,
  extra: Record<string, ValueRule> = {},
): ValueRule {
  const own = recordProperties(field.item, refRule);
  const { required } = own;
  const properties = { ...own.properties, ...extra };
  // An item that is not an object lacks its fields: the first one required is what is missing.
  const item = objectRule(properties, required, (value) => {
    if (isObject(value) || required.length === 0) return null;
    const first = required[0]!;
    return {
      ...(properties[first]!.explain(undefined, { keyword: "required", params: {} }) ?? NON_EMPTY),
      at: [first],
    };
  });
  return listRule(item, field.maxItems !== undefined ? { maxItems: field.maxItems } : {}, (value) => {
    if (!Array.isArray(value)) return NOT_A_LIST;
    return field.maxItems !== undefined && value.length > field.maxItems ? tooManyLinks(name, field.maxItems) : null;
  });
}

/** A `oneOf` group (a stance's holder): an object with exactly one of its keys. */
function oneOfRule(members: [string, ValueRule][]): ValueRule {
  const keys = members.map(([key]) => key);
  const exactlyOne = invalid(`must name exactly one of ${keys.join(" and ")}`);
  const properties = Object.fromEntries(members);
  return {
    schema: {
      oneOf: members.map(([key, rule]) => ({
        type: "object",
        required: [key],
        properties: { [key]: rule.schema },
        additionalProperties: false,
      })),
    },
    explain: (value, error) => {
      const object = isObject(value) ? value : {};
      const given = keys.filter((key) => object[key] !== undefined);
      if (given.length !== 1) return exactlyOne;
      // One key given: what is wrong is its value, if anything (else a key of its own beside it).
      const key = given[0]!;
      const told = properties[key]!.explain(object[key], error);
      return told ? { ...told, at: [key, ...(told.at ?? [])] } : exactlyOne;
    },
    properties,
  };
}

/**
 * The rules of a model's importable fields at their place in a record (a group is an object property
 * of its own, placed where its first field is), and the properties a record requires, in the order
 * the writer checks them.
 */
export function recordProperties(
  model: AnyModel,
  refRule: RefRule,
  linkExtras: LinkExtras = {},
): { properties: Record<string, ValueRule>; required: string[] } {
  const properties: Record<string, ValueRule> = {};
  const required: string[] = [];
  const groups = new Map<string, { oneOf: boolean; members: [string, ValueRule][] }>();
  for (const [name, field] of Object.entries(model.fields)) {
    if (!importable(field)) continue;
    const rule = fieldRule(model, name, field, refRule, linkExtras);
    const key = bundlePath(name, field).at(-1)!;
    if (field.group) {
      let group = groups.get(field.group);
      if (!group) {
        group = { oneOf: field.write?.create === "oneOf", members: [] };
        groups.set(field.group, group);
        properties[field.group] = rule; // a placeholder, so that the group keeps its place
        if (group.oneOf) required.push(field.group);
      }
      group.members.push([key, rule]);
    } else {
      properties[key] = rule;
      if (field.write!.create === "required") required.push(key);
    }
  }
  for (const [name, { oneOf, members }] of groups) {
    properties[name] = oneOf
      ? oneOfRule(members)
      : objectRule(Object.fromEntries(members), [], (value) => (isObject(value) ? null : invalid("must be an object")));
  }
  return { properties, required };
}
