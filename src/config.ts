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
  /** On SIGTERM, how long readiness reports "shutting down" before the server stops accepting. */
  shutdownDelayMs: number;
  /** A request not answered in this time gets 503 TIMEOUT. */
  requestTimeoutMs: number;
  rateLimitStore: "memory" | "postgres";
  rateLimitAnonymousPerMinute: number;
  rateLimitKeyPerMinute: number;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCostAnonymous: number;
    maxCostKey: number;
  };
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

function storeSetting(raw: string | undefined): "memory" | "postgres" {
  if (raw === undefined || raw === "" || raw === "memory") return "memory";
  if (raw === "postgres") return "postgres";
  throw new Error(`RATE_LIMIT_STORE must be memory or postgres, got ${JSON.stringify(raw)}`);
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
    requestTimeoutMs: intSetting(env, "REQUEST_TIMEOUT_MS", 30_000),
    shutdownDelayMs: intSetting(env, "SHUTDOWN_DELAY_MS", env.NODE_ENV === "production" ? 5_000 : 0),
    rateLimitStore: storeSetting(env.RATE_LIMIT_STORE),
    rateLimitAnonymousPerMinute: intSetting(env, "RATE_LIMIT_ANONYMOUS_PER_MINUTE", 300),
    rateLimitKeyPerMinute: intSetting(env, "RATE_LIMIT_KEY_PER_MINUTE", 3_000),
    limits: {
      maxDepth: intSetting(env, "QUERY_MAX_DEPTH", 12),
      maxAliases: intSetting(env, "QUERY_MAX_ALIASES", 15),
      maxDirectives: intSetting(env, "QUERY_MAX_DIRECTIVES", 20),
      maxTokens: intSetting(env, "QUERY_MAX_TOKENS", 2_000),
      maxCostAnonymous: intSetting(env, "QUERY_MAX_COST_ANONYMOUS", 25_000),
      maxCostKey: intSetting(env, "QUERY_MAX_COST_KEY", 250_000),
    },
  };
}
