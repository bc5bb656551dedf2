import { queryRows, sql } from "../db/sql";
import type { BatchLoaders } from "./loader-types";

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
