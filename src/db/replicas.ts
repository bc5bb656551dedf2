import type pg from "pg";
import { createPool, type PoolOptions } from "./pool";
import type { Queryable } from "./sql";
import { databaseUnavailable } from "./unavailable";

/**
 * Read routing over PostgreSQL streaming replicas (DATABASE_REPLICA_URLS; docs/scaling.md).
 *
 * Reads (GraphQL queries, exports) go to a healthy replica, round robin; everything that writes or must
 * see the latest state (mutations, imports, migrations, keys, persisted-query registration, rate
 * limits, the change feed) stays on the primary. A replica is used only while a check, every
 * `checkIntervalMs`, finds it up, in recovery (a standby, not a promoted or stray primary) and no
 * further behind than the bounds; with none usable, reads go to the primary.
 *
 * Lag is measured from LSNs alone: each check samples the primary's `pg_current_wal_flush_lsn()` (the
 * WAL a replica can have been sent; the insert position also counts a running transaction's unflushed
 * tail, which made a slow import look like seconds of lag with nothing committed waiting) and keeps
 * the samples of the last minutes; a replica whose `pg_last_wal_replay_lsn()` has reached the latest
 * sample has no lag, otherwise its lag is the age of the oldest sample it has not replayed yet.
 * `pg_last_xact_replay_timestamp()` would grow forever on an idle database, and `pg_stat_replication`'s
 * replay_lag needs the primary to name each replica.
 *
 * Read-your-writes: a write's answer carries the primary's LSN after its commit (X-Claimbase-LSN); a
 * request that sends one back is routed only to a replica whose replay LSN, as last checked, is at or
 * past it, else to the primary.
 */
export const LSN_HEADER = "x-claimbase-lsn";

export type ReplicaState =
  /** Not checked yet: not used. */
  | "unknown"
  | "healthy"
  /** Up, but further behind than REPLICA_MAX_LAG_MS / REPLICA_MAX_LAG_BYTES: not used. */
  | "lagging"
  /** Unreachable, or its check failed: not used. */
  | "down"
  /** Answers but is not in recovery (promoted, or not a standby at all): never used for reads. */
  | "not_replica";

export interface ReplicaStatus {
  /** host:port/database of its URL (no credentials). */
  name: string;
  state: ReplicaState;
  /** Milliseconds behind the primary, as last measured (null: never measured). */
  lagMs: number | null;
  /** Bytes of WAL behind the primary's last sampled LSN (null: never measured). */
  lagBytes: number | null;
  replayLsn: string | null;
}

export interface ReplicaSettings {
  urls: string[];
  /** Skip a replica further behind than this (milliseconds). */
  maxLagMs: number;
  /** Skip a replica further behind than this (bytes of WAL; 0: no bound). */
  maxLagBytes: number;
  /** How often each replica's state and lag are checked. */
  checkIntervalMs: number;
}

/** Where one read was routed: the primary, or a replica with its replay LSN when it was picked. */
export type ReadTarget = { kind: "primary" } | { kind: "replica"; name: string; replayLsn: bigint };

/** "16/B374D848" -> 0x16B374D848. */
export function parseLsn(text: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The name a replica goes by in /readyz, /metrics and logs: its URL without credentials. */
export function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "replica";
  }
}

interface Replica {
  name: string;
  pool: pg.Pool;
  state: ReplicaState;
  replayLsn: bigint | null;
  lagMs: number | null;
  lagBytes: number | null;
  /** The replay position of the previous check, to tell a replica that replays from one that stalled. */
  previousReplay?: bigint | null;
}

/**
 * WAL a replica may be behind and still count as caught up in time. The primary flushes WAL by pages,
 * so its flush position often ends inside a record; a replica replays only whole records, and while a
 * long transaction (an import) trickles WAL, the rest of that record can take seconds to arrive. Those
 * bytes hold nothing committed, yet counted as lag they made an idle-looking replica seconds "behind"
 * (bench:replicas saw a p95 of 7.7 s at under 2 KB). Routing for read-your-writes compares exact LSNs
 * and does not use this.
 */
const LAG_SLACK_BYTES = 64n * 1024n;

/** How long primary LSN samples are kept: a replica further behind than this reports this much lag. */
const HISTORY_MS = 10 * 60_000;

export class ReadRouter {
  private readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  /** Primary LSN samples, oldest first. */
  private readonly history: { at: number; lsn: bigint }[] = [];
  /** Reads routed, by target kind, for metrics. */
  readonly routed = { primary: 0, replica: 0, fallback: 0 };

  constructor(
    private readonly primary: pg.Pool,
    private readonly settings: ReplicaSettings,
    poolOptions: Omit<PoolOptions, "connectionString">,
    private readonly onEvent: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {
    this.replicas = settings.urls.map((url) => ({
      name: replicaName(url),
      pool: createPool({ ...poolOptions, connectionString: url }),
      state: "unknown",
      replayLsn: null,
      lagMs: null,
      lagBytes: null,
    }));
  }

  /** Checks every replica once, then every checkIntervalMs. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.settings.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, state, lagMs, lagBytes, replayLsn }) => ({
      name,
      state,
      lagMs,
      lagBytes,
      replayLsn: replayLsn === null ? null : formatLsn(replayLsn),
    }));
  }

  /**
   * Where a read goes: the next healthy replica that has replayed at least `minLsn` (the client's
   * last write), else the primary.
   */
  pick(minLsn?: bigint | null): { pool: Queryable; target: ReadTarget } {
    const count = this.replicas.length;
    for (let i = 0; i < count; i += 1) {
      const replica = this.replicas[(this.next + i) % count]!;
      if (replica.state !== "healthy" || replica.replayLsn === null) continue;
      if (minLsn != null && replica.replayLsn < minLsn) continue;
      this.next = (this.next + i + 1) % count;
      this.routed.replica += 1;
      const target: ReadTarget = { kind: "replica", name: replica.name, replayLsn: replica.replayLsn };
      return { pool: this.failover(replica), target };
    }
    this.routed.primary += 1;
    return { pool: this.primary, target: { kind: "primary" } };
  }

  /** The pool an export's transaction should take its connection from (a replica when one is healthy). */
  exportPool(): pg.Pool {
    const picked = this.pick();
    if (picked.target.kind === "primary") return this.primary;
    const name = picked.target.name;
    return this.replicas.find((replica) => replica.name === name)!.pool;
  }

  /**
   * The primary's LSN now (after a write's commit): what the write's answer hands back. The insert
   * position, not the flush position: with synchronous_commit off a commit returns before its WAL is
   * flushed, and the insert position is the one sure to be at or past it.
   */
  async primaryLsn(): Promise<string> {
    const { rows } = await this.primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    return rows[0]!.lsn;
  }

  /**
   * A replica's pool that, when the replica fails a statement for being unreachable (killed,
   * restarting), marks it down and runs the statement on the primary instead: reads are single
   * statements outside transactions, so running one again elsewhere is safe, and the client sees no
   * error. Other failures (a bad value, a statement timeout) are the statement's own and pass through.
   */
  private failover(replica: Replica): Queryable {
    return {
      query: ((...args: unknown[]) => {
        const run = (pool: Queryable) => (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
        return run(replica.pool).catch((error: unknown) => {
          const code = (error as { code?: unknown })?.code;
          if (!databaseUnavailable(error) || code === "57014" || code === "40001" || code === "40P01") throw error;
          if (replica.state === "healthy") {
            replica.state = "down";
            this.onEvent("read replica failed; reads go elsewhere until it checks healthy", {
              replica: replica.name,
              error: error instanceof Error ? error.message : String(error),
            });
          }
          this.routed.fallback += 1;
          return run(this.primary);
        });
      }) as Queryable["query"],
    };
  }

  private check(): Promise<void> {
    // One check at a time: a slow replica must not pile checks up.
    this.checking ??= this.checkAll().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    try {
      const { rows } = await this.primary.query<{ lsn: string }>("SELECT pg_current_wal_flush_lsn()::text AS lsn");
      const lsn = parseLsn(rows[0]!.lsn);
      if (lsn !== null) this.history.push({ at: now, lsn });
      while (this.history.length > 1 && this.history[0]!.at < now - HISTORY_MS) this.history.shift();
    } catch {
      // The primary is down: replicas keep being checked against the last samples. They serve the state
      // the primary last sent them, which is the latest anyone can read until it returns.
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, now)));
  }

  private async checkReplica(replica: Replica, now: number): Promise<void> {
    const before = replica.state;
    try {
      const { rows } = await replica.pool.query<{ recovery: boolean; replay: string | null }>(
        "SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay",
      );
      const row = rows[0]!;
      const replay = row.replay === null ? null : parseLsn(row.replay);
      if (!row.recovery || replay === null) {
        replica.state = "not_replica";
        replica.replayLsn = null;
      } else {
        // As read now, not the largest seen: a replica restarted after a crash may resume from an earlier
        // point than it had reached, and routing must not credit it with what it replays again.
        replica.replayLsn = replay;
        const latest = this.history[this.history.length - 1];
        // The slack is for a replica that replays (it waits only for the rest of a record). One that has
        // replayed nothing since the last check while the primary is ahead has stalled (replay paused, a
        // conflict, a broken stream): its lag counts in time from the first position it has not replayed,
        // however few bytes behind it is, or it would look current for ever on a quiet primary.
        const stalled = replica.previousReplay === replay && latest !== undefined && latest.lsn > replay;
        replica.previousReplay = replay;
        const slack = stalled ? 0n : LAG_SLACK_BYTES;
        if (!latest || replay + slack >= latest.lsn) {
          replica.lagMs = 0;
          replica.lagBytes = latest && latest.lsn > replay ? Number(latest.lsn - replay) : 0;
        } else {
          const firstUnreplayed = this.history.find((sample) => sample.lsn > replay + slack)!;
          replica.lagMs = now - firstUnreplayed.at;
          replica.lagBytes = Number(latest.lsn - replay);
        }
        const tooFar =
          replica.lagMs! > this.settings.maxLagMs ||
          (this.settings.maxLagBytes > 0 && replica.lagBytes! > this.settings.maxLagBytes);
        replica.state = tooFar ? "lagging" : "healthy";
      }
    } catch {
      replica.state = "down";
      replica.replayLsn = null;
      replica.previousReplay = null;
    }
    if (replica.state !== before) {
      this.onEvent("read replica state changed", {
        replica: replica.name,
        from: before,
        to: replica.state,
        lagMs: replica.lagMs,
      });
    }
  }
}
