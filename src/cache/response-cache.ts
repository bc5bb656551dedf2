import { createHash } from "node:crypto";
import { type ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { LRUCache } from "lru-cache";
import pg from "pg";
import type { Context } from "../context";
import { LSN_HEADER, parseLsn } from "../db/replicas";
import { CHANGE_CHANNEL, CHANGE_FEED_APPLICATION } from "../db/changes";
import type { TableTags } from "../db/reads";
import type { Logger } from "../shared/logger";
import { selectedColumns } from "../shared/read-columns";

/**
 * A cache of whole query answers, kept correct under writes.
 *
 * Readers of a story ask the same questions again and again (a frontend renders the same page for every
 * visitor), so a query's answer is kept, keyed by the caller, the operation and its variables, and served
 * again without running it, until something it read changes.
 *
 * What an answer read (its tags) is gathered while it runs. Every statement a request sends goes through
 * its counting handle (db/pool.ts), carrying a description of what it reads (db/reads.ts): per table,
 * either some rows by id (a lookup: `entity(id:)`, a to-one edge) or any row (a scan: a list, a child
 * list, a lookup by slug), and for a scan the columns its FROM, WHERE, ORDER BY and parent key use (the
 * read specs, the filter model's relation and column declarations, visibility such as
 * `merged_into_id IS NULL` or `retracted_at`). The columns the answer shows are added from the
 * operation's selection through the model declarations (shared/read-columns.ts): a field a model does
 * not declare counts as reading its whole table. Raw SQL that cannot say more describes its tables with
 * any column; a statement that describes nothing at all (any other call) marks the answer "reads
 * everything", dropped by any change: the default is safe, and it sits where every statement passes.
 *
 * Writes announce what they changed. Every content table has four statement triggers (insert, update,
 * delete, truncate; prisma/migrations/20261216000000_change_rows) that compute, from transition tables,
 * the ids of the rows touched and, for an update, the columns whose value changed, and notify the
 * PostgreSQL channel `claimbase_change` at commit, whoever writes: this process, another replica, the
 * import CLI, psql. A statement over more rows than a message can name (a bulk import), a link table
 * without ids, or a message past NOTIFY's size sends a coarse message (no ids, or no columns), which
 * invalidates more, never less. A dedicated connection LISTENs. A change of table T, rows R, columns C
 * drops an answer that:
 * - looked up a row of T by id in R (found or not), whatever columns changed (see `affects`);
 * - scanned T, for an insert, delete or truncate (a row may enter or leave any scan), or for an update
 *   whose C meets the columns the scan depends on;
 * - reads everything.
 * Unknown ids or columns (coarse messages) match every row or column of T; an unreadable message (the
 * migration runner's, an old trigger's) matches everything. Entries are indexed by table, so a change
 * looks only at the answers that read its table.
 *
 * Correctness rules, each tested in tests/integration/response-cache.test.ts:
 * - An answer is stored only if no change that affects its tags arrived between the start of its request
 *   (before any of its SQL ran) and its end: a write committed meanwhile may or may not be in it. Recent
 *   changes are kept in a log with their stamps for this check; a request older than the log stores nothing.
 * - A mutation or import answered by this process leaves no stale answer for its client's next read
 *   through this server: its transaction ends with a commit marker naming its transaction id
 *   (db/changes.ts), which PostgreSQL delivers after the transaction's change notifications, and the
 *   answer waits (at most `commitWaitMs`) until the marker has arrived. A late marker, a marker saying a
 *   change trigger was off (writes may have gone unannounced), a COMMIT whose outcome is unknown, or a
 *   mutation that writes through a path that does not report its transaction (the webhook settings)
 *   drops everything instead. A request that committed nothing (refused, rolled back, nothing to
 *   change) drops nothing. Another replica's write is seen when its notification arrives here
 *   (PostgreSQL sends it at commit; milliseconds on one network).
 * - While the LISTEN connection is down (or its heartbeat fails), nothing is read from or written to the
 *   cache: requests run as if it did not exist. Reconnecting drops everything first, since changes may
 *   have been missed meanwhile.
 * - Only queries are cached, only complete answers (no errors), per caller: anonymous callers share
 *   answers; each API key has its own. Limits, rate limits, logging and metrics still run for every
 *   request: the cache sits in Apollo's `responseForOperation` hook, after validation and the cost check.
 * - Entries also expire after a time to live, a bound on staleness should a notification be lost without
 *   the connection noticing.
 * - With read replicas (db/replicas.ts), a query may run on a replica that has not yet replayed a write
 *   whose notification already arrived here (the primary notifies at commit; the replica replays
 *   later). Its answer would be stored after the invalidation and served as current until the next
 *   one. So each notification is followed, on the LISTEN connection, by a read of the primary's WAL
 *   insert LSN: an upper bound of the notifying commit's LSN (the "barrier"). An answer computed on a
 *   replica is stored only if the replica's replay LSN when the request was routed (a lower bound of
 *   what it read) is at or past the barrier; until the barrier is known, no replica answer is stored.
 *   Answers computed on the primary follow the first rule alone. A request that carries a write's LSN
 *   (read-your-writes) is never answered from the cache: that write's notification may not have
 *   reached this process yet (another service replica took it), and the answers kept here would
 *   predate it. It still runs on a replica only if that replica has replayed the write.
 *
 * Measured with bench/traffic.ts (docs/performance.md, "The response cache"): with 5 editorial writes/s
 * outside the read set, the hit ratio stays near the no-write one instead of falling to a few percent.
 *
 * Apollo's own response-cache plugin (@apollo/server-plugin-response-cache) caches by time only, from
 * `@cacheControl` hints (which need the cache-control plugin that wraps every resolver, turned off here
 * for its cost: see server.ts); it has no invalidation on writes. Hence this plugin; the store is lru-cache.
 */

export interface ResponseCacheOptions {
  /** Total size of the cached answers in memory (estimated: twice their JSON), in bytes. */
  maxBytes: number;
  /** Entries older than this are not served. */
  ttlMs: number;
  /** Connection settings of the LISTEN connection (the pool's). */
  connection: pg.ClientConfig;
  logger: Logger;
  /** How often the LISTEN connection is checked with a round trip. */
  heartbeatMs?: number;
  /** First and longest wait between reconnection attempts. */
  retryMs?: { min: number; max: number };
  /** Longest wait for a mutation's own commit notification before dropping everything instead. */
  commitWaitMs?: number;
}

const LONG_KEY = 512;
/** Changes remembered for the check at store time; a request older than the oldest stores nothing. */
const LOG_SIZE = 2_000;
/** Commit markers remembered, for a mutation that asks after its marker already arrived. */
const MARKERS_KEPT = 1_000;

/**
 * One change, as a notification announces it (prisma/migrations/20261216000000_change_rows): a table,
 * an operation, the rows' ids and the changed columns (null: not known, so any). `all`: anything may
 * have changed (a reconnection, a local write that did not report, an unreadable message).
 */
export type Change =
  | { kind: "all" }
  | {
      kind: "table";
      table: string;
      op: "I" | "U" | "D" | "T";
      ids: ReadonlySet<string> | null;
      cols: readonly string[] | null;
      /** The slugs of the rows touched, old and new (null or absent: not known, or the table has none). */
      slugs?: ReadonlySet<string> | null;
    };

/** What a notification says: a change, or the commit marker of a transaction (shared/mutation.ts). */
export function parseNotification(
  payload: string | undefined,
): Change | { kind: "commit"; txid: string; announced: boolean } {
  let message: unknown;
  try {
    message = JSON.parse(payload ?? "");
  } catch {
    // The migration runner's table name, or an old-style trigger: no detail, so anything.
    return { kind: "all" };
  }
  if (typeof message !== "object" || message === null) return { kind: "all" };
  const { t, op, x, ids, cols, n, off, slugs } = message as Record<string, unknown>;
  // Announced: every change trigger was on, so whatever it wrote was announced (shared/mutation.ts). A
  // marker without `off` (an older server's) says only whether its triggers notified.
  if (op === "C" && typeof x === "string") {
    return { kind: "commit", txid: x, announced: off === undefined ? Number(n) > 0 : off === 0 };
  }
  if (typeof t !== "string" || (op !== "I" && op !== "U" && op !== "D" && op !== "T")) return { kind: "all" };
  const strings = (value: unknown) =>
    Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : null;
  const idList = strings(ids);
  const slugList = strings(slugs);
  return {
    kind: "table",
    table: t,
    op,
    ids: idList && new Set(idList.map((id) => id.toLowerCase())),
    cols: strings(cols),
    slugs: slugList && new Set(slugList),
  };
}

/** What a cached answer read: everything, or per table (db/reads.ts's TableTags). */
export type Tags = { everything: true } | { everything: false; tables: ReadonlyMap<string, TableTags> };

/** Reads everything: invalidated by any change (the default for an answer whose reads are not known). */
export const EVERYTHING: Tags = { everything: true };

const intersects = (a: ReadonlySet<string>, b: Iterable<string>) => {
  for (const item of b) if (a.has(item)) return true;
  return false;
};

/**
 * Whether `change` may alter an answer that read `tags` (the rules in the notes at the top). A
 * lookup by key is dropped by any change to one of its rows, whichever columns changed: a row's
 * version and updated_at change with every update anyway, a lookup reads one row, so checking columns
 * would save little, and would make the answer's freshness depend on exact column tracking for a
 * resolver that may use any column of the row it looked up (merges are followed through
 * merged_into_id, which no selection names).
 */
export function affects(tags: Tags, change: Change): boolean {
  if (tags.everything || change.kind === "all") return true;
  const read = tags.tables.get(change.table);
  if (!read) return false;
  if (change.op === "T") return true;
  const { ids, cols } = change;
  const keyHit = read.keys !== null && (ids === null || intersects(read.keys, ids));
  if (keyHit) return true;
  // Lookups by a unique column (a slug): a row may take or leave a looked-up value by an insert, a
  // delete, or an update of that column; the notification names the slugs it touched, old and new.
  for (const [column, values] of read.lookups ?? []) {
    if (change.op === "U" && cols !== null && !cols.includes(column)) continue;
    const touched = column === "slug" ? (change.slugs ?? null) : null;
    if (touched === null || intersects(values, touched)) return true;
  }
  if (read.scan === null) return false;
  // A new or removed row may enter or leave any scan of the table; so may an id changing.
  if (change.op !== "U" || cols === null || cols.includes("id")) return true;
  return read.scan === "*" ? cols.length > 0 : intersects(read.scan, cols);
}

/**
 * Why every answer was dropped at once: the change feed was (re)connected or lost, a notification could
 * not be read, a local write did not report its transaction, its commit marker came late or said a
 * change trigger was off, an import's COMMIT had an unknown outcome, or another caller (tests, tools).
 * docs/operations.md explains each to operators.
 */
export type DropCause =
  | "feed-connected"
  | "feed-lost"
  | "unreadable-notification"
  | "write-unreported"
  | "commit-late"
  | "commit-unannounced"
  | "import"
  | "other";

interface Entry {
  data: Record<string, unknown>;
  tags: Tags;
}

export class ResponseCache {
  /** Changes seen so far (notifications, local mutations, connection gaps): the stamp of the latest. */
  private version = 0;
  /** Recent changes with their stamps, oldest first, for the check at store time. */
  private readonly log: { stamp: number; change: Change }[] = [];
  private listening = false;
  private client: pg.Client | undefined;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private readonly entries: LRUCache<string, Entry>;
  /** Keys of the entries that read each table, and of those that read everything. */
  private readonly byTable = new Map<string, Set<string>>();
  private readonly readAll = new Set<string>();
  /**
   * Commit markers heard (transaction id -> whether its writes were announced), oldest first, and
   * mutations waiting for theirs.
   */
  private readonly markers = new Map<string, boolean>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Whether answers may come from replicas, so notifications must be followed by an LSN (see above). */
  private replicas = false;
  /** The primary's LSN after the latest notification (null: not known yet, or being read). */
  private barrier: bigint | null = 0n;
  private barrierReads = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly drops = new Map<string, number>();

  constructor(private readonly options: ResponseCacheOptions) {
    this.retryDelay = options.retryMs?.min ?? 500;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      // One answer may take at most an eighth of the budget: a research pull must not evict everything.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 8)),
      ttl: options.ttlMs,
      // Evicted, expired, replaced or dropped: its key leaves the table index too.
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
  }

  /** True while changes are being received: the only time the cache may be used. */
  get usable(): boolean {
    return this.listening && !this.stopped;
  }

  /** A stamp to take before a request reads anything; `store` refuses answers a later change may affect. */
  get stamp(): number {
    return this.version;
  }

  /** Entries and their total size, for metrics. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  /** Answers may be computed on read replicas: take an LSN barrier at every change (see the notes above). */
  trackReplicas(on: boolean): void {
    this.replicas = on;
  }

  /**
   * Whether an answer read from a replica that had replayed `replayLsn` reflects every change
   * announced so far (always true without replicas, or for an answer read on the primary: null).
   */
  replayedPast(replayLsn: bigint | null): boolean {
    if (replayLsn === null || !this.replicas) return true;
    return this.barrier !== null && replayLsn >= this.barrier;
  }

  /**
   * Something may have changed: no cached answer may be served again. `cause` names why, for the
   * `claimbase_response_cache_dropped_total` metric (what empties a cache is what an operator asks).
   */
  invalidate(cause: DropCause = "other"): void {
    this.apply({ kind: "all" }, cause);
  }

  /**
   * Answers dropped so far, by cause: `change` (a change of something they read), or why everything
   * was dropped (see DropCause).
   */
  get dropped(): ReadonlyMap<string, number> {
    return this.drops;
  }

  /** A change: drops the answers it may affect, and is logged for answers being computed meanwhile. */
  apply(change: Change, cause: DropCause = "unreadable-notification"): void {
    this.version += 1;
    this.log.push({ stamp: this.version, change });
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    if (change.kind === "all") {
      this.count(cause, this.entries.size);
      this.entries.clear();
      return;
    }
    const keys = [...this.readAll, ...(this.byTable.get(change.table) ?? [])];
    let dropped = 0;
    for (const key of keys) {
      const entry = this.entries.peek(key, { allowStale: true });
      if (entry && affects(entry.tags, change)) {
        this.entries.delete(key);
        dropped += 1;
      }
    }
    this.count("change", dropped);
  }

  private count(cause: string, n: number): void {
    if (n > 0) this.drops.set(cause, (this.drops.get(cause) ?? 0) + n);
  }

  get(key: string): Record<string, unknown> | undefined {
    if (!this.usable) return undefined;
    return this.entries.get(key)?.data;
  }

  /**
   * Keeps an answer that read `tags`, unless the feed is down or a change since `stamp` (taken before
   * the request read anything) may affect it, or the log no longer reaches back to `stamp`.
   */
  store(key: string, data: Record<string, unknown>, stamp: number, tags: Tags = EVERYTHING): boolean {
    if (!this.usable) return false;
    if (stamp !== this.version) {
      const oldest = this.log[0]?.stamp ?? this.version + 1;
      if (stamp < oldest - 1) return false;
      for (let i = this.log.length - 1; i >= 0 && this.log[i]!.stamp > stamp; i -= 1) {
        if (affects(tags, this.log[i]!.change)) return false;
      }
    }
    // Its size in memory, estimated from its JSON (computed on misses only): parsed answers of this
    // API's shape took 2.0 times their JSON length on V8's heap (20 MB for 9.7 MB of JSON, measured).
    this.entries.set(key, { data, tags }, { size: 2 * Buffer.byteLength(JSON.stringify(data)) });
    if (!this.entries.has(key)) return false;
    if (tags.everything) this.readAll.add(key);
    else {
      for (const table of tags.tables.keys()) {
        let keys = this.byTable.get(table);
        if (!keys) {
          keys = new Set();
          this.byTable.set(table, keys);
        }
        keys.add(key);
      }
    }
    return true;
  }

  private unindex(key: string, tags: Tags): void {
    if (tags.everything) {
      this.readAll.delete(key);
      return;
    }
    for (const table of tags.tables.keys()) this.byTable.get(table)?.delete(key);
  }

  /**
   * Waits for the commit markers of all `txids` (their changes then applied): null once all have been
   * heard and announced their writes, else why everything must be dropped instead: a marker saying a
   * transaction's writes were not announced, none within `commitWaitMs`, or the feed down.
   */
  async committed(txids: readonly string[]): Promise<DropCause | null> {
    const pending = txids.filter((txid) => !this.markers.has(txid));
    const announced = () => (txids.every((txid) => this.markers.get(txid) !== false) ? null : "commit-unannounced");
    if (pending.length === 0) return announced();
    if (!this.usable) return "feed-lost";
    const timeoutMs = this.options.commitWaitMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    const waits = pending.map(
      (txid) =>
        new Promise<void>((resolve) => {
          const list = this.waiting.get(txid) ?? [];
          list.push(resolve);
          this.waiting.set(txid, list);
        }),
    );
    const timeout = new Promise<DropCause>((resolve) => {
      timer = setTimeout(() => resolve("commit-late"), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all(waits).then(announced), timeout]);
    } finally {
      clearTimeout(timer);
      for (const txid of pending) {
        if (this.markers.has(txid)) continue;
        // Timed out: no one waits for it any more.
        this.waiting.delete(txid);
      }
    }
  }

  /**
   * After this server's write answered: waits for its transactions' commit markers (their changes are
   * then applied), or drops everything when it cannot (`txids` null: a write that did not report, for
   * `unreported`'s reason; a late or unannounced marker).
   */
  async settle(txids: readonly string[] | null, unreported: DropCause): Promise<void> {
    const cause = txids === null ? unreported : await this.committed(txids);
    if (cause !== null) this.invalidate(cause);
  }

  private heard(txid: string, announced: boolean): void {
    this.markers.set(txid, announced);
    if (this.markers.size > MARKERS_KEPT) this.markers.delete(this.markers.keys().next().value!);
    const list = this.waiting.get(txid);
    this.waiting.delete(txid);
    for (const resolve of list ?? []) resolve();
  }

  /** Connects the LISTEN connection; on failure the server still starts, with the cache off until it connects. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.listening = false;
    this.entries.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      ...this.options.connection,
      keepAlive: true,
      // Named apart from the pool's connections in pg_stat_activity.
      application_name: CHANGE_FEED_APPLICATION,
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    client.on("notification", (message) => {
      if (message.channel !== CHANGE_CHANNEL || client !== this.client) return;
      const parsed = parseNotification(message.payload);
      if (parsed.kind === "commit") {
        this.heard(parsed.txid, parsed.announced);
        return;
      }
      this.apply(parsed);
      if (this.replicas) this.readBarrier(client);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped || client !== this.client) {
      await client.end().catch(() => undefined);
      return;
    }
    // Anything may have changed while no one was listening.
    this.invalidate("feed-connected");
    if (this.replicas) this.readBarrier(client);
    this.listening = true;
    this.retryDelay = this.options.retryMs?.min ?? 500;
    const every = this.options.heartbeatMs ?? 10_000;
    this.heartbeat = setInterval(() => {
      this.inTurn(() => client.query({ text: "SELECT 1", query_timeout: every } as pg.QueryConfig)).catch(
        (error: Error) => {
          this.lost(client, error);
        },
      );
    }, every);
    this.heartbeat.unref();
    this.options.logger.info({ channel: CHANGE_CHANNEL }, "response cache: listening for changes");
  }

  /**
   * Runs the LISTEN connection's statements one after another: `pg` queues overlapping ones itself, but
   * deprecates it (a warning now, an error in pg 9).
   */
  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    const next = this.serial.then(run, run);
    this.serial = next.catch(() => undefined);
    return next;
  }

  /**
   * Reads the primary's LSN after a change: until it arrives, and if it fails, no replica answer is
   * stored. Reads answer in order on one connection, so the latest read sets the barrier last.
   */
  private readBarrier(client: pg.Client): void {
    this.barrier = null;
    const read = ++this.barrierReads;
    this.inTurn(() => client.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn"))
      .then(({ rows }) => {
        // A later change has its own read under way, which will set the barrier.
        if (read !== this.barrierReads || client !== this.client) return;
        this.barrier = parseLsn(rows[0]!.lsn);
      })
      .catch(() => undefined);
  }

  /** The LISTEN connection failed: stop using the cache, drop it, and reconnect with backoff. */
  private lost(client: pg.Client, error?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    const wasListening = this.listening;
    this.listening = false;
    this.invalidate("feed-lost");
    clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.options.retryMs?.max ?? 30_000);
    if (wasListening || delay === (this.options.retryMs?.min ?? 500)) {
      this.options.logger.warn(
        { error: error?.message ?? "connection ended", retryInMs: delay },
        "response cache: change feed lost; cache off until it reconnects",
      );
    }
    this.retry = setTimeout(() => void this.connect(), delay);
    this.retry.unref();
  }
}

/** The cache key: who asks (answers are per caller), which operation, with which variables. */
function keyOf(
  viewer: Context["viewer"],
  queryHash: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  const caller = viewer.kind === "key" ? `key:${viewer.keyId}` : "anonymous";
  const key = `${caller}\n${queryHash}\n${operationName ?? ""}\n${variables ? JSON.stringify(variables) : ""}`;
  return key.length > LONG_KEY ? createHash("sha256").update(key).digest("base64url") : key;
}

/**
 * The `Cache-Status` header (RFC 9211) of a GraphQL answer while the response cache is on: `hit` (from
 * the cache), `fwd=miss` (ran; `stored` when its answer was kept), `fwd=bypass` (not cacheable: a
 * mutation, a read-your-writes request, the change feed down, a request refused before it ran). In
 * production `extensions` are hidden, so this is how a caller tells a cached answer from a computed one.
 */
const CACHE_STATUS = "cache-status";

/** Serves and stores answers from Apollo's request pipeline (see the notes at the top). */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      await cache.start();
      return {
        async serverWillStop() {
          await cache.stop();
        },
      };
    },
    async requestDidStart() {
      // Taken before the operation's first statement: a change arriving after this makes the answer unfit.
      const stamp = cache.stamp;
      let key: string | undefined;
      return {
        // `operation` is undefined when operationName names none of the document's operations (Apollo
        // still goes on, to report that error from execution).
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          // A read-your-writes request: see the notes at the top.
          const afterWrite = Boolean(request.http?.headers.get(LSN_HEADER));
          if (operation?.operation !== "query" || !cache.usable || !queryHash || afterWrite) {
            contextValue.cache = "bypass";
            return null;
          }
          key = keyOf(contextValue.viewer, queryHash, request.operationName, request.variables);
          const data = cache.get(key);
          if (data === undefined) {
            contextValue.cache = "miss";
            return null;
          }
          contextValue.cache = "hit";
          const headers = new HeaderMap();
          headers.set(CACHE_STATUS, "claimbase; hit");
          return {
            http: { status: undefined, headers },
            body: { kind: "single", singleResult: { data } },
          };
        },
        async willSendResponse({ operation, response, contextValue, document, schema }) {
          // This server's own write: readers after it must not see the answers from before it. Its
          // transactions' notifications drop exactly what they changed; once their commit markers have
          // arrived, so have they. A write that did not report its transaction, or whose marker is
          // late, drops everything.
          if (operation?.operation === "mutation") await cache.settle(contextValue.commits.txids, "write-unreported");
          if (contextValue.cache === "hit") return;
          if (contextValue.cache !== "miss" || key === undefined || response.body.kind !== "single") {
            response.http.headers.set(CACHE_STATUS, "claimbase; fwd=bypass");
            return;
          }
          response.http.headers.set(CACHE_STATUS, "claimbase; fwd=miss");
          const result = response.body.singleResult;
          if (result.errors?.length || !result.data || (response.http.status ?? 200) !== 200) return;
          const read = contextValue.read;
          if (!cache.replayedPast(read.kind === "replica" ? read.replayLsn : null)) return;
          const reads = contextValue.reads;
          const tags: Tags =
            reads.everything || !document
              ? EVERYTHING
              : { everything: false, tables: reads.compile(selectedColumns(schema, document)) };
          if (cache.store(key, result.data, stamp, tags)) {
            response.http.headers.set(CACHE_STATUS, "claimbase; fwd=miss; stored");
          }
        },
      };
    },
  };
}
