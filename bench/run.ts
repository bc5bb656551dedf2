import "reflect-metadata";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../src/db/database";
import { statementName } from "../src/db/sql";
import { createServer } from "../src/server";
import { freePort } from "../src/shared/free-port";
import { createLogger } from "../src/shared/logger";
import { TIERS, type Tier } from "./generate/generate";
import {
  type Answer,
  ask,
  CONNECTIONS,
  cpuTimeUs,
  ensurePeer5Installed,
  ensurePeerInstalled,
  findPostgres,
  type GraphQLRequest,
  type Jit,
  killChildren,
  NODE22,
  PEER5_DIR,
  PEER_DIR,
  peakRssMb,
  percentile,
  postgresCpuByPid,
  postgresCpuPerRequest,
  type PostgresCpu,
  type PostgresServer,
  prepareDatabase,
  removeOnExit,
  RESULTS_DIR,
  ROOT,
  type RunningServer,
  snapshotDist,
  startServer,
  toV5,
  UNLIMITED,
} from "./harness";

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

// ---------------------------------------------------------------------------------------------- options

const USAGE = `npm run bench [-- options]   (docs/performance.md)

  --tiers small,medium   tiers to run (generated once into claimbase_bench_<tier> on the PostgreSQL below)
  --seconds 8 --warmup 3 --reps 3   timing of each system on each question (medians of the reps)
  --only <part of a question's name>,...   some questions only (and no realistic mix)
  --no-traffic           leave out the realistic mix (bench/traffic.ts) after each tier's questions
  --writes 5 --seed 7    the mix's editorial writes per second and its sequence
  --jit on|off|default   PostgreSQL's JIT on the tier databases
  --baseline <git ref>   also measure claimbase at that commit (cache off), beside today's build
  --embedded             an embedded PostgreSQL even when one is reachable
  --render               rewrite today's bench/results .md from its .json

PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL (a server where the bench may create its own databases),
else 127.0.0.1:5432 as postgres when reachable, else an embedded one. BENCH_DATABASE_SUFFIX names the tier
databases apart (claimbase_bench_<tier><suffix>) when others benchmark on the same server.`;

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
  jit: Jit;
  /** A git ref whose build is measured beside today's with the response cache off. */
  baseline: string | null;
  /** After the eight questions, each tier runs bench/traffic.ts's realistic mix (off with --no-traffic or --only). */
  traffic: boolean;
  /** The mix's editorial writes per second (its table shows 0 and this rate). */
  writes: number;
  seed: number;
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
    traffic: true,
    writes: 5,
    seed: 7,
  };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--help" || argv[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (argv[i] === "--embedded") {
      options.embedded = true;
      continue;
    }
    if (argv[i] === "--render") {
      options.render = true;
      continue;
    }
    if (argv[i] === "--no-traffic") {
      options.traffic = false;
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
    else if (key === "--writes") options.writes = Number(value) === 0 ? 0 : number();
    else if (key === "--seed") options.seed = Math.round(number());
    else
      throw new Error(
        `unknown option ${key} (expected --tiers, --seconds, --warmup, --reps, --only, --jit, --baseline, --writes, --seed, --no-traffic, --embedded, --render)`,
      );
  }
  if (options.only) options.traffic = false;
  return options;
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
  removeOnExit(root);
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

/** v5's request for a question: its own when given (cursors), else v4's renamed (toV5). */
function peer5RequestOf(query: BenchQuery): GraphQLRequest {
  return query.peer5 ?? toV5(query.peer);
}

async function peerStatements(peer: RunningServer): Promise<number> {
  const response = await fetch(peer.url.replace(/\/graphql$/, "/__bench/statements"));
  return ((await response.json()) as { statements: number }).statements;
}

// ---------------------------------------------------------------------------------------------- the mix

interface BenchQuery {
  name: string;
  ours: GraphQLRequest;
  peer: GraphQLRequest;
  /** PostGraphile v5's request, when it is not v4's with toV5 (its cursors differ). */
  peer5?: GraphQLRequest;
  /** Natural keys of an answer (slugs, texts, counts), comparable across the two APIs (v4 and v5 alike). */
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
  peer5: RunningServer,
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
  const peer5Deep = await cursorAt(peer5.url, "peer v5", "Cursor", ", orderBy: SEQ_ASC");
  if (oursDeep.text !== peerDeep.text || oursDeep.text !== peer5Deep.text) {
    throw new Error(
      `item ${DEEP_OFFSET} differs: ours "${oursDeep.text}", v4 "${peerDeep.text}", v5 "${peer5Deep.text}"`,
    );
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
        // docs/search.md: the words in the claim's own language, or else the typo-tolerant form of the query.
        const fts = await ftsCount(
          `SELECT count(*)::int AS n FROM claim c
            WHERE (c.search_vector @@ (SELECT claimbase_search_any($1))
                   AND c.search_vector @@ websearch_to_tsquery(claimbase_search_config(c.language), $1))
               OR c.search_vector @@ (SELECT claimbase_search_any_tsquery(claimbase_search_fuzzy($1)))`,
          [SEARCH],
        );
        const like = await ftsCount(`SELECT count(*)::int AS n FROM claim WHERE text ILIKE $1 AND text ILIKE $2`, [
          `%${SEARCH.split(" ")[0]}%`,
          `%${SEARCH.split(" ")[1]}%`,
        ]);
        const oursTotal = oursAnswer.data.claims.totalCount as number;
        const peerTotal = peerAnswer.data.claims.totalCount as number;
        if (oursTotal !== fts) throw new Error(`ours: totalCount ${oursTotal}, but the SQL search count is ${fts}`);
        if (peerTotal !== like) throw new Error(`peer: totalCount ${peerTotal}, but SQL ILIKE count is ${like}`);
        return `not comparable: ours ${oursTotal} (= SQL search count), peer ${peerTotal} (= SQL ILIKE count)`;
      },
      note:
        "ours: tsvector @@ websearch_to_tsquery in the claim's language, or typo-tolerant (docs/search.md), ranked; peers: connection-filter has no tsvector " +
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
      peer5: {
        query: `query($after: Cursor!) { claims(first: 20, after: $after, orderBy: SEQ_ASC) { nodes { text } } }`,
        variables: { after: peer5Deep.cursor },
      },
      ourKeys: (d) => texts(d.claims.nodes),
      peerKeys: (d) => texts(d.claims.nodes),
      check: "equal",
    },
    {
      // The cheapest question that reads a table: one count, so the request's fixed cost (HTTP, Apollo,
      // the per-request layers) is most of what it costs; the step up from `{ __typename }` below.
      name: "one count: claims(first: 1) { totalCount } (a cheap real query)",
      ours: { query: "{ claims(first: 1) { totalCount } }" },
      peer: { query: "{ claims(first: 1) { totalCount } }" },
      ourKeys: (d) => d.claims.totalCount,
      peerKeys: (d) => d.claims.totalCount,
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
   * CPU time PostgreSQL spent per request answered: the backends connected to the tier's database, from
   * /proc like the server's (null for a PostgreSQL on another machine, or in another container).
   */
  pgCpuUs: number | null;
}

const STATEMENT_COUNT = /,"extensions":\{"sqlStatements":\d+\}/;

/** Drives `server` with `request` for `seconds`; throws if the server died meanwhile. */
async function load(
  server: RunningServer,
  request: GraphQLRequest,
  expected: string,
  seconds: number,
  { anyStatementCount = false, postgres }: { anyStatementCount?: boolean; postgres?: PostgresCpu } = {},
): Promise<Measure> {
  // The data must be byte-identical to the checked answer; claimbase's statement count is compared apart.
  const expectedData = expected.replace(STATEMENT_COUNT, "");
  let recounted = 0;
  const pgBefore = postgres ? await postgresCpuByPid(postgres.admin, postgres.database) : null;
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
  const pgAfter = postgres ? await postgresCpuByPid(postgres.admin, postgres.database) : null;
  return {
    pgCpuUs: postgresCpuPerRequest(pgBefore, pgAfter, result.requests.total),
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.non2xx + result.mismatches + result.timeouts,
    recounted,
    requests: result.requests.total,
    cpuUs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
  };
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
    pgCpuUs: null,
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
  requests: { ours: GraphQLRequest; peer: GraphQLRequest; peer5?: GraphQLRequest };
  /** claimbase as configured by default: with its response cache. */
  ours: Measure;
  /** claimbase with the response cache off (RESPONSE_CACHE_MB=0): every request runs its SQL. */
  uncached?: Measure;
  /** `--baseline`: the build of an earlier commit, cache off. */
  baseline?: Measure;
  peer: Measure;
  /** PostGraphile v5 (absent in runs from before it joined). */
  peer5?: Measure;
  floor: Measure | null;
  oursStatements: number | null;
  peerStatements: number;
  peer5Statements?: number;
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
  coldStartMs: { ours: number; peer: number; peer5?: number };
  /** `--baseline`: the commit measured beside today's build. */
  baseline?: string;
  peakRssMb: { ours: number | null; peer: number | null; uncached?: number | null; peer5?: number | null };
  /** bench/traffic.ts's realistic mix on this tier (absent with --no-traffic / --only, and in older runs). */
  traffic?: { report: string; results: Record<string, unknown> };
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
  // One connection that reads which backends serve the database, for PostgreSQL's CPU per request.
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const postgres: PostgresCpu = { admin, database: new URL(url).pathname.slice(1) };
  const probe = "{ entities(first: 1) { totalCount } }";
  const common = { ...process.env, NODE_ENV: "development", DATABASE_URL: url };
  let ours: RunningServer | null = null;
  let uncached: RunningServer | null = null;
  let peer: RunningServer | null = null;
  let peer5: RunningServer | null = null;
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
    const peer5Port = await freePort();
    peer5 = await startServer(
      "PostGraphile v5 (bench/peer5/server.mjs, Node 22)",
      [path.join(PEER5_DIR, "server.mjs")],
      { ...common, PORT: String(peer5Port), GRAPHILE_ENV: "production" },
      peer5Port,
      probe,
      120_000,
      NODE22,
    );
    console.log(
      `\n== tier ${tier}: ${JSON.stringify(data)}; PostgreSQL ${version}\n` +
        `cold start to first answer: ours ${ours.coldStartMs.toFixed(0)} ms, v4 ${peer.coldStartMs.toFixed(0)} ms, v5 ${peer5.coldStartMs.toFixed(0)} ms`,
    );

    const mix = await buildMix(pool, ours, peer, peer5);
    const { params } = mix;
    const only = options.only;
    const queries = only ? mix.queries.filter((q) => only.some((part) => q.name.includes(part))) : mix.queries;

    // 1. Same answers, or stop.
    const answers = new Map<
      string,
      { ours: Answer; peer: Answer; peer5: Answer; check: string; peerStatements: number; peer5Statements: number }
    >();
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
      const peer5Request = peer5RequestOf(query);
      const before5 = await peerStatements(peer5);
      const peer5Answer = await ask(peer5.url, peer5Request, `peer v5: ${query.name}`);
      const peer5Count = (await peerStatements(peer5)) - before5;
      let check: string;
      if (query.check === "equal") {
        const a = JSON.stringify(query.ourKeys(oursAnswer.data));
        const b = JSON.stringify(query.peerKeys(peerAnswer.data));
        const b5 = JSON.stringify(query.peerKeys(peer5Answer.data));
        if (a !== b || a !== b5) {
          throw new Error(
            `answers differ for "${query.name}":\n  ours: ${a.slice(0, 1_500)}\n  v4: ${b.slice(0, 1_500)}\n  v5: ${b5.slice(0, 1_500)}`,
          );
        }
        check = `equal (${a.length} chars of keys)`;
      } else {
        check = await query.check(oursAnswer, peerAnswer);
        const check5 = await query.check(oursAnswer, peer5Answer);
        if (check5 !== check) check = `${check}; v5: ${check5}`;
      }
      // Under load every response must be byte-identical to this one (autocannon's expectBody).
      // (Asked again, claimbase answers from its response cache: the same data, with 0 statements.)
      const again = await ask(ours.url, query.ours, `ours: ${query.name}`);
      const peerAgain = await ask(peer.url, query.peer, `peer: ${query.name}`);
      const peer5Again = await ask(peer5.url, peer5Request, `peer v5: ${query.name}`);
      const dataOf = (body: string) => body.replace(STATEMENT_COUNT, "");
      if (
        dataOf(again.body) !== dataOf(oursAnswer.body) ||
        peerAgain.body !== peerAnswer.body ||
        peer5Again.body !== peer5Answer.body
      ) {
        throw new Error(`"${query.name}": the same request gave two different answers`);
      }
      console.log(`check ${query.name}: ${check}`);
      answers.set(query.name, {
        ours: oursAnswer,
        peer: peerAnswer,
        peer5: peer5Answer,
        check,
        peerStatements: peerCount,
        peer5Statements: peer5Count,
      });
    }

    // 2. The SQL ours sends, for the floor.
    const statements = await captureStatements(url, queries);

    // 3. Load.
    const results: QueryResult[] = [];
    for (const query of queries) {
      const answer = answers.get(query.name)!;
      const floorStatements = statements.get(query.name) ?? [];
      const runOurs = (s: number) => load(ours!, query.ours, answer.ours.body, s, { postgres });
      const runUncached = (s: number) => load(uncached!, query.ours, answer.ours.body, s, { postgres });
      // The baseline's statement count may differ from today's: only its data must be the same.
      const runBaseline = async (s: number) =>
        baseline ? load(baseline, query.ours, answer.ours.body, s, { anyStatementCount: true, postgres }) : null;
      const runPeer = (s: number) => load(peer!, query.peer, answer.peer.body, s, { postgres });
      const runPeer5 = (s: number) => load(peer5!, peer5RequestOf(query), answer.peer5.body, s, { postgres });
      // A question that sends no SQL (`{ __typename }`) has no floor.
      const runFloor = async (s: number) =>
        floorStatements.length > 0 ? floorLoad(floorPool, floorStatements, s) : null;
      await runOurs(options.warmup);
      await runUncached(options.warmup);
      await runBaseline(options.warmup);
      await runPeer(options.warmup);
      await runPeer5(options.warmup);
      await runFloor(options.warmup);
      const measured = {
        ours: [] as Measure[],
        uncached: [] as Measure[],
        baseline: [] as Measure[],
        peer: [] as Measure[],
        peer5: [] as Measure[],
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
          measured.peer5.push(await runPeer5(options.seconds));
        } else {
          measured.peer5.push(await runPeer5(options.seconds));
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
        requests: { ours: query.ours, peer: query.peer, peer5: peer5RequestOf(query) },
        check: answer.check,
        note: query.note,
        ours: medianOf(measured.ours),
        uncached: medianOf(measured.uncached),
        ...(baseline ? { baseline: medianOf(measured.baseline) } : {}),
        peer: medianOf(measured.peer),
        peer5: medianOf(measured.peer5),
        floor: floorStatements.length > 0 ? medianOf(measured.floor) : null,
        oursStatements: answer.ours.sqlStatements,
        peerStatements: answer.peerStatements,
        peer5Statements: answer.peer5Statements,
        floorStatements: floorStatements.length,
        oursBytes: answer.ours.bytes,
        peerBytes: answer.peer.bytes,
      };
      results.push(result);
      console.log(
        `${query.name}: ours ${result.ours.rps.toFixed(0)} req/s (p99 ${result.ours.p99.toFixed(1)} ms), ` +
          `cache off ${result.uncached!.rps.toFixed(0)} req/s (p99 ${result.uncached!.p99.toFixed(1)} ms), ` +
          `v4 ${result.peer.rps.toFixed(0)} req/s (p99 ${result.peer.p99.toFixed(1)} ms), ` +
          `v5 ${result.peer5!.rps.toFixed(0)} req/s (p99 ${result.peer5!.p99.toFixed(1)} ms), ` +
          `floor ${result.floor?.rps.toFixed(0) ?? "-"} req/s; server CPU per request: ` +
          `ours ${fmt(result.ours.cpuUs ?? NaN)} µs, cache off ${fmt(result.uncached!.cpuUs ?? NaN)} µs, v4 ${fmt(result.peer.cpuUs ?? NaN)} µs, v5 ${fmt(result.peer5!.cpuUs ?? NaN)} µs; ` +
          `PostgreSQL CPU per request: cache off ${fmt(result.uncached!.pgCpuUs ?? NaN)} µs, v4 ${fmt(result.peer.pgCpuUs ?? NaN)} µs, v5 ${fmt(result.peer5!.pgCpuUs ?? NaN)} µs` +
          (result.baseline
            ? `; baseline (cache off) ${result.baseline.rps.toFixed(0)} req/s, ${fmt(result.baseline.cpuUs ?? NaN)} µs`
            : ""),
      );
      if (
        result.ours.bad +
          result.uncached!.bad +
          result.peer.bad +
          result.peer5!.bad +
          (result.floor?.bad ?? 0) +
          (result.baseline?.bad ?? 0) >
        0
      ) {
        console.warn(
          `  WARNING: failed or different answers under load: ours ${result.ours.bad}, cache off ${result.uncached!.bad}, v4 ${result.peer.bad}, v5 ${result.peer5!.bad}, floor ${result.floor?.bad ?? 0}`,
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
      coldStartMs: { ours: ours.coldStartMs, peer: peer.coldStartMs, peer5: peer5.coldStartMs },
      ...(baselineBuild ? { baseline: baselineBuild.commit } : {}),
      peakRssMb: {
        ours: peakRssMb(ours.pid),
        peer: peakRssMb(peer.pid),
        uncached: peakRssMb(uncached.pid),
        peer5: peakRssMb(peer5.pid),
      },
      settings: { seconds: options.seconds, warmup: options.warmup, reps: options.reps, connections: CONNECTIONS },
      queries: results,
    };
  } finally {
    await ours?.stop();
    await uncached?.stop();
    await baseline?.stop();
    await peer?.stop();
    await peer5?.stop();
    await pool.end();
    await floorPool.end();
    await admin.end();
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
  // Runs from before the response cache have no `uncached` column, runs from before v5 no v5 columns.
  const split = result.queries.some((q) => q.uncached);
  const against = result.queries.some((q) => q.baseline);
  const v5 = result.queries.some((q) => q.peer5);
  const faster = (q: QueryResult) => Math.max(q.peer.rps, q.peer5?.rps ?? 0);
  const cpu = (m: Measure | undefined, key: "cpuUs" | "pgCpuUs") => (m?.[key] == null ? "-" : fmt(m[key]));
  const header = [
    "query",
    "ours req/s",
    ...(split ? ["cache off req/s"] : []),
    v5 ? "v4 req/s" : "peer req/s",
    ...(v5 ? ["v5 req/s"] : []),
    v5 ? "ours / faster peer" : "ours/peer",
    ...(split ? [v5 ? "cache off / faster peer" : "cache off/peer"] : []),
    "ours p50/p99 ms",
    ...(split ? ["cache off p50/p99 ms"] : []),
    v5 ? "v4 p50/p99 ms" : "peer p50/p99 ms",
    ...(v5 ? ["v5 p50/p99 ms"] : []),
    "pg floor req/s",
    split ? "ours, cache off / floor" : "ours/floor",
    v5 ? "stmts ours/v4/v5" : "stmts ours/peer",
    "bytes ours/peer",
    `server CPU µs/req ours${split ? " / cache off" : ""} / ${v5 ? "v4 / v5" : "peer"}`,
    ...(v5 ? ["PostgreSQL CPU µs/req cache off / v4 / v5"] : []),
    ...(against ? [`baseline ${result.baseline} cache off req/s`, "cache off / baseline: req/s, CPU µs/req"] : []),
  ];
  const rows = result.queries.map((q) => [
    q.name,
    fmt(q.ours.rps),
    ...(split ? [fmt(q.uncached?.rps ?? NaN)] : []),
    fmt(q.peer.rps),
    ...(v5 ? [fmt(q.peer5?.rps ?? NaN)] : []),
    fmt(q.ours.rps / faster(q), 2),
    ...(split ? [fmt((q.uncached?.rps ?? NaN) / faster(q), 2)] : []),
    `${fmt(q.ours.p50, 1)} / ${fmt(q.ours.p99, 1)}`,
    ...(split ? [`${fmt(q.uncached?.p50 ?? NaN, 1)} / ${fmt(q.uncached?.p99 ?? NaN, 1)}`] : []),
    `${fmt(q.peer.p50, 1)} / ${fmt(q.peer.p99, 1)}`,
    ...(v5 ? [`${fmt(q.peer5?.p50 ?? NaN, 1)} / ${fmt(q.peer5?.p99 ?? NaN, 1)}`] : []),
    q.floor ? fmt(q.floor.rps) : "-",
    q.floor ? `${fmt(q.ours.rps / q.floor.rps, 2)}, ${fmt((q.uncached?.rps ?? NaN) / q.floor.rps, 2)}` : "-",
    `${q.oursStatements ?? "?"} / ${q.peerStatements}${v5 ? ` / ${q.peer5Statements ?? "?"}` : ""}`,
    `${kb(q.oursBytes)} / ${kb(q.peerBytes)}`,
    [q.ours, ...(split ? [q.uncached] : []), q.peer, ...(v5 ? [q.peer5] : [])].map((m) => cpu(m, "cpuUs")).join(" / "),
    ...(v5 ? [[q.uncached, q.peer, q.peer5].map((m) => cpu(m, "pgCpuUs")).join(" / ")] : []),
    ...(against
      ? [
          fmt(q.baseline?.rps ?? NaN),
          // req/s: > 1 is faster today; CPU per request: < 1 is cheaper today.
          `${fmt((q.uncached?.rps ?? NaN) / (q.baseline?.rps ?? NaN), 2)}, ${fmt((q.uncached?.cpuUs ?? NaN) / (q.baseline?.cpuUs ?? NaN), 2)}`,
        ]
      : []),
  ]);
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  const notes = result.queries
    .filter((q) => q.note || q.check.startsWith("not comparable"))
    .map((q) => `- ${q.name}: ${q.note ?? ""}${q.check.startsWith("not comparable") ? ` (${q.check})` : ""}`);
  const bad = result.queries.filter(
    (q) =>
      q.ours.bad +
        (q.uncached?.bad ?? 0) +
        (q.baseline?.bad ?? 0) +
        q.peer.bad +
        (q.peer5?.bad ?? 0) +
        (q.floor?.bad ?? 0) >
      0,
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
      `median of ${result.settings.reps} × ${result.settings.seconds} s alternating ours/${split ? "cache off/" : ""}${v5 ? "v4/v5" : "peer"}/floor.`,
    "",
    ...lines,
    "",
    `Cold start to first answer: ours ${fmt(result.coldStartMs.ours)} ms, ${v5 ? "v4" : "peer"} ${fmt(result.coldStartMs.peer)} ms` +
      (v5 ? `, v5 ${fmt(result.coldStartMs.peer5 ?? NaN)} ms. ` : ". ") +
      `Peak RSS (VmHWM) after the mix: ours ${fmt(result.peakRssMb.ours ?? NaN)} MB` +
      (split ? `, cache off ${fmt(result.peakRssMb.uncached ?? NaN)} MB` : "") +
      `, ${v5 ? "v4" : "peer"} ${fmt(result.peakRssMb.peer ?? NaN)} MB` +
      (v5 ? `, v5 ${fmt(result.peakRssMb.peer5 ?? NaN)} MB.` : "."),
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
    ...(result.traffic ? ["", result.traffic.report] : []),
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
  ensurePeer5Installed();
  const entry = snapshotDist();
  const baselineBuild = options.baseline ? buildBaseline(options.baseline) : null;
  const server = await findPostgres(options.embedded);
  console.log(`PostgreSQL: ${server.label}`);
  try {
    for (const tier of options.tiers) {
      const result = await runTier(server, tier, options, entry, baselineBuild);
      if (options.traffic) {
        // Loaded lazily: bench/traffic.ts imports this file's helpers.
        const { runTraffic } = await import("./traffic");
        const traffic = await runTraffic(server, entry, {
          tier,
          seconds: options.seconds,
          warmup: options.warmup,
          reps: options.reps,
          writes: options.writes,
          seed: options.seed,
        });
        result.traffic = { report: traffic.report, results: traffic.results };
      }
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
