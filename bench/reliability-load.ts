import "reflect-metadata";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";
import { createKey } from "../src/modules/auth";
import { freePort } from "../src/shared/free-port";

/**
 * Issue #13's load check: writers (mutations and imports mixed) and readers at once against a
 * production-mode server in its own process, then every write's reply checked against the database.
 *
 *   npm run build && node dist/bench/reliability-load.js [--writers 50] [--readers 200] [--seconds 60]
 *
 * It creates a throwaway database on LOAD_DATABASE_URL (default the local PostgreSQL service), seeds
 * the story, and drops the database afterwards. Rate limits are raised: one address sends everything.
 * Printed: reads p50/p99 alone (the same readers, no writers) and under writes, every write outcome,
 * the verdicts (no committed write reported failed, no 5xx but coded 503s with Retry-After), and the
 * server's memory high-water mark (VmHWM).
 */

const ROOT = path.join(__dirname, "../..");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const WRITERS = option("writers", 50);
const READERS = option("readers", 200);
const SECONDS = option("seconds", 60);
const IDLE_SECONDS = option("idle-seconds", 15);

interface Reply {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[]; [k: string]: unknown };
  retryAfter: string | null;
  /** The request failed below HTTP (reset, refused): the caller cannot know what happened. */
  transport?: string;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Reply> {
  try {
    const response = await fetch(url, { method: "POST", headers, body });
    const text = await response.text();
    let parsed: Reply["body"] = {};
    try {
      parsed = JSON.parse(text) as Reply["body"];
    } catch {
      parsed = { unparsed: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    return { status: 0, body: {}, retryAfter: null, transport: (error as Error).message };
  }
}

/** What a writer did and what it was told; checked against the database at the end. */
interface WriteRecord {
  kind: "createEntity" | "updateEntity" | "createClaim" | "import";
  /** Slugs this write creates (createEntity, import) or the entity it renames (updateEntity). */
  slugs: string[];
  /** The name an update sets, or the claim text a createClaim writes. */
  marker?: string;
  told: "applied" | "refused" | "unavailable" | "failed";
  status: number;
  code?: string;
  retryAfter: string | null;
}

const READ_QUERIES: ((i: number) => { query: string; variables?: Record<string, unknown> })[] = [
  (i) => ({
    query: `query($n: Int) { entities(first: $n) { totalCount nodes { slug name kind } } }`,
    variables: { n: 5 + (i % 20) },
  }),
  (i) => ({
    query: `query($s: String!) { search(query: $s, first: 10) { nodes { rank snippet } } }`,
    variables: { s: ["sanctuary", "police chief", "border patrol", "trust", "crime", "federal"][i % 6] },
  }),
  (i) => ({
    query: `query($k: [ClaimKind!]) { claims(first: 10, filter: { kind: { in: $k } }) { totalCount nodes { text claimants { name } appearances { exact } } } }`,
    variables: { k: [["FACTUAL"], ["NORMATIVE"], ["FACTUAL", "CAUSAL"]][i % 3] },
  }),
  () => ({
    query: `{ viewpoints(first: 5) { nodes { title members { role entity { name } } stances(first: 5) { nodes { position claim { text } } } } } }`,
  }),
  (i) => ({
    query: `query($c: String) { entities(first: 10, filter: { name: { contains: $c } }) { nodes { slug claimsMade(first: 3) { nodes { text } } } } }`,
    variables: { c: ["police", "mayor", "load", "pool", "sanct", "resident"][i % 6] },
  }),
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const base = process.env.LOAD_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `claimbase_load_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = withDatabase(base, name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(pool);
    const { key } = await createKey(pool, "load writer", "EDITOR");
    const port = await freePort();
    server = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        SHUTDOWN_DELAY_MS: "0",
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: "100000000",
        RATE_LIMIT_KEY_PER_MINUTE: "100000000",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i += 1) {
      const ready = await fetch(`${origin}/readyz`).catch(() => undefined);
      if (ready?.ok) break;
      if (i > 600) throw new Error("the server did not become ready");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const gqlUrl = `${origin}/graphql`;
    const json = { "content-type": "application/json" };
    const keyed = { ...json, authorization: `Bearer ${key}` };
    const anyClaimant = await post(gqlUrl, JSON.stringify({ query: `{ entities(first: 1) { nodes { id } } }` }), json);
    const claimantId = anyClaimant.body.data?.entities.nodes[0].id as string;

    const readLatencies: number[] = [];
    const readProblems: string[] = [];
    const firstMessages = new Map<string, string>();
    let reading = true;
    const reader = async (r: number) => {
      for (let i = r; reading; i += READERS) {
        const { query, variables } = READ_QUERIES[i % READ_QUERIES.length]!(i);
        const started = performance.now();
        const reply = await post(gqlUrl, JSON.stringify({ query, variables }), json);
        readLatencies.push(performance.now() - started);
        if (reply.status !== 200 || reply.body.errors) {
          const code = reply.body.errors?.[0]?.extensions?.code;
          readProblems.push(`${reply.status} ${code ?? reply.transport ?? ""} retry-after=${reply.retryAfter}`);
          if (!firstMessages.has(String(code))) {
            firstMessages.set(String(code), JSON.stringify(reply.body.errors?.[0] ?? reply.body).slice(0, 300));
          }
        }
      }
    };
    const runReaders = async (seconds: number) => {
      readLatencies.length = 0;
      reading = true;
      const loops = Array.from({ length: READERS }, (_, r) => reader(r));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      reading = false;
      await Promise.all(loops);
      return [...readLatencies].sort((a, b) => a - b);
    };

    // One reader alone, for reference, then the same readers with no writers: the idle p99.
    const single = await (async () => {
      const latencies: number[] = [];
      const until = performance.now() + 5_000;
      for (let i = 0; performance.now() < until; i += 1) {
        const { query, variables } = READ_QUERIES[i % READ_QUERIES.length]!(i);
        const started = performance.now();
        await post(gqlUrl, JSON.stringify({ query, variables }), json);
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    })();
    const idle = await runReaders(IDLE_SECONDS);
    const idleProblems = readProblems.splice(0);

    const writes: WriteRecord[] = [];
    let writing = true;
    const classify = (reply: Reply, ok: boolean): Pick<WriteRecord, "told" | "status" | "code" | "retryAfter"> => {
      const code = reply.body.errors?.[0]?.extensions?.code;
      const told =
        reply.status === 200 && ok
          ? "applied"
          : reply.status === 503
            ? "unavailable"
            : reply.status >= 400 && reply.status < 500 && reply.status !== 408
              ? "refused"
              : "failed";
      return {
        told,
        status: reply.status,
        code: typeof code === "string" ? code : reply.transport,
        retryAfter: reply.retryAfter,
      };
    };
    const writer = async (w: number) => {
      const mine: { id: string; version: number; slug: string }[] = [];
      for (let i = 0; writing; i += 1) {
        const roll = (w * 7919 + i * 104729) % 100;
        const tag = `${w}-${i}-${randomBytes(3).toString("hex")}`;
        if (roll < 10) {
          const slugs = Array.from({ length: 5 }, (_, j) => `load-import-${tag}-${j}`);
          const body = slugs
            .map((slug) => JSON.stringify({ type: "entity", slug, kind: "ORGANIZATION", name: `Imported ${slug}` }))
            .join("\n");
          const reply = await post(`${origin}/import`, `${body}\n`, {
            "content-type": "application/x-ndjson",
            authorization: `Bearer ${key}`,
          });
          writes.push({ kind: "import", slugs, ...classify(reply, reply.body.applied === true) });
        } else if (roll < 30 && mine.length > 0) {
          const target = mine[i % mine.length]!;
          const marker = `Renamed ${tag}`;
          const reply = await post(
            gqlUrl,
            JSON.stringify({
              query: `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { version } userErrors { code } } }`,
              variables: { i: { id: target.id, name: marker, version: target.version } },
            }),
            keyed,
          );
          const payload = reply.body.data?.updateEntity;
          const ok = payload?.entity != null && payload.userErrors.length === 0;
          if (ok) target.version = payload.entity.version as number;
          writes.push({ kind: "updateEntity", slugs: [target.slug], marker, ...classify(reply, ok) });
        } else if (roll < 45) {
          const marker = `Load claim ${tag} holds.`;
          const reply = await post(
            gqlUrl,
            JSON.stringify({
              query: `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { code } } }`,
              variables: { i: { text: marker, kind: "FACTUAL", claimants: [claimantId] } },
            }),
            keyed,
          );
          const payload = reply.body.data?.createClaim;
          writes.push({
            kind: "createClaim",
            slugs: [],
            marker,
            ...classify(reply, payload?.claim != null && payload.userErrors.length === 0),
          });
        } else {
          const slug = `load-${tag}`;
          const reply = await post(
            gqlUrl,
            JSON.stringify({
              query: `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id version } userErrors { code } } }`,
              variables: { i: { slug, kind: "PERSON", name: `Load ${tag}` } },
            }),
            keyed,
          );
          const payload = reply.body.data?.createEntity;
          const ok = payload?.entity != null && payload.userErrors.length === 0;
          if (ok) mine.push({ id: payload.entity.id as string, version: payload.entity.version as number, slug });
          writes.push({ kind: "createEntity", slugs: [slug], ...classify(reply, ok) });
        }
      }
    };
    const writerLoops = Array.from({ length: WRITERS }, (_, w) => writer(w));
    const loaded = await runReaders(SECONDS);
    writing = false;
    await Promise.all(writerLoops);
    const loadedProblems = readProblems.splice(0);

    // Every reply against the database.
    const violations: string[] = [];
    const entities = new Map(
      (
        await pool.query<{ slug: string; name: string }>(`SELECT slug, name FROM entity WHERE slug LIKE 'load-%'`)
      ).rows.map((r) => [r.slug, r.name]),
    );
    const claims = new Set(
      (await pool.query<{ text: string }>(`SELECT text FROM claim WHERE text LIKE 'Load claim %'`)).rows.map(
        (r) => r.text,
      ),
    );
    // An update's name may since have been replaced by a later one: its revision is the proof it committed.
    const names = new Set(
      (
        await pool.query<{ name: string }>(
          `SELECT after->>'name' AS name FROM revision WHERE action = 'UPDATE' AND after->>'name' LIKE 'Renamed %'`,
        )
      ).rows.map((r) => r.name),
    );
    for (const write of writes) {
      const present =
        write.kind === "createClaim"
          ? [claims.has(write.marker!)]
          : write.kind === "updateEntity"
            ? [names.has(write.marker!)]
            : write.slugs.map((slug) => entities.has(slug));
      const committed = present.every(Boolean);
      const partial = present.some(Boolean) && !committed;
      if (partial) violations.push(`${write.kind} partly committed: ${write.slugs.join(",")}`);
      if (write.told === "applied" && !committed)
        violations.push(`${write.kind} told applied but missing (${write.status})`);
      if (write.told !== "applied" && committed)
        violations.push(`${write.kind} committed but told ${write.told} (${write.status} ${write.code ?? ""})`);
    }
    const fiveHundreds = [
      ...writes.map((w) => `${w.status} ${w.code ?? ""}`),
      ...loadedProblems,
      ...idleProblems,
    ].filter((line) => /^5\d\d/.test(line) && !/^503 SERVICE_UNAVAILABLE/.test(line));
    const unavailableWithoutRetry = writes.filter(
      (w) => w.status === 503 && (w.code !== "SERVICE_UNAVAILABLE" || !w.retryAfter),
    );

    const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];

    const tally = new Map<string, number>();
    for (const write of writes) {
      const label = `${write.kind} ${write.told}${write.told === "applied" ? "" : ` ${write.status} ${write.code ?? ""}`}`;
      tally.set(label, (tally.get(label) ?? 0) + 1);
    }
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const idleP99 = percentile(idle, 99);
    const loadedP99 = percentile(loaded, 99);
    console.log(
      `reliability load: ${WRITERS} writers, ${READERS} readers, ${SECONDS} s (idle phase ${IDLE_SECONDS} s)`,
    );
    console.log(
      `  one reader alone:     p50 ${ms(percentile(single, 50))}  p99 ${ms(percentile(single, 99))}  (${single.length} reads)`,
    );
    console.log(
      `  readers, no writers:  p50 ${ms(percentile(idle, 50))}  p99 ${ms(idleP99)}  (${idle.length} reads, ${idleProblems.length} not 200)`,
    );
    console.log(
      `  readers with writers: p50 ${ms(percentile(loaded, 50))}  p99 ${ms(loadedP99)}  (${loaded.length} reads, ${loadedProblems.length} not 200)`,
    );
    console.log(`  p99 under writes / p99 without: ${(loadedP99 / idleP99).toFixed(2)}x (bound: 10x)`);
    console.log(`  writes: ${writes.length}`);
    for (const [label, count] of [...tally].sort()) console.log(`    ${label}: ${count}`);
    const problems = new Map<string, number>();
    for (const p of loadedProblems) problems.set(p, (problems.get(p) ?? 0) + 1);
    for (const [label, count] of problems) console.log(`    read not 200: ${label}: ${count}`);
    for (const [code, message] of firstMessages) console.log(`    first ${code}: ${message}`);
    console.log(`  committed writes reported failed, or reported applied and missing: ${violations.length}`);
    for (const v of violations.slice(0, 20)) console.log(`    ${v}`);
    console.log(`  5xx other than coded 503: ${fiveHundreds.length + unavailableWithoutRetry.length}`);
    console.log(
      `  server memory high-water mark (VmHWM): ${hwm ? `${Math.round(Number(hwm) / 1024)} MiB` : "unknown"}`,
    );
    const passed =
      violations.length === 0 &&
      fiveHundreds.length === 0 &&
      unavailableWithoutRetry.length === 0 &&
      loadedP99 < 10 * idleP99;
    console.log(passed ? "PASS" : "FAIL");
    process.exitCode = passed ? 0 : 1;
  } finally {
    server?.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
