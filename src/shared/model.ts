import { GraphQLJSONObject, GraphQLLocalDate } from "graphql-scalars";
import { Field, Int } from "type-graphql";

/** What a type-graphql `@Field` type function returns (not exported by the package's root). */
type ReturnTypeFuncValue = Parameters<typeof Field>[0] extends infer F
  ? F extends (...args: never[]) => infer R
    ? R
    : never
  : never;

/**
 * The model kit: a domain declares each field and relation once (`<domain>.model.ts`), and the read
 * spec, GraphQL fields, mutation inputs, filters and orderings, the writer's field map, the bundle JSON
 * Schema and the export columns are derived from that declaration here and in the shared engines.
 * This file knows no domain; identifiers in a model are constants of the code base, never user input.
 */

/** `textList`: a list of texts (a `text[]` column); `json`: a JSON object (a `jsonb` column). */
export type ScalarKind = "text" | "enum" | "timestamp" | "date" | "int" | "textList" | "json";

/** An enum as Prisma generates it (`{ FACTUAL: "FACTUAL", ... }`), with its PostgreSQL type. */
export interface EnumRef {
  name: string;
  values: Record<string, string>;
  pgType: string;
}

export interface WriteRule {
  /** On create: must be given, may be given, or not accepted (set by its own mutation). */
  create: "required" | "optional" | false;
  /** Accepted by the update mutation. */
  update: boolean;
  /** Longest text accepted (UTF-16 code units, as String.length counts; of each item, for a list). */
  maxLength?: number;
  /** Longest list accepted (items). */
  maxItems?: number;
  /** A pattern a text must match, with the message when it does not. */
  pattern?: { regex: RegExp; message: string };
  /** The field's JSON Schema in bundle records, when the kind's own does not say it all (a shared definition). */
  schema?: Record<string, unknown>;
  /**
   * Whether a write may set it to null; default: the field's nullability. False for a column that is
   * null only until set (a source's derivationKind: a derivation has a kind).
   */
  nullable?: boolean;
  /** The stored form of a text (e.g. a canonical language tag); throws a RangeError with the reason when invalid. */
  normalize?: (value: string) => string;
  /** Accepted in imported bundle records (default: whenever a create accepts it). */
  import?: boolean;
  /** Optional in the create mutation's input although records require it: the mutation derives it when left out. */
  inputOptional?: boolean;
  /** The value an insert uses when none is given (a SQL literal of this code base). */
  insertDefault?: string;
  /** The input field's description, when it should differ from the field's own. */
  createDescription?: string;
  updateDescription?: string;
}

export interface ScalarField {
  kind: ScalarKind;
  column: string;
  description: string;
  nullable: boolean;
  enum?: EnumRef;
  /**
   * A nested object the field is shown and imported under (`Claim.qualifiers.validFrom`,
   * `{"qualifiers": {"validFrom": ...}}`); top level when absent.
   */
  group?: string;
  /** The key a bundle record carries it under, when not its name. */
  bundleKey?: string;
  /** Shown as a field of the GraphQL object type (default true). */
  graphql?: boolean;
  /** Left out of the read spec's select list (a large text that is loaded by itself when asked for). */
  deferred?: boolean;
  /** Testable in `<Type>Filter`, with this description. */
  filter?: string;
  /** A `<Type>OrderField` value, with its description. */
  order?: { value: string; description: string };
  /** Written by imports and mutations, with its validation. */
  write?: WriteRule;
  /** In exports at all (default true); in CSV exports (default true); the JSON-LD property it maps to, if any. */
  exported?: boolean;
  csv?: boolean;
  jsonld?: string;
  /** Part of the type's natural key (what an import matches existing rows by). */
  naturalKey?: boolean;
  /** A facet over the field (counts per enum value; per month for a time), with its name. */
  facet?: { name: string; description: string };
}

export interface ToOneRelation {
  relation: "one";
  /** The target type and its table. */
  target: string;
  table: string;
  /** The foreign-key column on this type's table, and the field that carries its id in a row. */
  column: string;
  idField: string;
  description: string;
  group?: string;
  bundleKey?: string;
  filter?: string;
  /** A facet counting rows per target, most first (`byPublisher`). */
  facet?: { name: string; description: string };
  /** Part of the type's natural key. */
  naturalKey?: boolean;
  /** A column of CSV exports (default true); false when the type's CSV shows the target otherwise. */
  csv?: boolean;
  /**
   * Written as the target's natural key (imports) or ID (mutations); null clears an optional one.
   * `oneOf`: exactly one of the group's `oneOf` relations is given (a stance's holder is an entity or
   * a viewpoint); a mutation's input takes them as one ID named after the group, which the input class
   * declares (GraphQL inputs have no unions).
   */
  write?: {
    create: "required" | "optional" | "oneOf";
    update: boolean;
    createDescription?: string;
    updateDescription?: string;
  };
}

export interface ManyRelation {
  relation: "many";
  target: string;
  table: string;
  /** The join table, its column pointing at the owner, and its column pointing at the target. */
  through: string;
  ownerColumn: string;
  targetColumn: string;
  /** Whether the join table keeps the order given (a `position` column). */
  ordered: boolean;
  description: string;
  group?: undefined;
  bundleKey?: undefined;
  filter?: string;
  naturalKey?: undefined;
  csv?: undefined;
  /** A facet counting owners per target, most first (`byClaimant`). */
  facet?: { name: string; description: string };
  write?: {
    create: "required" | "optional";
    update: boolean;
    createDescription?: string;
    updateDescription?: string;
  };
}

/**
 * A to-many relation whose links carry attributes of their own (a viewpoint member's role). The link
 * rows are a model of their own (`item`: a table without an id, with a to-one relation to the owner, one
 * to the target, and the attributes), and a GraphQL type. Bundles and inputs give a list of items
 * (`{"entity": "...", "role": "..."}`); a write adds the items given or changes their attributes, and
 * never removes a link.
 */
export interface LinkRelation {
  relation: "links";
  item: ModelDef<Record<string, FieldDef>>;
  /** The target's type and table, and the name of the item's relation to it. */
  target: string;
  table: string;
  targetField: string;
  /** The link table and its columns pointing at the owner and at the target. */
  through: string;
  ownerColumn: string;
  targetColumn: string;
  /** Whether the link table keeps the order given (a `position` column). */
  ordered: boolean;
  /** The most items a record may give. */
  maxItems?: number;
  description: string;
  group?: undefined;
  bundleKey?: undefined;
  filter?: string;
  naturalKey?: undefined;
  csv?: undefined;
  facet?: undefined;
  write?: { create: "optional"; update: boolean; createDescription?: string; updateDescription?: string };
}

export type FieldDef = ScalarField | ToOneRelation | ManyRelation | LinkRelation;

export interface ModelDef<F extends Record<string, FieldDef>> {
  /** The GraphQL type name and its table. */
  type: string;
  table: string;
  /** False for a link table, which has no id of its own (see LinkRelation). */
  id?: false;
  /** Fields in the order exports list them. */
  fields: F;
}

/** Every model defined, by GraphQL type name (read-columns.ts maps an operation's fields to columns with it). */
const modelsByType = new Map<string, ModelDef<Record<string, FieldDef>>>();

export const defineModel = <F extends Record<string, FieldDef>>(model: ModelDef<F>): ModelDef<F> => {
  modelsByType.set(model.type, model as ModelDef<Record<string, FieldDef>>);
  return model;
};

/** The models defined so far, by GraphQL type name. */
export function definedModels(): ReadonlyMap<string, ModelDef<Record<string, FieldDef>>> {
  return modelsByType;
}

const isScalar = (field: FieldDef): field is ScalarField => !("relation" in field);

// ---- field builders ------------------------------------------------------------------------------

type Options = Omit<ScalarField, "kind" | "column" | "description" | "nullable" | "enum"> & { column?: string };

/**
 * What a builder keeps of its options in the field's type, as literals (`write: { create: "required" }`,
 * `group: "qualifiers"`), so that the type of a record (RecordOf) can be derived from a model.
 */
type Kept<O> = Pick<O, Extract<keyof O, "write" | "group" | "bundleKey">>;
/** The nullability an options object asks for, else the builder's default. */
type NullableOf<O, Default extends boolean> = O extends { nullable: true }
  ? true
  : O extends { nullable: false }
    ? false
    : Default;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function scalar<K extends ScalarKind, N extends boolean, O extends Options>(
  kind: K,
  nullable: N,
  description: string,
  options: O & { enum?: EnumRef },
): ScalarField & { kind: K; nullable: N } & Kept<O> {
  return { ...options, kind, nullable, description, column: options.column ?? "" } as ScalarField & {
    kind: K;
    nullable: N;
  } & Kept<O>;
}

export const text = <const O extends Options & { nullable?: boolean } = object>(description: string, options?: O) =>
  scalar("text", (options?.nullable ?? false) as NullableOf<O, false>, description, options ?? ({} as O));
export const timestamp = <const O extends Options & { nullable?: boolean } = object>(
  description: string,
  options?: O,
) => scalar("timestamp", (options?.nullable ?? true) as NullableOf<O, true>, description, options ?? ({} as O));
export const date = <const O extends Options & { nullable?: boolean } = object>(description: string, options?: O) =>
  scalar("date", (options?.nullable ?? true) as NullableOf<O, true>, description, options ?? ({} as O));
export const int = <const O extends Options = object>(description: string, options?: O) =>
  scalar("int", false, description, options ?? ({} as O));
export const textList = <const O extends Options = object>(description: string, options?: O) =>
  scalar("textList", false, description, options ?? ({} as O));
export const json = <const O extends Options = object>(description: string, options?: O) =>
  scalar("json", false, description, options ?? ({} as O));
export const enumOf = <E extends Record<string, string>, const O extends Options & { nullable?: boolean } = object>(
  values: E,
  name: string,
  pgType: string,
  description: string,
  options?: O,
) =>
  scalar("enum", (options?.nullable ?? false) as NullableOf<O, false>, description, {
    ...(options ?? ({} as O)),
    enum: { name, values, pgType },
  }) as ScalarField & {
    kind: "enum";
    nullable: NullableOf<O, false>;
    __values?: E[keyof E];
  } & Kept<O>;

/** The format of human keys (`new-york-post`), by which bundles reference objects. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The longest slug. */
export const SLUG_MAX = 200;
export const SLUG_MESSAGE = "must be lowercase words joined by hyphens";

/** A human key: lowercase words joined by hyphens, at most 200 characters (the bundle schema's `slug`). */
export const slug = <const O extends Options = object>(description: string, options?: O) =>
  text(description, {
    ...options,
    write: options?.write && {
      maxLength: SLUG_MAX,
      pattern: { regex: SLUG_PATTERN, message: SLUG_MESSAGE },
      schema: { $ref: "#/$defs/slug" },
      ...options.write,
    },
  }) as ScalarField & { kind: "text"; nullable: false } & Kept<O>;

export const toOne = <const O extends Omit<ToOneRelation, "relation">>(options: O) =>
  ({ relation: "one", ...options }) as ToOneRelation & O;
export const many = <const O extends Omit<ManyRelation, "relation">>(options: O) =>
  ({ relation: "many", ...options }) as ManyRelation & O;

/** Links to the targets of the item model's relation `target`, owned through its relation `owner`. */
export function links<
  I extends ModelDef<Record<string, FieldDef>>,
  const O extends Omit<
    LinkRelation,
    "relation" | "item" | "target" | "table" | "targetField" | "through" | "ownerColumn" | "targetColumn"
  > & { owner: string; target: string },
>(item: I, options: O): LinkRelation & { item: I } & Kept<O> {
  const { owner, target, ...rest } = options;
  const ownerField = item.fields[owner] as ToOneRelation;
  const targetField = item.fields[target] as ToOneRelation;
  return {
    ...rest,
    relation: "links",
    item,
    target: targetField.target,
    table: targetField.table,
    targetField: target,
    through: item.table,
    ownerColumn: ownerField.column,
    targetColumn: targetField.column,
  } as unknown as LinkRelation & { item: I } & Kept<O>;
}

/** The orderings by the times every type records. */
export const CREATED_AT = { value: "CREATED_AT", description: "When the object was first recorded." };
export const UPDATED_AT = { value: "UPDATED_AT", description: "When the object last changed." };

/** The longest language tag accepted: RFC 5646 (4.4.1) recommends room for 35 characters. */
const LANGUAGE_TAG_MAX = 35;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const LANGUAGE_TAG_MESSAGE =
  "must be a BCP 47 language tag such as en or es-MX, as Unicode locale identifiers allow it (grandfathered tags such as i-klingon and private-use-only tags such as x-private are refused)";

/**
 * A tag in its canonical form ("es-mx" -> "es-MX", "art-lojban" -> "jbo"). Intl implements Unicode's
 * locale identifiers (UTS #35), the BCP 47 subset every platform reads; its RangeError carries the
 * engine's own wording, so it is replaced by one message.
 */
export function canonicalLanguageTag(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    throw new RangeError(LANGUAGE_TAG_MESSAGE);
  }
}

/** A nullable BCP 47 language tag, validated and stored canonical: the same rule wherever a type has one. */
export const languageTag = <
  const O extends Options & {
    write: Pick<WriteRule, "create" | "update" | "createDescription" | "updateDescription">;
  },
>(
  description: string,
  options: O,
) =>
  text(description, {
    ...options,
    nullable: true,
    write: {
      ...options.write,
      maxLength: LANGUAGE_TAG_MAX,
      pattern: { regex: LANGUAGE_TAG, message: LANGUAGE_TAG_MESSAGE },
      normalize: canonicalLanguageTag,
    },
  }) as ScalarField & { kind: "text"; nullable: true } & Kept<O>;

/**
 * The fields every versioned type has (`noun`: "claim"); listed last in exports. Lists filter and
 * order by both times unless `filter` / `order` name fewer.
 */
export const versioned = (
  noun: string,
  {
    filter = ["createdAt", "updatedAt"],
    order = ["createdAt", "updatedAt"],
  }: Partial<Record<"filter" | "order", Stamp[]>> = {},
) => ({
  version: int("Increases with every update (optimistic locking).", { exported: false }),
  createdAt: timestamp(`When this ${noun} was first recorded.`, {
    nullable: false,
    filter: filter.includes("createdAt") ? `When the ${noun} was recorded.` : undefined,
    order: order.includes("createdAt") ? CREATED_AT : undefined,
  }),
  updatedAt: timestamp(`When this ${noun} was last changed.`, {
    nullable: false,
    filter: filter.includes("updatedAt") ? `When the ${noun} last changed.` : undefined,
    order: order.includes("updatedAt") ? UPDATED_AT : undefined,
  }),
});
type Stamp = "createdAt" | "updatedAt";

/** A to-many relation read from its owner's side: `FROM <through> l JOIN <target> t ... ` and its key. */
export function childList(
  relation: ManyRelation,
  l = "l",
  t = "t",
): { from: string; parentKey: string; orderBy: string } {
  return {
    from: `${relation.through} ${l} JOIN ${relation.table} ${t} ON ${t}.id = ${l}.${relation.targetColumn}`,
    parentKey: `${l}.${relation.ownerColumn}`,
    orderBy: relation.ordered ? `${l}.position, ${t}.seq` : `${t}.seq`,
  };
}

/** The same relation read from the target's side (an entity's claims): rows of the owner's table. */
export function reverseList(
  model: ModelDef<Record<string, FieldDef>>,
  relation: ManyRelation,
  l = "l",
  t = "t",
): { from: string; parentKey: string } {
  return {
    from: `${relation.through} ${l} JOIN ${model.table} ${t} ON ${t}.id = ${l}.${relation.ownerColumn}`,
    parentKey: `${l}.${relation.targetColumn}`,
  };
}

/** A link relation's rows (its item type) by owner, in the relation's order: `FROM <through> t` and its key. */
export function linkRows(relation: LinkRelation, t = "t"): { from: string; parentKey: string; orderBy: string } {
  return {
    from: `${relation.through} ${t}`,
    parentKey: `${t}.${relation.ownerColumn}`,
    orderBy: relation.ordered ? `${t}.position, ${t}.${relation.targetColumn}` : `${t}.${relation.targetColumn}`,
  };
}

/** The same rows by target (an entity's memberships), in the order their owners were recorded. */
export function reverseLinkRows(
  model: ModelDef<Record<string, FieldDef>>,
  relation: LinkRelation,
  t = "t",
  o = "o",
): { from: string; parentKey: string; orderBy: string } {
  return {
    from: `${relation.through} ${t} JOIN ${model.table} ${o} ON ${o}.id = ${t}.${relation.ownerColumn}`,
    parentKey: `${t}.${relation.targetColumn}`,
    orderBy: `${o}.seq`,
  };
}

/** Fills in column names (snake_case of the field) once, where the model is declared. */
export function columnsNamed<F extends Record<string, FieldDef>>(model: ModelDef<F>): ModelDef<F> {
  for (const [name, field] of Object.entries(model.fields)) {
    if (isScalar(field) && !field.column) field.column = snake(name);
  }
  return model;
}

// ---- types derived from a model ------------------------------------------------------------------

type ScalarType<F> = F extends { kind: "enum"; __values?: infer V }
  ? Exclude<V, undefined>
  : F extends { kind: "text" | "date" }
    ? string
    : F extends { kind: "timestamp" }
      ? Date
      : F extends { kind: "int" }
        ? number
        : F extends { kind: "textList" }
          ? string[]
          : F extends { kind: "json" }
            ? Record<string, unknown>
            : never;
type Nullable<F, T> = F extends { nullable: true } ? T | null : T;

/** A row as the read spec selects it: every scalar field, and each to-one relation's id. */
export type RowOf<M> =
  M extends ModelDef<infer F>
    ? { [K in keyof F as F[K] extends ScalarField ? K : never]: Nullable<F[K], ScalarType<F[K]>> } & {
        [K in keyof F as F[K] extends ToOneRelation ? `${K & string}Id` : never]: string | null;
      }
    : never;

/**
 * A row as exports read it: scalars as read, to-one relations as a slug, to-many as a list of slugs,
 * links as a list of items.
 */
export type ExportRowOf<M> =
  M extends ModelDef<infer F>
    ? { [K in keyof F as F[K] extends ScalarField ? K : never]: Nullable<F[K], ScalarType<F[K]>> } & {
        [K in keyof F as F[K] extends ToOneRelation ? K : never]: string | null;
      } & { [K in keyof F as F[K] extends ManyRelation ? K : never]: string[] } & {
        [K in keyof F as F[K] extends LinkRelation ? K : never]: Record<string, string>[];
      }
    : never;

/** Whether imports and mutations may set the field to null (WriteRule's `nullable`, else the field's). */
export function writeNullable(field: ScalarField): boolean {
  return field.write?.nullable ?? field.nullable;
}

type WriteOf<F> = F extends { write: infer W } ? W : undefined;
/** Whether a field's declared type says records carry it (the type-level `importable`). */
type Imported<F> =
  WriteOf<F> extends infer W
    ? W extends { import: true }
      ? true
      : W extends { import: false }
        ? false
        : W extends { create: "required" | "optional" | "oneOf" }
          ? true
          : false
    : false;
type KeyOf<K, F> = F extends { bundleKey: infer B extends string } ? B : K & string;
type RecordValue<F> = F extends ScalarField
  ? | ScalarType<F extends { kind: "timestamp" } ? Omit<F, "kind"> & { kind: "text" } : F>
    | (F extends { write: { nullable: false } } ? never : F extends { nullable: true } ? null : never)
  : F extends ToOneRelation
    ? string | (F extends { write: { create: "optional" } } ? null : never)
    : F extends ManyRelation
      ? string[]
      : F extends { relation: "links"; item: infer I }
        ? RecordOf<I>[]
        : never;
type Required_<F> = F extends { write: { create: "required" } } ? true : false;
type TopLevel<F> = {
  [
    K in keyof F as Imported<F[K]> extends true
      ? F[K] extends { group: string }
        ? never
        : Required_<F[K]> extends true
          ? KeyOf<K, F[K]>
          : never
      : never
  ]: RecordValue<F[K]>;
} & {
  [
    K in keyof F as Imported<F[K]> extends true
      ? F[K] extends { group: string }
        ? never
        : Required_<F[K]> extends true
          ? never
          : KeyOf<K, F[K]>
      : never
  ]?: RecordValue<F[K]>;
};
/** Names of a model's groups: plain ones (`qualifiers`) and `oneOf` ones (`holder`). */
type Groups<F, OneOf extends boolean> = {
  [K in keyof F]: Imported<F[K]> extends true
    ? F[K] extends { group: infer G extends string }
      ? (F[K] extends { write: { create: "oneOf" } } ? true : false) extends OneOf
        ? G
        : never
      : never
    : never;
}[keyof F];
type PlainGroup<F, G> = {
  [
    K in keyof F as Imported<F[K]> extends true ? (F[K] extends { group: G } ? KeyOf<K, F[K]> : never) : never
  ]?: RecordValue<F[K]>;
};
/** Exactly one of a `oneOf` group's keys: `{ entity: string } | { viewpoint: string }`. */
type OneOfGroup<F, G> = {
  [K in keyof F]: F[K] extends { group: G; write: { create: "oneOf" } } ? { [P in KeyOf<K, F[K]>]: string } : never;
}[keyof F];
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * A bundle record of a model, as the bundle schema describes it and imports have validated it (and
 * mutations build it): its importable fields at their place in the record (groups as nested objects,
 * a `oneOf` group as exactly one of its keys), required on create where the model says so; times and
 * dates as ISO 8601 text, relations as references (natural keys, or `id:` in mutations).
 */
export type RecordOf<M> =
  M extends ModelDef<infer F>
    ? Flat<
        TopLevel<F> & { [G in Groups<F, false>]?: Flat<PlainGroup<F, G>> } & {
          [G in Groups<F, true>]: OneOfGroup<F, G>;
        }
      >
    : never;

/**
 * A base class whose instances carry a model's row type, so an object type declares no field by hand:
 * `class Claim extends rowClass<ClaimRow>() {}`. The properties come from the row at hydration.
 */
export function rowClass<R>(): new () => R {
  return class {} as new () => R;
}

// ---- derivations ---------------------------------------------------------------------------------

export function scalarFields(model: ModelDef<Record<string, FieldDef>>): [string, ScalarField][] {
  return Object.entries(model.fields).filter((entry): entry is [string, ScalarField] => isScalar(entry[1]));
}

export function relations<R extends FieldDef["relation" & keyof FieldDef]>(
  model: ModelDef<Record<string, FieldDef>>,
): [string, ToOneRelation | ManyRelation | LinkRelation][] {
  return Object.entries(model.fields).filter(
    (entry): entry is [string, ToOneRelation | ManyRelation | LinkRelation] => !isScalar(entry[1]),
  ) as [string, ToOneRelation | ManyRelation | LinkRelation][] & R[];
}

/** The SQL expression of a scalar for reading, over table alias `a` (dates as YYYY-MM-DD text). */
export function readExpression(field: ScalarField, a: string): string {
  const column = `${a}."${field.column}"`;
  return field.kind === "date" ? `to_char(${column}, 'YYYY-MM-DD')` : column;
}

/**
 * One entry of a read spec's select list: the row property it fills, its SQL, and the GraphQL fields of
 * the type that read it (`readBy`); an entry without `readBy` is always selected (the id, and what
 * resolvers, cursors and permissions read besides the fields themselves).
 */
export interface ColumnEntry {
  key: string;
  sql: string;
  readBy?: readonly string[];
}

/**
 * The entries of what a read spec selects for a model (a link table's rows have no id): each scalar read
 * by its field (a grouped one by its group's field, `Claim.qualifiers`), each to-one relation's id by
 * the relation's field; fields not shown in GraphQL always. Deferred fields only when asked for
 * (`{ deferred: true }`: whole rows, for writes and revisions).
 */
export function columnEntries(
  model: ModelDef<Record<string, FieldDef>>,
  a = "t",
  options: { deferred?: boolean } = {},
): ColumnEntry[] {
  const entries: ColumnEntry[] = model.id === false ? [] : [{ key: "uuid", sql: `${a}.id AS "uuid"` }];
  for (const [name, field] of Object.entries(model.fields)) {
    if (isScalar(field)) {
      if (field.deferred && !options.deferred) continue;
      const readBy = field.graphql === false ? undefined : [field.group ?? name];
      entries.push({ key: name, sql: `${readExpression(field, a)} AS "${name}"`, readBy });
    } else if (field.relation === "one") {
      const readBy = field.group ? [field.group, name] : [name];
      entries.push({ key: field.idField, sql: `${a}."${field.column}" AS "${field.idField}"`, readBy });
    }
  }
  return entries;
}

/**
 * `t.id AS "uuid", t.<column> AS "<field>", ...`: what a read spec selects for a model (see columnEntries).
 */
export function selectList(
  model: ModelDef<Record<string, FieldDef>>,
  a = "t",
  options: { deferred?: boolean } = {},
): string {
  return columnEntries(model, a, options)
    .map((entry) => entry.sql)
    .join(", ");
}

/** The GraphQL output type of a scalar field. */
function graphqlType(field: ScalarField): () => ReturnTypeFuncValue {
  switch (field.kind) {
    case "text":
      return () => String;
    case "enum":
      return () => field.enum!.values as ReturnTypeFuncValue;
    case "timestamp":
      return () => Date;
    case "date":
      return () => GraphQLLocalDate;
    case "int":
      return () => Int;
    case "textList":
      return () => [String];
    case "json":
      return () => GraphQLJSONObject;
  }
}

/**
 * Declares the model's scalar fields (of one group, or the top level) on a type-graphql object class.
 * Type-graphql reads its metadata when the schema is built, so calling its decorators here is the same
 * as writing them on the class.
 */
export function exposeFields(model: ModelDef<Record<string, FieldDef>>, Type: object, group?: string): void {
  for (const [name, field] of scalarFields(model)) {
    if (field.graphql === false || field.group !== group) continue;
    Field(graphqlType(field), { nullable: field.nullable, description: field.description })(
      (Type as { prototype: object }).prototype,
      name,
    );
  }
}

/** The fields of one group of a row, as the group's object (`Claim.qualifiers`). */
export function groupOf(
  model: ModelDef<Record<string, FieldDef>>,
  group: string,
  row: object,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (field.group !== group) continue;
    const key = isScalar(field) ? name : field.relation === "one" ? field.idField : name;
    out[key] = (row as Record<string, unknown>)[key];
  }
  return out;
}

/**
 * Declares a mutation input's writable fields from the model: create inputs get the fields a create
 * accepts (non-null when required), update inputs every field an update accepts, all nullable.
 * Relations are IDs; the ID scalar comes from the caller to keep this file free of type-graphql's
 * scalar registry, and so do the input types of link items (`items`: relation name -> input class).
 */
export function exposeInputs(
  model: ModelDef<Record<string, FieldDef>>,
  Input: object,
  mode: "create" | "update",
  ID: ReturnTypeFuncValue,
  items: Record<string, ReturnTypeFuncValue> = {},
  options: InputsOptions = {},
): void {
  const proto = (Input as { prototype: object }).prototype;
  for (const [name, field] of Object.entries(model.fields)) {
    const write = field.write;
    if (!write || write.create === "oneOf") continue;
    if (mode === "create" ? write.create === false : !write.update) continue;
    if (options.group !== undefined && field.group !== options.group) continue;
    // A grouped field given flat (the input of old): still accepted, deprecated for its group's input.
    const deprecationReason =
      options.group === undefined && field.group && options.flatGroupsDeprecated
        ? `Give it inside \`${field.group}\` (\`${field.group}: { ${name}: ... }\`), the shape \`${model.type}.${field.group}\` returns.`
        : undefined;
    const required =
      mode === "create" && write.create === "required" && !("inputOptional" in write && write.inputOptional);
    const description =
      (mode === "create" ? write.createDescription : write.updateDescription) ??
      (mode === "update" ? `New value: ${lowerFirst(field.description)}` : field.description);
    const type: () => ReturnTypeFuncValue | [ReturnTypeFuncValue] = isScalar(field)
      ? field.kind === "timestamp"
        ? () => Date
        : graphqlType(field)
      : field.relation === "one"
        ? () => ID
        : field.relation === "links"
          ? () => [items[name]!]
          : () => [ID];
    Field(type, { nullable: !required, description, deprecationReason })(proto, name);
  }
}

export interface InputsOptions {
  /** Only the fields of this group (a group's own input type, e.g. `ClaimQualifiersInput`). */
  group?: string;
  /** Grouped fields declared flat are marked deprecated: their group's input is the way to give them. */
  flatGroupsDeprecated?: boolean;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Whether imported bundle records carry the field. */
export function importable(field: FieldDef): boolean {
  if (!field.write) return false;
  return ("import" in field.write ? field.write.import : undefined) ?? field.write.create !== false;
}

/** The field's place in a bundle record: `["qualifiers", "validFrom"]` or `["text"]`. */
export function bundlePath(name: string, field: FieldDef): string[] {
  const key = field.bundleKey ?? name;
  return field.group ? [field.group, key] : [key];
}

/** A model's `oneOf` groups and their relations (see ToOneRelation's write). */
export function oneOfGroups(model: ModelDef<Record<string, FieldDef>>): Record<string, [string, ToOneRelation][]> {
  const groups: Record<string, [string, ToOneRelation][]> = {};
  for (const [name, field] of relations(model)) {
    if (field.relation === "one" && field.group && field.write?.create === "oneOf") {
      (groups[field.group] ??= []).push([name, field]);
    }
  }
  return groups;
}

export function readPath(record: unknown, path: string[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function writePath(record: Record<string, unknown>, path: string[], value: unknown): void {
  let target = record;
  for (const key of path.slice(0, -1)) {
    target = (target[key] ??= {}) as Record<string, unknown>;
  }
  target[path[path.length - 1]!] = value;
}

/** The PostgreSQL type a parameter of this field is cast to. */
export function pgCast(field: ScalarField): string {
  switch (field.kind) {
    case "text":
      return "text";
    case "enum":
      return field.enum!.pgType;
    case "timestamp":
      return "timestamptz";
    case "date":
      return "date";
    case "int":
      return "int4";
    case "textList":
      return "text[]";
    case "json":
      return "jsonb";
  }
}
