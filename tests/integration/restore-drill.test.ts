import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../src/db/database";
import { withDatabase } from "../../src/db/embedded";
import { migrate } from "../../src/db/migrate";
import { seedStory } from "../../src/seed";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { readRunInfo } from "../support/run-info";

/**
 * Runs scripts/restore-drill.sh for real. pg_dump cannot dump a server newer than itself, and the
 * embedded test server (PostgreSQL 18) may be newer than this machine's pg_dump: then the drill runs
 * against the PostgreSQL server at RESTORE_DRILL_FALLBACK_URL (default: the local PostgreSQL 15
 * service) in a throwaway database. With neither, the tests are skipped with the reason in their name.
 */
const SCRIPT = path.join(__dirname, "../../scripts/restore-drill.sh");
const FALLBACK_URL = process.env.RESTORE_DRILL_FALLBACK_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function toolPath(name: string): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

function toolMajor(file: string | null): number | null {
  if (!file) return null;
  const out = spawnSync(file, ["--version"], { encoding: "utf8" });
  const match = /\(PostgreSQL\) (\d+)/.exec(out.stdout ?? "");
  return match ? Number(match[1]) : null;
}

/** The server's major version, or null when psql cannot reach it (within 3 s). */
function serverMajor(psql: string, url: string): number | null {
  const out = spawnSync(psql, [url, "-XAtqc", "SHOW server_version_num"], {
    encoding: "utf8",
    env: { ...process.env, PGCONNECT_TIMEOUT: "3" },
    timeout: 10_000,
  });
  return out.status === 0 ? Math.floor(Number(out.stdout.trim()) / 10_000) : null;
}

const info = readRunInfo();
const tools = { pgDump: toolPath("pg_dump"), pgRestore: toolPath("pg_restore"), psql: toolPath("psql") };
const dumpMajor = toolMajor(tools.pgDump);
const testMajor = tools.psql ? serverMajor(tools.psql, info.adminUrl) : null;

type Plan =
  { kind: "test-database" } | { kind: "fallback"; url: string; major: number } | { kind: "none"; reason: string };

function plan(): Plan {
  if (!tools.pgDump || !tools.pgRestore || !tools.psql || dumpMajor === null) {
    return { kind: "none", reason: "pg_dump, pg_restore or psql is not installed on this machine" };
  }
  if (testMajor !== null && testMajor <= dumpMajor) return { kind: "test-database" };
  const fallback = serverMajor(tools.psql, FALLBACK_URL);
  if (fallback !== null && fallback <= dumpMajor) return { kind: "fallback", url: FALLBACK_URL, major: fallback };
  return {
    kind: "none",
    reason:
      `pg_dump ${dumpMajor} cannot dump the test server (PostgreSQL ${testMajor ?? "unreachable"}), and ` +
      `${FALLBACK_URL.replace(/\/\/[^@/]*@/, "//")} is ${fallback === null ? "unreachable" : `PostgreSQL ${fallback}`}`,
  };
}

const PLAN = plan();
if (PLAN.kind === "none") console.warn(`restore drill tests skipped: ${PLAN.reason}`);

interface DrillResult {
  code: number;
  stdout: string;
  stderr: string;
}

function drill(url: string, env: Record<string, string> = {}): Promise<DrillResult> {
  const base = { ...process.env };
  for (const name of ["PG_BIN", "SCRATCH_DATABASE", "KEEP_DUMP"]) delete base[name];
  return new Promise((resolve) => {
    execFile(SCRIPT, { env: { ...base, DATABASE_URL: url, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A directory of stand-in tools: links to the real ones, with some replaced by scripts. */
function fakeTools(replacements: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "restore-drill-tools-"));
  const real: Record<string, string | null> = { pg_dump: tools.pgDump, pg_restore: tools.pgRestore, psql: tools.psql };
  for (const [name, file] of Object.entries(real)) {
    const target = path.join(dir, name);
    if (replacements[name] !== undefined) writeFileSync(target, replacements[name]!, { mode: 0o755 });
    else if (file) symlinkSync(file, target);
  }
  return dir;
}

async function databaseExists(url: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const scratchName = () => `${info.prefix}_drill_${randomBytes(3).toString("hex")}`;

describe("scripts/restore-drill.sh", () => {
  /** The story database the drill runs on, and its server's admin URL. */
  let target: { url: string; admin: string; drop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    if (PLAN.kind === "test-database") {
      const db: TestDatabase = await createTestDatabase("story");
      target = { url: db.url, admin: info.adminUrl, drop: () => db.drop() };
    } else if (PLAN.kind === "fallback") {
      const name = `cbdrill_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: PLAN.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const drop = async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      const db = openDatabase(withDatabase(PLAN.url, name), { max: 2 });
      try {
        await migrate(db.pool);
        const seeded = await seedStory(db);
        if (!seeded.applied) throw new Error(`the story did not load: ${JSON.stringify(seeded.rejected)}`);
      } catch (error) {
        await db.close();
        await drop();
        throw error;
      } finally {
        await db.close().catch(() => undefined);
      }
      target = { url: withDatabase(PLAN.url, name), admin: PLAN.url, drop };
    }
  });

  afterAll(async () => {
    await target?.drop();
  });

  const drillable = PLAN.kind === "none" ? it.skip : it;
  const suffix =
    PLAN.kind === "none" ? ` (SKIPPED: ${PLAN.reason})` : PLAN.kind === "fallback" ? " (on the fallback server)" : "";

  drillable(`restores a dump of the story with every table's row count intact${suffix}`, async () => {
    const scratch = scratchName();
    const result = await drill(target!.url, { SCRATCH_DATABASE: scratch });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("RESTORE DRILL PASSED");
    const migrations = readdirSync(path.join(__dirname, "../../prisma/migrations")).filter((d) =>
      /^\d+_/.test(d),
    ).length;
    expect(result.stdout).toMatch(
      new RegExp(`^public\\._prisma_migrations\\s+${migrations}\\s+${migrations}\\s+ok$`, "m"),
    );
    expect(result.stdout).toMatch(/^public\.claim\s+(\d+)\s+\1\s+ok$/m);
    expect(result.stdout).toMatch(/^public\.quote\s+[1-9]\d*\s+[1-9]\d*\s+ok$/m);
    expect(result.stdout).not.toContain("MISMATCH");
    expect(result.stdout).toMatch(/migrations: 20261124000000_init,/);
    expect(await databaseExists(target!.admin, scratch)).toBe(false);
  });

  drillable(`fails, and still drops the scratch database, when the restored copy differs${suffix}`, async () => {
    // A pg_restore that restores the tables but none of their rows.
    const dir = fakeTools({
      pg_restore: `#!/bin/sh\nif [ "$1" = "--version" ]; then exec "${tools.pgRestore}" --version; fi\nexec "${tools.pgRestore}" --schema-only "$@"\n`,
    });
    try {
      const scratch = scratchName();
      const result = await drill(target!.url, { PG_BIN: dir, SCRATCH_DATABASE: scratch });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^public\.claim\s+[1-9]\d*\s+0\s+MISMATCH$/m);
      expect(result.stdout).toContain("RESTORE DRILL FAILED");
      expect(await databaseExists(target!.admin, scratch)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  drillable(`never drops a database it did not create${suffix}`, async () => {
    const existing = scratchName();
    const client = new pg.Client({ connectionString: target!.admin });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${existing}"`);
      const result = await drill(target!.url, { SCRATCH_DATABASE: existing });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/already exists/);
      expect(await databaseExists(target!.admin, existing)).toBe(true);
    } finally {
      await client.query(`DROP DATABASE IF EXISTS "${existing}"`);
      await client.end();
    }
  });

  (tools.psql && testMajor !== null ? it : it.skip)(
    "refuses to run, with a clear message, when pg_dump is older than the server",
    async () => {
      const dir = fakeTools({ pg_dump: `#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n` });
      try {
        const result = await drill(withDatabase(info.adminUrl, info.storyTemplate), { PG_BIN: dir });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`pg_dump 9 is older than the server (PostgreSQL ${testMajor})`);
        expect(result.stderr).toContain(`postgresql-client-${testMajor}`);
        expect(result.stdout).toBe("");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  (dumpMajor !== null && testMajor !== null && testMajor > dumpMajor ? it : it.skip)(
    `refuses this machine's pg_dump ${dumpMajor} on the test server (PostgreSQL ${testMajor})`,
    async () => {
      const result = await drill(withDatabase(info.adminUrl, info.storyTemplate));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`pg_dump ${dumpMajor} is older than the server (PostgreSQL ${testMajor})`);
    },
  );

  it("needs DATABASE_URL", async () => {
    const result = await drill("");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/set DATABASE_URL/);
  });
});
