import "reflect-metadata";
import { spawn } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { createKey } from "../src/modules/auth";

/**
 * Requests/s and latency of a read query, alone and while a large import runs through POST /import.
 *
 *   DATABASE_URL=postgresql://.../db node dist/bench/load-during-import.js /tmp/liar.ndjson
 *
 * The database should be migrated and hold the story (`claimbase seed`); the file is NDJSON
 * (e.g. LIAR converted by bench/liar-to-claimreview). Runs the server as its own process.
 */
const ROOT = path.join(__dirname, "../..");
const QUERY = JSON.stringify({
  query: `{ claims(first: 10, filter: { kind: { in: [FACTUAL, CAUSAL] } }) { totalCount nodes { text claimants { name } } } }`,
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: QUERY,
    connections: 10,
    duration: seconds,
  });
}

function summary(label: string, result: autocannon.Result): string {
  return `${label.padEnd(22)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   errors ${result.errors + result.non2xx}`;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const file = process.argv[2];
  if (!url || !file) throw new Error("usage: DATABASE_URL=... node dist/bench/load-during-import.js <file.ndjson>");
  const pool = new pg.Pool({ connectionString: url });
  const { key } = await createKey(pool, "bench import", "EDITOR");
  await pool.end();
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: "warn",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "100000000",
      RATE_LIMIT_KEY_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i += 1) {
      if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await load(base, 3); // warm-up
    const alone = await load(base, 10);
    const started = performance.now();
    const importing = fetch(`${base}/import`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${key}` },
      body: createReadStream(file) as unknown as RequestInit["body"],
      duplex: "half",
    } as RequestInit).then(async (response) => ({
      status: response.status,
      report: (await response.json()) as { records: number },
    }));
    const during = await load(base, 10);
    const imported = await importing;
    const seconds = (performance.now() - started) / 1000;
    console.log(`read query under load, 10 connections (${statSync(file).size} byte import file)`);
    console.log(summary("alone", alone));
    console.log(summary("while importing", during));
    console.log(
      `import: HTTP ${imported.status}, ${imported.report.records} records in ${seconds.toFixed(1)} s (${(imported.report.records / seconds).toFixed(0)} records/s, overlapping the load)`,
    );
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
