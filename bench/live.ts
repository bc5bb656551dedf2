import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { openDatabase } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { createKey } from "../src/modules/auth";
import { importFile, Writer } from "../src/modules/bundle";
import { PROJECT_ROOT } from "../src/shared/paths";
import { liarRowToClaimReview } from "./liar-to-claimreview";
import { LIAR_DIR } from "./matching-eval";

/**
 * `npm run bench:live` (docs/live.md): the figures issue #19 asks for, over real processes and sockets.
 *
 * 1. Event-to-subscriber latency at N subscribers (default 1,000 graphql-ws sockets in this process,
 *    the server in its own process): a write is sent over HTTP; each subscriber notes when the event
 *    reaches it. Latency is from sending the write (so it includes the write itself) to receipt.
 * 2. Webhook throughput: a local receiver answering 200; deliveries/s for one webhook (in order,
 *    one at a time) and for four webhooks at once.
 * 3. The outbox's cost on imports: LIAR ClaimReviews imported into a fresh database with the outbox,
 *    and again with the outbox's writes switched off (Writer.emit/commitEvents replaced by no-ops in
 *    this process only), in records/s.
 * 4. 10,000 idle sockets from one address against the default per-IP cap: how many are held open.
 *
 * Ports 4420-4429 for servers, 4430-4439 for receivers. Databases live_bench_* on ADMIN_DATABASE_URL's
 * server are created and dropped. Results: bench/results/live-<date>.json and .md.
 */

const ADMIN_URL = process.env.ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MAIN = path.join(PROJECT_ROOT, "dist", "src", "main.js");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreate(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return databaseUrl(name);
}

async function drop(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

interface Server {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

async function startServer(url: string, port: number, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "10000000",
      RATE_LIMIT_KEY_PER_MINUTE: "10000000",
      ...env,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (i > 300) throw new Error("the server did not start");
    await sleep(100);
  }
  return {
    child,
    base,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

async function gql(base: string, query: string, variables: object, key: string): Promise<any> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as any;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const CREATE_ENTITY = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`;

async function latency(subscribers: number, writes: number) {
  const url = await recreate("live_bench_latency");
  const db = openDatabase(url);
  await migrate(db.pool);
  const editor = (await createKey(db.pool, "bench editor", "EDITOR")).key;
  await db.close();
  const server = await startServer(url, 4420, { SUBSCRIPTION_MAX_SOCKETS_PER_IP: String(subscribers + 10) });
  const received = new Map<string, number[]>();
  const clients = [];
  try {
    let connected = 0;
    for (let i = 0; i < subscribers; i++) {
      const client = createClient({
        url: `${server.base.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        on: { connected: () => (connected += 1) },
      });
      clients.push(client);
      client.subscribe(
        { query: `subscription { events(types: ["EntityCreated"]) { subjectId } }` },
        {
          next: (value: any) => {
            const id = value.data?.events?.subjectId as string;
            const at = performance.now();
            const list = received.get(id) ?? [];
            list.push(at);
            received.set(id, list);
          },
          error: (error) => process.stderr.write(`subscriber error: ${JSON.stringify(error).slice(0, 200)}\n`),
          complete: () => undefined,
        },
      );
      if (i % 100 === 99) await sleep(50);
    }
    while (connected < subscribers) await sleep(50);
    // A warm-up write every subscriber must receive: then all are subscribed.
    const warm = (
      await gql(server.base, CREATE_ENTITY, { i: { slug: "warm-up", kind: "PERSON", name: "Warm" } }, editor)
    ).createEntity.entity.id;
    for (let i = 0; (received.get(warm)?.length ?? 0) < subscribers; i++) {
      if (i > 600) throw new Error(`only ${received.get(warm)?.length ?? 0} subscribers got the warm-up event`);
      await sleep(50);
    }
    const samples: number[] = [];
    const sent = new Map<string, number>();
    for (let n = 0; n < writes; n++) {
      const t0 = performance.now();
      const id = (
        await gql(server.base, CREATE_ENTITY, { i: { slug: `lat-${n}`, kind: "PERSON", name: `L ${n}` } }, editor)
      ).createEntity.entity.id;
      sent.set(id, t0);
      await sleep(100);
    }
    for (let i = 0; [...sent.keys()].some((id) => (received.get(id)?.length ?? 0) < subscribers); i++) {
      if (i > 600) throw new Error("not every subscriber got every event");
      await sleep(50);
    }
    for (const [id, t0] of sent) for (const at of received.get(id)!) samples.push(at - t0);
    samples.sort((a, b) => a - b);
    return {
      subscribers,
      writes,
      deliveries: samples.length,
      p50Ms: Math.round(percentile(samples, 0.5) * 10) / 10,
      p99Ms: Math.round(percentile(samples, 0.99) * 10) / 10,
      maxMs: Math.round(samples[samples.length - 1]! * 10) / 10,
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.stop();
    await drop("live_bench_latency");
  }
}

function entityBundle(prefix: string, n: number): string {
  const lines = [JSON.stringify({ format: "claimbase-bundle", version: 1 })];
  for (let i = 0; i < n; i++)
    lines.push(JSON.stringify({ type: "entity", slug: `${prefix}-${i}`, kind: "PERSON", name: `${prefix} ${i}` }));
  return lines.join("\n") + "\n";
}

async function webhooks(eventsPerHook: number) {
  const url = await recreate("live_bench_hooks");
  const db = openDatabase(url);
  await migrate(db.pool);
  const admin = (await createKey(db.pool, "bench admin", "ADMIN")).key;
  let accepted = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      accepted += 1;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(4430, "127.0.0.1", resolve));
  const server = await startServer(url, 4421, { WEBHOOK_ALLOW_HOSTS: "127.0.0.1", WEBHOOK_POLL_MS: "200" });
  const results: Record<string, unknown> = {};
  try {
    for (const hooks of [1, 4]) {
      const ids: string[] = [];
      for (let h = 0; h < hooks; h++) {
        const made = await gql(
          server.base,
          `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } userErrors { message } } }`,
          {
            i: {
              url: `http://127.0.0.1:4430/hook-${hooks}-${h}`,
              events: ["EntityCreated"],
              secret: "bench-secret-of-24-characters!",
            },
          },
          admin,
        );
        ids.push(made.createWebhook.webhook.id);
      }
      // Paused while the events are written, so the clock covers delivery alone.
      for (const id of ids) {
        await gql(
          server.base,
          `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { userErrors { message } } }`,
          { i: { id, version: 1, active: false } },
          admin,
        );
      }
      for (let done = 0; done < eventsPerHook; done += 1000) {
        const response = await fetch(`${server.base}/import`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${admin}` },
          body: entityBundle(`hooks${hooks}-${done}`, Math.min(1000, eventsPerHook - done)),
        });
        if (response.status !== 200) throw new Error(`import: ${response.status} ${await response.text()}`);
      }
      accepted = 0;
      const t0 = performance.now();
      for (const id of ids) {
        await gql(
          server.base,
          `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { userErrors { message } } }`,
          { i: { id, version: 2, active: true } },
          admin,
        );
      }
      const target = eventsPerHook * hooks;
      for (let i = 0; accepted < target; i++) {
        if (i > 6000) throw new Error(`only ${accepted} of ${target} deliveries`);
        await sleep(20);
      }
      const seconds = (performance.now() - t0) / 1000;
      results[`webhooks${hooks}`] = {
        webhooks: hooks,
        deliveries: target,
        seconds: Math.round(seconds * 100) / 100,
        perSecond: Math.round(target / seconds),
      };
      for (const id of ids)
        await gql(
          server.base,
          `mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { userErrors { message } } }`,
          { i: { id } },
          admin,
        );
    }
    return results;
  } finally {
    await server.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await db.close();
    await drop("live_bench_hooks");
  }
}

async function imports(records: number) {
  const lines: string[] = [];
  for (const split of ["train.tsv", "valid.tsv", "test.tsv"]) {
    for (const line of readFileSync(path.join(LIAR_DIR, split), "utf8").split("\n")) {
      if (lines.length >= records) break;
      const row = line.trim() === "" ? null : liarRowToClaimReview(line.replace(/\r$/, ""));
      if (row?.ok) lines.push(JSON.stringify(row.doc));
    }
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "live-bench-")), "liar.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  const emit = Writer.prototype.emit;
  const commitEvents = Writer.prototype.commitEvents;
  const run = async (outbox: boolean) => {
    const name = `live_bench_import_${outbox ? "on" : "off"}`;
    const url = await recreate(name);
    // The import's likely-duplicate check on a fresh, unanalysed database can pass the default 10 s.
    const db = openDatabase(url, { statementTimeoutMs: 300_000 });
    try {
      await migrate(db.pool);
      if (!outbox) {
        Writer.prototype.emit = () => undefined;
        Writer.prototype.commitEvents = async () => undefined;
      }
      const t0 = performance.now();
      const report = await importFile(db, file, { actor: { keyId: null, label: "bench:live" } });
      const seconds = (performance.now() - t0) / 1000;
      if (!report.applied) throw new Error(`import not applied: ${JSON.stringify(report.rejected).slice(0, 300)}`);
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM event`);
      return {
        outbox,
        records: report.records,
        seconds: Math.round(seconds * 100) / 100,
        perSecond: Math.round(report.records / seconds),
        events: rows[0].n,
      };
    } finally {
      Writer.prototype.emit = emit;
      Writer.prototype.commitEvents = commitEvents;
      await db.close();
      await drop(name);
    }
  };
  // Alternated, twice each, so a warm cache or a busy neighbour does not favour one side.
  const runs = [await run(false), await run(true), await run(false), await run(true)];
  const best = (outbox: boolean) =>
    runs.filter((r) => r.outbox === outbox).sort((a, b) => b.perSecond - a.perSecond)[0]!;
  return {
    runs,
    without: best(false),
    with: best(true),
    costPercent: Math.round((1 - best(true).perSecond / best(false).perSecond) * 1000) / 10,
  };
}

async function idleSockets(total: number) {
  const url = await recreate("live_bench_sockets");
  const db = openDatabase(url);
  await migrate(db.pool);
  await db.close();
  const server = await startServer(url, 4422, {});
  const open: WebSocket[] = [];
  let refused = 0;
  let other = 0;
  // Accepted sockets that never send connection_init are closed after SUBSCRIPTION_INIT_TIMEOUT_MS
  // (5 s), which frees their slots: what matters is how many are open AT ONCE.
  let openNow = 0;
  let maxOpenAtOnce = 0;
  try {
    const t0 = performance.now();
    for (let done = 0; done < total; done += 500) {
      await Promise.all(
        Array.from(
          { length: Math.min(500, total - done) },
          () =>
            new Promise<void>((resolve) => {
              const ws = new WebSocket(`${server.base.replace("http", "ws")}/graphql`, "graphql-transport-ws");
              ws.on("open", () => {
                open.push(ws);
                openNow += 1;
                maxOpenAtOnce = Math.max(maxOpenAtOnce, openNow);
                resolve();
              });
              ws.on("close", () => {
                if (open.includes(ws)) openNow -= 1;
              });
              ws.on("unexpected-response", (_req, res) => {
                if (res.statusCode === 429) refused += 1;
                else other += 1;
                res.resume();
                resolve();
              });
              ws.on("error", () => {
                other += 1;
                resolve();
              });
            }),
        ),
      );
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      attempted: total,
      acceptedInAll: open.length,
      maxOpenAtOnce,
      refused429: refused,
      otherFailures: other,
      seconds: Math.round(seconds * 100) / 100,
    };
  } finally {
    for (const ws of open) ws.terminate();
    await server.stop();
    await drop("live_bench_sockets");
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      subscribers: { type: "string", default: "1000" },
      writes: { type: "string", default: "50" },
      deliveries: { type: "string", default: "2000" },
      records: { type: "string", default: "3000" },
      sockets: { type: "string", default: "10000" },
      only: { type: "string" },
    },
  });
  const only = values.only?.split(",");
  const want = (part: string) => !only || only.includes(part);
  const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: os.cpus().length };
  if (want("latency")) results.latency = await latency(Number(values.subscribers), Number(values.writes));
  process.stderr.write(`latency: ${JSON.stringify(results.latency)}\n`);
  if (want("webhooks")) results.webhooks = await webhooks(Number(values.deliveries));
  process.stderr.write(`webhooks: ${JSON.stringify(results.webhooks)}\n`);
  if (want("imports")) results.imports = await imports(Number(values.records));
  process.stderr.write(`imports: ${JSON.stringify(results.imports)}\n`);
  if (want("sockets")) results.sockets = await idleSockets(Number(values.sockets));
  process.stderr.write(`sockets: ${JSON.stringify(results.sockets)}\n`);
  const dir = path.join(PROJECT_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `live-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
