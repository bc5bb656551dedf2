import path from "node:path";

/** Runtime settings, read once from the environment. Every setting and its default is in docs/operations.md. */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL URL; when absent, an embedded PostgreSQL under `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  production: boolean;
  logLevel: string;
  /** Per-statement timeout sent to PostgreSQL, in milliseconds. */
  statementTimeoutMs: number;
  poolMax: number;
  connectTimeoutMs: number;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intSetting(env, "PORT", 4000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.CLAIMBASE_DATA_DIR ?? ".data"),
    production: env.NODE_ENV === "production",
    logLevel: env.LOG_LEVEL ?? "info",
    statementTimeoutMs: intSetting(env, "STATEMENT_TIMEOUT_MS", 10_000),
    poolMax: intSetting(env, "DATABASE_POOL_MAX", 10),
    connectTimeoutMs: intSetting(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000),
  };
}
