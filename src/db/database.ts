import type pg from "pg";
import type { Config } from "../config";
import { startEmbedded, type EmbeddedDatabase } from "./embedded";
import { createPool } from "./pool";
import path from "node:path";

/**
 * The service's handle on PostgreSQL: one pool. Reads and writes are SQL compiled in this code base
 * (db/sql.ts), not Prisma Client; docs/data-model.md says why.
 */
export interface Database {
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  max?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** PostgreSQL's JIT compiler on this pool's connections; default off (see pool.ts). */
  jit?: boolean;
  /** See PoolOptions.idleInTransactionTimeoutMs. */
  idleInTransactionTimeoutMs?: number;
  onError?: (error: Error) => void;
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const pool = createPool({
    connectionString: url,
    max: options.max ?? 10,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
    jit: options.jit ?? false,
    idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs,
    onError: options.onError,
  });
  return {
    pool,
    async close() {
      await pool.end();
    },
  };
}

/** DATABASE_URL when set; otherwise the embedded server under `<dataDir>/pg`, started on demand. */
export async function resolveDatabaseUrl(
  config: Pick<Config, "databaseUrl" | "dataDir">,
  onLog?: (message: string) => void,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbedded({ dir: path.join(config.dataDir, "pg"), onLog });
  return { url: embedded.url, embedded };
}
