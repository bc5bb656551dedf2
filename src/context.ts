import type { MatchThresholds } from "./config";
import type { Database } from "./db/database";
import { countingQueryable, type StatementCounter } from "./db/pool";
import type { Queryable } from "./db/sql";
import { Loaders } from "./shared/rows";
import type { CacheOutcome, Deadline, Viewer } from "./context-types";
import type { RequestState } from "./http/request-state";
import type { Actor } from "./shared/write-session";

export type { Viewer };

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
  /** Claim matching tiers; the defaults of config.ts when absent. */
  matching?: MatchThresholds;
  /** Who writes, for contexts made in-process by the CLI (revisions name it); else the viewer's key. */
  actor?: Actor;
  /** The HTTP request's state, when the request came over HTTP (not for contexts made in-process). */
  http?: RequestState;
}

export function createContext(
  db: Database,
  requestId: string,
  statements: StatementCounter = { count: 0 },
  viewer: Viewer = { kind: "anonymous" },
  deadline?: Deadline,
  http?: RequestState,
): Context {
  const sql = countingQueryable(db.pool, statements);
  return { db, sql, loaders: new Loaders(sql), viewer, requestId, statements, deadline, http };
}
