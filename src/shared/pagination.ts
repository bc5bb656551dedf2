import DataLoader from "dataloader";
import { type Queryable, type Sql, and, empty, join, oneOf, queryRows, raw, sql } from "../db/sql";
import { type CursorValue, decodeCursor, encodeCursor } from "./cursor";
import { badInput } from "./errors";
import type { Include, ListSpec, OneInclude, OrderKey, PageArgs, PageInclude, Primer } from "./loader-types";
import { includeReads } from "./prefetch";
import { reviveTimestamps } from "./as-of";

export type { ListSpec, OrderKey, PageArgs };

/**
 * Keyset pagination over SQL, for root lists and for lists nested under many parents at once.
 *
 * A nested list (say `entity.claimsMade` under a page of 100 entities) is fetched for all parents in
 * one statement: `unnest(parent ids) CROSS JOIN LATERAL (... LIMIT n + 1)`. `totalCount` and the
 * "is there anything before/after this page" checks run only when asked for, again one statement per
 * list and nesting level. So the number of statements grows with the depth of a query, never with
 * its page sizes.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A nullable key becomes two: "is it null" (so nulls group at one end), then the value itself. */
function expandKeys(keys: OrderKey[]): OrderKey[] {
  return keys.flatMap((key) =>
    key.nullable ? [{ expr: sql`(${key.expr} IS NULL)`, direction: key.direction, type: "bool" as const }, key] : [key],
  );
}

type Direction = "forward" | "backward";

interface NormalizedArgs {
  limit: number;
  direction: Direction;
  after: CursorValue[] | null;
  before: CursorValue[] | null;
}

const DEFAULT_ORDER: { name: string; keys: OrderKey[] } = {
  name: "seq",
  keys: [{ expr: sql`t.seq`, direction: "ASC", type: "int" }],
};

function checkSize(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(`\`${argument}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`, { argument });
  }
  return value;
}

export function normalizeArgs(args: PageArgs, spec: Pick<ListSpec<unknown>, "name" | "order">): NormalizedArgs {
  const first = checkSize(args.first, "first");
  const last = checkSize(args.last, "last");
  if (first !== undefined && last !== undefined) {
    throw badInput("pass either `first` or `last`, not both", { argument: "last" });
  }
  const order = spec.order ?? DEFAULT_ORDER;
  const ordering = `${spec.name}/${order.name}`;
  const keys = expandKeys(order.keys);
  const after = args.after != null ? decodeCursor(args.after, ordering, keys, "after") : null;
  const before = args.before != null ? decodeCursor(args.before, ordering, keys, "before") : null;
  return {
    limit: last ?? first ?? DEFAULT_PAGE_SIZE,
    direction: last !== undefined ? "backward" : "forward",
    after,
    before,
  };
}

/**
 * Rows strictly after (`side` = "after") or strictly before the cursor position in the ordering.
 * With one direction and no nullable key this is a row comparison, which a matching index serves;
 * otherwise the lexicographic expansion (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...
 */
function beyond(keys: OrderKey[], values: CursorValue[], side: "after" | "before"): Sql {
  const uniform = keys.every((key) => key.direction === keys[0]!.direction && !key.nullable);
  if (uniform) {
    const greater = (side === "after") === (keys[0]!.direction === "ASC");
    const left = join(
      keys.map((key) => key.expr),
      ", ",
    );
    const right = join(
      values.map((value) => sql`${value}`),
      ", ",
    );
    return greater ? sql`(ROW(${left}) > ROW(${right}))` : sql`(ROW(${left}) < ROW(${right}))`;
  }
  const branches: Sql[] = [];
  for (let i = 0; i < keys.length; i += 1) {
    const equal = keys
      .slice(0, i)
      .map((key, j) => (values[j] === null ? sql`${key.expr} IS NULL` : sql`${key.expr} = ${values[j]}`));
    const key = keys[i]!;
    const value = values[i];
    // Within the null group every value is equal: nothing lies strictly beyond a null.
    if (value === null) continue;
    const greater = (side === "after") === (key.direction === "ASC");
    const comparison = greater ? sql`${key.expr} > ${value}` : sql`${key.expr} < ${value}`;
    branches.push(and([...equal, comparison]));
  }
  return branches.length === 0 ? sql`FALSE` : sql`(${join(branches, " OR ")})`;
}

/**
 * A page's LIMIT: a literal where that is safe, so PostgreSQL can settle on one generic plan for a
 * prepared page statement (with `LIMIT $n` the generic plan's cost is estimated for an unknown limit
 * and loses to a custom plan, which costs a planning pass per request: 0.7 of 2.6 ms on the bench's
 * entity list). Not when the filter matches patterns or text (ILIKE, full-text, trigram): how many rows
 * those match depends on the value, which only a custom plan sees, and the bench's substring filter ran
 * at half speed under a generic plan. There the limit stays a parameter and each run is planned for
 * its values. `where` is SQL this code base composed; the check reads its operators, not user data.
 */
const VALUE_SENSITIVE = /\bI?LIKE\b|@@|%|similarity/i;

function limitSql(limit: number, where: Sql): Sql {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE + 1) throw new Error(`bad page limit ${limit}`);
  return VALUE_SENSITIVE.test(where.text) ? sql`${limit}` : raw(String(limit));
}

function orderBy(keys: OrderKey[], reverse: boolean): Sql {
  return join(
    keys.map((key) => {
      const ascending = (key.direction === "ASC") !== reverse;
      return sql`${key.expr} ${raw(ascending ? "ASC" : "DESC")}`;
    }),
    ", ",
  );
}

function keyColumns(keys: OrderKey[]): Sql {
  return join(
    keys.map((key, i) =>
      // Timestamps keep their microseconds in the cursor: as a JavaScript Date they would lose them, and
      // a cursor "after 12:00:00.019" would then skip rows at 12:00:00.019323 (or, ascending, return the
      // same row again and again: rows written in one transaction share created_at to the microsecond).
      key.type === "datetime"
        ? sql`to_char((${key.expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${raw(`"__k${i}"`)}`
        : sql`${key.expr} AS ${raw(`"__k${i}"`)}`,
    ),
    ", ",
  );
}

function cursorOf(row: Record<string, unknown>, arity: number, ordering: string): string {
  const values: CursorValue[] = [];
  for (let i = 0; i < arity; i += 1) {
    const value = row[`__k${i}`];
    values.push(value instanceof Date ? value.toISOString() : (value as CursorValue));
  }
  return encodeCursor({ ordering, values });
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** An edge whose cursor is encoded only when a query asks for it (most ask for `nodes` only). */
class LazyEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly row: Record<string, unknown>,
    private readonly arity: number,
    private readonly ordering: string,
  ) {}

  get cursor(): string {
    return cursorOf(this.row, this.arity, this.ordering);
  }
}

/** What a connection field returns; `totalCount` and the page-boundary flags load on demand. */
export class Connection<T> {
  constructor(
    readonly edges: Edge<T>[],
    private readonly lazy: {
      hasNext: () => Promise<boolean>;
      hasPrevious: () => Promise<boolean>;
      count: () => Promise<number>;
    },
  ) {}

  get nodes(): T[] {
    return this.edges.map((edge) => edge.node);
  }

  get pageInfo(): PageInfoResult {
    const edges = this.edges;
    return new PageInfoResult(
      this.lazy.hasNext,
      this.lazy.hasPrevious,
      edges[0]?.cursor ?? null,
      edges[edges.length - 1]?.cursor ?? null,
    );
  }

  get totalCount(): Promise<number> {
    return this.lazy.count();
  }
}

export class PageInfoResult {
  constructor(
    private readonly next: () => Promise<boolean>,
    private readonly previous: () => Promise<boolean>,
    readonly startCursor: string | null,
    readonly endCursor: string | null,
  ) {}

  get hasNextPage(): Promise<boolean> {
    return this.next();
  }

  get hasPreviousPage(): Promise<boolean> {
    return this.previous();
  }
}

const ROOT = "__root__";

/**
 * Loads pages of one list with one set of arguments for many parents (or for the root, keyed
 * ROOT). Each instance lives for one request.
 */
export class ListLoader<T> {
  private readonly args: NormalizedArgs;
  private readonly order: { name: string; keys: OrderKey[] };
  private readonly ordering: string;
  private readonly pages: DataLoader<string, { rows: Record<string, unknown>[] }>;
  private readonly counts: DataLoader<string, number>;
  private readonly rowsBeforeAfter: DataLoader<string, boolean>;
  private readonly rowsFromBefore: DataLoader<string, boolean>;
  /** Some caller selected `totalCount`: pages and counts load in one statement. */
  private withCount = false;
  /** Child lists the callers select on the nodes, fetched with the page (prefetch.ts). */
  private readonly includes = new Map<string, Include>();

  constructor(
    private readonly db: Queryable,
    private readonly spec: ListSpec<T>,
    args: PageArgs,
    private readonly primer?: Primer,
  ) {
    this.args = normalizeArgs(args, spec);
    const order = spec.order ?? DEFAULT_ORDER;
    this.order = { name: order.name, keys: expandKeys(order.keys) };
    this.ordering = `${spec.name}/${this.order.name}`;
    this.pages = new DataLoader((parents) => this.loadPages(parents));
    this.counts = new DataLoader((parents) => this.loadCounts(parents));
    this.rowsBeforeAfter = new DataLoader((parents) => this.loadOutside(parents, "after"));
    this.rowsFromBefore = new DataLoader((parents) => this.loadOutside(parents, "before"));
  }

  /**
   * Primes the page of `parent` (rows as the page statement returns them, in its order) and its count,
   * fetched inside another statement (a lookup's, or an outer page's: see pageIncludeColumn). Never
   * overwrites what is already loaded.
   */
  prime(parent: string, rows: Record<string, unknown>[], count: number | undefined): void {
    this.pages.prime(parent, { rows });
    if (count !== undefined) this.counts.prime(parent, count);
  }

  /** The page for one parent id (or for the root list when `parent` is omitted). */
  async load(parent: string = ROOT, withCount = false, includes: readonly Include[] = []): Promise<Connection<T>> {
    // Read when the batch runs (after this tick): any caller's wish folds the count into the page.
    if (withCount) this.withCount = true;
    if (includes.length > 0 && this.primer) mergeIncludes(this.includes, includes);
    const { rows } = await this.pages.load(parent);
    const { limit, direction } = this.args;
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    if (direction === "backward") page.reverse();
    const arity = this.order.keys.length;
    const edges = page.map((row) => new LazyEdge(this.spec.hydrate(row), row, arity, this.ordering));
    const { after, before } = this.args;
    const beforeAfter = async () => after !== null && (await this.rowsBeforeAfter.load(parent));
    const fromBefore = async () => before !== null && (await this.rowsFromBefore.load(parent));
    const forward = direction === "forward";
    return new Connection(edges, {
      hasNext: async () => (forward && more) || fromBefore(),
      hasPrevious: async () => (!forward && more) || beforeAfter(),
      count: () => this.counts.load(parent),
    });
  }

  private parentFilter(parents: readonly string[]): { condition: Sql; parentColumn: Sql } {
    const key = this.spec.parentKey;
    if (!key) return { condition: sql`TRUE`, parentColumn: sql`${ROOT}::text` };
    return { condition: oneOf(key, parents, "uuid"), parentColumn: key };
  }

  /** The cursor conditions over `keys` (the ordering's own, or the same keys as columns of a match set). */
  private bounds(keys: OrderKey[] = this.order.keys): Sql[] {
    const { after, before } = this.args;
    const parts: Sql[] = [];
    if (after) parts.push(beyond(keys, after, "after"));
    if (before) parts.push(beyond(keys, before, "before"));
    return parts;
  }

  /**
   * Runs a page statement, with the prefetched child lists of its rows when any were asked for. A root
   * page numbers its rows, so the one row past the page (read to tell whether there is a next page)
   * fetches no includes.
   */
  private async pageRows(statement: Sql): Promise<Record<string, unknown>[]> {
    if (this.includes.size === 0 || !this.primer) return queryRows(this.db, statement, this.spec.reads);
    const includes = [...this.includes.values()];
    const reads = includeReads(includes);
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      this.spec.parentKey
        ? sql`SELECT y.*, ${includeColumns(includes)} FROM (${statement}) y`
        : sql`SELECT y.*, ${includeColumns(includes, this.args.limit)} FROM (${numbered(statement)}) y`,
      this.spec.reads && reads && [...this.spec.reads, ...reads],
    );
    primeIncludes(rows, includes, this.primer);
    return rows;
  }

  private async loadPages(parents: readonly string[]): Promise<{ rows: Record<string, unknown>[] }[]> {
    const { spec } = this;
    const keys = this.order.keys;
    const reverse = this.args.direction === "backward";
    const limit = this.args.limit + 1;
    const where = and([spec.where ?? sql``, ...this.bounds()]);
    if (this.withCount) return this.loadPagesWithCounts(parents, where, keys, reverse, limit);
    let rows: Record<string, unknown>[];
    if (!spec.parentKey) {
      rows = await this.pageRows(
        sql`SELECT ${spec.columns}, ${keyColumns(keys)}, ${ROOT}::text AS "__parent"
            FROM ${spec.from} WHERE ${where} ORDER BY ${orderBy(keys, reverse)} LIMIT ${limitSql(limit, where)}`,
      );
    } else {
      rows = await this.pageRows(
        sql`SELECT x.* FROM unnest(${parents as string[]}::uuid[]) AS p("__parent_id")
            CROSS JOIN LATERAL (
              SELECT ${spec.columns}, ${keyColumns(keys)}, p."__parent_id"::text AS "__parent"
              FROM ${spec.from}
              WHERE ${spec.parentKey} = p."__parent_id" AND ${where}
              ORDER BY ${orderBy(keys, reverse)} LIMIT ${limitSql(limit, where)}
            ) x`,
      );
    }
    const byParent = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const parent = row.__parent as string;
      const list = byParent.get(parent);
      if (list) list.push(row);
      else byParent.set(parent, [row]);
    }
    return parents.map((parent) => ({ rows: byParent.get(parent) ?? [] }));
  }

  /**
   * Pages and their totalCounts in one statement: a one-row count per parent, LEFT JOIN LATERAL its
   * page (so a parent with an empty page still gets its count). PostgreSQL runs the count and the
   * ordered, limited page as before; what is saved is a round trip, which on a loaded 2-core machine
   * costs more than either (bench/). The counts prime the count loader.
   */
  private async loadPagesWithCounts(
    parents: readonly string[],
    where: Sql,
    keys: OrderKey[],
    reverse: boolean,
    limit: number,
  ): Promise<{ rows: Record<string, unknown>[] }[]> {
    const { spec } = this;
    const counted = and([spec.where ?? sql``]);
    let rows: Record<string, unknown>[];
    if (!spec.parentKey && spec.matchOnce) {
      // The matching rows found once, with their order keys (a search's rank computed once per row),
      // then counted and paged: a searched page with its count cost two typo-tolerant expansions, two
      // GIN scans and two rankings of every match (28.8 ms for "immigration police" on the small bench
      // tier; 843 matches). The rank must be computed for every match anyway to find the top ones.
      const inner = keys.map((key, i) => ({ ...key, expr: raw(`m."__o${i}"`) }));
      const ordered = join(
        keys.map((key, i) => sql`${key.expr} AS ${raw(`"__o${i}"`)}`),
        ", ",
      );
      rows = await this.pageRows(
        sql`WITH m AS MATERIALIZED (SELECT ${spec.columns}, ${ordered} FROM ${spec.from} WHERE ${counted})
            SELECT x.*, c."__total", ${ROOT}::text AS "__for"
            FROM (SELECT count(*)::int AS "__total" FROM m) c
            LEFT JOIN LATERAL (
              SELECT m.*, ${keyColumns(inner)}, ${ROOT}::text AS "__parent"
              FROM m WHERE ${and(this.bounds(inner))} ORDER BY ${orderBy(inner, reverse)} LIMIT ${limitSql(limit, counted)}
            ) x ON TRUE`,
      );
    } else if (!spec.parentKey) {
      rows = await this.pageRows(
        sql`SELECT x.*, c."__total", ${ROOT}::text AS "__for"
            FROM (SELECT count(*)::int AS "__total" FROM ${spec.from} WHERE ${counted}) c
            LEFT JOIN LATERAL (
              SELECT ${spec.columns}, ${keyColumns(keys)}, ${ROOT}::text AS "__parent"
              FROM ${spec.from} WHERE ${where} ORDER BY ${orderBy(keys, reverse)} LIMIT ${limitSql(limit, where)}
            ) x ON TRUE`,
      );
    } else {
      rows = await this.pageRows(
        sql`SELECT x.*, c."__total", p."__parent_id"::text AS "__for"
            FROM unnest(${parents as string[]}::uuid[]) AS p("__parent_id")
            CROSS JOIN LATERAL (
              SELECT count(*)::int AS "__total" FROM ${spec.from}
              WHERE ${spec.parentKey} = p."__parent_id" AND ${counted}
            ) c
            LEFT JOIN LATERAL (
              SELECT ${spec.columns}, ${keyColumns(keys)}, p."__parent_id"::text AS "__parent"
              FROM ${spec.from}
              WHERE ${spec.parentKey} = p."__parent_id" AND ${where}
              ORDER BY ${orderBy(keys, reverse)} LIMIT ${limitSql(limit, where)}
            ) x ON TRUE`,
      );
    }
    const byParent = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const parent = row.__for as string;
      if (!byParent.has(parent)) {
        byParent.set(parent, []);
        this.counts.prime(parent, row.__total as number);
      }
      // A parent whose page is empty comes back as one row of nulls besides its count.
      if (row.__parent !== null) byParent.get(parent)!.push(row);
    }
    return parents.map((parent) => ({ rows: byParent.get(parent) ?? [] }));
  }

  private async loadCounts(parents: readonly string[]): Promise<number[]> {
    const { spec } = this;
    const { condition, parentColumn } = this.parentFilter(parents);
    const rows = await queryRows<{ parent: string; count: number }>(
      this.db,
      sql`SELECT ${parentColumn}::text AS parent, count(*)::int AS count FROM ${spec.from}
          WHERE ${condition} AND ${and([spec.where ?? sql``])} GROUP BY 1`,
      spec.reads,
    );
    const counts = new Map(rows.map((row) => [row.parent, row.count]));
    return parents.map((parent) => counts.get(parent) ?? 0);
  }

  /**
   * Whether rows exist on the far side of a cursor: before `after` (for hasPreviousPage) or from
   * `before` on (for hasNextPage).
   */
  private async loadOutside(parents: readonly string[], side: "after" | "before"): Promise<boolean[]> {
    const { spec } = this;
    const cursor = side === "after" ? this.args.after : this.args.before;
    if (!cursor) return parents.map(() => false);
    const outside = sql`NOT ${beyond(this.order.keys, cursor, side)}`;
    const where = and([spec.where ?? sql``, outside]);
    if (!spec.parentKey) {
      const rows = await queryRows<{ found: boolean }>(
        this.db,
        sql`SELECT EXISTS (SELECT 1 FROM ${spec.from} WHERE ${where}) AS found`,
        spec.reads,
      );
      return parents.map(() => rows[0]?.found === true);
    }
    const rows = await queryRows<{ parent: string }>(
      this.db,
      sql`SELECT p.id::text AS parent FROM unnest(${parents as string[]}::uuid[]) AS p(id)
          WHERE EXISTS (SELECT 1 FROM ${spec.from} WHERE ${spec.parentKey} = p.id AND ${where})`,
      spec.reads,
    );
    const found = new Set(rows.map((row) => row.parent));
    return parents.map((parent) => found.has(parent));
  }
}

// ---- prefetched includes (prefetch.ts decides what; this builds the SQL and primes the loaders) ----

/**
 * The columns of the `i`th include of a statement: numbered, not named after a field or alias (an alias
 * can be longer than PostgreSQL's 63-byte identifiers, and two truncated alike would collide).
 */
const key = (i: number) => raw(`"__inc_${i}"`);
const countKey = (i: number) => raw(`"__cnt_${i}"`);
const oneKey = (field: string) => raw(`"__one_${field}"`);

/** Merges two include lists (two aliases of one list asking for different children). */
export function mergeIncludes(into: Map<string, Include>, includes: readonly Include[]): void {
  const isChildren = (include: Include) => include.kind === undefined || include.kind === "children";
  for (const include of includes) {
    const present = into.get(include.field);
    if (!present || !isChildren(present) || !isChildren(include)) {
      into.set(include.field, include);
      continue;
    }
    const ones = new Map((present as { ones: OneInclude[] }).ones.map((one) => [one.field, one]));
    for (const one of (include as { ones: OneInclude[] }).ones) ones.set(one.field, one);
    into.set(include.field, { ...(present as Exclude<Include, { kind: "value" | "page" }>), ones: [...ones.values()] });
  }
}

/**
 * The rows of an ordered, limited statement numbered from 1 in its order (`__rn`): a numbering over
 * the rows as they come, which is the statement's order (a window with no ORDER BY of its own adds no
 * sort, and the page's ORDER BY ... LIMIT keeps its top-N plan).
 */
function numbered(statement: Sql): Sql {
  return sql`SELECT p.*, row_number() OVER () AS "__rn" FROM (${statement}) p`;
}

/**
 * The select-list entries that fetch `includes` for the rows of a statement aliased `y` (whose `uuid`
 * is the parent key): a JSON array of child rows in the child list's order, each child carrying its
 * prefetched to-one rows as JSON objects; a value; or a nested connection's page (pageIncludeColumn).
 * With `pageSize`, rows of `y` are numbered (`numbered`) and those past the page fetch nothing.
 */
export function includeColumns(includes: readonly Include[], pageSize?: number): Sql {
  const within = (expr: Sql) =>
    pageSize === undefined ? expr : sql`CASE WHEN y."__rn" <= ${raw(String(Math.trunc(pageSize)))} THEN ${expr} END`;
  return join(
    includes.map((include, i) => {
      if (include.kind === "value") return sql`${within(include.select)} AS ${key(i)}`;
      if (include.kind === "page") return pageIncludeColumn(include, i, within);
      const { spec } = include;
      const ones = include.ones.map(
        (one) =>
          sql`, (SELECT row_to_json(s) FROM (SELECT ${one.spec.columns} FROM ${one.spec.from}
                 WHERE t.id = c.${raw(`"${one.foreignKey}"`)}::uuid) s) AS ${oneKey(one.field)}`,
      );
      return sql`${within(sql`(SELECT coalesce(json_agg(d), '[]'::json) FROM (
                   SELECT c.*${ones.length > 0 ? join(ones, "") : empty} FROM (
                     SELECT ${spec.columns} FROM ${spec.from}
                     WHERE ${spec.parentKey} = y."uuid"::uuid ORDER BY ${spec.orderBy}
                   ) c
                 ) d)`)} AS ${key(i)}`;
    }),
    ", ",
  );
}

/**
 * A nested connection's page for the row `y`, as its own ListLoader would select it for that parent
 * (the same columns, cursor keys, bounds, order and limit), as a JSON array; its count in a column of
 * its own when `totalCount` is asked for; and the page's own includes inside each of its rows. Inside
 * the derived table `y` still names the outer row: a subquery in FROM cannot see its own alias, so the
 * name resolves one level out, where it is the parent (and one level in, it is the page's row).
 */
function pageIncludeColumn(include: PageInclude, i: number, within: (expr: Sql) => Sql): Sql {
  const { spec } = include;
  const args = normalizeArgs(include.args, spec);
  const keys = expandKeys((spec.order ?? DEFAULT_ORDER).keys);
  const bounds: Sql[] = [];
  if (args.after) bounds.push(beyond(keys, args.after, "after"));
  if (args.before) bounds.push(beyond(keys, args.before, "before"));
  const where = and([spec.where ?? sql``, ...bounds]);
  const parentKey = spec.parentKey ?? sql`NULL`;
  const rows = sql`SELECT ${spec.columns}, ${keyColumns(keys)} FROM ${spec.from}
        WHERE ${parentKey} = y."uuid"::uuid AND ${where}
        ORDER BY ${orderBy(keys, args.direction === "backward")} LIMIT ${limitSql(args.limit + 1, where)}`;
  // The page's own includes, for its rows within the page only (see numbered).
  const inner =
    include.includes.length > 0
      ? sql`SELECT y.*, ${includeColumns(include.includes, args.limit)} FROM (${numbered(rows)}) y`
      : sql`SELECT y.* FROM (${rows}) y`;
  const page = sql`${within(sql`(SELECT coalesce(json_agg(z), '[]'::json) FROM (${inner}) z)`)} AS ${key(i)}`;
  if (!include.withCount) return page;
  return sql`${page}, ${within(sql`(SELECT count(*)::int FROM ${spec.from}
      WHERE ${parentKey} = y."uuid"::uuid AND ${and([spec.where ?? sql``])})`)} AS ${countKey(i)}`;
}

/**
 * JSON has no dates: restores a prefetched page's `...At` timestamps, so its rows are what the page
 * statement would have returned. Its datetime cursor keys are text already (keyColumns: with their
 * microseconds), as in the page statement's own rows.
 */
function revivePageRows(_include: PageInclude, rows: Record<string, unknown>[]): void {
  reviveTimestamps(rows);
}

/** Hydrates the prefetched includes of a statement's rows (removing them from the rows) and primes the loaders. */
export function primeIncludes(rows: Record<string, unknown>[], includes: readonly Include[], primer: Primer): void {
  for (const [i, include] of includes.entries()) {
    const name = `__inc_${i}`;
    if (include.kind === "value") {
      for (const row of rows) {
        const value = row[name];
        delete row[name];
        if (typeof row.uuid === "string" && value != null) primer.primeValue(include.name, row.uuid, value);
      }
      continue;
    }
    if (include.kind === "page") {
      const counted = `__cnt_${i}`;
      const pages: [string, Record<string, unknown>[], number | undefined][] = [];
      for (const row of rows) {
        const list = row[name] as Record<string, unknown>[] | null | undefined;
        const count = row[counted] as number | null | undefined;
        delete row[name];
        delete row[counted];
        if (typeof row.uuid === "string" && Array.isArray(list)) pages.push([row.uuid, list, count ?? undefined]);
      }
      const all = pages.flatMap(([, list]) => list);
      if (include.includes.length > 0) primeIncludes(all, include.includes, primer);
      revivePageRows(include, all);
      for (const [parent, list, count] of pages) primer.primePage(include, parent, list, count);
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
      const oneName = `__one_${one.field}`;
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
