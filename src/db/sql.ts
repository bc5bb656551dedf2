import type pg from "pg";
import {
  empty as emptySql,
  join as joinSql,
  raw as rawSql,
  sqltag,
  type Sql as PrismaSql,
} from "@prisma/client/runtime/client";

/**
 * Parameterized SQL fragments. Prisma's own tagged template: values become $n parameters, fragments
 * nest, and identifiers can only enter through `raw`, which is used with constants from this code base.
 */
export type Sql = PrismaSql;
export const sql = sqltag;
export const join = joinSql;
export const raw = rawSql;
export const empty = emptySql;

export type Queryable = Pick<pg.Pool, "query">;

/** Runs one statement on the pool; reads go straight through `pg` (see docs/architecture.md). */
export async function queryRows<T>(db: Queryable, statement: Sql): Promise<T[]> {
  const result = await db.query(statement.text, statement.values as unknown[]);
  return result.rows as T[];
}

export function and(parts: Sql[]): Sql {
  const present = parts.filter((part) => part.text.trim() !== "");
  if (present.length === 0) return sql`TRUE`;
  return join(
    present.map((part) => sql`(${part})`),
    " AND ",
  );
}
