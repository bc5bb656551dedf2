import type { FieldNode, GraphQLResolveInfo } from "graphql";
import type { Reads } from "../db/reads";
import { type Sql, empty, join, raw, sql } from "../db/sql";
import type { ChildSpec, TableSpec } from "./loader-types";
import { subfields } from "./selection";
import { reviveTimestamps } from "./as-of";

/**
 * Lookahead for connection pages: child lists (a claim's claimants, its appearances) and their to-one
 * edges (an appearance's source) that the query selects on a page's nodes are fetched inside the
 * page's own statement, as JSON, and primed into the request's loaders; their resolvers then find them
 * there instead of sending a statement per nesting level. Only what is registered here is
 * prefetched; everything else loads as before.
 */

type Prefetchable =
  | { kind: "children"; spec: ChildSpec<unknown>; childType: string }
  | { kind: "one"; spec: TableSpec<unknown>; foreignKey: string }
  | { kind: "value"; select: Sql; name: string; reads?: Reads };

const registry = new Map<string, Map<string, Prefetchable>>();

/** `type.field` lists `spec`'s rows (of GraphQL type `childType`) for the parent's `uuid`. */
export function prefetchChildren(type: string, field: string, spec: ChildSpec<unknown>, childType: string): void {
  fieldsOf(type).set(field, { kind: "children", spec, childType });
}

/** `type.field` is the row of `spec` whose id is in the object's `foreignKey` property. */
export function prefetchOne(type: string, field: string, spec: TableSpec<unknown>, foreignKey: string): void {
  fieldsOf(type).set(field, { kind: "one", spec, foreignKey });
}

/**
 * `type.field` is a value computed from the row (a claim's coverage counts): `select` is an expression
 * over the page's row `y` (its id in `y."uuid"`), primed under `name` (Loaders.prefetchedValue).
 */
export function prefetchValue(type: string, field: string, select: Sql, name: string, reads?: Reads): void {
  fieldsOf(type).set(field, { kind: "value", select, name, reads });
}

function fieldsOf(type: string): Map<string, Prefetchable> {
  let fields = registry.get(type);
  if (!fields) {
    fields = new Map();
    registry.set(type, fields);
  }
  return fields;
}

export interface OneInclude {
  field: string;
  spec: TableSpec<unknown>;
  foreignKey: string;
}

export type ChildrenInclude =
  | { kind?: "children"; field: string; spec: ChildSpec<unknown>; ones: OneInclude[] }
  | { kind: "value"; field: string; select: Sql; name: string; reads?: Reads };

const cache = new WeakMap<FieldNode, ChildrenInclude[]>();

/** What to prefetch for the nodes of the connection field being resolved (of node type `type`). */
export function connectionIncludes(info: GraphQLResolveInfo | undefined, type: string): ChildrenInclude[] {
  const registered = registry.get(type);
  if (!info || !registered) return [];
  const single = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : undefined;
  const cached = single && cache.get(single);
  if (cached) return cached;
  const connection = subfields(info.fieldNodes, info);
  const nodeFields = subfields(connection.get("nodes"), info);
  for (const [name, nodes] of subfields(subfields(connection.get("edges"), info).get("node"), info)) {
    nodeFields.set(name, [...(nodeFields.get(name) ?? []), ...nodes]);
  }
  const includes: ChildrenInclude[] = [];
  for (const [field, nodes] of nodeFields) {
    const entry = registered.get(field);
    if (entry?.kind === "value") {
      includes.push({ kind: "value", field, select: entry.select, name: entry.name, reads: entry.reads });
      continue;
    }
    if (entry?.kind !== "children") continue;
    const childFields = registry.get(entry.childType);
    const ones: OneInclude[] = [];
    for (const name of subfields(nodes, info).keys()) {
      const one = childFields?.get(name);
      if (one?.kind === "one") ones.push({ field: name, spec: one.spec, foreignKey: one.foreignKey });
    }
    includes.push({ field, spec: entry.spec, ones });
  }
  if (single) cache.set(single, includes);
  return includes;
}

/** Merges two include lists (two aliases of one list asking for different children). */
export function mergeIncludes(into: Map<string, ChildrenInclude>, includes: readonly ChildrenInclude[]): void {
  for (const include of includes) {
    const present = into.get(include.field);
    if (!present || present.kind === "value" || include.kind === "value") {
      into.set(include.field, include);
      continue;
    }
    const ones = new Map(present.ones.map((one) => [one.field, one]));
    for (const one of include.ones) ones.set(one.field, one);
    into.set(include.field, { ...present, ones: [...ones.values()] });
  }
}

/**
 * What fetching `includes` reads (db/reads.ts): each child list's reads and each to-one row's table, or
 * undefined when any of them describes nothing.
 */
export function includeReads(includes: readonly ChildrenInclude[]): Reads | undefined {
  const reads = [];
  for (const include of includes) {
    if (include.kind === "value") {
      if (!include.reads) return undefined;
      reads.push(...include.reads);
      continue;
    }
    if (!include.spec.reads) return undefined;
    reads.push(...include.spec.reads);
    for (const one of include.ones) {
      // Found by a foreign key of the child rows: a scan of the table, as far as keys go.
      if (!one.spec.table) return undefined;
      reads.push({ table: one.spec.table }, ...(one.spec.joins ?? []));
    }
  }
  return reads;
}

const key = (field: string) => raw(`"__inc_${field}"`);

/**
 * The select-list entries that fetch `includes` for the rows of a page aliased `y` (whose `uuid` is
 * the parent key), each a JSON array of child rows in the child list's order, each child carrying its
 * prefetched to-one rows as JSON objects.
 */
export function includeColumns(includes: readonly ChildrenInclude[]): Sql {
  return join(
    includes.map((include) => {
      if (include.kind === "value") return sql`${include.select} AS ${key(include.field)}`;
      const { spec } = include;
      const ones = include.ones.map(
        (one) =>
          sql`, (SELECT row_to_json(s) FROM (SELECT ${one.spec.columns} FROM ${one.spec.from}
                 WHERE t.id = c.${raw(`"${one.foreignKey}"`)}::uuid) s) AS ${key(one.field)}`,
      );
      return sql`(SELECT coalesce(json_agg(d), '[]'::json) FROM (
                   SELECT c.*${ones.length > 0 ? join(ones, "") : empty} FROM (
                     SELECT ${spec.columns} FROM ${spec.from}
                     WHERE ${spec.parentKey} = y."uuid"::uuid ORDER BY ${spec.orderBy}
                   ) c
                 ) d) AS ${key(include.field)}`;
    }),
    ", ",
  );
}

export interface Primer {
  primeChildren(spec: ChildSpec<unknown>, parent: string, children: unknown[]): void;
  primeOne(spec: TableSpec<unknown>, id: string, row: unknown): void;
  primeValue(name: string, id: string, value: unknown): void;
}

/** Hydrates the prefetched children of a page's rows (removing them from the rows) and primes the loaders. */
export function primeIncludes(
  rows: Record<string, unknown>[],
  includes: readonly ChildrenInclude[],
  primer: Primer,
): void {
  for (const include of includes) {
    const name = `__inc_${include.field}`;
    if (include.kind === "value") {
      for (const row of rows) {
        const value = row[name];
        delete row[name];
        if (typeof row.uuid === "string" && value != null) primer.primeValue(include.name, row.uuid, value);
      }
      continue;
    }
    const lists: [string, Record<string, unknown>[]][] = [];
    for (const row of rows) {
      const list = row[name] as Record<string, unknown>[] | null | undefined;
      delete row[name];
      const parent = row.uuid as string | null | undefined;
      if (typeof parent === "string" && Array.isArray(list)) lists.push([parent, list]);
    }
    const children = lists.flatMap(([, list]) => list);
    for (const one of include.ones) {
      const oneName = `__inc_${one.field}`;
      const targets: Record<string, unknown>[] = [];
      for (const child of children) {
        const target = child[oneName] as Record<string, unknown> | null | undefined;
        delete child[oneName];
        if (target && typeof target.uuid === "string") targets.push(target);
      }
      for (const target of reviveTimestamps(targets))
        primer.primeOne(one.spec, target.uuid as string, one.spec.hydrate(target));
    }
    reviveTimestamps(children);
    for (const [parent, list] of lists) {
      primer.primeChildren(
        include.spec,
        parent,
        list.map((child) => include.spec.hydrate(child)),
      );
    }
  }
}
