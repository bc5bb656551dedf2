import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { CHANGE_CHANNEL } from "./changes";
import { sql } from "./sql";
import { PROJECT_ROOT } from "../shared/paths";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in
 * `_prisma_migrations` exactly as Prisma's schema engine does, so `prisma migrate deploy` and
 * `prisma migrate status` agree with this runner wherever the engine is available.
 *
 * Hand-rolled because the engine is a native binary that Prisma downloads on first use, and these
 * machines cannot download it (STACK-NOTES.md, "Prisma 7 without its Rust schema engine").
 */

/** Prisma's own advisory lock key, so this runner and the engine never migrate concurrently. */
const PRISMA_MIGRATION_LOCK = 72707369;

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Lists migrations on disk that the database has not applied yet (for readiness checks). */
export async function pendingMigrations(client: Pick<pg.Pool, "query">, dir?: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return migrations.map((m) => m.name);
  const rows = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const done = new Set(
    rows.rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name),
  );
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

export async function migrate(pool: pg.Pool, dir?: string): Promise<MigrationReport> {
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  try {
    await client.query(sql`SELECT pg_advisory_lock(${PRISMA_MIGRATION_LOCK})`);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, ` +
          `mark it rolled back, and run again`,
      );
    }
    const applied = new Map(
      rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]),
    );
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was edited after it was applied (checksum differs)`);
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      const id = randomUUID();
      await client.query(
        sql`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES (${id}, ${migration.checksum}, ${migration.name}, now(), 0)`,
      );
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        const logs = error instanceof Error ? error.message : String(error);
        await client.query(sql`UPDATE "_prisma_migrations" SET logs = ${logs} WHERE id = ${id}`);
        throw new MigrationError(
          `migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await client.query(
        sql`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = ${id}`,
      );
      report.applied.push(migration.name);
    }
    if (report.applied.length > 0) {
      // A migration can change what reads answer without a row-level write (DDL, a new default): running
      // servers must drop their cached answers (src/cache/response-cache.ts).
      await client.query(sql`SELECT pg_notify(${CHANGE_CHANNEL}, '_prisma_migrations')`);
    }
    return report;
  } finally {
    await client.query(sql`SELECT pg_advisory_unlock(${PRISMA_MIGRATION_LOCK})`).catch(() => undefined);
    client.release();
  }
}
