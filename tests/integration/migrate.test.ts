import { createHash, randomBytes } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../../src/db/embedded";
import { MIGRATIONS_DIR, MigrationError, migrate, pendingMigrations, readMigrations } from "../../src/db/migrate";
import { readRunInfo } from "../support/run-info";

/*
 * src/db/migrate.ts stands in for `prisma migrate deploy`, so it must leave `_prisma_migrations`
 * exactly as Prisma's schema engine would and take the engine's advisory lock. Each test gets its own
 * brand-new database (not a migrated template) on the run's server; most use a few tiny migrations in
 * a temporary folder, since they test the runner rather than the model.
 */

/** The key Prisma's schema engine locks with (`pg_advisory_lock(72707369)`) while it migrates. */
const PRISMA_LOCK = 72707369;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: readRunInfo().adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A new, empty database on the test server (named with the run's prefix, so teardown drops strays). */
async function emptyDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const name = `${readRunInfo().prefix}_migrate_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(readRunInfo().adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  // The forced drop below ends whatever connection is still open; that error is expected, and an
  // unheard pool error would fail whichever test happens to be running (seen as a rare flake).
  pool.on("error", () => {});
  cleanups.push(async () => {
    await pool.end();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return { url, pool };
}

/** A migrations folder laid out like prisma/migrations: `<name>/migration.sql` plus the lock file. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "claimbase-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/** Lowercase hex SHA-256 of the file's bytes, which is what Prisma's engine stores as the checksum. */
async function fileChecksum(dir: string, name: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path.join(dir, name, "migration.sql")))
    .digest("hex");
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

async function recorded(pool: pg.Pool): Promise<MigrationRow[]> {
  return (await pool.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
}

async function tableExists(pool: pg.Pool, table: string): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `public.${table}`,
  ]);
  return rows[0]!.present;
}

const FIRST = { "20260101000000_first": `CREATE TABLE "first" ("x" INTEGER NOT NULL);\n` };
const SECOND = {
  "20260102000000_second": `CREATE TABLE "second" ("y" INTEGER NOT NULL);\nINSERT INTO "first" VALUES (1);\n`,
};
const THIRD = { "20260103000000_third": `CREATE TABLE "third" ("z" INTEGER NOT NULL);\n` };

describe("migrate", () => {
  it("applies every migration to an empty database and records each as Prisma's engine does", async () => {
    const { pool } = await emptyDatabase();
    const onDisk = await readMigrations();
    expect(onDisk.length).toBeGreaterThan(0);

    expect(await migrate(pool)).toEqual({ applied: onDisk.map((m) => m.name), alreadyApplied: [] });

    const { rows: columns } = await pool.query(`
      SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
             pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = '"_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`);
    expect(columns).toEqual([
      { column: "id", type: "character varying(36)", notNull: true, default: null },
      { column: "checksum", type: "character varying(64)", notNull: true, default: null },
      { column: "finished_at", type: "timestamp with time zone", notNull: false, default: null },
      { column: "migration_name", type: "character varying(255)", notNull: true, default: null },
      { column: "logs", type: "text", notNull: false, default: null },
      { column: "rolled_back_at", type: "timestamp with time zone", notNull: false, default: null },
      { column: "started_at", type: "timestamp with time zone", notNull: true, default: "now()" },
      { column: "applied_steps_count", type: "integer", notNull: true, default: "0" },
    ]);
    // PostgreSQL 18 also lists NOT NULL constraints in pg_constraint; those are covered above.
    const { rows: keys } = await pool.query(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = '"_prisma_migrations"'::regclass AND contype <> 'n'`,
    );
    expect(keys).toEqual([{ conname: "_prisma_migrations_pkey", definition: "PRIMARY KEY (id)" }]);

    const rows = await recorded(pool);
    expect(rows.map((row) => row.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const row of rows) {
      expect(row).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        checksum: await fileChecksum(MIGRATIONS_DIR, row.migration_name),
        finished_at: expect.any(Date),
        migration_name: row.migration_name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      });
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
    expect(await tableExists(pool, "entity")).toBe(true);
  });

  it("applies nothing when run again, and leaves the records as they were", async () => {
    const { pool } = await emptyDatabase();
    const dir = await migrationsFolder({ ...FIRST, ...SECOND });
    await migrate(pool, dir);
    const before = await recorded(pool);

    expect(await migrate(pool, dir)).toEqual({ applied: [], alreadyApplied: Object.keys({ ...FIRST, ...SECOND }) });
    expect(await recorded(pool)).toEqual(before);
    expect((await pool.query(`SELECT count(*)::int AS n FROM "first"`)).rows[0].n).toBe(1);
  });

  it("applies the migrations once when two runners start together, waiting on Prisma's advisory lock", async () => {
    const { url } = await emptyDatabase();
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: url, max: 2 }));
    cleanups.push(async () => {
      await Promise.all(pools.map((pool) => pool.end()));
    });
    const [holderPool, poolA, poolB] = pools as [pg.Pool, pg.Pool, pg.Pool];
    const names = (await readMigrations()).map((m) => m.name);

    // Hold the lock as Prisma's engine would mid-migration, so both runners are started and waiting.
    const holder = await holderPool.connect();
    await holder.query(`SELECT pg_advisory_lock($1)`, [PRISMA_LOCK]);
    let settled = 0;
    const runs = [migrate(poolA), migrate(poolB)].map((run) => run.finally(() => (settled += 1)));
    for (;;) {
      const { rows } = await holder.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks
         WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows[0]!.waiting === 2 || settled > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(settled).toBe(0);
    expect(await tableExists(holderPool, "_prisma_migrations")).toBe(false);
    await holder.query(`SELECT pg_advisory_unlock($1)`, [PRISMA_LOCK]);
    holder.release();

    const reports = await Promise.all(runs);
    expect(reports.map((r) => r.applied.length).sort()).toEqual([0, names.length]);
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(names);
    expect(reports.flatMap((r) => r.alreadyApplied).sort()).toEqual(names);
    const rows = await recorded(poolA);
    expect(rows.map((row) => [row.migration_name, row.applied_steps_count, row.finished_at !== null])).toEqual(
      names.map((name) => [name, 1, true]),
    );
  });

  it("refuses to continue when an applied migration was edited afterwards", async () => {
    const { pool } = await emptyDatabase();
    const dir = await migrationsFolder(FIRST);
    await migrate(pool, dir);
    const [first] = Object.keys(FIRST);
    await appendFile(path.join(dir, first!, "migration.sql"), "-- an afterthought\n");
    const [third] = Object.keys(THIRD);
    await mkdir(path.join(dir, third!));
    await writeFile(path.join(dir, third!, "migration.sql"), THIRD[third as keyof typeof THIRD]);

    const run = migrate(pool, dir);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(`migration ${first} was edited after it was applied (checksum differs)`);
    expect(await tableExists(pool, "third")).toBe(false);
    expect((await recorded(pool)).map((row) => row.migration_name)).toEqual([first]);
  });

  it("refuses to continue past a migration that failed and was not rolled back, and resumes once it is", async () => {
    const { pool } = await emptyDatabase();
    await migrate(pool, await migrationsFolder(FIRST));
    const dir = await migrationsFolder({ ...FIRST, ...SECOND, ...THIRD });
    const [second, third] = [...Object.keys(SECOND), ...Object.keys(THIRD)];
    // What Prisma's engine leaves behind when a migration fails: started, never finished.
    await pool.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, $1, $2, 'it broke', now(), 0)`,
      [await fileChecksum(dir, second!), second],
    );

    await expect(migrate(pool, dir)).rejects.toThrow(
      new MigrationError(
        `migration ${second} failed earlier and was not rolled back; fix the database, mark it rolled back, and run again`,
      ),
    );
    expect(await tableExists(pool, "second")).toBe(false);
    expect(await tableExists(pool, "third")).toBe(false);

    // `prisma migrate resolve --rolled-back` marks it so; the runner then applies it afresh.
    await pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, [second]);
    expect(await migrate(pool, dir)).toEqual({ applied: [second, third], alreadyApplied: Object.keys(FIRST) });
  });

  it("rolls back a failing migration whole, records the failure with its log, and names it in the error", async () => {
    const { pool } = await emptyDatabase();
    const broken = "20260102000000_broken";
    const dir = await migrationsFolder({
      ...FIRST,
      [broken]: `CREATE TABLE "second" ("y" INTEGER);\nINSERT INTO "first" VALUES (1);\nCREATE TABLE "oops" ("z" no_such_type);\n`,
      ...THIRD,
    });

    const run = migrate(pool, dir);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(`migration ${broken} failed: type "no_such_type" does not exist`);

    // Nothing of the broken migration survives, and nothing after it ran.
    expect(await tableExists(pool, "first")).toBe(true);
    expect((await pool.query(`SELECT count(*)::int AS n FROM "first"`)).rows[0].n).toBe(0);
    expect(await tableExists(pool, "second")).toBe(false);
    expect(await tableExists(pool, "third")).toBe(false);

    const rows = await recorded(pool);
    expect(rows.map((row) => row.migration_name)).toEqual([...Object.keys(FIRST), broken]);
    expect(rows[1]).toEqual({
      id: expect.any(String),
      checksum: await fileChecksum(dir, broken),
      finished_at: null,
      migration_name: broken,
      logs: expect.stringContaining('type "no_such_type" does not exist'),
      rolled_back_at: null,
      started_at: expect.any(Date),
      applied_steps_count: 0,
    });
  });
});

describe("pendingMigrations", () => {
  it("lists every migration for a database that was never migrated", async () => {
    const { pool } = await emptyDatabase();
    const dir = await migrationsFolder({ ...FIRST, ...SECOND });
    expect(await pendingMigrations(pool, dir)).toEqual(Object.keys({ ...FIRST, ...SECOND }));
    expect(await pendingMigrations(pool)).toEqual((await readMigrations()).map((m) => m.name));
  });

  it("lists exactly the migrations not yet applied, including a failed one, and none once all are", async () => {
    const { pool } = await emptyDatabase();
    await migrate(pool, await migrationsFolder(FIRST));
    const broken = { "20260102000000_broken": `SELECT 1/0;\n` };
    const withBroken = await migrationsFolder({ ...FIRST, ...broken, ...THIRD });
    expect(await pendingMigrations(pool, withBroken)).toEqual([...Object.keys(broken), ...Object.keys(THIRD)]);

    await expect(migrate(pool, withBroken)).rejects.toBeInstanceOf(MigrationError);
    expect(await pendingMigrations(pool, withBroken)).toEqual([...Object.keys(broken), ...Object.keys(THIRD)]);

    await pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE finished_at IS NULL`);
    const fixed = await migrationsFolder({ ...FIRST, ...SECOND, ...THIRD });
    expect(await pendingMigrations(pool, fixed)).toEqual([...Object.keys(SECOND), ...Object.keys(THIRD)]);
    await migrate(pool, fixed);
    expect(await pendingMigrations(pool, fixed)).toEqual([]);
  });
});
