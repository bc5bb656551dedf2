import pg from "pg";
import { READS, type Reads, type ReadSet } from "./reads";
import type { Queryable } from "./sql";

/**
 * Counts the SQL statements a request sends (logged per request, and read by the batching tests).
 * Requests query through `countingQueryable`, so counting costs one increment per statement; an
 * AsyncLocalStorage-based counter would tax every promise in the process instead.
 */
export interface StatementCounter {
  count: number;
}

/**
 * A request's handle: counts its statements and, with `reads`, gathers what each one reads for the
 * response cache. A statement that does not say (any call other than `queryRows` with a description)
 * counts as reading everything: the safe default is here, where every statement passes, so no new
 * code path can leave an answer under-described.
 */
export function countingQueryable(pool: Queryable, counter: StatementCounter, reads?: ReadSet): Queryable {
  return {
    query: ((...args: Parameters<Queryable["query"]>) => {
      counter.count += 1;
      if (reads) {
        const config = args[0] as unknown;
        reads.record(
          typeof config === "object" && config !== null ? (config as { [READS]?: Reads })[READS] : undefined,
        );
      }
      return (pool.query as (...a: unknown[]) => unknown)(...args);
    }) as Queryable["query"],
  };
}

/** Counts a checked-out client's statements until the returned function is called. */
export function countClient(client: pg.PoolClient, counter: StatementCounter): () => void {
  const original = client.query;
  client.query = ((...args: unknown[]) => {
    counter.count += 1;
    return (original as (...a: unknown[]) => unknown).apply(client, args);
  }) as typeof client.query;
  return () => {
    client.query = original;
  };
}

/** Prepared statements a connection keeps before it deallocates the least recently used. */
export const PREPARED_STATEMENTS_PER_CONNECTION = 200;

/**
 * Bounds the named prepared statements of one connection (queryRows names every read after its SQL
 * text). Filters make the SQL shapes open-ended, so a long-lived connection would otherwise keep every
 * shape it ever saw, in this process and in its PostgreSQL backend. Least recently used shapes are
 * deallocated, the way PostGraphile bounds its own (graphile-build-pg's pgPrepareAndRun). `pg` keeps
 * its record of parsed statements in `connection.parsedStatements`, which is dropped with them, so a
 * later use parses the statement again.
 */
export function boundPreparedStatements(client: pg.ClientBase, max = PREPARED_STATEMENTS_PER_CONNECTION): void {
  const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection
    ?.parsedStatements;
  if (!parsed) return;
  const recent = new Map<string, true>();
  const original = client.query;
  client.query = function (this: pg.ClientBase, ...args: unknown[]) {
    const config = args[0] as { name?: unknown } | undefined;
    const name = typeof config === "object" && config !== null ? config.name : undefined;
    if (typeof name === "string") {
      recent.delete(name);
      recent.set(name, true);
      if (recent.size > max) {
        const oldest = recent.keys().next().value as string;
        recent.delete(oldest);
        const text = parsed[oldest];
        if (text !== undefined) {
          delete parsed[oldest];
          // Queued ahead of this statement on the same connection. If it fails (the connection is
          // closing, or its transaction is aborted), the statement still exists: remember it as parsed.
          (original as (text: string) => Promise<unknown>).call(this, `DEALLOCATE "${oldest}"`).catch(() => {
            parsed[oldest] ??= text;
          });
        }
      }
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof client.query;
}

export interface PoolOptions {
  connectionString: string;
  max: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /**
   * PostgreSQL's JIT compiler. Off by default: it pays off for long analytical statements, while this
   * service's are short and many; on PostgreSQL 15 it compiled the benchmark's OR relation-filter
   * count on every call, 133 of its 205 ms (bench/results). The session setting leaves the server's
   * own default alone for everyone else.
   */
  jit?: boolean;
  /**
   * PostgreSQL ends a session left idle inside a transaction this long (milliseconds; 0: never). A
   * transaction is only ever open while this process works on it, so an idle one is a bug or a
   * stalled client: without a bound it would hold its locks and its pool slot for good.
   */
  idleInTransactionTimeoutMs?: number;
  onError?: (error: Error) => void;
}

/** The default of DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: longer than any export's stall deadline. */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs || undefined,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: "claimbase",
    ...(options.jit ? {} : { options: "-c jit=off" }),
  });
  // An idle client losing its connection (a database restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The next checkout simply opens a new connection.
  pool.on("error", (error) => options.onError?.(error));
  pool.on("connect", (client) => {
    client.on("error", (error) => options.onError?.(error));
    boundPreparedStatements(client);
  });
  return pool;
}
