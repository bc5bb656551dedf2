import "reflect-metadata";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../src/db/database";
import { startEmbedded, withDatabase } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";
import { statementName } from "../src/db/sql";
import { createServer } from "../src/server";
import { freePort } from "../src/shared/free-port";
import { createLogger } from "../src/shared/logger";
import { TIERS, type Tier, generate } from "./generate/generate";

/**
 * Side-by-side benchmark: claimbase against PostGraphile v4 (bench/peer) over the same database, plus
 * the "floor": the SQL claimbase sends for a query, replayed straight through `pg`.
 *
 *   npm run bench [-- --tiers small,medium] [--seconds 8] [--warmup 3] [--reps 3] [--only part-of-name,...]
 *                 [--jit on|off|default] [--embedded] [--baseline <git ref>]
 *   npm run bench -- --render      (rewrites today's bench/results .md from its .json, after a report change)
 *
 * PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL (any database on the server: the bench creates its own
 * `claimbase_bench_<tier>` next to it), else 127.0.0.1:5432 as `postgres` when reachable, else (or with
 * --embedded) an embedded PostgreSQL kept under the OS temp folder. Each tier's database is migrated and
 * filled by bench/generate once; later runs reuse it when its row counts match the tier. `--jit` sets
 * PostgreSQL's JIT on the tier database (default: the server's setting, which PostgreSQL ships as on).
 *
 * The peer is installed into bench/peer/node_modules on first run. claimbase runs from a private copy of
 * dist/, so a build elsewhere in the checkout cannot change it mid-run; both servers are killed on exit.
 *
 * For every query of the mix, both APIs are asked once and their answers compared by natural keys (slugs,
 * texts, counts); a difference stops the run. Then autocannon drives each server (10 connections): a
 * warm-up, then `reps` rounds alternating the two servers and the floor, and the medians are reported.
 * Under load every answer must equal the checked one. Tables go to stdout and to
 * bench/results/bench-<date>.md (+ .json), one section per tier and set of options.
 *
 * `--baseline <git ref>` adds claimbase as it was at that commit (cache off), built from `git archive` in a
 * temporary folder, to the same run: its answers must equal today's, it is loaded in the same alternation
 * next to today's cache-off build, and the table gains `cache off / baseline` (req/s and CPU per request),
 * so a change can show it is no slower on any question than the code before it, on the same machine and
 * minute rather than from two runs an hour apart.
 */

export const ROOT = path.join(__dirname, "../..");
export const PEER_DIR = path.join(ROOT, "bench", "peer");
export const RESULTS_DIR = path.join(ROOT, "bench", "results");
export const CONNECTIONS = 10;
/** Far above anything the mix reaches: the benchmark measures queries, not the limits. */
export const UNLIMITED = "1000000000";

// ---------------------------------------------------------------------------------------------- options

interface Options {
  tiers: Tier[];
  seconds: number;
  warmup: number;
  reps: number;
  only: string[] | null;
  /** Use an embedded PostgreSQL even when another one is reachable. */
  embedded: boolean;
  render: boolean;
  /** PostgreSQL's JIT for the tier databases (both servers and the floor): the server's default, or forced. */
  jit: "default" | "on" | "off";
  /** A git ref whose build is measured beside today's with the response cache off. */
  baseline: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    tiers: ["small", "medium"],
    seconds: 8,
    warmup: 3,
    reps: 3,
    only: null,
    embedded: false,
    render: false,
    jit: "default",
    baseline: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--embedded") {
      options.embedded = true;
      continue;
    }
    if (argv[i] === "--render") {
      options.render = true;
      continue;
    }
    const [key, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    const number = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} must be a positive number, got ${value}`);
      return n;
    };
    if (key === "--tiers") {
      const tiers = value.split(",").map((tier) => tier.trim());
      for (const tier of tiers) if (!(tier in TIERS)) throw new Error(`unknown tier "${tier}"`);
      options.tiers = tiers as Tier[];
    } else if (key === "--seconds") options.seconds = number();
    else if (key === "--warmup") options.warmup = number();
    else if (key === "--reps") options.reps = Math.round(number());
    else if (key === "--only") options.only = value.split(",").map((name) => name.trim());
    else if (key === "--jit") {
      if (value !== "on" && value !== "off" && value !== "default") throw new Error("--jit must be on, off or default");
      options.jit = value;
    } else if (key === "--baseline") options.baseline = value;
    else
      throw new Error(
        `unknown option ${key} (expected --tiers, --seconds, --warmup, --reps, --only, --jit, --baseline, --embedded, --render)`,
      );
  }
  return options;
}

// ---------------------------------------------------------------------------------------------- processes

const children = new Set<ChildProcess>();
/** Temporary folders of the servers under test (removed on exit). */
const snapshotRoots: string[] = [];

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

/**
 * claimbase as it was at `ref` (`--baseline`): the commit's files from `git archive`, its own dependencies
 * (`npm ci`, which builds it) in a temporary folder. Returns the entry file that starts it.
 */
function buildBaseline(ref: string): { entry: string; commit: string } {
  const commit = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", `${ref}^{commit}`], {
    encoding: "utf8",
  }).trim();
  const root = mkdtempSync(path.join(os.tmpdir(), "claimbase-baseline-"));
  snapshotRoots.push(root);
  console.log(`building the baseline ${ref} (${commit}) in ${root} ...`);
  const archive = spawnSync("sh", ["-c", `git -C "${ROOT}" archive "${commit}" | tar -x -C "${root}"`], {
    stdio: "inherit",
  });
  if (archive.status !== 0) throw new Error(`could not extract ${ref} with git archive`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (install.status !== 0 || !existsSync(path.join(root, "dist/src/main.js"))) {
    throw new Error(`could not build the baseline ${ref}: npm ci exited with ${install.status ?? install.error}`);
  }
  const entry = path.join(root, "claimbase-baseline-under-bench.js");
  writeFileSync(entry, `require("./dist/src/main.js");\n`);
  return { entry, commit };
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
export async function prepareDatabase(server: PostgresServer, tier: Tier, jit: Options["jit"]): Promise<string> {
  const name = `claimbase_bench_${tier}`;
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
async function peerStatements(peer: RunningServer): Promise<number> {
  const response = await fetch(peer.url.replace(/\/graphql$/, "/__bench/statements"));
  return ((await response.json()) as { statements: number }).statements;
}

// ---------------------------------------------------------------------------------------------- the mix

interface BenchQuery {
  name: string;
  ours: GraphQLRequest;
  peer: GraphQLRequest;
  /** Natural keys of an answer (slugs, texts, counts), comparable across the two APIs. */
  ourKeys(data: any): unknown;
  peerKeys(data: any): unknown;
  /**
   * "equal": the keys must be equal. Otherwise a custom check that returns a description of what was
   * verified (and throws when it fails), for queries the two sides cannot answer the same way.
   */
  check: "equal" | ((ours: Answer, peer: Answer) => Promise<string>);
  /** What each side did, when it differs from the obvious. */
  note?: string;
}

const texts = (nodes: { text: string }[]) => nodes.map((node) => node.text);
const KINDS = ["FACTUAL", "CAUSAL", "NORMATIVE", "PREDICTIVE", "EVALUATIVE"];
const SINCE = "2020-01-01T00:00:00.000Z";
const SUBSTRING = "police";
const SEARCH = "immigration police";
const NAME_PART = "son";
const DEEP_OFFSET = 2_000;

function toGlobalId(type: string, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`, "utf8").toString("base64url");
}

/** Pages through 2,000 claims (100 at a time) on one API and returns the cursor of the 2,000th. */
async function cursorAt(
  url: string,
  who: string,
  cursorType: string,
  orderBy: string,
): Promise<{ cursor: string; text: string }> {
  let after: string | null = null;
  let last: { cursor: string; text: string } | null = null;
  for (let fetched = 0; fetched < DEEP_OFFSET; fetched += 100) {
    const answer: Answer = await ask(
      url,
      {
        query: `query($after: ${cursorType}) { claims(first: 100, after: $after${orderBy}) { edges { cursor node { text } } } }`,
        variables: { after },
      },
      who,
    );
    const edges = answer.data.claims.edges as { cursor: string; node: { text: string } }[];
    if (edges.length < 100) throw new Error(`${who}: fewer than ${DEEP_OFFSET} claims`);
    last = { cursor: edges[99]!.cursor, text: edges[99]!.node.text };
    after = last.cursor;
  }
  return last!;
}

export async function buildMix(
  pool: pg.Pool,
  ours: RunningServer,
  peer: RunningServer,
): Promise<{ queries: BenchQuery[]; params: Record<string, unknown> }> {
  // The entity ranked 10th by claims made: prolific enough for the page of 20 to need an ORDER BY ... LIMIT.
  const claimant = (
    await pool.query<{ id: string; slug: string; n: number }>(
      `SELECT e.id, e.slug, count(*)::int AS n FROM claim_claimant l JOIN entity e ON e.id = l.entity_id
       GROUP BY e.id, e.slug, e.seq ORDER BY count(*) DESC, e.seq LIMIT 1 OFFSET 9`,
    )
  ).rows[0]!;
  // The place most claims are about.
  const place = (
    await pool.query<{ slug: string; n: number }>(
      `SELECT e.slug, count(*)::int AS n FROM claim c JOIN entity e ON e.id = c.place_id
       GROUP BY e.slug, e.seq ORDER BY count(*) DESC, e.seq LIMIT 1`,
    )
  ).rows[0]!;
  const oursDeep = await cursorAt(ours.url, "ours", "String", "");
  const peerDeep = await cursorAt(peer.url, "peer", "Cursor", ", orderBy: SEQ_ASC");
  if (oursDeep.text !== peerDeep.text) {
    throw new Error(`item ${DEEP_OFFSET} differs: ours "${oursDeep.text}", peer "${peerDeep.text}"`);
  }
  const params = {
    claimant: `${claimant.slug} (${claimant.n} claims made)`,
    place: `${place.slug} (${place.n} claims)`,
    nameContains: NAME_PART,
    substring: SUBSTRING,
    search: SEARCH,
    facetFilter: `statedAt >= ${SINCE}`,
    deepCursor: `after item ${DEEP_OFFSET} in insertion order`,
  };

  const ftsCount = async (sql: string, values: unknown[]) => (await pool.query<{ n: number }>(sql, values)).rows[0]!.n;

  const queries: BenchQuery[] = [
    {
      name: "entity list: kind + name contains, totalCount",
      ours: {
        query: `query($name: String!) { entities(first: 20, filter: { kind: { equals: PERSON }, name: { contains: $name } }) { totalCount nodes { slug name } } }`,
        variables: { name: NAME_PART },
      },
      peer: {
        query: `query($name: String!) { entities(first: 20, orderBy: SEQ_ASC, filter: { kind: { equalTo: PERSON }, name: { includesInsensitive: $name } }) { totalCount nodes { slug name } } }`,
        variables: { name: NAME_PART },
      },
      ourKeys: (d) => ({ total: d.entities.totalCount, slugs: d.entities.nodes.map((n: any) => n.slug) }),
      peerKeys: (d) => ({ total: d.entities.totalCount, slugs: d.entities.nodes.map((n: any) => n.slug) }),
      check: "equal",
    },
    {
      name: "entity by id + first 20 claims made",
      ours: {
        query: `query($id: ID!) { entity(id: $id) { slug name claimsMade(first: 20) { nodes { text kind } } } }`,
        variables: { id: toGlobalId("Entity", claimant.id) },
      },
      peer: {
        query: `query($id: UUID!) { entity(id: $id) { slug name claimClaimants(first: 20, orderBy: CLAIM_SEQ_ASC) { nodes { claim { text kind } } } } }`,
        variables: { id: claimant.id },
      },
      ourKeys: (d) => ({ slug: d.entity.slug, claims: texts(d.entity.claimsMade.nodes) }),
      peerKeys: (d) => ({ slug: d.entity.slug, claims: d.entity.claimClaimants.nodes.map((n: any) => n.claim.text) }),
      check: "equal",
      note: "peer: claimClaimants ordered by the claim's seq (an orderBy added with makeAddPgTableOrderByPlugin)",
    },
    {
      name: "claims page, 3 levels (claimants, appearances -> source)",
      ours: {
        query: `{ claims(first: 20) { nodes { text claimants { slug } appearances { exact source { title } } } } }`,
      },
      peer: {
        query: `{ claims(first: 20, orderBy: SEQ_ASC) { nodes { text claimClaimants(orderBy: POSITION_ASC) { nodes { entity { slug } } } claimAppearances { nodes { quote { exact source { title } } } } } } }`,
      },
      ourKeys: (d) =>
        d.claims.nodes.map((c: any) => ({
          text: c.text,
          claimants: c.claimants.map((e: any) => e.slug),
          appearances: c.appearances.map((q: any) => `${q.exact} | ${q.source.title}`).sort(),
        })),
      peerKeys: (d) =>
        d.claims.nodes.map((c: any) => ({
          text: c.text,
          claimants: c.claimClaimants.nodes.map((n: any) => n.entity.slug),
          appearances: c.claimAppearances.nodes.map((n: any) => `${n.quote.exact} | ${n.quote.source.title}`).sort(),
        })),
      check: "equal",
      note: "appearances compared as sets (ours orders them by quote seq, the peer by primary key)",
    },
    {
      name: "OR: place = X (to-one) or some review FALSE (to-many)",
      ours: {
        query: `query($place: String!) { claims(first: 20, filter: { OR: [{ place: { slug: { equals: $place } } }, { reviews: { some: { normalizedRating: { equals: FALSE } } } }] }) { totalCount nodes { text } } }`,
        variables: { place: place.slug },
      },
      peer: {
        query: `query($place: String!) { claims(first: 20, orderBy: SEQ_ASC, filter: { or: [{ place: { slug: { equalTo: $place } } }, { reviews: { some: { normalizedRating: { equalTo: FALSE } } } }] }) { totalCount nodes { text } } }`,
        variables: { place: place.slug },
      },
      ourKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      peerKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      check: "equal",
    },
    {
      name: "case-insensitive substring on claim text, totalCount",
      ours: {
        query: `query($s: String!) { claims(first: 20, filter: { text: { contains: $s } }) { totalCount nodes { text } } }`,
        variables: { s: SUBSTRING },
      },
      peer: {
        query: `query($s: String!) { claims(first: 20, orderBy: SEQ_ASC, filter: { text: { includesInsensitive: $s } }) { totalCount nodes { text } } }`,
        variables: { s: SUBSTRING },
      },
      ourKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      peerKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      check: "equal",
    },
    {
      name: "full-text search on claims, totalCount",
      ours: {
        query: `query($q: String!) { claims(first: 20, search: $q) { totalCount nodes { text } } }`,
        variables: { q: SEARCH },
      },
      peer: {
        query: `query($a: String!, $b: String!) { claims(first: 20, orderBy: SEQ_ASC, filter: { and: [{ text: { includesInsensitive: $a } }, { text: { includesInsensitive: $b } }] }) { totalCount nodes { text } } }`,
        variables: { a: SEARCH.split(" ")[0], b: SEARCH.split(" ")[1] },
      },
      ourKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      peerKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      check: async (oursAnswer, peerAnswer) => {
        const fts = await ftsCount(
          `SELECT count(*)::int AS n FROM claim WHERE search_vector @@ websearch_to_tsquery('english', $1)`,
          [SEARCH],
        );
        const like = await ftsCount(`SELECT count(*)::int AS n FROM claim WHERE text ILIKE $1 AND text ILIKE $2`, [
          `%${SEARCH.split(" ")[0]}%`,
          `%${SEARCH.split(" ")[1]}%`,
        ]);
        const oursTotal = oursAnswer.data.claims.totalCount as number;
        const peerTotal = peerAnswer.data.claims.totalCount as number;
        if (oursTotal !== fts) throw new Error(`ours: totalCount ${oursTotal}, but SQL full-text count is ${fts}`);
        if (peerTotal !== like) throw new Error(`peer: totalCount ${peerTotal}, but SQL ILIKE count is ${like}`);
        return `not comparable: ours ${oursTotal} (= SQL tsvector @@ count), peer ${peerTotal} (= SQL ILIKE count)`;
      },
      note:
        "ours: tsvector @@ websearch_to_tsquery, ranked by ts_rank_cd; peer: connection-filter has no tsvector " +
        "operator (no `matches`), so ILIKE on both words (trigram index), insertion order",
    },
    {
      name: "grouped counts by kind (facets) under a date filter",
      ours: {
        query: `query($since: DateTimeISO!) { claimFacets(filter: { statedAt: { gte: $since } }) { byKind { key count } } }`,
        variables: { since: SINCE },
      },
      peer: {
        query: `query($since: Datetime!) { ${KINDS.map(
          (kind) =>
            `${kind}: claims(filter: { kind: { equalTo: ${kind} }, statedAt: { greaterThanOrEqualTo: $since } }) { totalCount }`,
        ).join(" ")} }`,
        variables: { since: SINCE },
      },
      ourKeys: (d) =>
        (d.claimFacets.byKind as { key: string; count: number }[]).map((b) => `${b.key}=${b.count}`).sort(),
      peerKeys: (d) =>
        KINDS.filter((kind) => d[kind].totalCount > 0)
          .map((kind) => `${kind}=${d[kind].totalCount}`)
          .sort(),
      check: "equal",
      note: "peer: no grouped aggregates in v4 core: one aliased totalCount per kind (5) in one request",
    },
    {
      name: "deep cursor page: 20 claims after item 2,000",
      ours: {
        query: `query($after: String!) { claims(first: 20, after: $after) { nodes { text } } }`,
        variables: { after: oursDeep.cursor },
      },
      peer: {
        query: `query($after: Cursor!) { claims(first: 20, after: $after, orderBy: SEQ_ASC) { nodes { text } } }`,
        variables: { after: peerDeep.cursor },
      },
      ourKeys: (d) => texts(d.claims.nodes),
      peerKeys: (d) => texts(d.claims.nodes),
      check: "equal",
    },
    {
      // Not a question a reader asks: what a request costs each server before any SQL (HTTP, parsing,
      // validation, the per-request layers), the floor under every other row of the table.
      name: "no SQL: { __typename } (the fixed cost of a request)",
      ours: { query: "{ __typename }" },
      peer: { query: "{ __typename }" },
      ourKeys: (d) => d.__typename,
      peerKeys: (d) => d.__typename,
      check: "equal",
    },
  ];
  return { queries, params };
}

// ---------------------------------------------------------------------------------------------- statements

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Runs claimbase in this process (as bench/explain.ts does) and records the SQL each query of the mix sends,
 * for the floor.
 */
async function captureStatements(url: string, queries: BenchQuery[]): Promise<Map<string, Statement[]>> {
  const db = openDatabase(url, { max: 4, statementTimeoutMs: 60_000 });
  const captured: Statement[] = [];
  let capturing = false;
  db.pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const config = args[0];
      if (capturing && typeof config === "string")
        captured.push({ text: config, values: (args[1] as unknown[]) ?? [] });
      else if (capturing && typeof config === "object" && config !== null && "text" in config) {
        const { text, values } = config as { text: string; values?: unknown[] };
        captured.push({ text, values: values ?? [] });
      }
      return query(...args);
    };
  });
  const httpServer = http.createServer();
  const unlimited = Number(UNLIMITED);
  const { app, apollo } = await createServer({
    db,
    logger: createLogger("silent"),
    httpServer,
    exposeStatementCount: true,
    limits: {
      maxDepth: 20,
      maxAliases: 50,
      maxDirectives: 50,
      maxTokens: 10_000,
      maxCostAnonymous: unlimited,
      maxCostKey: unlimited,
    },
    rateLimit: { store: "memory", anonymousPerMinute: unlimited, keyPerMinute: unlimited },
    metrics: false,
    // Each query is asked twice below, and the second must run its SQL to be captured.
    responseCache: false,
  });
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(httpServer.address() as net.AddressInfo).port}/graphql`;
  const result = new Map<string, Statement[]>();
  try {
    for (const query of queries) {
      await ask(base, query.ours, "ours (in-process)"); // warm the pool: no connection setup in the capture
      captured.length = 0;
      capturing = true;
      await ask(base, query.ours, "ours (in-process)");
      capturing = false;
      result.set(query.name, [...captured]);
    }
  } finally {
    await apollo.stop();
    await db.close();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------- load

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  /** Requests that failed, answered non-2xx, or answered something else than the checked answer. */
  bad: number;
  /** Same answer, but another `extensions.sqlStatements` than when asked alone (ours only). */
  recounted: number;
  /** Requests answered (all repetitions, for medians). */
  requests: number;
  /**
   * CPU time the server process spent per request answered (user + system, from /proc/<pid>/stat), in
   * microseconds; null for the floor and where /proc is missing. Unlike req/s, it does not depend on
   * how the two cores were shared with PostgreSQL and the load generator, so it shows where a gap is.
   */
  cpuUs: number | null;
  /**
   * CPU time PostgreSQL's backends on the tier database spent per request answered (from /proc, as
   * bench/traffic.ts measures it), in microseconds; null for the floor, or where /proc is missing. Only
   * one system is loaded at a time, but anything else using the database meanwhile counts too.
   */
  pgCpuUs?: number | null;
}

/** CPU time so far of each backend on the pool's database, by pid (one that left between readings does not count). */
async function postgresCpu(pool: pg.Pool | undefined): Promise<Map<number, number> | null> {
  if (!pool) return null;
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    const us = cpuTimeUs(pid);
    if (us !== null) used.set(pid, us);
  }
  return used;
}

function postgresCpuSpent(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let spent = 0;
  // A backend that started during the run (a pool that had closed idle connections) spent it all there.
  for (const [pid, us] of after) spent += us - (before.get(pid) ?? 0);
  return spent;
}

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

const STATEMENT_COUNT = /,"extensions":\{"sqlStatements":\d+\}/;

/** Drives `server` with `request` for `seconds`; throws if the server died meanwhile. */
async function load(
  server: RunningServer,
  request: GraphQLRequest,
  expected: string,
  seconds: number,
  { anyStatementCount = false, pgPool }: { anyStatementCount?: boolean; pgPool?: pg.Pool } = {},
): Promise<Measure> {
  // The data must be byte-identical to the checked answer; claimbase's statement count is compared apart.
  const expectedData = expected.replace(STATEMENT_COUNT, "");
  let recounted = 0;
  const pgBefore = await postgresCpu(pgPool);
  const cpuBefore = cpuTimeUs(server.pid);
  const result = await autocannon({
    url: server.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
    connections: CONNECTIONS,
    duration: seconds,
    verifyBody: (raw) => {
      const body = String(raw);
      if (body === expected) return true;
      if (body.replace(STATEMENT_COUNT, "") !== expectedData) return false;
      if (!anyStatementCount) recounted += 1;
      return true;
    },
  });
  server.assertAlive();
  const cpuAfter = cpuBefore === null ? null : cpuTimeUs(server.pid);
  const pgSpent = postgresCpuSpent(pgBefore, await postgresCpu(pgPool));
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.non2xx + result.mismatches + result.timeouts,
    recounted,
    requests: result.requests.total,
    cpuUs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
    pgCpuUs: pgSpent === null ? null : pgSpent / Math.max(1, result.requests.total),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The floor: `CONNECTIONS` loops, each sending one request's statements in order, for `seconds`. */
async function floorLoad(pool: pg.Pool, statements: Statement[], seconds: number): Promise<Measure> {
  const latencies: number[] = [];
  let bad = 0;
  const end = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        // As claimbase sends them: named, so each connection parses and plans a statement once.
        for (const statement of statements) {
          await pool.query({ name: statementName(statement.text), text: statement.text, values: statement.values });
        }
        latencies.push(performance.now() - started);
      } catch {
        bad += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bad,
    recounted: 0,
    requests: latencies.length,
    cpuUs: null,
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

function medianOf(measures: Measure[]): Measure {
  return {
    rps: median(measures.map((m) => m.rps)),
    p50: median(measures.map((m) => m.p50)),
    p99: median(measures.map((m) => m.p99)),
    bad: measures.reduce((sum, m) => sum + m.bad, 0),
    recounted: measures.reduce((sum, m) => sum + m.recounted, 0),
    requests: measures.reduce((sum, m) => sum + m.requests, 0),
    cpuUs: measures.some((m) => m.cpuUs === null) ? null : median(measures.map((m) => m.cpuUs!)),
    pgCpuUs: measures.some((m) => m.pgCpuUs == null) ? null : median(measures.map((m) => m.pgCpuUs!)),
  };
}

// ---------------------------------------------------------------------------------------------- a tier

interface QueryResult {
  name: string;
  check: string;
  note?: string;
  requests: { ours: GraphQLRequest; peer: GraphQLRequest };
  /** claimbase as configured by default: with its response cache. */
  ours: Measure;
  /** claimbase with the response cache off (RESPONSE_CACHE_MB=0): every request runs its SQL. */
  uncached?: Measure;
  /** `--baseline`: the build of an earlier commit, cache off. */
  baseline?: Measure;
  peer: Measure;
  floor: Measure | null;
  oursStatements: number | null;
  peerStatements: number;
  floorStatements: number;
  oursBytes: number;
  peerBytes: number;
}

interface TierResult {
  tier: Tier;
  /** The tier, plus the options that make this run differ from a default one; results are kept per label. */
  label: string;
  date: string;
  environment: Record<string, unknown>;
  data: Record<string, number>;
  params: Record<string, unknown>;
  coldStartMs: { ours: number; peer: number };
  /** `--baseline`: the commit measured beside today's build. */
  baseline?: string;
  peakRssMb: { ours: number | null; peer: number | null; uncached?: number | null };
  settings: { seconds: number; warmup: number; reps: number; connections: number };
  queries: QueryResult[];
}

async function runTier(
  server: PostgresServer,
  tier: Tier,
  options: Options,
  entry: string,
  baselineBuild: { entry: string; commit: string } | null,
): Promise<TierResult> {
  const url = await prepareDatabase(server, tier, options.jit);
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  // claimbase turns PostgreSQL's JIT off for its own sessions unless DATABASE_JIT=true (src/db/pool.ts);
  // `--jit on` turns it on for claimbase too. The floor replays claimbase's SQL with claimbase's setting.
  const oursJit = options.jit === "on";
  const floorPool = new pg.Pool({
    connectionString: url,
    max: CONNECTIONS,
    ...(oursJit ? {} : { options: "-c jit=off" }),
  });
  const probe = "{ entities(first: 1) { totalCount } }";
  const common = { ...process.env, NODE_ENV: "development", DATABASE_URL: url };
  let ours: RunningServer | null = null;
  let uncached: RunningServer | null = null;
  let peer: RunningServer | null = null;
  let baseline: RunningServer | null = null;
  const loadAtStart = os.loadavg()[0]!.toFixed(1);
  try {
    const data = (
      await pool.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM claim)::int AS claims,
                (SELECT count(*) FROM quote)::int AS quotes, (SELECT count(*) FROM source)::int AS sources,
                (SELECT count(*) FROM review)::int AS reviews`,
      )
    ).rows[0]!;
    const version = (await pool.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    const jit = (await pool.query<{ jit: string }>("SHOW jit")).rows[0]!.jit;

    const oursPort = await freePort();
    const oursEnv = {
      ...common,
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMIT_STORE: "memory",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_KEY_PER_MINUTE: UNLIMITED,
      QUERY_MAX_COST_ANONYMOUS: UNLIMITED,
      QUERY_MAX_COST_KEY: UNLIMITED,
      DATABASE_JIT: oursJit ? "true" : "false",
    };
    ours = await startServer("claimbase", [entry], { ...oursEnv, PORT: String(oursPort) }, oursPort, probe, 60_000);
    // The same build with its response cache off: what the engine does when a question is new.
    const uncachedPort = await freePort();
    uncached = await startServer(
      "claimbase (response cache off)",
      [entry],
      { ...oursEnv, PORT: String(uncachedPort), RESPONSE_CACHE_MB: "0" },
      uncachedPort,
      probe,
      60_000,
    );
    if (baselineBuild) {
      const baselinePort = await freePort();
      baseline = await startServer(
        `claimbase at ${baselineBuild.commit} (response cache off)`,
        [baselineBuild.entry],
        { ...oursEnv, PORT: String(baselinePort), RESPONSE_CACHE_MB: "0" },
        baselinePort,
        probe,
        60_000,
      );
    }
    const peerPort = await freePort();
    peer = await startServer(
      "the peer (PostGraphile v4, bench/peer/server.js)",
      [path.join(PEER_DIR, "server.js")],
      { ...common, PORT: String(peerPort) },
      peerPort,
      probe,
      120_000,
    );
    console.log(
      `\n== tier ${tier}: ${JSON.stringify(data)}; PostgreSQL ${version}\n` +
        `cold start to first answer: ours ${ours.coldStartMs.toFixed(0)} ms, peer ${peer.coldStartMs.toFixed(0)} ms`,
    );

    const mix = await buildMix(pool, ours, peer);
    const { params } = mix;
    const only = options.only;
    const queries = only ? mix.queries.filter((q) => only.some((part) => q.name.includes(part))) : mix.queries;

    // 1. Same answers, or stop.
    const answers = new Map<string, { ours: Answer; peer: Answer; check: string; peerStatements: number }>();
    for (const query of queries) {
      const oursAnswer = await ask(ours.url, query.ours, `ours: ${query.name}`);
      const uncachedAnswer = await ask(uncached.url, query.ours, `ours, cache off: ${query.name}`);
      if (uncachedAnswer.body !== oursAnswer.body) {
        throw new Error(`"${query.name}": claimbase with and without its response cache answered differently`);
      }
      if (baseline) {
        const baselineAnswer = await ask(baseline.url, query.ours, `baseline: ${query.name}`);
        if (baselineAnswer.body.replace(STATEMENT_COUNT, "") !== oursAnswer.body.replace(STATEMENT_COUNT, "")) {
          throw new Error(
            `"${query.name}": the baseline ${baselineBuild!.commit} answered differently:\n  today: ${oursAnswer.body.slice(0, 800)}\n  baseline: ${baselineAnswer.body.slice(0, 800)}`,
          );
        }
      }
      const before = await peerStatements(peer);
      const peerAnswer = await ask(peer.url, query.peer, `peer: ${query.name}`);
      const peerCount = (await peerStatements(peer)) - before;
      let check: string;
      if (query.check === "equal") {
        const a = JSON.stringify(query.ourKeys(oursAnswer.data));
        const b = JSON.stringify(query.peerKeys(peerAnswer.data));
        if (a !== b) {
          throw new Error(
            `answers differ for "${query.name}":\n  ours: ${a.slice(0, 1_500)}\n  peer: ${b.slice(0, 1_500)}`,
          );
        }
        check = `equal (${a.length} chars of keys)`;
      } else {
        check = await query.check(oursAnswer, peerAnswer);
      }
      // Under load every response must be byte-identical to this one (autocannon's expectBody).
      // (Asked again, claimbase answers from its response cache: the same data, with 0 statements.)
      const again = await ask(ours.url, query.ours, `ours: ${query.name}`);
      const peerAgain = await ask(peer.url, query.peer, `peer: ${query.name}`);
      const dataOf = (body: string) => body.replace(STATEMENT_COUNT, "");
      if (dataOf(again.body) !== dataOf(oursAnswer.body) || peerAgain.body !== peerAnswer.body) {
        throw new Error(`"${query.name}": the same request gave two different answers`);
      }
      console.log(`check ${query.name}: ${check}`);
      answers.set(query.name, { ours: oursAnswer, peer: peerAnswer, check, peerStatements: peerCount });
    }

    // 2. The SQL ours sends, for the floor.
    const statements = await captureStatements(url, queries);

    // 3. Load.
    const results: QueryResult[] = [];
    for (const query of queries) {
      const answer = answers.get(query.name)!;
      const floorStatements = statements.get(query.name) ?? [];
      const runOurs = (s: number) => load(ours!, query.ours, answer.ours.body, s, { pgPool: pool });
      const runUncached = (s: number) => load(uncached!, query.ours, answer.ours.body, s, { pgPool: pool });
      // The baseline's statement count may differ from today's: only its data must be the same.
      const runBaseline = async (s: number) =>
        baseline ? load(baseline, query.ours, answer.ours.body, s, { anyStatementCount: true, pgPool: pool }) : null;
      const runPeer = (s: number) => load(peer!, query.peer, answer.peer.body, s, { pgPool: pool });
      // A question that sends no SQL (`{ __typename }`) has no floor.
      const runFloor = async (s: number) =>
        floorStatements.length > 0 ? floorLoad(floorPool, floorStatements, s) : null;
      await runOurs(options.warmup);
      await runUncached(options.warmup);
      await runBaseline(options.warmup);
      await runPeer(options.warmup);
      await runFloor(options.warmup);
      const measured = {
        ours: [] as Measure[],
        uncached: [] as Measure[],
        baseline: [] as Measure[],
        peer: [] as Measure[],
        floor: [] as Measure[],
      };
      for (let rep = 0; rep < options.reps; rep += 1) {
        // Alternate who goes first, so neither always runs on a warmer (or more tired) machine.
        // The baseline runs right next to today's cache-off build, on the same side of it each time.
        const pair = async () => {
          measured.uncached.push(await runUncached(options.seconds));
          const before = await runBaseline(options.seconds);
          if (before) measured.baseline.push(before);
        };
        if (rep % 2 === 0) {
          measured.ours.push(await runOurs(options.seconds));
          await pair();
          measured.peer.push(await runPeer(options.seconds));
        } else {
          measured.peer.push(await runPeer(options.seconds));
          const before = await runBaseline(options.seconds);
          if (before) measured.baseline.push(before);
          measured.uncached.push(await runUncached(options.seconds));
          measured.ours.push(await runOurs(options.seconds));
        }
        const floor = await runFloor(options.seconds);
        if (floor) measured.floor.push(floor);
      }
      const result: QueryResult = {
        name: query.name,
        requests: { ours: query.ours, peer: query.peer },
        check: answer.check,
        note: query.note,
        ours: medianOf(measured.ours),
        uncached: medianOf(measured.uncached),
        ...(baseline ? { baseline: medianOf(measured.baseline) } : {}),
        peer: medianOf(measured.peer),
        floor: floorStatements.length > 0 ? medianOf(measured.floor) : null,
        oursStatements: answer.ours.sqlStatements,
        peerStatements: answer.peerStatements,
        floorStatements: floorStatements.length,
        oursBytes: answer.ours.bytes,
        peerBytes: answer.peer.bytes,
      };
      results.push(result);
      console.log(
        `${query.name}: ours ${result.ours.rps.toFixed(0)} req/s (p99 ${result.ours.p99.toFixed(1)} ms), ` +
          `cache off ${result.uncached!.rps.toFixed(0)} req/s (p99 ${result.uncached!.p99.toFixed(1)} ms), ` +
          `peer ${result.peer.rps.toFixed(0)} req/s (p99 ${result.peer.p99.toFixed(1)} ms), ` +
          `floor ${result.floor?.rps.toFixed(0) ?? "-"} req/s; server CPU per request: ` +
          `ours ${fmt(result.ours.cpuUs ?? NaN)} µs, cache off ${fmt(result.uncached!.cpuUs ?? NaN)} µs, peer ${fmt(result.peer.cpuUs ?? NaN)} µs` +
          (result.baseline
            ? `; baseline (cache off) ${result.baseline.rps.toFixed(0)} req/s, ${fmt(result.baseline.cpuUs ?? NaN)} µs`
            : "") +
          `; PostgreSQL CPU per request: cache off ${fmt(result.uncached!.pgCpuUs ?? NaN)} µs, peer ${fmt(result.peer.pgCpuUs ?? NaN)} µs` +
          (result.baseline ? `, baseline ${fmt(result.baseline.pgCpuUs ?? NaN)} µs` : ""),
      );
      if (
        result.ours.bad +
          result.uncached!.bad +
          result.peer.bad +
          (result.floor?.bad ?? 0) +
          (result.baseline?.bad ?? 0) >
        0
      ) {
        console.warn(
          `  WARNING: failed or different answers under load: ours ${result.ours.bad}, cache off ${result.uncached!.bad}, peer ${result.peer.bad}, floor ${result.floor?.bad ?? 0}`,
        );
      }
    }

    const variant = [
      ...(options.jit !== "default" ? [`jit=${options.jit}`] : []),
      ...(options.only ? [`only ${options.only.join(",")}`] : []),
      ...(baselineBuild ? [`baseline ${baselineBuild.commit}`] : []),
    ];
    return {
      tier,
      label: variant.length ? `${tier} (${variant.join("; ")})` : tier,
      date: new Date().toISOString(),
      environment: {
        postgres: version,
        jit: `${jit} for the peer (the database's setting), ${oursJit ? "on" : "off"} for claimbase and the floor`,
        postgresSource: server.label,
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0]!.toFixed(1) },
        nodeEnv: "development (both servers; ours reports extensions.sqlStatements only outside production)",
        peer: peerVersions(),
      },
      data,
      params,
      coldStartMs: { ours: ours.coldStartMs, peer: peer.coldStartMs },
      ...(baselineBuild ? { baseline: baselineBuild.commit } : {}),
      peakRssMb: { ours: peakRssMb(ours.pid), peer: peakRssMb(peer.pid), uncached: peakRssMb(uncached.pid) },
      settings: { seconds: options.seconds, warmup: options.warmup, reps: options.reps, connections: CONNECTIONS },
      queries: results,
    };
  } finally {
    await ours?.stop();
    await uncached?.stop();
    await baseline?.stop();
    await peer?.stop();
    await pool.end();
    await floorPool.end();
  }
}

function peerVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of [
    "postgraphile",
    "postgraphile-plugin-connection-filter",
    "@graphile-contrib/pg-simplify-inflector",
  ]) {
    const file = path.join(PEER_DIR, "node_modules", name, "package.json");
    versions[name] = (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  }
  return versions;
}

// ---------------------------------------------------------------------------------------------- report

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const kb = (bytes: number) => (bytes >= 10_000 ? `${(bytes / 1000).toFixed(0)}k` : bytes.toLocaleString("en-US"));

function table(result: TierResult): string {
  // Runs from before the response cache have no `uncached` column.
  const split = result.queries.some((q) => q.uncached);
  const against = result.queries.some((q) => q.baseline);
  // Runs from before PostgreSQL's CPU was measured have no such column.
  const pgMeasured = result.queries.some((q) => q.peer.pgCpuUs != null);
  const header = [
    "query",
    "ours req/s",
    ...(split ? ["cache off req/s"] : []),
    "peer req/s",
    "ours/peer",
    ...(split ? ["cache off/peer"] : []),
    "ours p50/p99 ms",
    ...(split ? ["cache off p50/p99 ms"] : []),
    "peer p50/p99 ms",
    "pg floor req/s",
    split ? "ours, cache off / floor" : "ours/floor",
    "stmts ours/peer",
    "bytes ours/peer",
    split ? "server CPU µs/req ours / cache off / peer" : "server CPU µs/req ours / peer",
    ...(pgMeasured ? ["PostgreSQL CPU µs/req cache off / peer"] : []),
    ...(against
      ? [
          `baseline ${result.baseline} cache off req/s`,
          `cache off / baseline: req/s, CPU µs/req${pgMeasured ? ", PostgreSQL CPU µs/req" : ""}`,
        ]
      : []),
  ];
  const rows = result.queries.map((q) => [
    q.name,
    fmt(q.ours.rps),
    ...(split ? [fmt(q.uncached?.rps ?? NaN)] : []),
    fmt(q.peer.rps),
    fmt(q.ours.rps / q.peer.rps, 2),
    ...(split ? [fmt((q.uncached?.rps ?? NaN) / q.peer.rps, 2)] : []),
    `${fmt(q.ours.p50, 1)} / ${fmt(q.ours.p99, 1)}`,
    ...(split ? [`${fmt(q.uncached?.p50 ?? NaN, 1)} / ${fmt(q.uncached?.p99 ?? NaN, 1)}`] : []),
    `${fmt(q.peer.p50, 1)} / ${fmt(q.peer.p99, 1)}`,
    q.floor ? fmt(q.floor.rps) : "-",
    q.floor ? `${fmt(q.ours.rps / q.floor.rps, 2)}, ${fmt((q.uncached?.rps ?? NaN) / q.floor.rps, 2)}` : "-",
    `${q.oursStatements ?? "?"} / ${q.peerStatements}`,
    `${kb(q.oursBytes)} / ${kb(q.peerBytes)}`,
    [q.ours, ...(split ? [q.uncached] : []), q.peer].map((m) => (m?.cpuUs == null ? "-" : fmt(m.cpuUs))).join(" / "),
    ...(pgMeasured ? [[q.uncached, q.peer].map((m) => (m?.pgCpuUs == null ? "-" : fmt(m.pgCpuUs))).join(" / ")] : []),
    ...(against
      ? [
          fmt(q.baseline?.rps ?? NaN),
          // req/s: > 1 is faster today; CPU per request: < 1 is cheaper today.
          `${fmt((q.uncached?.rps ?? NaN) / (q.baseline?.rps ?? NaN), 2)}, ${fmt((q.uncached?.cpuUs ?? NaN) / (q.baseline?.cpuUs ?? NaN), 2)}` +
            (pgMeasured ? `, ${fmt((q.uncached?.pgCpuUs ?? NaN) / (q.baseline?.pgCpuUs ?? NaN), 2)}` : ""),
        ]
      : []),
  ]);
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  const notes = result.queries
    .filter((q) => q.note || q.check.startsWith("not comparable"))
    .map((q) => `- ${q.name}: ${q.note ?? ""}${q.check.startsWith("not comparable") ? ` (${q.check})` : ""}`);
  const bad = result.queries.filter(
    (q) => q.ours.bad + (q.uncached?.bad ?? 0) + (q.baseline?.bad ?? 0) + q.peer.bad + (q.floor?.bad ?? 0) > 0,
  );
  if (split) {
    // Under load, claimbase with its cache answers from it: the same data, with 0 statements. Questions
    // that send no SQL (`{ __typename }`) cannot tell, so they are left out of the count.
    const counted = result.queries.filter((q) => (q.oursStatements ?? 0) > 0);
    const served = counted.reduce((sum, q) => sum + q.ours.recounted, 0);
    const total = counted.reduce((sum, q) => sum + q.ours.requests, 0);
    notes.push(
      `- ours (default configuration, response cache on): ${served.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ` +
        `responses under load to the questions that send SQL came from the cache (0 SQL statements); each question was asked before the timing, so ` +
        `this measures repeated questions. "cache off" is the same build with RESPONSE_CACHE_MB=0: every request runs its SQL.`,
    );
  }
  const recounted = result.queries.filter((q) => (split ? (q.uncached?.recounted ?? 0) : q.ours.recounted) > 0);
  if (recounted.length > 0) {
    notes.push(
      `- ours${split ? ", cache off," : ""} under load: the same answer came with another \`extensions.sqlStatements\` than when asked alone in ` +
        recounted
          .map((q) => {
            const measure = split ? q.uncached! : q.ours;
            return `${q.name} (${measure.recounted} of ${measure.requests} responses; alone: ${q.oursStatements})`;
          })
          .join("; ") +
        ". The table shows the count of a request asked alone.",
    );
  }
  return [
    `### Tier ${result.label ?? result.tier}: ${Object.entries(result.data)
      .map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`)
      .join(", ")}`,
    "",
    `PostgreSQL ${result.environment.postgres} (${result.environment.postgresSource}; jit ${result.environment.jit ?? "?"}), Node ${result.environment.node}, ` +
      `${result.environment.cpus} CPUs shared by load generator, both servers and PostgreSQL ` +
      `(1-min load average ${(result.environment.loadAverage as { atStart: string }).atStart} at start, ` +
      `${(result.environment.loadAverage as { atEnd: string }).atEnd} at end). ` +
      `autocannon ${result.settings.connections} connections, ${result.settings.warmup} s warm-up, ` +
      `median of ${result.settings.reps} × ${result.settings.seconds} s alternating ours/${split ? "cache off/" : ""}peer/floor.`,
    "",
    ...lines,
    "",
    `Cold start to first answer: ours ${fmt(result.coldStartMs.ours)} ms, peer ${fmt(result.coldStartMs.peer)} ms. ` +
      `Peak RSS (VmHWM) after the mix: ours ${fmt(result.peakRssMb.ours ?? NaN)} MB` +
      (split ? `, cache off ${fmt(result.peakRssMb.uncached ?? NaN)} MB` : "") +
      `, peer ${fmt(result.peakRssMb.peer ?? NaN)} MB.`,
    `Parameters: ${Object.entries(result.params)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join("; ")}.`,
    `Equality: ${result.queries.filter((q) => q.check.startsWith("equal")).length}/${result.queries.length} answers equal by natural keys` +
      (result.queries.some((q) => !q.check.startsWith("equal"))
        ? ` (the others differ by design and were checked against SQL counts, see notes)`
        : "") +
      (bad.length ? `; WARNING: failed/mismatched responses under load in ${bad.map((q) => q.name).join(", ")}` : "") +
      ".",
    ...(against
      ? [
          "",
          `Baseline: claimbase at ${result.baseline} with its response cache off, loaded next to today's cache-off build in each ` +
            "repetition (alternating which goes first). `cache off / baseline`: req/s ratio (> 1: today is faster) and " +
            "server CPU per request ratio (< 1: today is cheaper).",
        ]
      : []),
    ...(notes.length ? ["", "Notes:", ...notes] : []),
    "",
  ].join("\n");
}

function writeResults(results: TierResult[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const jsonFile = path.join(RESULTS_DIR, `bench-${date}.json`);
  const mdFile = path.join(RESULTS_DIR, `bench-${date}.md`);
  // Tiers run earlier the same day (e.g. `--tiers medium` after `--tiers small`) stay in the files.
  let all: TierResult[] = [];
  if (existsSync(jsonFile)) {
    try {
      all = (JSON.parse(readFileSync(jsonFile, "utf8")) as { tiers: TierResult[] }).tiers ?? [];
    } catch {
      all = [];
    }
  }
  const labelOf = (r: TierResult) => r.label ?? r.tier;
  for (const result of results) all = [...all.filter((r) => labelOf(r) !== labelOf(result)), result];
  const order = Object.keys(TIERS);
  all.sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier) || labelOf(a).length - labelOf(b).length);
  writeFileSync(jsonFile, `${JSON.stringify({ tiers: all }, null, 2)}\n`);
  const markdown = [
    `# claimbase vs PostGraphile v4: ${date}`,
    "",
    "Written by `npm run bench` (bench/run.ts). req/s and latencies are medians over the repetitions; " +
      "`ours/peer` > 1 means claimbase is faster. `ours` is claimbase as configured by default, with its response cache " +
      "(src/cache/response-cache.ts), so repeated questions are answered from memory; `cache off` is the same build with " +
      "RESPONSE_CACHE_MB=0, every request running its SQL. The floor replays claimbase's own SQL for the query through `pg` " +
      "(same 10-way concurrency, statements of one request in sequence): the cost of the SQL alone, without HTTP and GraphQL. " +
      "`stmts` is SQL statements per request (ours: `extensions.sqlStatements`; peer: counted on its pool). " +
      "`server CPU µs/req` is the CPU time (user + system) each server process used per request answered under load, " +
      "median of the repetitions: it does not depend on how the two cores were shared, so it shows where a gap comes from.",
    "",
    ...all.map(table),
  ].join("\n");
  writeFileSync(mdFile, markdown);
  return mdFile;
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.render) {
    console.log(`written to ${path.relative(ROOT, writeResults([]))}`);
    return;
  }
  if (!existsSync(path.join(ROOT, "dist/src/main.js")))
    throw new Error("dist/src/main.js is missing: run `npm run build`");
  ensurePeerInstalled();
  const entry = snapshotDist();
  const baselineBuild = options.baseline ? buildBaseline(options.baseline) : null;
  const server = await findPostgres(options.embedded);
  console.log(`PostgreSQL: ${server.label}`);
  try {
    for (const tier of options.tiers) {
      const result = await runTier(server, tier, options, entry, baselineBuild);
      console.log(`\n${table(result)}`);
      // After every tier, so a failure in a later one keeps the earlier results.
      const file = writeResults([result]);
      console.log(`written to ${path.relative(ROOT, file)} (and .json)`);
    }
  } finally {
    killChildren();
    await server.stop();
  }
}

// bench/traffic.ts imports this file's servers and helpers: the run starts only when this file is the command.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    killChildren();
    process.exit(1);
  });
}
