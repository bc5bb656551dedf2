import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../src/db/database";
import { createServer } from "../src/server";
import { createLogger } from "../src/shared/logger";

/**
 * Shows how PostgreSQL runs the SQL behind a few GraphQL questions, with their latencies over HTTP.
 * Every statement a request sends is captured and run again under EXPLAIN (ANALYZE, BUFFERS).
 *
 *   DATABASE_URL=postgresql://... node dist/bench/explain.js [runs]
 *
 * Use it on a database filled by bench/generate (e.g. the medium tier: 100k claims).
 */
const QUESTIONS: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: "filtered claims page (enum + date + to-many relation filter, totalCount)",
    query: `query($f: ClaimFilter) { claims(first: 20, filter: $f) { totalCount nodes { id text } } }`,
    variables: {
      f: {
        kind: { in: ["FACTUAL", "CAUSAL"] },
        statedAt: { gte: "2020-01-01T00:00:00Z" },
        reviews: { some: { normalizedRating: { equals: "FALSE" } } },
      },
    },
  },
  {
    name: "claims a member of a viewpoint opposes (nested to-many filters)",
    query: `query($f: ClaimFilter) { claims(first: 20, filter: $f) { nodes { id } } }`,
    variables: {
      f: {
        stances: {
          some: {
            position: { equals: "OPPOSES" },
            holderEntity: { viewpoints: { some: { role: { equals: "PROPONENT" } } } },
          },
        },
      },
    },
  },
  {
    name: "case-insensitive substring on claim text",
    query: `{ claims(first: 20, filter: { text: { contains: "police" } }) { totalCount nodes { id } } }`,
  },
  {
    name: "full-text search on claims, by relevance",
    query: `{ claims(first: 20, search: "immigration police") { totalCount nodes { id text } } }`,
  },
  {
    name: "root search across types with snippets",
    query: `{ search(query: "sanctuary trust", first: 10) { nodes { rank snippet } } }`,
  },
  {
    name: "fuzzy entity search",
    query: `{ entities(first: 10, search: "jonson") { nodes { name } } }`,
  },
  {
    name: "root search with misspelled words (typo tier on every type), with snippets",
    query: `{ search(query: "obamacare repeel", first: 10) { nodes { rank snippet } } }`,
  },
  {
    name: "root search for a claim's exact words",
    query: `{ search(query: "Social Security is a Ponzi scheme", first: 10) { nodes { rank } } }`,
  },
  {
    name: "claims searched with a misspelling, by relevance",
    query: `{ claims(first: 20, search: "helth care") { totalCount nodes { id text } } }`,
  },
  {
    name: "facet counts under a filter (kind, rating, claimant)",
    query: `query($f: ClaimFilter) { claimFacets(filter: $f) { byKind { key count } byRating { key count } byClaimant(limit: 10) { label count } } }`,
    variables: { f: { statedAt: { gte: "2020-01-01T00:00:00Z" } } },
  },
];

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to a database filled by bench/generate");
  const runs = Number(process.argv[2] ?? 20);
  const db = openDatabase(url, { max: 4, statementTimeoutMs: 60_000 });
  const captured: { text: string; values: unknown[] }[] = [];
  let capturing = false;
  db.pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      // Statements go as text and values, or as a config object (prepared statements, src/db/sql.ts).
      const config = args[0] as { text?: unknown; values?: unknown[] } | null;
      if (capturing && typeof args[0] === "string")
        captured.push({ text: args[0], values: (args[1] as unknown[]) ?? [] });
      else if (capturing && typeof config?.text === "string")
        captured.push({ text: config.text, values: config.values ?? [] });
      return query(...args);
    };
  });
  const httpServer = http.createServer();
  // No response cache: every run (and the captured one) must reach PostgreSQL.
  const { app, apollo } = await createServer({ db, logger: createLogger("silent"), httpServer, responseCache: false });
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const ask = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };

  const counts = await db.pool.query<{ claims: number; entities: number; quotes: number }>(
    `SELECT (SELECT count(*) FROM claim)::int AS claims, (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM quote)::int AS quotes`,
  );
  console.log(
    `data: ${JSON.stringify(counts.rows[0])}; PostgreSQL ${(await db.pool.query("SHOW server_version")).rows[0].server_version}`,
  );
  for (const question of QUESTIONS) {
    await ask(question.query, question.variables); // warm up
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      await ask(question.query, question.variables);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    captured.length = 0;
    capturing = true;
    await ask(question.query, question.variables);
    capturing = false;
    const statements = [...captured];
    console.log(`\n=== ${question.name}`);
    console.log(
      `latency over HTTP, ${runs} runs: p50 ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, p90 ${times[Math.floor(runs * 0.9)]!.toFixed(1)} ms; ${statements.length} SQL statement(s)`,
    );
    for (const statement of statements) {
      const plan = await db.pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`, statement.values);
      console.log(`--- ${statement.text.replace(/\s+/g, " ").slice(0, 160)}…`);
      for (const row of plan.rows) console.log(`    ${row["QUERY PLAN"]}`);
    }
  }
  await apollo.stop();
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
