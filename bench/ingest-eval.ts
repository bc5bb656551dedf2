import "reflect-metadata";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createContext } from "../src/context";
import { openDatabase, type Database } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { ingestDocument } from "../src/modules/ingest";
import { buildClaimbaseSchema } from "../src/schema";
import { LIAR_DIR, loadLiar } from "./matching-eval";

/**
 * Ingestion timed (docs/ingestion.md): the sample article into an EMPTY database, then N LIAR
 * statements (default 1,000, from test.tsv) as ONE document ("<speaker> said: “<statement>”", one
 * paragraph each) into a database holding all of LIAR, where each statement's claim suggestion should
 * find its own fact-checked claim as a MATCH ("has this been checked?"). Prints wall time, the
 * analysis's share, the suggestions made, and that match rate. Runs the service in-process, as
 * `claimbase ingest` does; each document is ingested once cold, then again (the idempotent re-run).
 *
 *   DATABASE_URL=postgresql://.../ingestbench npm run bench:ingest -- [--n 1000]
 */

const ROOT = path.join(__dirname, "../..");
const ARTICLE = path.join(ROOT, "../shared/seed/sanctuary-city-article.txt");

function titleCase(slug: string): string {
  return slug
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

async function timed(db: Database, input: Record<string, unknown>) {
  const ctx = createContext(db, "bench");
  ctx.actor = { keyId: null, label: "bench:ingest" };
  const started = performance.now();
  const outcome = await ingestDocument(ctx, input);
  const ms = performance.now() - started;
  if (!outcome.value) throw new Error(`refused: ${JSON.stringify(outcome.userErrors)}`);
  return { ms, ...outcome.value };
}

async function emptyDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ingestbench_empty_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string", default: "1000" } } });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL: a database to hold LIAR (created tables; LIAR imported when missing)");
  const n = Number(values.n);
  buildClaimbaseSchema();
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

  // 1. The article into an empty database.
  const empty = await emptyDatabase(url);
  const fresh = openDatabase(empty.url);
  try {
    await migrate(fresh.pool);
    const text = readFileSync(ARTICLE, "utf8");
    const cold = await timed(fresh, { text, url: "https://bench.example/sanctuary-city-article", language: "en" });
    const again = await timed(fresh, { text, url: "https://bench.example/sanctuary-city-article", language: "en" });
    const c = cold.counts;
    process.stdout.write(
      `article (${text.length} characters, ${c.sentences} sentences) into an empty database: ${f(cold.ms)} ` +
        `(analysis ${f(c.analysisMs)}); ${c.quotes} quote, ${c.mentions} mention, ${c.claims} claim suggestions; ` +
        `again (idempotent): ${f(again.ms)}, ${again.counts.created} new\n`,
    );
  } finally {
    await fresh.close();
    await empty.drop();
  }

  // 2. N LIAR statements as one document, against all of LIAR.
  const db = openDatabase(url);
  try {
    await loadLiar(db);
    const rows = readFileSync(path.join(LIAR_DIR, "test.tsv"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(0, n)
      .map((line) => line.split("\t"))
      .map((cols) => ({ statement: cols[2]!.trim(), speaker: titleCase(cols[4]!.trim() || "someone") }));
    const document = rows.map((r) => `${r.speaker} said: “${r.statement.replace(/["“”]/g, "'")}”`).join("\n\n");
    // A url of its own per run: sources and their revisions are never deleted (revisions are append-only).
    const docUrl = `https://bench.example/liar-${n}-${Date.now()}`;
    const cold = await timed(db, { text: document, url: docUrl, language: "en", title: `${n} LIAR statements` });
    const again = await timed(db, { text: document, url: docUrl, language: "en", title: `${n} LIAR statements` });
    const c = cold.counts;
    // Each statement's own claim among the MATCH-tier matches of a claim suggestion inside its paragraph.
    const { rows: found } = await db.pool.query<{ hits: number }>(
      `WITH m AS (
         SELECT (e->>'claimId')::uuid AS claim_id
         FROM suggestion s, jsonb_array_elements(s.matches) e
         WHERE s.source_id = (SELECT id FROM source WHERE url = $1) AND s.kind = 'CLAIM'
           AND (e->>'score')::float8 >= 0.7
       )
       SELECT count(DISTINCT x.i)::int AS hits
       FROM unnest($2::text[]) WITH ORDINALITY AS x(st, i)
       JOIN claim c ON c.text = x.st
       JOIN m ON m.claim_id = c.id`,
      [docUrl, rows.map((r) => r.statement)],
    );
    process.stdout.write(
      `${n} LIAR statements as one document (${document.length} characters, ${c.sentences} sentences) ` +
        `against ${(await db.pool.query("SELECT count(*)::int AS n FROM claim")).rows[0].n} claims: ${f(cold.ms)} ` +
        `(analysis ${f(c.analysisMs)}, matching and storing ${f(cold.ms - c.analysisMs)}); ` +
        `${c.quotes} quote, ${c.mentions} mention, ${c.claims} claim suggestions; again (idempotent): ${f(again.ms)}\n` +
        `statements whose own fact-checked claim is a MATCH of a claim suggestion: ${found[0]!.hits} of ${n}\n`,
    );
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
