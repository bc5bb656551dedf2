import { createHash } from "node:crypto";
import type pg from "pg";
import sqltag, { empty, join, raw, type Sql } from "sql-template-tag";
import { READS, type Reads } from "./reads";

/**
 * Parameterized SQL fragments, from sql-template-tag (the package Prisma's own tag descends from):
 * values become $n parameters (`.text`), fragments nest, and identifiers can only enter through
 * `raw`, which is used with constants from this code base. The rest of src imports them from here.
 */
export { empty, join, raw, type Sql };
export const sql = sqltag;

export type Queryable = Pick<pg.Pool, "query">;

/**
 * The name a statement is prepared under on each connection: a hash of its text, so the same SQL
 * shape (values are parameters) is parsed and planned once per connection, not on every request.
 * Connections keep a bounded number of them (pool.ts).
 */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `cb_${createHash("sha1").update(text).digest("base64url")}`;
    // Shapes are few in steady traffic; an unusual burst of new ones just starts the memo afresh.
    if (statementNames.size >= 2_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/** Names already computed, by SQL text (hashing a statement on every call showed up in profiles). */
const statementNames = new Map<string, string>();

/**
 * Runs one statement on the pool as a named prepared statement; reads go straight through `pg`.
 * `reads` describes what it reads for the response cache (db/reads.ts); left out, a request's handle
 * takes the statement as reading everything.
 */
export async function queryRows<T>(db: Queryable, statement: Sql, reads?: Reads): Promise<T[]> {
  const result = await db.query({
    name: statementName(statement.text),
    text: statement.text,
    values: statement.values as unknown[],
    [READS]: reads,
  } as pg.QueryConfig);
  return result.rows as T[];
}

/**
 * `column` is one of `values`: `= $1::cast` for one value, `= ANY($1::cast[])` for more. A prepared
 * statement with an array parameter is planned afresh on every run: PostgreSQL's generic plan assumes
 * ten elements and costs more than the custom plan for one, so it keeps making custom plans, and planning
 * cost more than running for a nested lookup (457 vs 180 µs of backend CPU per run of the lookup of an
 * entity with its first 20 claims, measured on the small bench tier). With `=`, the generic plan is
 * as cheap as the custom one and is kept after five runs. Most batches in live traffic are of one key.
 */
export function oneOf(column: Sql, values: readonly unknown[], cast: string): Sql {
  return values.length === 1
    ? sql`${column} = ${values[0]}::${raw(cast)}`
    : sql`${column} = ANY(${values as unknown[]}::${raw(cast)}[])`;
}

export function and(parts: Sql[]): Sql {
  const present = parts.filter((part) => part.text.trim() !== "");
  if (present.length === 0) return sql`TRUE`;
  return join(
    present.map((part) => sql`(${part})`),
    " AND ",
  );
}
