import type { Writable } from "node:stream";
import type pg from "pg";
import type { Database } from "../../db/database";
import { type Sql, queryRows, sql } from "../../db/sql";
import { badInput } from "../../shared/errors";
import type { BundleRecord } from "../bundle";
import { filterSql } from "../filter";
import {
  CLAIM_CSV,
  type CsvTable,
  ENTITY_CSV,
  REVIEW_CSV,
  SOURCE_CSV,
  STANCE_CSV,
  VIEWPOINT_CSV,
  LIST_CELLS,
  csvText,
} from "./export.csv";
import { type CoerceOptions, coerceFilter } from "./export.filter";
import {
  JSONLD_HEAD,
  JSONLD_TAIL,
  claimNode,
  claimReviewNodes,
  entityNode,
  reviewNode,
  sourceNode,
} from "./export.jsonld";
import {
  claimRecord,
  claimRelationRecord,
  entityRecord,
  entityRelationRecord,
  reviewRecord,
  sourceRecord,
  stanceRecord,
  viewpointRecord,
} from "./export.ndjson";
import type {
  ClaimRelationRow,
  ClaimRow,
  EntityRelationRow,
  EntityRow,
  ReviewRow,
  SourceRow,
  StanceRow,
  ViewpointRow,
} from "./export.rows";
import {
  BATCH_SIZE,
  CLAIMS,
  CLAIM_RELATIONS,
  ENTITIES,
  ENTITY_RELATIONS,
  type ListQuery,
  REVIEWS,
  SOURCES,
  SOURCES_OUT_OF_ORDER,
  STANCES,
  VIEWPOINTS,
  batchSql,
  sourcesByDepthSql,
} from "./export.sql";
import {
  CSV_DEFAULTS,
  CSV_FLAVORS,
  CSV_LISTS,
  type CsvOptions,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  ExportAborted,
  type ExportFormat,
  type ExportRequest,
  ExportStalled,
  type ExportResult,
  type ExportType,
  FILTER_TYPES,
  SUPPORTED_FORMATS,
  UnsupportedExport,
  isExportFormat,
  isExportType,
} from "./export.types";

/**
 * Streams an export: rows are read in keyset batches of BATCH_SIZE inside one REPEATABLE READ, READ
 * ONLY transaction (a consistent snapshot, so a bundle's references always resolve), each batch is
 * rendered and written, and the next batch is read only once the output has taken it ('drain').
 * Memory holds one batch, whatever the table size. The caller owns `out` and ends it.
 */

export interface ExportPlan {
  type: ExportType;
  format: ExportFormat;
  /** The compiled filter over alias `t` (TRUE without one). */
  where: Sql;
  /** How CSV is written (the defaults for other formats, where it is unused). */
  csv: CsvOptions;
}

export interface ExportOptions {
  /** Stops the export between batches (and while waiting for the output to drain). */
  signal?: AbortSignal;
  /**
   * Abandons the export (ExportStalled) once its output has taken no bytes for this long. Absent: it
   * waits as long as the reader takes (a pager, a paused pipe), and the session's idle-in-transaction
   * timeout is lifted for its transaction, which would otherwise end the export in the reader's stead.
   */
  stallTimeoutMs?: number;
  /**
   * Called once, just before the first byte is written (or on success, when nothing was): a failure
   * before it (no connection, a first batch that fails) leaves the output untouched, so the HTTP
   * route can still answer with a status of its choosing.
   */
  onStart?: () => void;
}

/** A client's type or format, quoted back without letting it make the message long. */
function quoted(value: unknown): string {
  const text = JSON.stringify(String(value));
  return text.length > 60 ? `${text.slice(0, 58)}…"` : text;
}

/**
 * Checks a request and compiles its filter, before anything is written: an unknown type or format,
 * or a pair that is not offered, is UnsupportedExport; a bad filter is a BAD_USER_INPUT GraphQLError.
 */
export function prepareExport(request: ExportRequest, options: CoerceOptions = {}): ExportPlan {
  const { type, format } = request;
  if (!isExportType(type)) {
    throw new UnsupportedExport(`there is no ${quoted(type)} export; types: ${EXPORT_TYPES.join(", ")}`);
  }
  if (!isExportFormat(format)) {
    throw new UnsupportedExport(`there is no ${quoted(format)} format; formats: ${EXPORT_FORMATS.join(", ")}`);
  }
  if (!SUPPORTED_FORMATS[type].includes(format)) {
    throw new UnsupportedExport(`${type} cannot be exported as ${format}; use ${SUPPORTED_FORMATS[type].join(" or ")}`);
  }
  const csv = csvOptions(format, request.csv);
  if (type === "bundle") {
    if (request.filter !== undefined && request.filter !== null) {
      throw badInput("a bundle is the whole database: it takes no filter", { argument: "filter" });
    }
    return { type, format, where: sql`TRUE`, csv };
  }
  const filterType = FILTER_TYPES[type];
  return { type, format, where: filterSql(filterType, coerceFilter(filterType, request.filter, options)), csv };
}

/** The CSV options of a request, checked, with the defaults filled in; refused for other formats. */
function csvOptions(format: ExportFormat, given: Partial<CsvOptions> = {}): CsvOptions {
  const named = Object.entries(given)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  if (format !== "csv" && named.length > 0) {
    throw badInput(
      `${named.join(", ")}: ${named.length > 1 ? "these options apply" : "this option applies"} to CSV only`,
      {
        argument: named[0],
      },
    );
  }
  const flavor = given.flavor ?? CSV_DEFAULTS.flavor;
  if (!(CSV_FLAVORS as readonly string[]).includes(flavor)) {
    throw badInput(`there is no ${quoted(flavor)} CSV flavor; flavors: ${CSV_FLAVORS.join(", ")}`, {
      argument: "flavor",
    });
  }
  const lists = given.lists ?? CSV_DEFAULTS.lists;
  if (!(CSV_LISTS as readonly string[]).includes(lists)) {
    throw badInput(`lists must be ${CSV_LISTS.join(" or ")}, not ${quoted(lists)}`, { argument: "lists" });
  }
  for (const name of ["bom", "escapeFormulas"] as const) {
    if (given[name] !== undefined && typeof given[name] !== "boolean") {
      throw badInput(`${name} must be true or false`, { argument: name });
    }
  }
  return {
    flavor,
    bom: given.bom ?? flavor === "excel",
    escapeFormulas: given.escapeFormulas ?? CSV_DEFAULTS.escapeFormulas,
    lists,
  };
}

/** Validates, then streams `request` to `out`. Resolves with the number of records written. */
export async function exportTo(
  db: Database,
  request: ExportRequest,
  out: Writable,
  options: ExportOptions = {},
): Promise<ExportResult> {
  return runExport(db, prepareExport(request), out, options);
}

// ---- output -------------------------------------------------------------------------------------

const CHUNK = 64 * 1024;
/**
 * Largest single write. The output's progress is seen when a write completes, so a reader that takes
 * a few hundred bytes a second still completes one well within the stall deadline.
 */
const PIECE = 16 * 1024;

interface SinkOptions extends ExportOptions {
  /**
   * Called when the output takes a write while the export waits on it, the only time the connection
   * is idle; a statement it sends (its promise) is awaited before the export goes on.
   */
  keepAlive?: () => Promise<void> | undefined;
}

/** Collects text into chunks of about 64 KiB and writes them honouring backpressure. */
class Sink {
  private parts: string[] = [];
  private size = 0;
  private started = false;
  /** When a write last completed (performance.now()). */
  private progressAt = 0;
  private waiting = false;
  private keepingAlive: Promise<void> | undefined;

  constructor(
    private readonly out: Writable,
    private readonly options: SinkOptions = {},
  ) {}

  async push(text: string): Promise<void> {
    if (text.length === 0) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    // Cut as bytes: a string cut between the halves of a surrogate pair would encode as two U+FFFD.
    const chunk = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.size = 0;
    for (let at = 0; at < chunk.length; at += PIECE) await this.write(chunk.subarray(at, at + PIECE));
  }

  /** Writes what is left; the output is started even when the export had nothing to write. */
  async finish(): Promise<void> {
    await this.flush();
    this.start();
  }

  check(): void {
    if (this.options.signal?.aborted || this.out.destroyed || this.out.writableEnded) throw new ExportAborted();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.options.onStart?.();
  }

  private readonly progressed = (error?: Error | null): void => {
    if (error) return;
    this.progressAt = performance.now();
    if (!this.waiting || this.keepingAlive) return;
    this.keepingAlive = this.options.keepAlive?.()?.finally(() => {
      this.keepingAlive = undefined;
    });
  };

  private async write(piece: Buffer): Promise<void> {
    this.check();
    this.start();
    if (this.out.write(piece, this.progressed)) return;
    this.waiting = true;
    try {
      await this.drained();
    } finally {
      this.waiting = false;
      // One statement at a time on the connection: the next batch waits for a keep-alive in flight.
      await this.keepingAlive;
    }
  }

  /** Waits for 'drain'; fails on close, abort or error, and when the output stalls past the deadline. */
  private drained(): Promise<void> {
    const { out } = this;
    const { signal, stallTimeoutMs = 0 } = this.options;
    const waitingSince = performance.now();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (error?: Error) => {
        clearTimeout(timer);
        out.off("drain", onDrain);
        out.off("close", onClose);
        out.off("error", onError);
        signal?.removeEventListener("abort", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new ExportAborted());
      const onError = (error: Error) => settle(error);
      // Measured from the later of the last completed write and the start of this wait: time spent
      // reading the database is not the reader's.
      const watch = (delay: number) => {
        timer = setTimeout(() => {
          const idle = performance.now() - Math.max(this.progressAt, waitingSince);
          if (idle >= stallTimeoutMs) settle(new ExportStalled(stallTimeoutMs));
          else watch(stallTimeoutMs - idle);
        }, delay);
      };
      out.on("drain", onDrain);
      out.on("close", onClose);
      out.on("error", onError);
      signal?.addEventListener("abort", onClose);
      if (stallTimeoutMs > 0) watch(stallTimeoutMs);
    });
  }
}

// ---- reading ------------------------------------------------------------------------------------

/**
 * Reads batches in keyset order until one comes back short, handing each to `each` before reading
 * the next (so a slow reader slows the reads, and nothing accumulates).
 */
async function eachBatch<Row, Key>(
  client: pg.PoolClient,
  sink: Sink,
  start: Key,
  statement: (after: Key) => Sql,
  keyOf: (row: Row) => Key,
  each: (rows: Row[]) => Promise<void>,
): Promise<number> {
  let after = start;
  let count = 0;
  for (;;) {
    sink.check();
    const rows = await queryRows<Row>(client, statement(after));
    if (rows.length === 0) break;
    await each(rows);
    count += rows.length;
    if (rows.length < BATCH_SIZE) break;
    after = keyOf(rows[rows.length - 1]!);
  }
  return count;
}

function bySeq<Row extends { seq: number }>(
  client: pg.PoolClient,
  sink: Sink,
  query: ListQuery,
  format: ExportFormat,
  where: Sql,
  each: (rows: Row[]) => Promise<void>,
): Promise<number> {
  return eachBatch<Row, number>(
    client,
    sink,
    0,
    (after) => batchSql(query, format, where, after),
    (row) => row.seq,
    each,
  );
}

// ---- per type -----------------------------------------------------------------------------------

interface TypeExport<Row> {
  query: ListQuery;
  record: (row: Row) => BundleRecord;
  csv: CsvTable<Row>;
  /** Graph nodes for a row; absent: no JSON-LD for this type. */
  jsonld?: (row: Row) => Record<string, unknown>[];
}

const TYPES: { [T in Exclude<ExportType, "bundle">]: TypeExport<never> } = {
  entities: typeExport<EntityRow>({
    query: ENTITIES,
    record: entityRecord,
    csv: ENTITY_CSV,
    jsonld: (r) => [entityNode(r)],
  }),
  claims: typeExport<ClaimRow>({
    query: CLAIMS,
    record: claimRecord,
    csv: CLAIM_CSV,
    jsonld: (r) => [claimNode(r), ...claimReviewNodes(r)],
  }),
  sources: typeExport<SourceRow>({
    query: SOURCES,
    record: sourceRecord,
    csv: SOURCE_CSV,
    jsonld: (r) => [sourceNode(r)],
  }),
  viewpoints: typeExport<ViewpointRow>({ query: VIEWPOINTS, record: viewpointRecord, csv: VIEWPOINT_CSV }),
  stances: typeExport<StanceRow>({ query: STANCES, record: stanceRecord, csv: STANCE_CSV }),
  reviews: typeExport<ReviewRow>({
    query: REVIEWS,
    record: reviewRecord,
    csv: REVIEW_CSV,
    jsonld: (r) => [reviewNode(r)],
  }),
};

function typeExport<Row>(spec: TypeExport<Row>): TypeExport<never> {
  return spec as unknown as TypeExport<never>;
}

const line = (record: unknown) => `${JSON.stringify(record)}\n`;

async function writeType(client: pg.PoolClient, plan: ExportPlan, sink: Sink): Promise<number> {
  const spec = TYPES[plan.type as Exclude<ExportType, "bundle">] as unknown as TypeExport<{ seq: number }>;
  const read = (each: (rows: { seq: number }[]) => Promise<void>) =>
    bySeq(client, sink, spec.query, plan.format, plan.where, each);
  switch (plan.format) {
    case "ndjson":
      return read(async (rows) => {
        for (const row of rows) await sink.push(line(spec.record(row)));
      });
    case "csv": {
      const list = LIST_CELLS[plan.csv.lists];
      await sink.push(await csvText(spec.csv.columns, [], true, plan.csv));
      return read(async (rows) => {
        const cells = rows.map((row) => spec.csv.row(row, list));
        await sink.push(await csvText(spec.csv.columns, cells, false, plan.csv));
      });
    }
    case "jsonld": {
      const nodes = spec.jsonld!;
      let first = true;
      await sink.push(JSONLD_HEAD);
      const count = await read(async (rows) => {
        for (const row of rows) {
          for (const node of nodes(row)) {
            await sink.push(`${first ? "" : ",\n"}${JSON.stringify(node)}`);
            first = false;
          }
        }
      });
      await sink.push(JSONLD_TAIL);
      return count;
    }
  }
}

/** The bundle header line: the importer skips it, and recognizes the file by it. */
export const BUNDLE_HEADER = { format: "claimbase-bundle", version: 1 } as const;

/** Every record of every type, in the importer's dependency order (RECORD_ORDER). */
async function writeBundle(client: pg.PoolClient, sink: Sink): Promise<number> {
  await sink.push(line(BUNDLE_HEADER));
  const all = sql`TRUE`;
  const emit =
    <Row>(record: (row: Row) => BundleRecord) =>
    async (rows: Row[]) => {
      for (const row of rows) await sink.push(line(record(row)));
    };
  let count = 0;
  count += await bySeq<EntityRow>(client, sink, ENTITIES, "ndjson", all, emit(entityRecord));
  // A source must follow the source it derives from. Seq order gives that unless a derivation was
  // changed to point at a later source; then sources go by derivation depth.
  const [{ outOfOrder }] = (await queryRows<{ outOfOrder: boolean }>(client, SOURCES_OUT_OF_ORDER)) as [
    { outOfOrder: boolean },
  ];
  if (outOfOrder) {
    count += await eachBatch<SourceRow & { depth: number }, { depth: number; seq: number }>(
      client,
      sink,
      { depth: -1, seq: 0 },
      (after) => sourcesByDepthSql(after),
      (row) => ({ depth: row.depth, seq: row.seq }),
      emit(sourceRecord),
    );
  } else {
    count += await bySeq<SourceRow>(client, sink, SOURCES, "ndjson", all, emit(sourceRecord));
  }
  count += await bySeq<EntityRelationRow>(client, sink, ENTITY_RELATIONS, "ndjson", all, emit(entityRelationRecord));
  count += await bySeq<ClaimRow>(client, sink, CLAIMS, "ndjson", all, emit(claimRecord));
  count += await bySeq<ClaimRelationRow>(client, sink, CLAIM_RELATIONS, "ndjson", all, emit(claimRelationRecord));
  count += await bySeq<ViewpointRow>(client, sink, VIEWPOINTS, "ndjson", all, emit(viewpointRecord));
  count += await bySeq<StanceRow>(client, sink, STANCES, "ndjson", all, emit(stanceRecord));
  count += await bySeq<ReviewRow>(client, sink, REVIEWS, "ndjson", all, emit(reviewRecord));
  return count;
}

/**
 * PostgreSQL ends a session left idle in a transaction after idle_in_transaction_session_timeout, and
 * an export's transaction is idle between batches for as long as its reader takes to accept one batch:
 * minutes, for a slow reader of large rows. While the reader keeps taking bytes, a `SELECT 1` every
 * quarter of that timeout keeps the session; a reader that stops taking bytes sends none, so the
 * stall deadline still ends the export first (keep it under three quarters of the timeout).
 */
function keepAlive(client: pg.PoolClient, timeoutMs: number): () => Promise<void> | undefined {
  const every = timeoutMs / 4;
  let last = performance.now();
  return () => {
    if (performance.now() - last < every) return undefined;
    last = performance.now();
    // A broken connection is reported by the next real statement.
    return client.query("SELECT 1").then(
      () => undefined,
      () => undefined,
    );
  };
}

const IDLE_TIMEOUT = sql`SELECT setting::int AS ms FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'`;

/** Inside the export's transaction: keep-alives under a stall deadline, else no idle timeout at all. */
async function keepAliveFor(
  client: pg.PoolClient,
  options: ExportOptions,
): Promise<(() => Promise<void> | undefined) | undefined> {
  if (!options.stallTimeoutMs) {
    await client.query("SET LOCAL idle_in_transaction_session_timeout = 0");
    return undefined;
  }
  const [setting] = await queryRows<{ ms: number }>(client, IDLE_TIMEOUT);
  return setting && setting.ms > 0 ? keepAlive(client, setting.ms) : undefined;
}

/** Streams a prepared export to `out` (see prepareExport). Does not end `out`. */
export async function runExport(
  db: Database,
  plan: ExportPlan,
  out: Writable,
  options: ExportOptions = {},
): Promise<ExportResult> {
  if (options.signal?.aborted || out.destroyed || out.writableEnded) throw new ExportAborted();
  const client = await db.pool.connect();
  let discard: Error | undefined;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const sink = new Sink(out, { ...options, keepAlive: await keepAliveFor(client, options) });
    const records = plan.type === "bundle" ? await writeBundle(client, sink) : await writeType(client, plan, sink);
    await sink.finish();
    await client.query("COMMIT");
    return { records };
  } catch (error) {
    // A connection that cannot even roll back is discarded rather than returned to the pool.
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      discard = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(discard);
  }
}
