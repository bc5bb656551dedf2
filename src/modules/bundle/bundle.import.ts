import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { type FileHandle, open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { type Readable } from "node:stream";
import { chain } from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/Pick";
import { streamArray } from "stream-json/streamers/StreamArray";
import type pg from "pg";
import type { Database } from "../../db/database";
import type { Commits, Deadline } from "../../context-types";
import { matchThresholdsSetting } from "../../config";
import { queryRows } from "../../db/sql";
import { COMMIT_MARKER } from "../../db/changes";
import { claimReviewDocuments, claimReviewToRecords } from "../claimreview";
import { likelyDuplicatesSql } from "../matching";
import { isConstraintViolation, isDataException, RecordError } from "../../shared/errors";
import { ImportRefusal, importLimitsFromEnv, recordTooLarge } from "./bundle.limits";
import { invalidUtf8At, invalidUtf8InFile, splitLines, startsWithBom } from "./bundle.lines";
import { capTokens, RecordTooDeep, type Token } from "./bundle.tokens";
import { RECORD_ORDER, type RecordType, type RejectedRecord, type UncheckedRecord } from "./bundle.types";
import { recordValidator } from "./bundle.validate";
import { type EntityMatch, UPSERT } from "../../shared/write-session";
import { type Actor, type Outcome, Writer } from "./bundle.writer";

/**
 * Imports a file all-or-nothing: every record is applied inside one transaction, each under a
 * savepoint so a bad record is reported (with its line or JSON pointer) and the rest are still
 * checked; if any record was rejected, or on a dry run, the transaction is rolled back.
 *
 * Inputs are read as streams: NDJSON line by line; JSON arrays (ClaimReview lists, `@graph`) and the
 * sections of a JSON bundle element by element (stream-json), so memory does not grow with the file.
 * No line or element may pass IMPORT_MAX_RECORD_BYTES (bundle.limits.ts): each is counted while it
 * streams in and refused before it is assembled. Input is read from a file (uploads are spooled
 * first), so a transaction lost to a deadlock can be run again from the start.
 */

export type ImportFormat = "bundle" | "claimreview";

export interface SourcedRecord {
  /** Not yet validated: importRecords checks it against its type's schema before writing it. */
  record: UncheckedRecord;
  /** Where the record came from: `line 12`, or a JSON pointer such as `/claims/3`. */
  at: string;
  /** An entity whose slug was made from its name (ClaimReview): an existing entity of that name is used. */
  slugFromName?: boolean;
}

/** The records of an input, read afresh at each call: an import that has to start over reads them again. */
export type RecordSource = () => AsyncIterable<SourcedRecord | RejectedRecord>;

export type { RejectedRecord };

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
  /**
   * Entity records that met an existing entity under another slug, by external ID or by name (ignoring
   * case and accents): resolved to it (`used`), or created and reported as a near miss.
   */
  entityMatches: EntityMatch[];
  /** More entity matches were found than are listed. */
  entityMatchesTruncated: boolean;
  /**
   * Claims this import created that score MATCH (docs/matching.md) against another claim with another
   * fingerprint: likely the same claim, reported, not merged. Only the first 200 claims created are
   * checked; `likelyDuplicatesTruncated` says when more were created. Empty when the import failed.
   */
  likelyDuplicates: LikelyDuplicate[];
  likelyDuplicatesTruncated: boolean;
}

export interface LikelyDuplicate {
  /** Where the created claim's record is. */
  at: string;
  claimId: string;
  /** The existing (or also imported) claim it matches. */
  matchId: string;
  score: number;
}

/** Created claims checked for likely duplicates, at about 5 to 15 ms each (docs/matching.md). */
const DUPLICATE_CHECK_MAX = 200;

/**
 * The most per-object events an import appends to the outbox (docs/live.md): a bulk load of 100,000
 * records must not flood every subscriber and webhook with 100,000 messages. Past the bound, the
 * import's one ImportCompleted summary event (always written when the import changed anything) carries
 * the counts by type and `eventsOmitted`; a reader who needs every object re-reads the topic.
 */
export const IMPORT_EVENTS_MAX = 1000;

export interface ImportOptions {
  actor: Actor;
  dryRun?: boolean;
  /** Directory that `textFile` names in a bundle resolve against (files only). */
  baseDir?: string;
  maxRejected?: number;
  /** Score from which a created claim is reported as a likely duplicate; default CLAIM_MATCH_THRESHOLD (env). */
  matchThreshold?: number;
  /**
   * The request's deadline when the import runs inside a GraphQL request (importBundle): checked just
   * before COMMIT, so a caller already told "503, timed out" never has the import applied behind it.
   */
  deadline?: Deadline;
  /**
   * Where a committed import reports its transaction id (context-types.ts's Commits), so the response
   * cache can wait for its change notifications before the answer leaves; set to null when a COMMIT's
   * outcome is unknown. An import that rolled back (refused records, a dry run) reports nothing.
   */
  commits?: Commits;
}

const SECTIONS: Record<string, RecordType> = {
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
    yield { record: object as UncheckedRecord, at };
    return;
  }
  if (object && typeof object === "object" && ("@type" in object || "@graph" in object || "@context" in object)) {
    const graph = object["@graph"];
    if (Array.isArray(graph)) {
      // claimReviewDocuments skips what is not a ClaimReview; a graph's entry that is not even a node
      // (a nested array, a string) is a mistake in the file, and would otherwise vanish without a word.
      for (const [i, node] of graph.entries()) {
        if (!isNode(node)) yield notANode(node, `${at}/@graph/${i}`);
      }
    }
    for (const { doc, pointer } of claimReviewDocuments(value)) {
      const mapped = claimReviewToRecords(doc, pointer);
      if ("error" in mapped) {
        yield { at: `${at}${pointer}`, path: mapped.error.pointer, code: "INVALID", reason: mapped.error.reason };
      } else {
        for (const record of mapped.records) {
          const slugFromName = record.type === "entity" ? { slugFromName: true } : {};
          yield { record: record as UncheckedRecord, at: `${at}${pointer}`, ...slugFromName };
        }
      }
    }
    return;
  }
  if (object && typeof object === "object" && (object as { format?: unknown }).format === "claimbase-bundle") {
    // A whole bundle on one line (or a header line): its sections, in dependency order. A misspelled or
    // misshapen section would otherwise be skipped without a word while the rest was applied.
    for (const [key, value] of Object.entries(object)) {
      if (key === "format" || key === "description") continue;
      if (key === "version") {
        if (value !== 1)
          yield { at, path: `${at}/version`, code: "INVALID", reason: "must be 1 (the bundle format's version)" };
      } else if (!(key in SECTIONS)) {
        yield {
          at,
          path: `${at}/${key}`,
          code: "INVALID",
          reason: `not a bundle section (sections: ${Object.keys(SECTIONS).join(", ")})`,
        };
      } else if (!Array.isArray(value)) {
        yield { at, path: `${at}/${key}`, code: "INVALID", reason: "must be an array" };
      }
    }
    for (const [section, type] of Object.entries(SECTIONS)) {
      const list = (object as Record<string, unknown>)[section];
      if (!Array.isArray(list)) continue;
      for (const [i, value] of list.entries()) yield* sectionRecord(value, type, `${at}/${section}/${i}`);
    }
    return;
  }
  yield { at, path: at, code: "INVALID", reason: "not a bundle record (no `type`) nor a schema.org ClaimReview" };
}

/** A record of a bundle section (`entities`, ...), which carries no `type` of its own. */
function* sectionRecord(value: unknown, type: RecordType, at: string): Generator<SourcedRecord | RejectedRecord> {
  if (!isNode(value)) {
    yield { at, path: at, code: "INVALID", reason: "a record must be an object" };
    return;
  }
  yield* recordsOf({ ...value, type }, at);
}

function isNode(value: unknown): value is object {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function notANode(value: unknown, at: string): RejectedRecord {
  const what = Array.isArray(value) ? "a nested array" : `a ${value === null ? "null" : typeof value}`;
  return { at, path: at, code: "INVALID", reason: `${what}: the entries of @graph must be objects (nodes)` };
}

/** One node of a `@graph` read element by element: mapped as a ClaimReview, skipped if it is another node type. */
function* graphNodeRecords(node: unknown, at: string): Generator<SourcedRecord | RejectedRecord> {
  if (!isNode(node)) {
    yield notANode(node, at);
    return;
  }
  // The same rule as for a @graph read whole: claimReviewDocuments yields the node only if it is a ClaimReview.
  for (const { doc } of claimReviewDocuments({ "@graph": node })) {
    const mapped = claimReviewToRecords(doc, at);
    if ("error" in mapped) {
      yield { at, path: mapped.error.pointer, code: "INVALID", reason: mapped.error.reason };
    } else {
      for (const record of mapped.records) yield { record: record as UncheckedRecord, at };
    }
  }
}

/**
 * NDJSON: one JSON value per line; blank lines are skipped, as is a byte order mark before the first.
 * A line is read as bytes and checked as UTF-8 before it is decoded (a decoder would replace invalid
 * bytes with U+FFFD and the damage would be stored); a line past `maxRecordBytes` stops the import.
 */
export async function* ndjsonRecords(
  input: AsyncIterable<Buffer>,
  maxRecordBytes: number,
): AsyncGenerator<SourcedRecord | RejectedRecord> {
  const lines = splitLines(input, maxRecordBytes, (n) => recordTooLarge(`line ${n}`, maxRecordBytes));
  for await (const { number, offset, bytes } of lines) {
    const at = `line ${number}`;
    const skip = number === 1 && startsWithBom(bytes) ? 3 : 0;
    let text = bytes.subarray(skip);
    if (text[text.length - 1] === 0x0d) text = text.subarray(0, -1);
    if (!isUtf8(text)) {
      const byte = skip + invalidUtf8At(text);
      yield {
        at,
        path: at,
        code: "INVALID",
        reason: `not valid UTF-8 at byte ${byte} of the line (byte ${offset + byte} of the input, counting from 0)`,
      };
      continue;
    }
    const line = text.toString("utf8");
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { at, path: at, code: "INVALID", reason: "not valid JSON" };
      continue;
    }
    yield* recordsOf(value, at);
  }
}

/** Where a file's content starts (after a UTF-8 byte order mark), and what it looks like. */
interface Layout {
  kind: "json-array" | "json-object" | "ndjson";
  start: number;
}

/** Looks at the first non-blank character(s) to tell a JSON document from NDJSON. */
/** Whether a newline follows `from` before the end of the file (a trailing one does not count). */
async function hasNewline(handle: FileHandle, from: number): Promise<boolean> {
  const buffer = Buffer.alloc(1024 * 1024);
  for (let position = from; ;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return false;
    const at = buffer.subarray(0, bytesRead).indexOf(10);
    if (at !== -1) {
      const rest = Buffer.alloc(4096);
      const tail = await handle.read(rest, 0, rest.length, position + at + 1);
      return rest.subarray(0, tail.bytesRead).toString("utf8").trim() !== "";
    }
    position += bytesRead;
  }
}

async function sniff(file: string): Promise<Layout> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const start = startsWithBom(buffer.subarray(0, bytesRead)) ? 3 : 0;
    const trimmed = buffer.subarray(start, bytesRead).toString("utf8").trimStart();
    // Nothing but blanks: read as NDJSON, which skips them and finds no record.
    if (trimmed === "" && bytesRead < buffer.length) return { kind: "ndjson", start };
    if (trimmed.startsWith("[")) return { kind: "json-array", start };
    if (!trimmed.includes("\n") && bytesRead === buffer.length) {
      // A first line longer than the sample: pretty-printed JSON never starts so, so it is NDJSON
      // (a long record, then more lines) or one JSON document on a single line, read as a stream.
      return { kind: (await hasNewline(handle, bytesRead)) ? "ndjson" : "json-object", start };
    }
    // One object per line is NDJSON; a pretty-printed object spans lines before it closes.
    const firstLine = trimmed.split("\n", 1)[0]!;
    try {
      JSON.parse(firstLine);
      return { kind: "ndjson", start };
    } catch {
      return { kind: "json-object", start };
    }
  } finally {
    await handle.close();
  }
}

export interface ReadOptions {
  /** The largest line or JSON element, in bytes; default IMPORT_MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
  /** Read as NDJSON whatever the content looks like (an upload sent as application/x-ndjson). */
  ndjson?: boolean;
}

/**
 * Records of a file: NDJSON, a JSON bundle, a ClaimReview array or `@graph`, or one ClaimReview. An
 * input in which nothing at all is found (empty, blank lines, only a bundle header, only nodes that
 * are not ClaimReviews) is rejected as EMPTY, so that it is not taken for a successful import.
 */
export async function* fileRecords(
  file: string,
  options: ReadOptions = {},
): AsyncGenerator<SourcedRecord | RejectedRecord> {
  let found = false;
  for await (const item of readRecords(file, options)) {
    found = true;
    yield item;
  }
  if (!found) yield { at: "", path: "", code: "EMPTY", reason: "the input holds no record" };
}

async function* readRecords(file: string, options: ReadOptions): AsyncGenerator<SourcedRecord | RejectedRecord> {
  const maxRecordBytes = options.maxRecordBytes ?? importLimitsFromEnv().maxRecordBytes;
  const layout: Layout = options.ndjson ? { kind: "ndjson", start: 0 } : await sniff(file);
  if (layout.kind === "ndjson") {
    yield* ndjsonRecords(createReadStream(file) as AsyncIterable<Buffer>, maxRecordBytes);
    return;
  }
  const invalid = await invalidUtf8InFile(file, layout.start);
  if (invalid !== null) {
    const at = `byte ${invalid}`;
    yield {
      at,
      path: at,
      code: "INVALID",
      reason: `not valid UTF-8 at byte ${invalid} of the input (counting from 0)`,
    };
    return;
  }
  const json = { file, start: layout.start, maxRecordBytes };
  if (layout.kind === "json-array") {
    yield* jsonRecords(streamedArray(json, null, ""), "", recordsOf);
    return;
  }
  // An object: a bundle (sections, streamed one at a time), a ClaimReview @graph, or one ClaimReview.
  const { isBundle, isGraph } = await topLevelKeys(file, layout.start);
  if (isBundle) {
    for (const [section, type] of Object.entries(SECTIONS)) {
      const failed = yield* jsonRecords(streamedArray(json, section, `/${section}`), `/${section}`, (value, at) =>
        sectionRecord(value, type, at),
      );
      // Each section's stream parses the whole file: the next ones would report the same fault again.
      if (failed) return;
    }
    return;
  }
  if (isGraph) {
    yield* jsonRecords(streamedArray(json, "@graph", "/@graph"), "/@graph", graphNodeRecords);
    return;
  }
  const { size } = await stat(file);
  if (size - layout.start > maxRecordBytes) {
    throw recordTooLarge("the JSON document (neither a bundle nor a @graph, so read whole)", maxRecordBytes);
  }
  const text = (await readFile(file)).subarray(layout.start).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    yield { at: "", path: "", code: "INVALID", reason: "not valid JSON or NDJSON" };
    return;
  }
  yield* recordsOf(value, "");
}

interface JsonFile {
  file: string;
  start: number;
  maxRecordBytes: number;
}

/** The elements of the array at `filter` (a top-level key), or of the top-level array, each capped in size. */
async function* streamedArray(json: JsonFile, filter: string | null, base: string) {
  const { file, start, maxRecordBytes } = json;
  const capped = capTokens(filter ? 2 : 1, maxRecordBytes, (pointer) => recordTooLarge(pointer, maxRecordBytes));
  const pipeline = chain([
    createReadStream(file, { start }),
    parser({ packValues: false }),
    capped,
    ...(filter ? [pick({ filter })] : []),
    streamArray(),
  ]);
  for await (const { key, value } of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
    yield { value, at: `${base}/${key}` };
  }
}

/**
 * Records of streamed JSON values; malformed JSON becomes one rejection where it was found, not a crash.
 * Returns true when the stream failed so (nothing past that point can be read).
 */
async function* jsonRecords(
  values: AsyncIterable<{ value: unknown; at: string }>,
  where: string,
  toRecords: (value: unknown, at: string) => Iterable<SourcedRecord | RejectedRecord>,
): AsyncGenerator<SourcedRecord | RejectedRecord, boolean> {
  try {
    for await (const { value, at } of values) yield* toRecords(value, at);
    return false;
  } catch (error) {
    // stream-json's errors carry no `code`; the file system's do, and they are not the input's fault.
    if (error instanceof RecordTooDeep) {
      yield { at: error.pointer, path: error.pointer, code: "INVALID", reason: error.message };
      return true;
    }
    if (error instanceof ImportRefusal || (error as { code?: unknown } | null)?.code !== undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const reason = /should be an array/.test(message) ? "must be an array" : `not valid JSON (${message})`;
    yield { at: where, path: where, code: "INVALID", reason };
    return true;
  }
}

/**
 * Scans a JSON object's top-level keys as tokens to tell a bundle from a @graph. Nothing is packed:
 * only keys and the `format` value at the top level are kept, and only their first few KiB, so a
 * value of any size passes through in constant memory.
 */
async function topLevelKeys(file: string, start: number): Promise<{ isBundle: boolean; isGraph: boolean }> {
  let depth = 0;
  let key: string | null = null;
  let text: string[] | null = null;
  let isBundle = false;
  let isGraph = false;
  const input = createReadStream(file, { start });
  const tokens = chain([input, parser({ packValues: false })]);
  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      switch (token.name) {
        case "startObject":
        case "startArray":
          depth += 1;
          break;
        case "endObject":
        case "endArray":
          depth -= 1;
          break;
        case "startKey":
          if (depth === 1) text = [];
          break;
        case "startString":
          if (depth === 1 && key === "format") text = [];
          break;
        case "stringChunk":
          if (text && text.length < 16) text.push(token.value as string);
          break;
        case "endKey":
          if (text) key = text.join("");
          if (key === "@graph") isGraph = true;
          text = null;
          break;
        case "endString":
          if (text) isBundle = text.join("") === "claimbase-bundle";
          text = null;
          break;
      }
      if (isBundle || isGraph) break;
    }
  } catch {
    // Malformed JSON: the caller parses the file whole and reports it.
  } finally {
    input.destroy();
    (tokens as Readable).destroy();
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
  if (isDataException(error)) {
    return {
      at,
      path: at,
      code: "INVALID",
      reason: `a value is malformed or out of range for the database (SQLSTATE ${error.code})`,
    };
  }
  throw error;
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race and may simply be run again. */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

/**
 * Applies records all or nothing. A transaction that loses a deadlock or a serialization race is run
 * again from the first record (reading the source afresh), up to three attempts in all, after a short
 * random pause so that the same two imports do not collide again in step; then the error propagates.
 */
export async function importRecords(
  db: Database,
  records: RecordSource,
  options: ImportOptions,
): Promise<ImportReport> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await importOnce(db, records(), options);
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (attempt >= ATTEMPTS || typeof code !== "string" || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }
}

async function likelyDuplicates(
  client: pg.PoolClient,
  created: { id: string; at: string }[],
  threshold: number,
): Promise<LikelyDuplicate[]> {
  const at = new Map(created.map((claim) => [claim.id, claim.at]));
  const rows = await queryRows<{ claimId: string; matchId: string; score: number }>(
    client,
    likelyDuplicatesSql(
      created.map((claim) => claim.id),
      threshold,
    ),
  );
  // Two new claims alike are one pair: reported once, at the later record.
  const seen = new Set<string>();
  return rows
    .filter((row) => {
      seen.add(`${row.claimId}|${row.matchId}`);
      return !seen.has(`${row.matchId}|${row.claimId}`);
    })
    .map((row) => ({ at: at.get(row.claimId) ?? "", ...row }));
}

async function importOnce(
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
    entityMatches: [],
    entityMatchesTruncated: false,
    likelyDuplicates: [],
    likelyDuplicatesTruncated: false,
  };
  const createdClaims: { id: string; at: string }[] = [];
  const reject = (entry: RejectedRecord) => {
    if (report.rejected.length < maxRejected) report.rejected.push(entry);
    else report.rejectedTruncated = true;
  };
  let failed = false;
  // Until COMMIT is sent, a failure means nothing was written; after, the outcome is unknown.
  let commitSent = false;
  // Set when the connection itself failed: the pool must drop it rather than hand it out again.
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const writer = new Writer(client, options.actor);
    writer.eventLimit = IMPORT_EVENTS_MAX;
    const validator = recordValidator();
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
      const checked = validator.check(item.record, item.at);
      if (!("record" in checked)) {
        failed = true;
        reject(checked);
        continue;
      }
      const { record } = checked;
      const { at } = item;
      await client.query("SAVEPOINT record");
      try {
        switch (record.type) {
          case "entity":
            await writer.entity(record, at, UPSERT, item.slugFromName === true);
            break;
          case "source":
            await writer.source(record, at, texts);
            break;
          case "entityRelation":
            await writer.entityRelation(record, at);
            break;
          case "claim": {
            const applied = await writer.claim(record, at);
            if (applied.outcome === "created") {
              if (createdClaims.length < DUPLICATE_CHECK_MAX) createdClaims.push({ id: applied.id, at });
              else report.likelyDuplicatesTruncated = true;
            }
            break;
          }
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
        // What is not the record's fault (a deadlock, a lost connection) is thrown from here as it is.
        const rejected = describe(error, at);
        await client.query("ROLLBACK TO SAVEPOINT record");
        failed = true;
        reject(rejected);
      }
    }
    report.counts = writer.counts;
    report.entityMatches = writer.entityMatches;
    report.entityMatchesTruncated = writer.entityMatchesTruncated;
    if (!failed && createdClaims.length > 0) {
      report.likelyDuplicates = await likelyDuplicates(
        client,
        createdClaims,
        options.matchThreshold ?? matchThresholdsSetting().match,
      );
    }
    report.unchanged = Object.values(writer.counts).every((c) => c.created === 0 && c.updated === 0);
    if (failed || report.dryRun) {
      await client.query("ROLLBACK");
    } else {
      if (!report.unchanged) {
        const eventsOmitted = writer.eventsOmitted;
        writer.eventLimit = Number.POSITIVE_INFINITY;
        writer.emit({
          type: "ImportCompleted",
          subjectType: "Import",
          subjectId: null,
          payload: { records: report.records, counts: report.counts, eventsOmitted, eventsMax: IMPORT_EVENTS_MAX },
        });
      }
      await writer.commitEvents();
      if (options.deadline?.expired) {
        throw Object.assign(new Error("the request's deadline passed before COMMIT"), { code: "57014" });
      }
      if (options.deadline) options.deadline.committed = true;
      const marked = await client.query<{ x: string }>(COMMIT_MARKER);
      commitSent = true;
      await client.query("COMMIT");
      report.applied = true;
      const txid = marked.rows[0]?.x;
      if (txid && options.commits?.txids) options.commits.txids.push(txid);
    }
    return report;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    if (commitSent && options.commits) options.commits.txids = null;
    throw error;
  } finally {
    client.release(broken);
  }
}

export async function importFile(
  db: Database,
  file: string,
  options: Omit<ImportOptions, "baseDir"> & { maxRecordBytes?: number },
): Promise<ImportReport> {
  const { maxRecordBytes, ...rest } = options;
  return importRecords(db, () => fileRecords(file, { maxRecordBytes }), {
    ...rest,
    baseDir: path.dirname(path.resolve(file)),
  });
}
