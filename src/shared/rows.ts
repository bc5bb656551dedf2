import DataLoader from "dataloader";
import { type GraphQLResolveInfo, getNamedType } from "graphql";
import type { TableRead } from "../db/reads";
import { type Queryable, type Sql, join, oneOf, queryRows, raw, sql } from "../db/sql";
import {
  type ListSpec,
  ListLoader,
  type PageArgs,
  type Connection,
  includeColumns,
  mergeIncludes,
  primeIncludes,
} from "./pagination";
import type { ChildSpec, Include, PageInclude, Primer, TableSpec } from "./loader-types";
import { includeReads, narrowedFor } from "./prefetch";

/** Declared in loader-types.ts; read specs keep importing them from here. */
export type { ChildSpec, TableSpec };

/** `t.column AS "field", ...` from a field-to-column map; names are constants of this code base. */
export function selectColumns(alias: string, fields: Record<string, string>): Sql {
  return raw(
    Object.entries(fields)
      .map(([field, column]) => `${alias}."${column}" AS "${field}"`)
      .join(", "),
  );
}

/**
 * What a lookup of `spec`'s rows by `column` reads (db/reads.ts): by id, those rows (found or not: an
 * insert with one of the ids changes the answer); by another column (a slug), any row whose value in
 * that column may match, so a scan of that column alone (`exact`), and then the rows found, by id.
 */
function lookupReads(spec: TableSpec<unknown>, column: string, keys: readonly string[]): TableRead[] | undefined {
  if (!spec.table) return undefined;
  const node: TableRead =
    column === "id" ? { table: spec.table, keys } : { table: spec.table, columns: [column], exact: true, values: keys };
  return [node, ...(spec.joins ?? [])];
}

/** Builds an object of class `Type` from a row, keeping only the fields the class declares. */
export function hydrator<T extends object>(Type: new () => T): (row: Record<string, unknown>) => T {
  return (row) => Object.assign(new Type(), row);
}

/**
 * The per-request batching layer. Every to-one edge and child list goes through here, so a page of N
 * parents costs one statement per edge, not N. A new instance is made for every request (context.ts):
 * caches never outlive a request or cross users.
 */
export class Loaders implements Primer {
  private readonly byKey = new Map<string, DataLoader<string, unknown>>();
  private readonly children = new Map<string, DataLoader<string, unknown[]>>();
  private readonly lists = new Map<string, ListLoader<unknown>>();
  private readonly custom = new Map<string, DataLoader<string, unknown>>();
  /**
   * What a page's lookahead fetched (prefetch.ts), by loader: resolvers get these values synchronously,
   * which spares graphql-js a promise per field per item. The DataLoaders are primed with them too.
   */
  private readonly prefetched = new Map<string, Map<string, unknown>>();
  /** What lookups by key select on the objects they return (prefetch.ts), by loader: fetched in the lookup's statement. */
  private readonly oneIncludes = new Map<string, Map<string, Include>>();

  constructor(readonly db: Queryable) {}

  /**
   * Loads one row of `spec` whose `column` equals `key`, or null. `column` is a constant. `includes`
   * (prefetch.ts's objectIncludes) are fetched in the same statement: a lookup and the child lists and
   * nested connections its query selects on the object travel together.
   */
  one<T>(
    spec: TableSpec<T>,
    column: string,
    key: string,
    cast: "uuid" | "text" = "uuid",
    includes: readonly Include[] = [],
  ): Promise<T | null> {
    // No stored key contains NUL (PostgreSQL text cannot): such a key matches nothing.
    if (key.includes("\u0000")) return Promise.resolve(null);
    const id = `${spec.name}.${column}`;
    if (includes.length > 0) {
      let wanted = this.oneIncludes.get(id);
      if (!wanted) {
        wanted = new Map();
        this.oneIncludes.set(id, wanted);
      }
      // Read when the batch runs (after this tick), so every caller's includes join one statement.
      mergeIncludes(wanted, includes);
    }
    return this.oneLoader(spec, column, cast).load(key);
  }

  private oneLoader<T>(spec: TableSpec<T>, column: string, cast: "uuid" | "text"): DataLoader<string, T | null> {
    const id = `${spec.name}.${column}`;
    let loader = this.byKey.get(id) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T | null>(async (keys) => {
        const lookup = sql`SELECT ${spec.columns}, t.${raw(`"${column}"`)}::text AS "__key" FROM ${spec.from}
              WHERE ${oneOf(raw(`t."${column}"`), keys, cast)}`;
        const wanted = this.oneIncludes.get(id);
        const includes = wanted ? [...wanted.values()] : [];
        wanted?.clear();
        // The lookup's own reads and every include's: one include that describes nothing (or a spec
        // without a table) makes the whole statement describe nothing, so the answer reads everything.
        const own = lookupReads(spec, column, keys);
        const included = includes.length > 0 ? includeReads(includes) : [];
        const reads = own && included ? [...own, ...included] : undefined;
        const rows = await queryRows<Record<string, unknown>>(
          this.db,
          includes.length > 0 ? sql`SELECT y.*, ${includeColumns(includes)} FROM (${lookup}) y` : lookup,
          reads,
        );
        // By another column: the rows found are read whole (their ids, for the cache's tags).
        if (reads && column !== "id" && spec.table) {
          reads.push({ table: spec.table, keys: rows.map((row) => row.uuid as string).filter(Boolean) });
        }
        if (includes.length > 0) primeIncludes(rows, includes, this);
        const found = new Map(rows.map((row) => [row.__key as string, row]));
        return keys.map((key) => {
          const row = found.get(key);
          return row ? spec.hydrate(row) : null;
        });
      });
      this.byKey.set(id, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** Primes (never overwrites) the by-id loader of `spec` with a row fetched by a page's lookahead. */
  primeOne(spec: TableSpec<unknown>, id: string, row: unknown): void {
    this.oneLoader(spec, "id", "uuid").prime(id, row);
    this.remember(`${spec.name}.id`, id, row);
  }

  private remember(loader: string, key: string, value: unknown): void {
    let values = this.prefetched.get(loader);
    if (!values) {
      values = new Map();
      this.prefetched.set(loader, values);
    }
    if (!values.has(key)) values.set(key, value);
  }

  /**
   * A row by id, synchronously when a page's lookahead already fetched it. With the field's `info`, only
   * the columns the query selects on it (prefetch.ts's narrowedFor), as the lookahead fetched them.
   */
  byIdNow<T>(spec: TableSpec<T>, id: string, info?: GraphQLResolveInfo): T | Promise<T | null> {
    if (info) spec = narrowedFor(spec, info.fieldNodes, info, getNamedType(info.returnType).name);
    const prefetched = this.prefetched.get(`${spec.name}.id`)?.get(id) as T | undefined;
    return prefetched ?? this.one(spec, "id", id);
  }

  /** Primes (never overwrites) a value a page's lookahead computed for row `id` (prefetch.ts's prefetchValue). */
  primeValue(name: string, id: string, value: unknown): void {
    this.remember(`value:${name}`, id, value);
  }

  /** A value a page's lookahead computed for row `id`, if it did. */
  prefetchedValue<T>(name: string, id: string): T | undefined {
    return this.prefetched.get(`value:${name}`)?.get(id) as T | undefined;
  }

  /** Primes (never overwrites) a child list of `parent`, fetched by a page's lookahead. */
  primeChildren(spec: ChildSpec<unknown>, parent: string, children: unknown[]): void {
    this.childLoader(spec).prime(parent, children);
    this.remember(`children:${spec.name}`, parent, children);
  }

  byId<T>(spec: TableSpec<T>, id: string | null | undefined, includes: readonly Include[] = []): Promise<T | null> {
    if (!id) return Promise.resolve(null);
    return this.one(spec, "id", id, "uuid", includes);
  }

  /** Primes a nested connection's page fetched in another statement, under the key its resolver asks with. */
  primePage(include: PageInclude, parent: string, rows: Record<string, unknown>[], count: number | undefined): void {
    this.listLoader(include.spec, include.args, include.variant).prime(parent, rows, count);
  }

  /**
   * All children of `parent` in a small child list. With the field's `info`, only the columns the query
   * selects on them, as a page's lookahead fetched them (prefetch.ts's narrowedFor).
   */
  childList<T>(spec: ChildSpec<T>, parent: string, info?: GraphQLResolveInfo): T[] | Promise<T[]> {
    if (info) spec = narrowedFor(spec, info.fieldNodes, info, getNamedType(info.returnType).name);
    const prefetched = this.prefetched.get(`children:${spec.name}`)?.get(parent) as T[] | undefined;
    return prefetched ?? this.childLoader(spec).load(parent);
  }

  private childLoader<T>(spec: ChildSpec<T>): DataLoader<string, T[]> {
    let loader = this.children.get(spec.name) as DataLoader<string, T[]> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T[]>(async (parents) => {
        const rows = await queryRows<Record<string, unknown>>(
          this.db,
          sql`SELECT ${spec.columns}, ${spec.parentKey}::text AS "__parent" FROM ${spec.from}
              WHERE ${oneOf(spec.parentKey, parents, "uuid")}
              ORDER BY ${spec.parentKey}, ${spec.orderBy}`,
          spec.reads,
        );
        const grouped = new Map<string, T[]>();
        for (const row of rows) {
          const key = row.__parent as string;
          const list = grouped.get(key) ?? [];
          list.push(spec.hydrate(row));
          grouped.set(key, list);
        }
        return parents.map((parent) => grouped.get(parent) ?? []);
      });
      this.children.set(spec.name, loader as DataLoader<string, unknown[]>);
    }
    return loader;
  }

  /** A module's own batch loader, made once per request under `name`. */
  batch<V>(name: string, load: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.custom.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(load);
      this.custom.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /**
   * A page of a connection. Lists with the same spec, filter and arguments share one loader, so the
   * same nested connection under every parent of a page is fetched in one statement.
   */
  page<T>(
    spec: ListSpec<T>,
    args: PageArgs,
    parent?: string,
    variant = "",
    withCount = false,
    includes: readonly Include[] = [],
  ): Promise<Connection<T>> {
    return this.listLoader(spec, args, variant).load(parent, withCount, includes);
  }

  private listLoader<T>(spec: ListSpec<T>, args: PageArgs, variant: string): ListLoader<T> {
    const key = `${spec.name}|${variant}|${args.first ?? ""}|${args.last ?? ""}|${args.after ?? ""}|${args.before ?? ""}`;
    let loader = this.lists.get(key) as ListLoader<T> | undefined;
    if (!loader) {
      loader = new ListLoader(this.db, spec, args, this);
      this.lists.set(key, loader as ListLoader<unknown>);
    }
    return loader;
  }
}

export { join };
