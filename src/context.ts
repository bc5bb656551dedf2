import type { MatchThresholds } from "./config";
import type { Database } from "./db/database";
import { countingQueryable, type StatementCounter } from "./db/pool";
import type { ReadTarget } from "./db/replicas";
import type { Queryable } from "./db/sql";
import { Loaders } from "./shared/rows";
import type { CacheOutcome, Commits, Deadline, Viewer } from "./context-types";
import { ReadSet } from "./db/reads";
import type { RequestState } from "./http/request-state";
import type { Actor } from "./shared/write-session";

export type { Viewer };

/** Per-request state. Built fresh for every request: nothing here may be shared between requests. */
export interface Context {
  db: Database;
  /** The database for this request's queries: counts its statements. */
  sql: Queryable;
  /**
   * Where `sql` and `loaders` read: the primary, unless the request is a query routed to a read
   * replica (server.ts, db/replicas.ts). Writes never go through `sql`: they take a primary
   * connection of their own (shared/mutation.ts).
   */
  read: ReadTarget;
  /** Sends this request's reads to `pool` from now on (called once the operation is known to be a query). */
  routeReads(this: Context, pool: Queryable, target: ReadTarget): void;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
  /** SQL statements sent for this request so far. */
  statements: StatementCounter;
  /** What this request's statements read (through `sql` and `loaders`), for the response cache's tags. */
  reads: ReadSet;
  /** Transactions this request's mutations committed (shared/mutation.ts), for read-your-writes. */
  commits: Commits;
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
  let current: Queryable = db.pool;
  const routed: Queryable = {
    query: ((...args: unknown[]) => (current.query as (...a: unknown[]) => unknown)(...args)) as Queryable["query"],
  };
  const reads = new ReadSet();
  const sql = countingQueryable(routed, statements, reads);
  const context: Context = {
    db,
    sql,
    read: { kind: "primary" },
    // On `this`: Apollo runs each operation on a shallow copy of the context.
    routeReads(this: Context, pool, target) {
      current = pool;
      this.read = target;
    },
    loaders: new Loaders(sql),
    viewer,
    requestId,
    statements,
    reads,
    commits: { txids: [] },
    deadline,
    http,
  };
  return context;
}
