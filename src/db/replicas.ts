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
 * request that sends one back is routed only to a replica whose replay LSN is at or past it, else to
 * the primary. The periodic check's replay LSN is up to `checkIntervalMs` old, and a client that reads
 * back at once is nearly always ahead of it: then the replica's replay position is read again, now
 * (one such read in flight per replica, shared by every request waiting on it), for up to
 * `rywWaitMs`, before the request goes to the primary.
 */
export const LSN_HEADER = "x-claimbase-lsn";

/** Tells the client where its reads ran: `primary` or `replica` (never which host). */
export const READ_FROM_HEADER = "x-claimbase-read-from";

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
  /**
   * Why a replica serves no reads ("connection refused", "not in recovery", "lag 12 s > 10 s bound");
   * null while healthy. Made from error codes and settings only, never from an error's text, so it
   * can hold no part of the URL (a password).
   */
  reason: string | null;
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
  /**
   * How long a read that sent a write's LSN may wait for a healthy replica to have replayed it (its
   * replay position read again, now) before it goes to the primary. 0: no wait, the last check decides.
   * REPLICA_RYW_WAIT_MS; absent: RYW_WAIT_DEFAULT_MS.
   */
  rywWaitMs?: number;
}

/** REPLICA_RYW_WAIT_MS when unset: a replica on the same network replays a commit in a few milliseconds. */
export const RYW_WAIT_DEFAULT_MS = 30;

/** Pause between two reads of a replica's replay position while a read-your-writes request waits. */
const PROBE_PAUSE_MS = 2;

/** Where one read was routed: the primary, or a replica with its replay LSN when it was picked. */
export type ReadTarget = { kind: "primary" } | { kind: "replica"; name: string; replayLsn: bigint };

/**
 * One request's reads, as routed (ReadRouter.route). `queryable` is for single statements (GraphQL
 * queries): one that fails on the replica for want of a connection marks it down and runs on the primary,
 * as do the request's later statements. `pool` is for a transaction (an export): its caller hands a
 * failure to `ReadRouter.failed` to learn whether it may start over on a new route.
 */
export interface ReadRoute {
  target: ReadTarget;
  pool: pg.Pool;
  queryable: Queryable;
  /**
   * Where the request's answered statements ran, for X-Claimbase-Read-From: `primary` once any ran
   * there (a fallback), `replica` when all ran on the replica, null while none has been answered.
   */
  readonly readFrom: "primary" | "replica" | null;
}

/**
 * A failure that says the server cannot be reached (refused, reset, timed out, shutting down), as
 * opposed to one of the statement's own (a bad value, its time limit, a serialization conflict).
 */
export function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // pg's word for a pooled connection whose server went away while it sat idle.
  if (error instanceof Error && /is not queryable/.test(error.message)) return true;
  return databaseUnavailable(error) !== null && !["57014", "40001", "40P01"].includes(String(code));
}

/**
 * Why a replica is unreachable, in a few words from the error's code: never its message, which may
 * name the host, and in some drivers' errors the URL it was given.
 */
export function failureReason(error: unknown): string {
  const code = String((error as { code?: unknown })?.code ?? "");
  const message = error instanceof Error ? error.message : "";
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
    case "EPIPE":
      return "connection lost";
    case "ETIMEDOUT":
      return "connection timed out";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "57P01":
      return "shut down by an administrator";
    case "57P02":
      return "crash shutdown";
    case "57P03":
      return "not accepting connections (starting up or shutting down)";
    case "53300":
      return "too many connections";
    case "3D000":
      return "database does not exist";
    case "28000":
    case "28P01":
      return "authentication failed";
  }
  if (/^08/.test(code)) return `connection failure (SQLSTATE ${code})`;
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) return "connection timed out";
  if (/Connection terminated|connection error|is not queryable/i.test(message)) return "connection lost";
  if (/^[0-9A-Z]{5}$/.test(code)) return `check failed (SQLSTATE ${code})`;
  return "unreachable";
}

/** 12345 -> "12.3 s", 800 -> "800 ms". */

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
  reason: string | null;
  /** A read of the replay position for read-your-writes, while one is in flight (shared). */
  probing?: Promise<bigint | null>;
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
      reason: "not checked yet",
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
    return this.replicas.map(({ name, state, reason, lagMs, lagBytes, replayLsn }) => ({
      name,
      state,
      reason,
      lagMs,
      lagBytes,
      replayLsn: replayLsn === null ? null : formatLsn(replayLsn),
    }));
  }

  /**
   * Where a request's reads go: the next healthy replica that has replayed at least `minLsn` (the
   * client's last write), else the primary. When every healthy replica was behind `minLsn` at its last
   * check, their replay positions are read again for up to `rywWaitMs` first (see the notes at the top).
   * Never fails: a replica that cannot be reached is marked down and the primary is used.
   */
  async route(minLsn?: bigint | null): Promise<ReadRoute> {
    const ready = this.pickReady(minLsn);
    if (ready) return ready;
    const wait = this.settings.rywWaitMs ?? RYW_WAIT_DEFAULT_MS;
    const behind = this.replicas.filter((replica) => replica.state === "healthy" && replica.replayLsn !== null);
    if (minLsn != null && wait > 0 && behind.length > 0) {
      const deadline = performance.now() + wait;
      const caughtUp = await Promise.any(
        behind.map(async (replica) => {
          const lsn = await this.replayedPast(replica, minLsn, deadline);
          if (lsn === null || replica.state !== "healthy") throw new Error("not caught up");
          return { replica, lsn };
        }),
      ).catch(() => null);
      if (caughtUp) return this.replicaRoute(caughtUp.replica, caughtUp.lsn);
    }
    return this.primaryRoute();
  }

  /**
   * After a read on `route` failed: when it failed on a replica for want of a connection, marks the
   * replica down (later requests skip it at once) and returns true: the caller may start the read
   * over on a new route if it has sent its client nothing yet. Otherwise false.
   */
  failed(route: ReadRoute, error: unknown, during: string): boolean {
    if (route.target.kind !== "replica" || !connectionLost(error)) return false;
    const name = route.target.name;
    const replica = this.replicas.find((candidate) => candidate.name === name);
    if (replica) this.markDown(replica, error, during);
    this.routed.fallback += 1;
    return true;
  }

  /** The highest primary position seen (a write's answer, a check), and the read of it under way. */
  private primaryKnown = 0n;
  private primaryReading: Promise<bigint | null> | undefined;

  /**
   * Whether `lsn` is past the primary's WAL position now, so that it cannot be the position of any write
   * (a made-up value, or one from another database): such a value would send every read of its sender to
   * the primary after the read-your-writes wait. Read from the primary only when `lsn` is past every
   * position seen so far, one read at a time; false when the primary cannot tell (it is down: reads go
   * wherever they can anyway).
   */
  async beyondPrimary(lsn: bigint): Promise<boolean> {
    if (lsn <= this.primaryKnown || lsn <= (this.history.at(-1)?.lsn ?? 0n)) return false;
    this.primaryReading ??= this.primaryLsn()
      .then((text) => parseLsn(text))
      .catch(() => null)
      .finally(() => {
        this.primaryReading = undefined;
      });
    const now = await this.primaryReading;
    return now !== null && lsn > now;
  }

  /** An export read on `target` (it reads through `pool`, not `queryable`, which counts its own reads). */
  exported(target: ReadTarget): void {
    this.routed[target.kind] += 1;
  }

  /** A healthy replica whose last known replay position is at or past `minLsn`, round robin. */
  private pickReady(minLsn?: bigint | null): ReadRoute | undefined {
    const count = this.replicas.length;
    for (let i = 0; i < count; i += 1) {
      const replica = this.replicas[(this.next + i) % count]!;
      if (replica.state !== "healthy" || replica.replayLsn === null) continue;
      if (minLsn != null && replica.replayLsn < minLsn) continue;
      this.next = (this.next + i + 1) % count;
      return this.replicaRoute(replica, replica.replayLsn);
    }
    return undefined;
  }

  private primaryRoute(): ReadRoute {
    const primary = this.primary;
    let answered = false;
    let counted = false;
    return {
      target: { kind: "primary" },
      pool: primary,
      queryable: {
        query: ((...args: unknown[]) => {
          // Counted when a read runs, not when routed: an answer from the response cache reads nothing.
          if (!counted) this.routed.primary += 1;
          counted = true;
          return (primary.query as (...a: unknown[]) => Promise<unknown>)(...args).then((result) => {
            answered = true;
            return result;
          });
        }) as Queryable["query"],
      },
      get readFrom() {
        return answered ? "primary" : null;
      },
    };
  }

  /**
   * A route to `replica` whose statements, when one fails because the replica is unreachable (killed,
   * restarting), mark it down and run on the primary instead, as do the request's later statements:
   * reads are single statements outside transactions, so running one again elsewhere is safe, and the
   * client sees no error. Other failures (a bad value, a statement timeout) are the statement's own and
   * pass through.
   */
  private replicaRoute(replica: Replica, replayLsn: bigint): ReadRoute {
    const answered = { replica: 0, primary: 0 };
    let fellBack = false;
    let counted = false;
    const run = (pool: Queryable, args: unknown[], where: "replica" | "primary") =>
      (pool.query as (...a: unknown[]) => Promise<unknown>)(...args).then((result) => {
        answered[where] += 1;
        return result;
      });
    return {
      target: { kind: "replica", name: replica.name, replayLsn },
      pool: replica.pool,
      queryable: {
        query: ((...args: unknown[]) => {
          // Counted when a read runs, not when routed: an answer from the response cache reads nothing.
          if (!counted) this.routed.replica += 1;
          counted = true;
          if (fellBack) return run(this.primary, args, "primary");
          return run(replica.pool, args, "replica").catch((error: unknown) => {
            if (!connectionLost(error)) throw error;
            this.markDown(replica, error, "a read failed");
            if (!fellBack) this.routed.fallback += 1;
            fellBack = true;
            return run(this.primary, args, "primary");
          });
        }) as Queryable["query"],
      },
      get readFrom() {
        return answered.primary > 0 ? "primary" : answered.replica > 0 ? "replica" : null;
      },
    };
  }

  private markDown(replica: Replica, error: unknown, during: string): void {
    if (replica.state === "down") return;
    const from = replica.state;
    replica.state = "down";
    replica.reason = `${failureReason(error)} (${during})`;
    // Unknown while it cannot be reached, not 0 (which would read as "caught up").
    replica.lagMs = null;
    replica.lagBytes = null;
    replica.replayLsn = null;
    replica.previousReplay = null;
    this.onEvent("read replica failed; reads go elsewhere until it checks healthy", {
      replica: replica.name,
      from,
      reason: replica.reason,
    });
  }

  /**
   * Reads `replica`'s replay position until it is at or past `minLsn` or `deadline` passes (then null).
   * At most one read is in flight per replica; requests waiting at the same time share it.
   */
  private async replayedPast(replica: Replica, minLsn: bigint, deadline: number): Promise<bigint | null> {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return null;
      let timer: NodeJS.Timeout | undefined;
      const lsn = await Promise.race([
        this.probe(replica),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), left);
        }),
      ]);
      clearTimeout(timer);
      if (lsn === null || replica.state !== "healthy") return null;
      if (lsn >= minLsn) return lsn;
      const pause = Math.min(PROBE_PAUSE_MS, deadline - performance.now());
      if (pause <= 0) return null;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** The replica's replay position now; null when it cannot tell (then, if unreachable, it is marked down). */
  private probe(replica: Replica): Promise<bigint | null> {
    replica.probing ??= replica.pool
      .query<{ replay: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS replay")
      .then(
        ({ rows }) => {
          const lsn = rows[0]?.replay ? parseLsn(rows[0].replay) : null;
          // Credit later requests with it too (positions only grow while the replica stays up).
          if (lsn !== null && replica.state === "healthy" && (replica.replayLsn === null || lsn > replica.replayLsn)) {
            replica.replayLsn = lsn;
          }
          return lsn;
        },
        (error: unknown) => {
          if (connectionLost(error)) this.markDown(replica, error, "reading its replay position");
          return null;
        },
      )
      .finally(() => {
        replica.probing = undefined;
      });
    return replica.probing;
  }

  /**
   * The primary's LSN now (after a write's commit): what the write's answer hands back. The insert
   * position, not the flush position: with synchronous_commit off a commit returns before its WAL is
   * flushed, and the insert position is the one sure to be at or past it.
   */
  async primaryLsn(): Promise<string> {
    const { rows } = await this.primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    const lsn = parseLsn(rows[0]!.lsn);
    if (lsn !== null && lsn > this.primaryKnown) this.primaryKnown = lsn;
    return rows[0]!.lsn;
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
        replica.reason = row.recovery ? "in recovery, but nothing replayed yet" : "not in recovery";
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
        const { maxLagMs, maxLagBytes } = this.settings;
        if (replica.lagMs! > maxLagMs) {
          replica.state = "lagging";
          // In milliseconds: rounded to seconds, 10.96 s over a 10 s bound read "10 s > 10 s".
          replica.reason = `lag ${replica.lagMs} ms > ${maxLagMs} ms bound`;
        } else if (maxLagBytes > 0 && replica.lagBytes! > maxLagBytes) {
          replica.state = "lagging";
          replica.reason = `lag ${replica.lagBytes} B > ${maxLagBytes} B bound`;
        } else {
          replica.state = "healthy";
          replica.reason = null;
        }
      }
    } catch (error) {
      replica.state = "down";
      replica.reason = failureReason(error);
      replica.lagMs = null;
      replica.lagBytes = null;
      replica.replayLsn = null;
      replica.previousReplay = null;
    }
    if (replica.state !== before) {
      this.onEvent("read replica state changed", {
        replica: replica.name,
        from: before,
        to: replica.state,
        reason: replica.reason,
        lagMs: replica.lagMs,
      });
    }
  }
}
