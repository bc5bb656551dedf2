import "reflect-metadata";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { MATCH_THRESHOLD_DEFAULTS } from "../src/config";
import { createContext } from "../src/context";
import { type Database, openDatabase } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { importFile } from "../src/modules/bundle";
import { similarClaims } from "../src/modules/matching";
import { liarRowToClaimReview } from "./liar-to-claimreview";
import { prng } from "./random";

/**
 * Claim matching evaluated on LIAR (docs/matching.md). Migrates DATABASE_URL and, when it holds fewer
 * than 12,000 claims, imports LIAR (LIAR_DIR, else ../shared/datasets/liar beside the repository)
 * as ClaimReview through the importer, about 90 s; samples N claims with a seeded PRNG,
 * rewrites each by rules (clauses reordered, common words dropped, "$1 million" as "1 million dollars",
 * "1,000" as "1000", "%" as "percent", case, punctuation, a typo or two), asks similarClaims, and
 * prints recall@1, recall@5, MRR and the p50/p99 latency, and, to set the MATCH threshold, the
 * scores of the right claim and of the best wrong one.
 *
 *   DATABASE_URL=postgresql://... npm run bench:matching -- [--n 1000] [--seed 16]
 */

const STOP = new Set(["the", "a", "an", "of", "that", "to", "in", "is", "was", "and", "for", "on", "says"]);

export function rewrite(text: string, random: () => number): string {
  let out = text
    .replace(/\$(\d[\d,.]*)\s*(million|billion|thousand|trillion)/gi, "$1 $2 dollars")
    .replace(/\$(\d[\d,.]*)/g, "$1 dollars")
    .replace(/(\d),(\d{3})/g, "$1$2")
    .replace(/(\d+(\.\d+)?)\s*percent/gi, "$1%");
  // Reorder clauses: swap the parts around the first comma or " and ".
  const cut = out.search(/, | and /);
  if (cut > 10 && random() < 0.7) {
    const sep = out.slice(cut).startsWith(", ") ? ", " : " and ";
    out = `${out.slice(cut + sep.length).replace(/[.!?]$/, "")}${sep}${out.slice(0, cut)}`;
  }
  let words = out.split(/\s+/).filter((word) => !(STOP.has(word.toLowerCase()) && random() < 0.6));
  // One or two typos: a swapped pair of letters or a dropped letter, in words of 5+ letters.
  const typos = 1 + Math.floor(random() * 2);
  for (let i = 0; i < typos; i += 1) {
    const long = words.map((w, k) => [w, k] as const).filter(([w]) => /^[a-z]{5,}$/i.test(w));
    if (long.length === 0) break;
    const [word, k] = long[Math.floor(random() * long.length)]!;
    const at = 1 + Math.floor(random() * (word.length - 2));
    words[k] =
      random() < 0.5
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        : word.slice(0, at) + word.slice(at + 1);
  }
  words = random() < 0.5 ? words.map((w) => w.toLowerCase()) : words;
  return words.join(" ").replace(/[.!?"]+$/, "");
}

const ROOT = path.resolve(__dirname, "../..");
export const LIAR_DIR =
  process.env.LIAR_DIR ??
  [path.join(ROOT, "../shared/datasets/liar"), "/work/shared/datasets/liar"].find((dir) => existsSync(dir)) ??
  path.join(ROOT, "../shared/datasets/liar");

export async function loadLiar(db: Database): Promise<void> {
  await migrate(db.pool);
  const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM claim");
  if (rows[0]!.n >= 12_000) return;
  const lines: string[] = [];
  for (const split of ["train.tsv", "valid.tsv", "test.tsv"]) {
    for (const line of readFileSync(path.join(LIAR_DIR, split), "utf8").split("\n")) {
      const row = line.trim() === "" ? null : liarRowToClaimReview(line.replace(/\r$/, ""));
      if (row?.ok) lines.push(JSON.stringify(row.doc));
    }
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "liar-match-")), "liar.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  process.stderr.write(`importing ${lines.length} LIAR ClaimReviews...\n`);
  const report = await importFile(db, file, { actor: { keyId: null, label: "bench:matching" } });
  process.stderr.write(`imported: ${JSON.stringify(report).slice(0, 200)}\n`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { n: { type: "string", default: "1000" }, seed: { type: "string", default: "16" } },
  });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL: a database with LIAR imported (docs/matching.md)");
  const n = Number(values.n);
  const random = prng(Number(values.seed));
  const db = openDatabase(url);
  try {
    await loadLiar(db);
    const { rows } = await db.pool.query<{ id: string; text: string }>("SELECT id::text, text FROM claim ORDER BY seq");
    if (rows.length < 1000) throw new Error(`only ${rows.length} claims: import LIAR first (docs/matching.md)`);
    const sample = [...rows].sort(() => random() - 0.5).slice(0, n);
    let hit1 = 0;
    let hit5 = 0;
    let rr = 0;
    const ms: number[] = [];
    const right: number[] = [];
    const wrong: number[] = [];
    const misses: string[] = [];
    for (const claim of sample) {
      const text = rewrite(claim.text, random);
      const ctx = createContext(db, "bench");
      const started = process.hrtime.bigint();
      const found = await similarClaims(ctx, { text, first: 5, minScore: 0 });
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      const rank = found.findIndex((m) => m.claimId === claim.id);
      if (rank >= 0) right.push(found[rank]!.score);
      const other = found.find((m) => m.claimId !== claim.id);
      if (other) wrong.push(other.score);
      if (rank === 0) hit1 += 1;
      if (rank >= 0) {
        hit5 += 1;
        rr += 1 / (rank + 1);
      } else if (misses.length < 5) misses.push(`  ${JSON.stringify(claim.text)}\n  -> ${JSON.stringify(text)}`);
    }
    ms.sort((a, b) => a - b);
    right.sort((a, b) => a - b);
    wrong.sort((a, b) => a - b);
    const { match, similar } = MATCH_THRESHOLD_DEFAULTS;
    const above = (xs: number[], t: number) => xs.filter((x) => x >= t).length;
    const spread = (xs: number[]) =>
      [0.01, 0.05, 0.5, 0.95, 0.99].map((p) => `p${Math.round(p * 100)} ${percentile(xs, p).toFixed(3)}`).join(", ");
    const f = (x: number) => x.toFixed(3);
    process.stdout.write(
      `claims in database: ${rows.length}\nrewritten queries (N): ${sample.length}, seed ${values.seed}\n` +
        `recall@1: ${f(hit1 / sample.length)}\nrecall@5: ${f(hit5 / sample.length)}\nMRR@5: ${f(rr / sample.length)}\n` +
        `latency p50: ${percentile(ms, 0.5).toFixed(1)} ms, p99: ${percentile(ms, 0.99).toFixed(1)} ms\n` +
        `score of the right claim: ${spread(right)}\n` +
        `score of the best wrong claim: ${spread(wrong)}\n` +
        `at or above MATCH (${match}): right claim ${above(right, match)} of ${sample.length}, ` +
        `best wrong claim ${above(wrong, match)} of ${sample.length}\n` +
        `at or above SIMILAR (${similar}): right claim ${above(right, similar)}, best wrong claim ${above(wrong, similar)}\n` +
        (misses.length ? `some misses:\n${misses.join("\n")}\n` : ""),
    );
  } finally {
    await db.pool.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
