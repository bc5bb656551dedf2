import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

/**
 * Counts the SQL statements sent to PostgreSQL, in total and per unit of work (a request).
 * Tests use it to prove that nested queries are batched; logs will report it per request.
 */
export interface StatementCounter {
  count: number;
}

const currentCounter = new AsyncLocalStorage<StatementCounter>();

/** Runs `fn` with a fresh statement counter that every query issued inside it increments. */
export function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const counter: StatementCounter = { count: 0 };
  return currentCounter.run(counter, async () => {
    const result = await fn();
    return { result, statements: counter.count };
  });
}

/** Attaches the current request's counter so work started inside `fn` is counted there. */
export function withStatementCounter<T>(counter: StatementCounter, fn: () => T): T {
  return currentCounter.run(counter, fn);
}

export interface PoolOptions {
  connectionString: string;
  max: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  onError?: (error: Error) => void;
}

type QueryFn = (...args: unknown[]) => unknown;
const instrumented = new WeakSet<pg.PoolClient>();

function instrument(client: pg.PoolClient): void {
  if (instrumented.has(client)) return;
  instrumented.add(client);
  const original = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const counter = currentCounter.getStore();
    if (counter) counter.count += 1;
    return original(...args);
  };
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs || undefined,
    application_name: "claimbase",
  });
  // An idle client losing its connection (a database restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The next checkout simply opens a new connection.
  pool.on("error", (error) => options.onError?.(error));
  pool.on("connect", (client) => {
    instrument(client);
    client.on("error", (error) => options.onError?.(error));
  });
  return pool;
}
