import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { liarRowToClaimReview } from "../../bench/liar-to-claimreview";
import type { Database } from "../../src/db/database";
import { importFile } from "../../src/modules/bundle";

const ROOT = path.resolve(__dirname, "../..");

/** LIAR's validation split: LIAR_DIR, else `../shared/datasets/liar` beside the repository. */
export const LIAR_VALID = path.join(
  process.env.LIAR_DIR ??
    [path.join(ROOT, "../shared/datasets/liar"), "/work/shared/datasets/liar"].find((dir) => existsSync(dir)) ??
    path.join(ROOT, "../shared/datasets/liar"),
  "valid.tsv",
);

/** Imports records (ClaimReview documents or bundles) the way `claimbase import` does. */
export async function importRecords(db: Database, records: unknown[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "search-data-"));
  try {
    const file = path.join(dir, "records.ndjson");
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const report = await importFile(db, file, { actor: { keyId: null, label: "test:search" } });
    if (report.rejected.length > 0)
      throw new Error(`import rejected: ${JSON.stringify(report.rejected).slice(0, 500)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first `lines` statements of LIAR's validation split, imported as ClaimReview. */
export async function importLiarSlice(db: Database, lines: number): Promise<void> {
  const docs = readFileSync(LIAR_VALID, "utf8")
    .split("\n")
    .slice(0, lines)
    .filter((line) => line.trim() !== "")
    .map((line) => liarRowToClaimReview(line.replace(/\r$/, "")))
    .flatMap((row) => (row?.ok ? [row.doc] : []));
  await importRecords(db, docs);
}
