import type DataLoader from "dataloader";
import type { Reads } from "../db/reads";
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
  /**
   * For the response cache (db/reads.ts): the node table (`t`), whose rows a lookup reads by key, and
   * any other table `from` reads. Without `table`, a lookup's statement describes nothing (the answer
   * is taken to read everything).
   */
  table?: string;
  joins?: Reads;
}

/** A small, unpaginated child list (a claim's claimants, a stance's evidence). */
export interface ChildSpec<T> {
  name: string;
  from: Sql;
  columns: Sql;
  parentKey: Sql;
  orderBy: Sql;
  hydrate(row: Record<string, unknown>): T;
  /**
   * What `from`, `parentKey` and `orderBy` read, for the response cache (db/reads.ts): every table, with
   * the columns used beyond the ones the operation selects. Declared on the child spec itself (a spread
   * TableSpec's `table` says nothing of a parent key); absent, the statement describes nothing.
   */
  reads?: Reads;
}

/** What reading an object's past (as-of.ts) needs of a request's loaders; rows.ts's Loaders has it. */
export interface BatchLoaders {
  readonly db: Queryable;
  batch<V>(name: string, load: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V>;
}
