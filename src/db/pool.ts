import pg from "pg";
import type { Queryable } from "./sql";

/**
 * Counts the SQL statements a request sends (logged per request, and read by the batching tests).
 * Requests query through `countingQueryable`, so counting costs one increment per statement; an
 * AsyncLocalStorage-based counter would tax every promise in the process instead.
 */
export interface StatementCounter {
  count: number;
}

export function countingQueryable(pool: Queryable, counter: StatementCounter): Queryable {
  return {
    query: ((...args: Parameters<Queryable["query"]>) => {
      counter.count += 1;
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
  onError?: (error: Error) => void;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs || undefined,
    application_name: "claimbase",
    ...(options.jit ? {} : { options: "-c jit=off" }),
  });
  // An idle client losing its connection (a database restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The next checkout simply opens a new connection.
  pool.on("error", (error) => options.onError?.(error));
  pool.on("connect", (client) => {
    client.on("error", (error) => options.onError?.(error));
  });
  return pool;
}
