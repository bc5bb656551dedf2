import type { Database } from "./db/database";
import { countingQueryable, type StatementCounter } from "./db/pool";
import type { Queryable } from "./db/sql";
import { Loaders } from "./shared/rows";
import type { CacheOutcome, Deadline } from "./context-types";

/** Who is calling. Reads are public; writes (a later issue) need an API key with a role. */
export type Viewer = { kind: "anonymous" } | { kind: "key"; keyId: string; role: "EDITOR" | "ADMIN"; name: string };

/** Per-request state. Built fresh for every request: nothing here may be shared between requests. */
export interface Context {
  db: Database;
  /** The database for this request's queries: counts its statements. */
  sql: Queryable;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
  /** SQL statements sent for this request so far. */
  statements: StatementCounter;
  /** Objects the operation may return, as estimated before it ran (limits/cost.ts). */
  cost?: number;
  /** The request's deadline (limits/http.ts): a write checks it before COMMIT. */
  deadline?: Deadline;
  /** Whether the response cache answered this request, will keep its answer, or stood aside. */
  cache?: CacheOutcome;
}

export function createContext(
  db: Database,
  requestId: string,
  statements: StatementCounter = { count: 0 },
  viewer: Viewer = { kind: "anonymous" },
  deadline?: Deadline,
): Context {
  const sql = countingQueryable(db.pool, statements);
  return { db, sql, loaders: new Loaders(sql), viewer, requestId, statements, deadline };
}
