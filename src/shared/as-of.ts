import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
} from "graphql";
import { queryRows, sql } from "../db/sql";
import { badInput } from "./errors";
import type { BatchLoaders, TableSpec } from "./loader-types";
import { subfields } from "./selection";

/**
 * `asOf` holds for the whole answer under a lookup, or the lookup is refused. An object read as of a
 * time is its last revision's snapshot (snapshotAsOf): its own fields, the groups stored with it (a
 * claim's qualifiers) and its to-one references (a source's publisher, read as of the same time) can be
 * answered as they were. Lists (claimants, stances, quotes...) and computed fields (coverage) are not
 * in the snapshots: revisions record each object, not its links as they stood, so they would show the
 * present under a past object. Those are refused before anything is read, naming every such field.
 */
const AS_OF = Symbol("asOf");

/** Marks an object read as of `asOf`; its to-one references are then read as of the same time. */
export function markAsOf<T extends object>(value: T, asOf: Date): T {
  Object.defineProperty(value, AS_OF, { value: asOf, enumerable: false });
  return value;
}

function asOfOf(value: object): Date | undefined {
  return (value as { [AS_OF]?: Date })[AS_OF];
}

/** `to` (a group made from `from`, a claim's qualifiers) read as of the same time as `from`. */
export function sameAsOf<T extends object>(from: object, to: T): T {
  const asOf = asOfOf(from);
  return asOf ? markAsOf(to, asOf) : to;
}

/** Object types stored inside their owner's snapshot (a claim's `qualifiers`): answerable as of then. */
const SNAPSHOT_GROUPS = new Set<string>();

export function snapshotGroup(typeName: string): void {
  SNAPSHOT_GROUPS.add(typeName);
}

/** The fields under the lookup being resolved that its snapshot cannot answer (`Claim.stances`). */
export function unanswerableAsOf(info: GraphQLResolveInfo): string[] {
  const refused = new Set<string>();
  const walk = (type: GraphQLObjectType, nodes: readonly FieldNode[], depth: number) => {
    if (depth > 16) return;
    for (const [name, fieldNodes] of subfields(nodes, info)) {
      const field = type.getFields()[name];
      if (!field || name.startsWith("__")) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) continue;
      const single = !isListType(getNullableType(field.type)) && field.args.length === 0;
      const isNode = isObjectType(named) && named.getInterfaces().some((face) => face.name === "Node");
      if (single && isObjectType(named) && (isNode || SNAPSHOT_GROUPS.has(named.name))) {
        walk(named, fieldNodes, depth + 1);
      } else {
        refused.add(`${type.name}.${name}`);
      }
    }
  };
  const root = getNamedType(info.returnType);
  if (isObjectType(root)) walk(root, info.fieldNodes, 0);
  return [...refused];
}

/** Refuses a lookup with `asOf` that selects fields it cannot answer as of then (BAD_USER_INPUT). */
export function requireAnswerableAsOf(info: GraphQLResolveInfo, asOf: Date | null | undefined): void {
  if (!asOf) return;
  const refused = unanswerableAsOf(info);
  if (refused.length === 0) return;
  throw badInput(
    `\`asOf\` answers an object's own fields, its groups (qualifiers) and its to-one references as they were; ${refused
      .map((name) => `\`${name}\``)
      .join(", ")} cannot be answered as of ${asOf.toISOString()} (only the present is stored for ${
      refused.length === 1 ? "it" : "them"
    }). Ask for ${refused.length === 1 ? "it" : "them"} without \`asOf\`, or read the changes with \`historyConnection(id:)\`.`,
    { argument: "asOf", fields: refused },
  );
}

/**
 * A to-one reference of `parent` (a source's publisher): as of the parent's time when the parent was
 * read as of one, else as it is now.
 */
export async function referenceAsOf<T extends object>(
  loaders: BatchLoaders & { byId<R>(spec: TableSpec<R>, id: string | null | undefined): Promise<R | null> },
  parent: object,
  spec: TableSpec<T>,
  id: string | null | undefined,
): Promise<T | null> {
  const asOf = asOfOf(parent);
  if (!asOf) return loaders.byId(spec, id);
  if (!id) return null;
  const past = await snapshotAsOf(loaders, id, asOf);
  return past ? markAsOf(spec.hydrate(past), asOf) : null;
}

/**
 * An object as it was at a past time, from the revision log: the `after` of its last revision at or
 * before `asOf` (null if it did not exist yet). Revisions store the object as the API shows it.
 */
export async function snapshotAsOf(
  loaders: BatchLoaders,
  id: string,
  asOf: Date,
): Promise<Record<string, unknown> | null> {
  if (!(asOf.getUTCFullYear() >= 1)) return null; // before year 1 nothing existed (nor can PostgreSQL say so)
  // After year 9999 in UTC PostgreSQL cannot read the timestamp as written; nothing happens then anyway.
  if (asOf.getUTCFullYear() > 9999) asOf = new Date("9999-12-31T23:59:59.999Z");
  const loader = loaders.batch<Record<string, unknown> | null>(`asOf:${asOf.toISOString()}`, async (ids) => {
    const rows = await queryRows<{ subject_id: string; after: Record<string, unknown> | null }>(
      loaders.db,
      sql`SELECT DISTINCT ON (subject_id) subject_id::text, after FROM revision
          WHERE subject_id = ANY(${ids as string[]}::uuid[]) AND at <= ${asOf.toISOString()}::timestamptz
          ORDER BY subject_id, seq DESC`,
    );
    const byId = new Map(rows.map((row) => [row.subject_id, row.after]));
    return ids.map((key) => byId.get(key) ?? null);
  });
  const snapshot = await loader.load(id);
  if (!snapshot) return null;
  return reviveTimestamps([{ ...snapshot }])[0]!;
}

/**
 * JSON has no dates: restores the `...At` timestamps the types expect, in place, in rows of one shape
 * (revision snapshots, prefetched rows). Which keys those are is read once, from the first row.
 */
export function reviveTimestamps(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  if (rows.length === 0) return rows;
  const dates = Object.keys(rows[0]!).filter((name) => name.endsWith("At"));
  for (const row of rows) {
    for (const name of dates) {
      const value = row[name];
      if (typeof value === "string") row[name] = new Date(value);
    }
  }
  return rows;
}
