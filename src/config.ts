import path from "node:path";
import { RYW_WAIT_DEFAULT_MS, type ReplicaSettings } from "./db/replicas";

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
  /** PostgreSQL's JIT compiler for this service's connections (off unless DATABASE_JIT=true). */
  databaseJit: boolean;
  connectTimeoutMs: number;
  /** PostgreSQL ends a session idle inside a transaction this long (0: never). */
  idleInTransactionTimeoutMs: number;
  /** Largest answer a GraphQL request may produce, in bytes of JSON (about). */
  responseMaxBytes: number;
  /** Bytes of large answers being delivered at once. */
  answersInFlightMaxBytes: number;
  /** On SIGTERM, how long readiness reports "shutting down" before the server stops accepting. */
  shutdownDelayMs: number;
  /** A request not answered in this time gets 503 TIMEOUT. */
  requestTimeoutMs: number;
  rateLimitStore: "memory" | "postgres";
  rateLimitAnonymousPerMinute: number;
  rateLimitKeyPerMinute: number;
  /** Serve Prometheus metrics at GET /metrics. */
  metricsEnabled: boolean;
  /** Origins whose browser pages may call /graphql, /export and /schema.* (`*`: any, the default); empty: none. */
  corsOrigins: string[];
  /** Size of the response cache in MiB; 0 turns it off. */
  responseCacheMb: number;
  /** Longest time a cached answer is served, in seconds. */
  responseCacheTtlSeconds: number;
  /** Streaming replicas that serve reads (DATABASE_REPLICA_URLS; docs/scaling.md); none by default. */
  replicas: ReplicaSettings;
  /** Where the response cache LISTENs for changes, when not at the database URL (behind PgBouncer). */
  changeFeedUrl: string | undefined;
  /** Claim matching tiers (docs/matching.md). */
  matching: MatchThresholds;
  /** Persisted queries and trusted documents (docs/api.md, "Persisted queries"). */
  persistedQueries: PersistedQuerySettings;
  /** Subscriptions and webhooks (docs/live.md); `false`: LIVE_ENABLED=false. */
  live: LiveConfig | false;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCostAnonymous: number;
    maxCostKey: number;
  };
}

/** The live settings (docs/operations.md, "Live"); the shape of createServer's `live` option. */
export interface LiveConfig {
  subscriptions: {
    maxPerIp: number;
    maxPerKey: number;
    maxSubscriptionsPerSocket: number;
    idleTimeoutMs: number;
    initTimeoutMs: number;
  };
  pollMs: number;
  webhookWorker:
    | {
        concurrency: number;
        maxAttempts: number;
        backoffBaseMs: number;
        backoffMaxMs: number;
        timeoutMs: number;
        pollMs: number;
      }
    | false;
  webhookAllowHosts: string;
}

/** Scores (0..1) from which `similarClaims` calls a claim the same claim (MATCH) or one worth a look (SIMILAR). */
export interface MatchThresholds {
  match: number;
  similar: number;
}

/** CLAIM_MATCH_THRESHOLD and CLAIM_SIMILAR_THRESHOLD when unset, as measured in docs/matching.md. */
export const MATCH_THRESHOLD_DEFAULTS: MatchThresholds = { match: 0.7, similar: 0.35 };

/** TRUSTED_DOCUMENTS: `off` runs any operation (APQ included); `only` runs trusted documents alone. */
export type TrustedDocumentsMode = "off" | "only";

/** Persisted queries and trusted documents (src/modules/documents, docs/api.md "Persisted queries"). */
export interface PersistedQuerySettings {
  trustedDocuments: TrustedDocumentsMode;
  /** Largest document stored, in UTF-8 bytes (PERSISTED_QUERY_MAX_BYTES). */
  maxBytes: number;
  /** Most APQ (untrusted) rows kept (PERSISTED_QUERIES_MAX); past it, new hashes run but are not stored. */
  maxUntrusted: number;
}

/** TRUSTED_DOCUMENTS, PERSISTED_QUERY_MAX_BYTES and PERSISTED_QUERIES_MAX when unset (also createServer's default). */
export const PERSISTED_QUERY_DEFAULTS: PersistedQuerySettings = {
  trustedDocuments: "off",
  maxBytes: 64 * 1024,
  maxUntrusted: 10_000,
};

/**
 * REPLICA_MAX_LAG_MS, REPLICA_MAX_LAG_BYTES (0: no bound), REPLICA_CHECK_INTERVAL_MS and
 * REPLICA_RYW_WAIT_MS (0: no wait) when unset.
 */
export const REPLICA_DEFAULTS = {
  maxLagMs: 10_000,
  maxLagBytes: 0,
  checkIntervalMs: 1_000,
  rywWaitMs: RYW_WAIT_DEFAULT_MS,
} as const;

/** RESPONSE_CACHE_MB and RESPONSE_CACHE_TTL_SECONDS when unset (also createServer's default). */
export const RESPONSE_CACHE_DEFAULTS = { mb: 64, ttlSeconds: 300 } as const;

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  // Digits only: Number() would also take "1e3", "0x10" and " 5 ", which the message does not promise.
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function positiveSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = intSetting(env, name, fallback);
  if (value === 0) throw new Error(`${name} must be a positive integer, got "0"`);
  return value;
}

function fractionSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name} must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function matchThresholdsSetting(env: NodeJS.ProcessEnv = process.env): MatchThresholds {
  const match = fractionSetting(env, "CLAIM_MATCH_THRESHOLD", MATCH_THRESHOLD_DEFAULTS.match);
  const similar = fractionSetting(env, "CLAIM_SIMILAR_THRESHOLD", MATCH_THRESHOLD_DEFAULTS.similar);
  if (similar > match) throw new Error("CLAIM_SIMILAR_THRESHOLD must not be above CLAIM_MATCH_THRESHOLD");
  return { match, similar };
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

/**
 * Checks and normalizes CORS_ORIGINS: `*` (also when unset: reads are public and keys travel in a
 * header, so any page may call the API, without credentials), `none`, or origins like
 * `https://app.example.org[:port]`.
 */
function originsSetting(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return ["*"];
  if (raw.trim().toLowerCase() === "none") return [];
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      if (entry === "*") return entry;
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`CORS_ORIGINS: ${JSON.stringify(entry)} is not an origin like https://app.example.org`);
      }
      if (!["http:", "https:"].includes(url.protocol) || url.pathname !== "/" || url.search || url.hash) {
        throw new Error(`CORS_ORIGINS: ${JSON.stringify(entry)} is not an origin (scheme://host[:port], no path)`);
      }
      return url.origin;
    });
}

/** DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs of streaming replicas. */
function replicaUrlsSetting(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // Set but naming no replica (",,"): a typo, not "no replicas".
  if (entries.length === 0) throw new Error("DATABASE_REPLICA_URLS is set but lists no URL");
  return entries.map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error("DATABASE_REPLICA_URLS: an entry is not a URL like postgresql://user@host:5432/db");
    }
    if (!["postgres:", "postgresql:"].includes(url.protocol)) {
      throw new Error(`DATABASE_REPLICA_URLS: an entry has the scheme ${url.protocol}, not postgresql:`);
    }
    return entry;
  });
}

function trustedDocumentsSetting(raw: string | undefined): PersistedQuerySettings["trustedDocuments"] {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "off") return "off";
  if (value === "only") return "only";
  throw new Error(`TRUSTED_DOCUMENTS must be off or only, got ${JSON.stringify(raw)}`);
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
    databaseJit: boolSetting(env, "DATABASE_JIT", false),
    connectTimeoutMs: intSetting(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000),
    idleInTransactionTimeoutMs: intSetting(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 60_000),
    responseMaxBytes: positiveSetting(env, "RESPONSE_MAX_BYTES", 32 * 1024 * 1024),
    answersInFlightMaxBytes: positiveSetting(env, "ANSWERS_IN_FLIGHT_MAX_BYTES", 128 * 1024 * 1024),
    requestTimeoutMs: intSetting(env, "REQUEST_TIMEOUT_MS", 30_000),
    shutdownDelayMs: intSetting(env, "SHUTDOWN_DELAY_MS", env.NODE_ENV === "production" ? 5_000 : 0),
    rateLimitStore: storeSetting(env.RATE_LIMIT_STORE),
    rateLimitAnonymousPerMinute: intSetting(env, "RATE_LIMIT_ANONYMOUS_PER_MINUTE", 300),
    rateLimitKeyPerMinute: intSetting(env, "RATE_LIMIT_KEY_PER_MINUTE", 3_000),
    metricsEnabled: boolSetting(env, "METRICS_ENABLED", true),
    corsOrigins: originsSetting(env.CORS_ORIGINS),
    responseCacheMb: intSetting(env, "RESPONSE_CACHE_MB", RESPONSE_CACHE_DEFAULTS.mb),
    responseCacheTtlSeconds: positiveSetting(env, "RESPONSE_CACHE_TTL_SECONDS", RESPONSE_CACHE_DEFAULTS.ttlSeconds),
    replicas: {
      urls: replicaUrlsSetting(env.DATABASE_REPLICA_URLS),
      maxLagMs: intSetting(env, "REPLICA_MAX_LAG_MS", REPLICA_DEFAULTS.maxLagMs),
      maxLagBytes: intSetting(env, "REPLICA_MAX_LAG_BYTES", REPLICA_DEFAULTS.maxLagBytes),
      checkIntervalMs: positiveSetting(env, "REPLICA_CHECK_INTERVAL_MS", REPLICA_DEFAULTS.checkIntervalMs),
      rywWaitMs: intSetting(env, "REPLICA_RYW_WAIT_MS", REPLICA_DEFAULTS.rywWaitMs),
    },
    changeFeedUrl: env.CHANGE_FEED_URL || undefined,
    matching: matchThresholdsSetting(env),
    persistedQueries: {
      trustedDocuments: trustedDocumentsSetting(env.TRUSTED_DOCUMENTS),
      maxBytes: positiveSetting(env, "PERSISTED_QUERY_MAX_BYTES", PERSISTED_QUERY_DEFAULTS.maxBytes),
      maxUntrusted: intSetting(env, "PERSISTED_QUERIES_MAX", PERSISTED_QUERY_DEFAULTS.maxUntrusted),
    },
    live: boolSetting(env, "LIVE_ENABLED", true)
      ? {
          subscriptions: {
            maxPerIp: positiveSetting(env, "SUBSCRIPTION_MAX_SOCKETS_PER_IP", 100),
            maxPerKey: positiveSetting(env, "SUBSCRIPTION_MAX_SOCKETS_PER_KEY", 1000),
            maxSubscriptionsPerSocket: positiveSetting(env, "SUBSCRIPTION_MAX_PER_SOCKET", 20),
            idleTimeoutMs: positiveSetting(env, "SUBSCRIPTION_IDLE_TIMEOUT_MS", 60_000),
            initTimeoutMs: positiveSetting(env, "SUBSCRIPTION_INIT_TIMEOUT_MS", 5_000),
          },
          pollMs: positiveSetting(env, "EVENT_POLL_MS", 1000),
          webhookWorker: boolSetting(env, "WEBHOOK_WORKER", true)
            ? {
                concurrency: positiveSetting(env, "WEBHOOK_CONCURRENCY", 4),
                maxAttempts: positiveSetting(env, "WEBHOOK_MAX_ATTEMPTS", 8),
                backoffBaseMs: positiveSetting(env, "WEBHOOK_BACKOFF_MS", 1000),
                backoffMaxMs: positiveSetting(env, "WEBHOOK_BACKOFF_MAX_MS", 3_600_000),
                timeoutMs: positiveSetting(env, "WEBHOOK_TIMEOUT_MS", 10_000),
                pollMs: positiveSetting(env, "WEBHOOK_POLL_MS", 1000),
              }
            : false,
          webhookAllowHosts: env.WEBHOOK_ALLOW_HOSTS ?? "",
        }
      : false,
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
