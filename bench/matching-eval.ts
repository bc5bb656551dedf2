import "reflect-metadata";
import { parseArgs } from "node:util";
import { createContext } from "../src/context";
import { openDatabase } from "../src/db/database";
import { similarClaims } from "../src/modules/matching";

/**
 * Claim matching evaluated on LIAR (docs/matching.md). Needs a database with LIAR imported as
 * ClaimReview (see docs/matching.md for the two commands); samples N claims with a seeded PRNG,
 * rewrites each by rules (clauses reordered, common words dropped, "$1 million" as "1 million dollars",
 * "1,000" as "1000", "%" as "percent", case, punctuation, a typo or two), asks similarClaims, and
 * prints recall@1, recall@5, MRR and the p50/p99 latency.
 *
 *   DATABASE_URL=postgresql://... npm run bench:matching -- [--n 1000] [--seed 16]
 */

/** mulberry32: small, deterministic, good enough to pick samples and typos. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
    const { rows } = await db.pool.query<{ id: string; text: string }>("SELECT id::text, text FROM claim ORDER BY seq");
    if (rows.length < 1000) throw new Error(`only ${rows.length} claims: import LIAR first (docs/matching.md)`);
    const sample = [...rows].sort(() => random() - 0.5).slice(0, n);
    let hit1 = 0;
    let hit5 = 0;
    let rr = 0;
    const ms: number[] = [];
    const misses: string[] = [];
    for (const claim of sample) {
      const text = rewrite(claim.text, random);
      const ctx = createContext(db, "bench");
      const started = process.hrtime.bigint();
      const found = await similarClaims(ctx, { text, first: 5, minScore: 0 });
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      const rank = found.findIndex((m) => m.claimId === claim.id);
      if (rank === 0) hit1 += 1;
      if (rank >= 0) {
        hit5 += 1;
        rr += 1 / (rank + 1);
      } else if (misses.length < 5) misses.push(`  ${JSON.stringify(claim.text)}\n  -> ${JSON.stringify(text)}`);
    }
    ms.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(3);
    process.stdout.write(
      `claims in database: ${rows.length}\nrewritten queries (N): ${sample.length}, seed ${values.seed}\n` +
        `recall@1: ${f(hit1 / sample.length)}\nrecall@5: ${f(hit5 / sample.length)}\nMRR@5: ${f(rr / sample.length)}\n` +
        `latency p50: ${percentile(ms, 0.5).toFixed(1)} ms, p99: ${percentile(ms, 0.99).toFixed(1)} ms\n` +
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
