import type DataLoader from "dataloader";
import type { Reads } from "../db/reads";
import type { Queryable, Sql } from "../db/sql";
import type { ColumnCatalog } from "./columns";
import type { CursorValueType } from "./cursor";

/*
 * Types of the loading layer (rows.ts, pagination.ts, prefetch.ts, as-of.ts), in a file of their own:
 * those modules use each other's shapes, and importing them from each other made import cycles.
 */

/** How to read one node type: its table (aliased `t`), select list and row-to-object mapping. */
export interface TableSpec<T> {
  name: string;
  from: Sql;
  columns: Sql;
  /** What reads each column (columns.ts), when the spec was built with specColumns. */
  catalog?: ColumnCatalog;
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

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface OrderKey {
  /** SQL expression over the list's tables. */
  expr: Sql;
  direction: "ASC" | "DESC";
  /** What the key's values look like; cursors are checked against it. */
  type: CursorValueType;
  /** The expression can be NULL: nulls sort last ascending, first descending (PostgreSQL's default). */
  nullable?: boolean;
}

/** What a list reads: the node table is aliased `t`; a nested list also names its parent column. */
export interface ListSpec<T> {
  /** Names the list in cursors, e.g. "Entity.claimsMade"; a cursor only works on its own list. */
  name: string;
  from: Sql;
  columns: Sql;
  /** What reads each column (columns.ts): a page selects only what its query asks for. */
  catalog?: ColumnCatalog;
  where?: Sql;
  parentKey?: Sql;
  /** The ordering; the last key must be unique (the row's seq). Defaults to `t.seq ASC`. */
  order?: { name: string; keys: OrderKey[] };
  hydrate(row: Record<string, unknown>): T;
  /**
   * Whether `where` is costly enough per statement that a root page with its count should find the
   * matching rows once (a materialized CTE both read) rather than twice (a search: its typo-tolerant
   * expansion, GIN scans and rank; pagination.ts's loadPagesWithCounts).
   */
  matchOnce?: boolean;
  /**
   * What `from`, `where`, `parentKey` and `order` read, for the response cache (db/reads.ts): every
   * table, with the columns used beyond the ones the operation selects. Declared on the list spec itself,
   * never inherited from a TableSpec (whose `table` says nothing of a parent key or filter); absent, the
   * list's statements describe nothing and the answer is taken to read everything. Narrowing the select
   * list (columns.ts) keeps it whole: what an answer shows is taken from its GraphQL selection.
   */
  reads?: Reads;
}

/** A to-one edge of prefetched child rows (an appearance's source), fetched with them as one JSON object. */
export interface OneInclude {
  field: string;
  spec: TableSpec<unknown>;
  foreignKey: string;
}

/**
 * A connection nested under the prefetched rows (an entity's `claimsMade(first: 20)`), fetched in the
 * parent's statement as a JSON array of the page's rows (and its count when `totalCount` is asked for),
 * then primed into the request's list loader with exactly the key its resolver will ask for.
 */
export interface PageInclude {
  kind: "page";
  field: string;
  spec: ListSpec<unknown>;
  args: PageArgs;
  /** The list loader's variant (list-args.ts: filter, orderBy, search...). */
  variant: string;
  withCount: boolean;
  /** What the page's own nodes select that is prefetched in turn. */
  includes: Include[];
  /** Its arguments use the operation's variables: what is prefetched differs from request to request. */
  variables?: boolean;
}

/** What a statement fetches for each of its rows besides the row itself (prefetch.ts). */
export type Include =
  | { kind?: "children"; field: string; spec: ChildSpec<unknown>; ones: OneInclude[] }
  | { kind: "value"; field: string; select: Sql; name: string; reads?: Reads }
  | PageInclude;

/** The old name of Include, from when only child lists were prefetched. */
export type ChildrenInclude = Include;

/** Where prefetched rows go: the request's loaders (rows.ts's Loaders). */
export interface Primer {
  primeChildren(spec: ChildSpec<unknown>, parent: string, children: unknown[]): void;
  primeOne(spec: TableSpec<unknown>, id: string, row: unknown): void;
  primeValue(name: string, id: string, value: unknown): void;
  primePage(include: PageInclude, parent: string, rows: Record<string, unknown>[], count: number | undefined): void;
}
