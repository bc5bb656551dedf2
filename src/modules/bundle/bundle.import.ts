import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { type Readable } from "node:stream";
import { chain } from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/Pick";
import { streamArray } from "stream-json/streamers/StreamArray";
import type { Database } from "../../db/database";
import { claimReviewDocuments, claimReviewToRecords } from "../claimreview";
import { isConstraintViolation, RecordError } from "./bundle.errors";
import { RECORD_ORDER, type BundleRecord } from "./bundle.types";
import { type Actor, type Outcome, Writer } from "./bundle.writer";

/**
 * Imports a file all-or-nothing: every record is applied inside one transaction, each under a
 * savepoint so a bad record is reported (with its line or JSON pointer) and the rest are still
 * checked; if any record was rejected, or on a dry run, the transaction is rolled back.
 *
 * Inputs are read as streams: NDJSON line by line; JSON arrays (ClaimReview lists, `@graph`) and the
 * sections of a JSON bundle element by element (stream-json), so memory does not grow with the file.
 */

export type ImportFormat = "bundle" | "claimreview";

export interface SourcedRecord {
  record: BundleRecord;
  /** Where the record came from: `line 12`, or a JSON pointer such as `/claims/3`. */
  at: string;
}

export interface RejectedRecord {
  at: string;
  path: string;
  code: string;
  reason: string;
}

export interface ImportReport {
  dryRun: boolean;
  /** True when the changes were committed. */
  applied: boolean;
  records: number;
  counts: Record<string, Record<Outcome, number>>;
  /** Nothing was (or, on a dry run, would be) created or changed. */
  unchanged: boolean;
  rejected: RejectedRecord[];
  /** More records were rejected than are listed. */
  rejectedTruncated: boolean;
}

export interface ImportOptions {
  actor: Actor;
  dryRun?: boolean;
  /** Directory that `textFile` names in a bundle resolve against (files only). */
  baseDir?: string;
  maxRejected?: number;
}

const SECTIONS: Record<string, BundleRecord["type"]> = {
  entities: "entity",
  sources: "source",
  entityRelations: "entityRelation",
  claims: "claim",
  claimRelations: "claimRelation",
  viewpoints: "viewpoint",
  stances: "stance",
  reviews: "review",
};

/** A JSON value is either a bundle record (`type`), or a schema.org ClaimReview to map. */
export function* recordsOf(value: unknown, at: string): Generator<SourcedRecord | RejectedRecord> {
  const object = value as Record<string, unknown> | null;
  if (object && typeof object === "object" && !Array.isArray(object) && typeof object.type === "string") {
    if (!(RECORD_ORDER as readonly string[]).includes(object.type)) {
      yield { at, path: `${at}/type`, code: "INVALID", reason: `unknown record type ${JSON.stringify(object.type)}` };
      return;
    }
    yield { record: object as unknown as BundleRecord, at };
    return;
  }
  if (object && typeof object === "object" && ("@type" in object || "@graph" in object || "@context" in object)) {
    for (const { doc, pointer } of claimReviewDocuments(value)) {
      const mapped = claimReviewToRecords(doc, pointer);
      if ("error" in mapped) {
        yield { at: `${at}${pointer}`, path: mapped.error.pointer, code: "INVALID", reason: mapped.error.reason };
      } else {
        for (const record of mapped.records) yield { record, at: `${at}${pointer}` };
      }
    }
    return;
  }
  if (object && typeof object === "object" && (object as { format?: unknown }).format === "claimbase-bundle") {
    // A whole bundle on one line (or a header line): its sections, in dependency order.
    for (const [section, type] of Object.entries(SECTIONS)) {
      const list = (object as Record<string, unknown>)[section];
      if (!Array.isArray(list)) continue;
      for (const [i, value] of list.entries())
        yield* recordsOf({ ...(value as object), type }, `${at}/${section}/${i}`);
    }
    return;
  }
  yield { at, path: at, code: "INVALID", reason: "not a bundle record (no `type`) nor a schema.org ClaimReview" };
}

/** NDJSON: one JSON value per line; blank lines are skipped. */
export async function* ndjsonRecords(input: Readable): AsyncGenerator<SourcedRecord | RejectedRecord> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { at: `line ${n}`, path: `line ${n}`, code: "INVALID", reason: "not valid JSON" };
      continue;
    }
    yield* recordsOf(value, `line ${n}`);
  }
}

async function* streamedArray(open: () => Readable, filter: string | null, base: string) {
  const pipeline = filter
    ? chain([open(), parser(), pick({ filter }), streamArray()])
    : chain([open(), parser(), streamArray()]);
  for await (const { key, value } of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
    yield { value, at: `${base}/${key}` };
  }
}

/** Looks at the first non-blank character(s) to tell a JSON document from NDJSON. */
async function sniff(file: string): Promise<"json-array" | "json-object" | "ndjson"> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    const trimmed = head.trimStart();
    if (trimmed.startsWith("[")) return "json-array";
    // One object per line is NDJSON; a pretty-printed object spans lines before it closes.
    const firstLine = trimmed.split("\n", 1)[0]!;
    try {
      JSON.parse(firstLine);
      return "ndjson";
    } catch {
      return "json-object";
    }
  } finally {
    await handle.close();
  }
}

/** Records of a file: NDJSON, a JSON bundle, a ClaimReview array or `@graph`, or one ClaimReview. */
export async function* fileRecords(file: string): AsyncGenerator<SourcedRecord | RejectedRecord> {
  const kind = await sniff(file);
  const stream = () => createReadStream(file);
  if (kind === "ndjson") {
    yield* ndjsonRecords(stream());
    return;
  }
  if (kind === "json-array") {
    for await (const { value, at } of streamedArray(stream, null, "")) yield* recordsOf(value, at);
    return;
  }
  // An object: a bundle (sections, streamed one at a time), a ClaimReview @graph, or one ClaimReview.
  const { isBundle, isGraph } = await topLevelKeys(stream());
  if (isBundle) {
    for (const [section, type] of Object.entries(SECTIONS)) {
      for await (const { value, at } of streamedArray(stream, section, `/${section}`)) {
        yield* recordsOf({ ...(value as object), type }, at);
      }
    }
    return;
  }
  if (isGraph) {
    for await (const { value, at } of streamedArray(stream, "@graph", "/@graph")) yield* recordsOf(value, at);
    return;
  }
  const text = await readFile(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    yield { at: "", path: "", code: "INVALID", reason: "not valid JSON or NDJSON" };
    return;
  }
  yield* recordsOf(value, "");
}

/** Scans a JSON object's top-level keys as tokens (constant memory) to tell a bundle from a @graph. */
async function topLevelKeys(input: Readable): Promise<{ isBundle: boolean; isGraph: boolean }> {
  let depth = 0;
  let key: string | null = null;
  let isBundle = false;
  let isGraph = false;
  const tokens = chain([input, parser({ packValues: true, streamValues: false })]);
  try {
    for await (const token of tokens as AsyncIterable<{ name: string; value?: unknown }>) {
      if (token.name === "startObject" || token.name === "startArray") depth += 1;
      else if (token.name === "endObject" || token.name === "endArray") depth -= 1;
      else if (depth === 1 && token.name === "keyValue") {
        key = token.value as string;
        if (key === "@graph") isGraph = true;
      } else if (depth === 1 && key === "format" && token.name === "stringValue") {
        isBundle = token.value === "claimbase-bundle";
      }
      if (isBundle || isGraph) break;
    }
  } catch {
    // Malformed JSON: the caller parses the file whole and reports it.
  } finally {
    input.destroy();
  }
  return { isBundle, isGraph };
}

function describe(error: unknown, at: string): RejectedRecord {
  if (error instanceof RecordError) return { at, path: error.path, code: error.code, reason: error.message };
  if (isConstraintViolation(error)) {
    return {
      at,
      path: at,
      code: "INVALID",
      reason: `refused by the database (${error.constraint ?? error.code}): ${error.message}`,
    };
  }
  throw error;
}

export async function importRecords(
  db: Database,
  records: AsyncIterable<SourcedRecord | RejectedRecord>,
  options: ImportOptions,
): Promise<ImportReport> {
  const maxRejected = options.maxRejected ?? 100;
  const client = await db.pool.connect();
  const report: ImportReport = {
    dryRun: options.dryRun ?? false,
    applied: false,
    records: 0,
    counts: {},
    unchanged: true,
    rejected: [],
    rejectedTruncated: false,
  };
  const reject = (entry: RejectedRecord) => {
    if (report.rejected.length < maxRejected) report.rejected.push(entry);
    else report.rejectedTruncated = true;
  };
  let failed = false;
  try {
    await client.query("BEGIN");
    const writer = new Writer(client, options.actor);
    const texts = async (name: string) => {
      if (!options.baseDir) throw new RecordError("textFile", "INVALID", "textFile is only allowed in bundle files");
      const file = path.resolve(options.baseDir, name);
      if (!file.startsWith(path.resolve(options.baseDir) + path.sep)) {
        throw new RecordError("textFile", "INVALID", "must name a file inside the bundle's folder");
      }
      return readFile(file, "utf8");
    };
    for await (const item of records) {
      if (!("record" in item)) {
        failed = true;
        reject(item);
        continue;
      }
      report.records += 1;
      const { record, at } = item;
      await client.query("SAVEPOINT record");
      try {
        switch (record.type) {
          case "entity":
            await writer.entity(record, at);
            break;
          case "source":
            await writer.source(record, at, texts);
            break;
          case "entityRelation":
            await writer.entityRelation(record, at);
            break;
          case "claim":
            await writer.claim(record, at);
            break;
          case "claimRelation":
            await writer.claimRelation(record, at);
            break;
          case "viewpoint":
            await writer.viewpoint(record, at);
            break;
          case "stance":
            await writer.stance(record, at);
            break;
          case "review":
            await writer.review(record, at);
            break;
        }
        await client.query("RELEASE SAVEPOINT record");
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT record");
        failed = true;
        reject(describe(error, at));
      }
    }
    report.counts = writer.counts;
    report.unchanged = Object.values(writer.counts).every((c) => c.created === 0 && c.updated === 0);
    if (failed || report.dryRun) {
      await client.query("ROLLBACK");
    } else {
      await client.query("COMMIT");
      report.applied = true;
    }
    return report;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function importFile(
  db: Database,
  file: string,
  options: Omit<ImportOptions, "baseDir">,
): Promise<ImportReport> {
  return importRecords(db, fileRecords(file), { ...options, baseDir: path.dirname(path.resolve(file)) });
}

/** The same for an uploaded body (HTTP): NDJSON streamed from the request; JSON spooled by the caller. */
export function streamRecords(input: Readable): AsyncGenerator<SourcedRecord | RejectedRecord> {
  return ndjsonRecords(input);
}
