import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";

/**
 * Converts the LIAR dataset (Wang 2017: PolitiFact statements with their rulings) to schema.org
 * ClaimReview JSON-LD, a realistic large input for the ClaimReview importer. Streams line by line.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/liarout
 *   node /tmp/liarout/bench/liar-to-claimreview.js [--dir DIR] [--out FILE] [--format ndjson|json] [FILE.tsv ...]
 *
 * Reads DIR/train.tsv, valid.tsv and test.tsv unless files are given; writes NDJSON (one ClaimReview
 * per line) or one JSON array to FILE (default stdout); prints counts to stderr.
 *
 * LIAR rows are 14 tab-separated columns, no quoting: id ("2635.json"), label, statement, subjects
 * (comma-separated), speaker (slug-like), job title, state, party, five credit-history counts, context.
 * Not carried over: state, party, the counts (speaker history, not about this claim), and the context
 * ("a mailer"): a schema.org appearance needs a URL and LIAR has none. LIAR has no dates either.
 */

const COLUMNS = 14;
const DEFAULT_DIR = "/work/shared/datasets/liar";
const SPLITS = ["train.tsv", "valid.tsv", "test.tsv"];

/** LIAR's labels as PolitiFact prints them ("barely-true" is the pre-2011 name of "Mostly False"). */
const LABELS: Record<string, string> = {
  true: "True",
  "mostly-true": "Mostly True",
  "half-true": "Half True",
  "barely-true": "Barely True",
  false: "False",
  "pants-fire": "Pants on Fire!",
};

const POLITIFACT = { "@type": "Organization", name: "PolitiFact", url: "https://www.politifact.com/" };

/** "barack-obama" -> "Barack Obama"; keeps inner capitals ("GaGOP"), so slugify gives the LIAR slug back. */
function speakerName(speaker: string): string {
  return speaker
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

type Row = { ok: true; doc: Record<string, unknown> } | { ok: false; reason: string };

export function liarRowToClaimReview(line: string): Row {
  const cols = line.split("\t");
  if (cols.length !== COLUMNS) return { ok: false, reason: `expected ${COLUMNS} tab-separated columns` };
  const [file, label, statement, subjects, speaker, jobTitle] = cols.map((c) => c.trim()) as string[];
  const id = /^(\d+)\.json$/.exec(file!)?.[1];
  if (!id) return { ok: false, reason: "id is not <number>.json" };
  const alternateName = LABELS[label!];
  if (!alternateName) return { ok: false, reason: "unknown label" };
  if (!statement) return { ok: false, reason: "empty statement" };
  const name = speakerName(speaker!);
  if (!name) return { ok: false, reason: "empty speaker" };
  return {
    ok: true,
    doc: {
      "@context": "https://schema.org",
      "@type": "ClaimReview",
      // The README gives http://www.politifact.com//api/v/2/statement/[ID]/?format=json for each verdict.
      url: `https://www.politifact.com/api/v/2/statement/${id}/`,
      claimReviewed: statement,
      itemReviewed: {
        "@type": "Claim",
        author: { "@type": "Person", name, ...(jobTitle ? { jobTitle } : {}) },
      },
      author: POLITIFACT,
      reviewRating: { "@type": "Rating", alternateName },
      ...(subjects ? { keywords: subjects } : {}),
    },
  };
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, "drain");
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: "string", default: DEFAULT_DIR },
      out: { type: "string" },
      format: { type: "string", default: "ndjson" },
    },
  });
  if (values.format !== "ndjson" && values.format !== "json") throw new Error("--format must be ndjson or json");
  const files = positionals.length > 0 ? positionals : SPLITS.map((f) => path.join(values.dir!, f));
  const out: Writable = values.out ? createWriteStream(values.out) : process.stdout;
  const json = values.format === "json";

  let written = 0;
  const perFile: Record<string, number> = {};
  const skipped = new Map<string, { count: number; examples: string[] }>();
  if (json) await write(out, "[\n");
  for (const file of files) {
    const lines = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
    let lineNo = 0;
    perFile[file] = 0;
    for await (const raw of lines) {
      lineNo += 1;
      const line = raw.replace(/\r$/, "");
      perFile[file] += 1;
      const row: Row = line.trim() === "" ? { ok: false, reason: "blank line" } : liarRowToClaimReview(line);
      if (!row.ok) {
        const entry = skipped.get(row.reason) ?? { count: 0, examples: [] };
        entry.count += 1;
        if (entry.examples.length < 3) entry.examples.push(`${path.basename(file)}:${lineNo}`);
        skipped.set(row.reason, entry);
        continue;
      }
      const text = JSON.stringify(row.doc);
      await write(out, json ? `${written > 0 ? ",\n" : ""}${text}` : `${text}\n`);
      written += 1;
    }
  }
  if (json) await write(out, "\n]\n");
  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
  }

  const rows = Object.values(perFile).reduce((a, b) => a + b, 0);
  for (const [file, count] of Object.entries(perFile)) process.stderr.write(`read ${count} rows from ${file}\n`);
  process.stderr.write(`rows read: ${rows}\ndocuments written: ${written}\n`);
  const skippedTotal = [...skipped.values()].reduce((a, b) => a + b.count, 0);
  process.stderr.write(`lines skipped: ${skippedTotal}\n`);
  for (const [reason, { count, examples }] of skipped) {
    process.stderr.write(`  ${count} ${reason} (e.g. ${examples.join(", ")})\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
