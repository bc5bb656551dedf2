import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Cold start to first answered query: spawns `node dist/src/main.js` with an embedded PostgreSQL in a
 * new data folder (initdb + migrate + seed), then again on the same folder (restart), and prints the
 * time from spawn until a story query over HTTP answers. Run: `npm run build && node dist/bench/cold-start.js`.
 */
const ROOT = path.join(__dirname, "../..");
const QUERY = JSON.stringify({ query: "{ viewpoints { totalCount } claims { totalCount } }" });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function firstAnswer(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CLAIMBASE_DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: QUERY,
        });
        const body = (await response.json()) as { data?: { viewpoints: { totalCount: number } } };
        if (body.data?.viewpoints.totalCount) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const fresh: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-cold-"));
    chmodSync(dir, 0o755);
    try {
      fresh.push(await firstAnswer(dir));
      restart.push(await firstAnswer(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`cold start to first answered query (embedded PostgreSQL, ${runs} runs, median):`);
  console.log(
    `  new data folder (initdb + migrate + seed): ${median(fresh).toFixed(0)} ms  [${fresh.map((x) => x.toFixed(0)).join(", ")}]`,
  );
  console.log(
    `  restart on existing data:                  ${median(restart).toFixed(0)} ms  [${restart.map((x) => x.toFixed(0)).join(", ")}]`,
  );
}

void main();
