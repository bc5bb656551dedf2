import type DataLoader from "dataloader";
import type { Queryable, Sql } from "../db/sql";

/*
 * Types of the loading layer (rows.ts, pagination.ts, prefetch.ts, as-of.ts), in a file of their own:
 * those modules use each other's shapes, and importing them from each other made import cycles.
 */

/** How to read one node type: its table (aliased `t`), select list and row-to-object mapping. */
export interface TableSpec<T> {
  name: string;
  from: Sql;
  columns: Sql;
  hydrate(row: Record<string, unknown>): T;
}

/** A small, unpaginated child list (a claim's claimants, a stance's evidence). */
export interface ChildSpec<T> {
  name: string;
  from: Sql;
  columns: Sql;
  parentKey: Sql;
  orderBy: Sql;
  hydrate(row: Record<string, unknown>): T;
}

/** What reading an object's past (as-of.ts) needs of a request's loaders; rows.ts's Loaders has it. */
export interface BatchLoaders {
  readonly db: Queryable;
  batch<V>(name: string, load: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V>;
}
