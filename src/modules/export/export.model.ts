import {
  bundlePath,
  type FieldDef,
  importable,
  type LinkRelation,
  type ManyRelation,
  type ModelDef,
  readExpression,
  scalarFields,
  type ToOneRelation,
  writePath,
} from "../../shared/model";
import { claimFingerprint } from "../../shared/text";
import { claimModel } from "../claim/claim.model";
import type { ClaimKey } from "./export.rows";
import type { ExportFormat } from "./export.types";

/**
 * Export columns derived from a domain model (shared/model.ts), for all three formats: the SQL that
 * reads them, the bundle record (NDJSON), the CSV cells and the JSON-LD properties. A field added to a
 * model appears in every export without an edit here.
 */

type Model = ModelDef<Record<string, FieldDef>>;
type Row = Record<string, unknown>;

const slugOf = (id: string) => `(SELECT e.slug FROM entity e WHERE e.id = ${id})`;

/** Slugs of a to-many relation's targets, in the relation's order. */
export const slugList = (relation: ManyRelation, id: string) =>
  `(SELECT coalesce(array_agg(e.slug ORDER BY ${relation.ordered ? "l.position, " : ""}e.seq), '{}') FROM ${relation.through} l
    JOIN ${relation.table} e ON e.id = l.${relation.targetColumn} WHERE l.${relation.ownerColumn} = ${id})`;

/** A source's natural-key reference as the importer resolves it. */
export const sourceRef = (s: string) =>
  `CASE WHEN ${s}.url IS NOT NULL THEN 'url:' || ${s}.url ELSE 'sha256:' || ${s}.text_sha256 END`;

/** What a claim reference is computed from: its text and claimant slugs (see claimFingerprint). */
export const claimKey = (id: string) =>
  `(SELECT json_build_object('text', c.text, 'claimants', ${slugList(claimModel.fields.claimants, "c.id")}) FROM claim c WHERE c.id = ${id})`;

/** The claim reference the importer computes for a claim with this text and these claimants. */
export function claimRef(key: ClaimKey): string {
  return `fingerprint:${claimFingerprint(key.text, key.claimants)}`;
}

/**
 * How an export names an object a to-one relation points at, by the object's type: the reference the
 * importer resolves (bundle.writer.ts), read by `sql` from the object's id and turned into the
 * record's value by `record` (as read when absent).
 */
const REFERENCES: Record<string, { sql: (id: string) => string; record?: (value: unknown) => unknown }> = {
  Entity: { sql: slugOf },
  Viewpoint: { sql: (id) => `(SELECT v.slug FROM viewpoint v WHERE v.id = ${id})` },
  Source: { sql: (id) => `(SELECT ${sourceRef("s")} FROM source s WHERE s.id = ${id})` },
  Claim: { sql: claimKey, record: (key) => claimRef(key as ClaimKey) },
};

function reference(target: string) {
  const found = REFERENCES[target];
  if (!found) throw new Error(`exports cannot name a ${target}`);
  return found;
}

/** The items of a link relation as a bundle gives them (`[{"entity": "<slug>", "role": "..."}]`), in its order. */
function linkList(relation: LinkRelation, id: string): string {
  const keys: string[] = [];
  for (const [name, field] of Object.entries(relation.item.fields)) {
    if (!importable(field)) continue;
    const value =
      "relation" in field
        ? reference(field.target).sql(`m.${(field as ToOneRelation).column}`)
        : readExpression(field, "m") + (field.kind === "enum" ? "::text" : "");
    keys.push(`'${bundlePath(name, field).at(-1)!}', ${value}`);
  }
  const order = relation.ordered ? `m.position, m.${relation.targetColumn}` : `m.${relation.targetColumn}`;
  return `(SELECT coalesce(json_agg(json_build_object(${keys.join(", ")}) ORDER BY ${order}), '[]')
    FROM ${relation.through} m WHERE m.${relation.ownerColumn} = ${id})`;
}

/** A link's CSV text: its target's reference, then its attributes in parentheses (`alice (PROPONENT)`). */
function linkCell(relation: LinkRelation, item: Record<string, string>): string {
  const target = item[bundlePath(relation.targetField, relation.item.fields[relation.targetField]!).at(-1)!];
  const attributes = scalarFields(relation.item)
    .filter(([, field]) => importable(field))
    .map(([name, field]) => item[bundlePath(name, field).at(-1)!]);
  return `${target} (${attributes.join(", ")})`;
}

export const entityObject = (e: string) =>
  `json_build_object('id', ${e}.id, 'slug', ${e}.slug, 'kind', ${e}.kind, 'name', ${e}.name)`;

export const entityJson = (id: string) => `(SELECT ${entityObject("e")} FROM entity e WHERE e.id = ${id})`;

export const entityJsonList = (relation: ManyRelation, id: string) =>
  `(SELECT coalesce(json_agg(${entityObject("e")} ORDER BY ${relation.ordered ? "l.position, " : ""}e.seq), '[]') FROM ${relation.through} l
    JOIN ${relation.table} e ON e.id = l.${relation.targetColumn} WHERE l.${relation.ownerColumn} = ${id})`;

/** The row key of a relation's target objects in JSON-LD rows: claimants -> claimantEntities, place -> placeEntity. */
export const entitiesKey = (name: string, field: FieldDef) =>
  "relation" in field && field.relation === "many" ? `${name.replace(/s$/, "")}Entities` : `${name}Entity`;

/** What the export statement selects for a model's fields (over table alias `t`). */
export function modelColumns(model: Model, format: ExportFormat): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if ("relation" in field) {
      if (field.relation === "links") {
        columns[name] = linkList(field, "t.id");
      } else if (field.relation === "one") {
        columns[name] = reference(field.target).sql(`t.${field.column}`);
        if (format === "jsonld" && field.target === "Entity") {
          columns[entitiesKey(name, field)] = entityJson(`t.${field.column}`);
        }
      } else {
        columns[name] = slugList(field, "t.id");
        if (format === "jsonld") columns[entitiesKey(name, field)] = entityJsonList(field, "t.id");
      }
      continue;
    }
    if (field.exported === false || (format === "csv" && field.csv === false)) continue;
    columns[name] = readExpression(field, "t") + (field.kind === "enum" ? "::text" : "");
  }
  return columns;
}

const iso = (value: unknown): string | undefined =>
  value == null ? undefined : (value instanceof Date ? value : new Date(value as string)).toISOString();

/**
 * A row's importable fields as a bundle record carries them (grouped fields under their group,
 * times in ISO 8601, nulls and empty relation lists left out), in the model's field order. A list of
 * values stays even when empty: it is the value (no aliases), as an empty object is.
 */
export function modelRecord(model: Model, of: object): Row {
  const row = of as Row;
  const record: Row = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (!importable(field)) continue;
    let value = row[name];
    if (value == null) continue;
    if (Array.isArray(value) && value.length === 0 && "relation" in field && field.write?.create !== "required")
      continue;
    if (!("relation" in field) && field.kind === "timestamp") value = iso(value);
    if ("relation" in field && field.relation === "one") value = reference(field.target).record?.(value) ?? value;
    writePath(record, bundlePath(name, field), value);
  }
  return record;
}

type Cell = string | number | null;

/**
 * CSV columns of a model's fields (before the type's own extras and the timestamps); `after` places
 * extras the model cannot express right after a model column (`{ textSha256: ["textLength"] }`).
 */
export function modelCsvColumns(model: Model, after: Record<string, string[]> = {}): string[] {
  const columns: string[] = [];
  for (const [name, field] of Object.entries(model.fields)) {
    if (!isCsv(field) || name === "createdAt" || name === "updatedAt") continue;
    const group = oneOfGroup(field);
    if (group === undefined) columns.push(name, ...(after[name] ?? []));
    else if (!columns.includes(group)) columns.push(`${group}Type`, group, ...(after[group] ?? []));
  }
  return columns;
}

const isCsv = (field: FieldDef) => field.csv !== false && (!("kind" in field) || field.exported !== false);

const oneOfGroup = (field: FieldDef) =>
  "relation" in field && field.relation === "one" && field.write?.create === "oneOf" ? field.group : undefined;

/** CSV cells of a model's fields: lists as `list` writes them, times ISO 8601, JSON objects as JSON (empty: no value). */
export function modelCsvCells(
  model: Model,
  of: object,
  list: (values: readonly string[]) => string | null,
): Record<string, Cell> {
  const row = of as Row;
  const cells: Record<string, Cell> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (!isCsv(field)) continue;
    const group = oneOfGroup(field);
    if (group !== undefined) {
      if (row[name] == null) continue;
      cells[`${group}Type`] = bundlePath(name, field).at(-1)!;
      cells[group] = row[name] as string;
      continue;
    }
    let value = row[name];
    if ("relation" in field && field.relation === "links") {
      value = (value as Record<string, string>[]).map((item) => linkCell(field, item));
    }
    if (Array.isArray(value)) cells[name] = list(value as string[]);
    else if ("kind" in field && field.kind === "json") {
      cells[name] = value != null && Object.keys(value).length > 0 ? JSON.stringify(value) : null;
    } else if (value instanceof Date) cells[name] = value.toISOString();
    else cells[name] = (value as Cell | undefined) ?? null;
  }
  return cells;
}

/** JSON-LD properties of the model's scalar fields that declare one. */
export function modelJsonLd(model: Model, of: object): Row {
  const row = of as Row;
  const node: Row = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if ("relation" in field || !field.jsonld) continue;
    const value = row[name];
    node[field.jsonld] = field.kind === "timestamp" ? iso(value) : (value ?? undefined);
  }
  return node;
}
