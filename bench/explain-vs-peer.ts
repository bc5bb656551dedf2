import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../src/db/database";
import { createServer } from "../src/server";
import { createLogger } from "../src/shared/logger";
import type { RunningServer } from "./harness";
import { buildMix } from "./run";

/**
 * The SQL behind each of bench/run.ts's questions, claimbase's beside PostGraphile v4's, each run under
 * EXPLAIN (ANALYZE, BUFFERS) a number of times: statements, executed time and buffers per request, and
 * the plans. For finding plan differences that cost PostgreSQL CPU (issue 21); timing stays out of tests.
 *
 *   PEER_CAPTURE_SQL=1 DATABASE_URL=... PORT=5599 node bench/peer/server.js &      (the peer, capturing its SQL)
 *   DATABASE_URL=postgresql://.../claimbase_bench_small PEER_URL=http://127.0.0.1:5599/graphql \
 *     node dist/bench/explain-vs-peer.js [runs] [--plans] [--only part-of-name]
 */

interface Statement {
  text: string;
  values: unknown[];
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const peerUrl = process.env.PEER_URL;
  if (!url || !peerUrl) throw new Error("set DATABASE_URL (a bench/generate database) and PEER_URL");
  const args = process.argv.slice(2);
  const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 20);
  const plans = args.includes("--plans");
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1]! : null;
  const db = openDatabase(url, { max: 4, statementTimeoutMs: 60_000 });
  const captured: Statement[] = [];
  let capturing = false;
  db.pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...params: unknown[]) => {
      const config = params[0] as { text?: unknown; values?: unknown[] } | null;
      if (capturing && typeof config?.text === "string")
        captured.push({ text: config.text, values: config.values ?? [] });
      return query(...params);
    };
  });
  const httpServer = http.createServer();
  const { app, apollo } = await createServer({ db, logger: createLogger("silent"), httpServer, responseCache: false });
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const oursUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const post = async (target: string, request: { query: string; variables?: Record<string, unknown> }) => {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const peerSql = async (): Promise<Statement[]> =>
    (await (await fetch(peerUrl.replace(/\/graphql$/, "/__bench/sql"))).json()) as Statement[];

  // buildMix also asks PostGraphile v5 for the deep cursor's item; v4 answers the same question, and
  // only v4's SQL is compared here, so v4 stands in for it.
  const peer = { url: peerUrl } as RunningServer;
  const { queries } = await buildMix(db.pool, { url: oursUrl } as RunningServer, peer, peer);
  for (const question of queries) {
    if (only && !question.name.includes(only)) continue;
    await post(oursUrl, question.ours);
    captured.length = 0;
    capturing = true;
    await post(oursUrl, question.ours);
    capturing = false;
    const ours = [...captured];
    await post(peerUrl, question.peer);
    await peerSql();
    await post(peerUrl, question.peer);
    // PostGraphile wraps its statement in a transaction with settings; only the SELECTs do the work.
    const peer = (await peerSql()).filter((statement) => /^\s*(with|select)\b/i.test(statement.text));
    console.log(`\n=== ${question.name}: ${ours.length} statement(s) ours, ${peer.length} peer`);
    for (const [who, statements] of [
      ["ours", ours],
      ["peer", peer],
    ] as const) {
      const times: number[] = [];
      let buffers = 0;
      let shown: string[] = [];
      for (let i = 0; i < runs; i += 1) {
        let total = 0;
        let hits = 0;
        const lines: string[] = [];
        for (const statement of statements) {
          const result = await db.pool.query(
            `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, FORMAT JSON) ${statement.text}`,
            statement.values,
          );
          const plan = (result.rows[0] as { "QUERY PLAN": [Record<string, unknown>] })["QUERY PLAN"][0]!;
          total += (plan["Execution Time"] as number) + (plan["Planning Time"] as number);
          const top = plan.Plan as Record<string, number>;
          hits += (top["Shared Hit Blocks"] ?? 0) + (top["Shared Read Blocks"] ?? 0);
          if (i === runs - 1 && plans) {
            const text = await db.pool.query(
              `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`,
              statement.values,
            );
            lines.push(`--- ${statement.text.replace(/\s+/g, " ")}`);
            for (const row of text.rows) lines.push(`    ${(row as Record<string, string>)["QUERY PLAN"]}`);
          }
        }
        times.push(total);
        buffers = hits;
        shown = lines;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${who}: planning + execution median ${times[Math.floor(runs / 2)]!.toFixed(3)} ms, min ${times[0]!.toFixed(3)} ms; ${buffers} buffers`,
      );
      for (const line of shown) console.log(line);
    }
  }
  await apollo.stop();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
