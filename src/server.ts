import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import { ApolloServer, type ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import pg from "pg";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import {
  type MatchThresholds,
  PERSISTED_QUERY_DEFAULTS,
  type PersistedQuerySettings,
  RESPONSE_CACHE_DEFAULTS,
} from "./config";
import { type Context, createContext } from "./context";
import type { Database } from "./db/database";
import { databaseUnavailable } from "./db/unavailable";
import { LSN_HEADER, ReadRouter, type ReplicaSettings } from "./db/replicas";
import { pendingMigrations } from "./db/migrate";
import { authenticate } from "./modules/auth";
import { type ImportLimits, importRouter } from "./modules/bundle";
import { INGEST_DOCUMENT, ingestRouter, type RunIngest } from "./modules/ingest";
import { exportRouter } from "./modules/export";
import { documentsRouter, PersistedQueryStore, persistedQueriesPlugin } from "./modules/documents";
import { playgroundRouter } from "./playground/playground";
import { explorerRouter } from "./explorer/explorer";
import { buildClaimbaseSchema } from "./schema";
import { DEFAULT_LIMITS, isLimitError, limitMessage, queryProtection, type QueryLimits } from "./limits/limits";
import { type RateLimitOptions, rateLimit, requestTimeout } from "./limits/http";
import { responseSizePlugin, DEFAULT_RESPONSE_MAX_BYTES } from "./limits/response-size";
import { inputDepthGuard } from "./limits/input-depth";
import {
  type ErrorCode,
  formattedError,
  isClientError,
  isDataException,
  isErrorCode,
  sendError,
  serviceUnavailable,
  unreachable,
} from "./shared/errors";
import { withFilterHint } from "./shared/filter-hints";
import { type Logger } from "./shared/logger";
import { accessLog } from "./http/access-log";
import { jsonBody } from "./http/json-body";
import { requestState } from "./http/request-state";
import { type Middleware, pathOf, runChain, TRUST_PROXY } from "./http/lane";
import { countRequests, createMetrics, metricsHandler, type Metrics } from "./http/metrics";
import { corsPolicy, securityHeaders } from "./http/security";
import { readRoutingPlugin } from "./http/read-routing";
import { schemaRouter } from "./http/schema-routes";
import { ResponseCache, responseCachePlugin } from "./cache/response-cache";
import { DEFAULT_LIVE, type Live, type LiveSettings, startLive } from "./live/live";
import type { CacheOutcome } from "./context-types";

export interface ServerOptions {
  db: Database;
  logger: Logger;
  production?: boolean;
  /** The HTTP server the app will listen on, so shutdown can drain open requests. */
  httpServer?: Server;
  /** Report each response's SQL statement count in `extensions.sqlStatements` (tests, benchmarks); never in production. */
  exposeStatementCount?: boolean;
  limits?: QueryLimits;
  rateLimit?: Omit<RateLimitOptions, "pool" | "onReject">;
  requestTimeoutMs?: number;
  /** Bounds on POST /import (default: from the IMPORT_* environment settings). */
  importLimits?: ImportLimits;
  /** Bytes of large GraphQL answers (64 KiB and up) being delivered at once; default 128 MiB. */
  answersInFlightMaxBytes?: number;
  /** Largest answer a GraphQL request may produce, in bytes of JSON (about); default 32 MiB. */
  responseMaxBytes?: number;
  /** Serve Prometheus metrics at GET /metrics (default true). */
  metrics?: boolean;
  /** Origins allowed to call /graphql, /export and /schema.* from a browser (`*`: any, the default; `[]`: none). */
  corsOrigins?: readonly string[];
  /**
   * The response cache (src/cache/response-cache.ts): its size and time to live, and where to LISTEN for
   * changes when not through the pool's URL; `false` turns it off.
   */
  responseCache?: ResponseCacheSettings | false;
  /** Claim matching tiers for `similarClaims` (default: MATCH_THRESHOLD_DEFAULTS). */
  matching?: MatchThresholds;
  /** Persisted queries and trusted documents (default: PERSISTED_QUERY_DEFAULTS, trusted documents off). */
  persistedQueries?: PersistedQuerySettings;
  /** Where the story explorer's bundle is (default: dist/explorer, written by `npm run build`). */
  explorerAssets?: string;
  /** Streaming replicas for reads (db/replicas.ts); none (everything on `db`) when absent or empty. */
  replicas?: ReplicaSettings;
  /**
   * Live features (docs/live.md): the event hub, subscriptions on `httpServer` (needed) and the
   * webhook worker; `false` turns them off (the outbox is written regardless).
   */
  live?: Partial<LiveSettings> | false;
}

export interface ResponseCacheSettings {
  maxBytes: number;
  ttlMs: number;
  listenUrl?: string;
}

/** The response cache when ServerOptions does not say: the defaults of RESPONSE_CACHE_MB and _TTL_SECONDS. */
export const DEFAULT_RESPONSE_CACHE: ResponseCacheSettings = {
  maxBytes: RESPONSE_CACHE_DEFAULTS.mb * 1024 * 1024,
  ttlMs: RESPONSE_CACHE_DEFAULTS.ttlSeconds * 1000,
};

/** What one GraphQL request log line carries; every field is present (null when unknown). */
interface GraphQLRequestRecord {
  requestId: string;
  operationName: string | null;
  operationType: string;
  statements: number;
  durationMs: number;
  cost: number | null;
  /** What the response cache did: answered (hit), will keep the answer (miss), or stood aside (bypass). */
  cache: CacheOutcome;
  outcome: "ok" | "error";
  errorCodes: string[];
}

/** Largest GraphQL request body (1 MiB): bulk data goes to POST /import. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Client messages quote the client's own input back (an operation name, an argument value); a long
 * one is cut, so a 1 MB name is not echoed whole into every answer and log.
 */
function clip(message: string): string {
  return message.length <= 1_000 ? message : `${message.slice(0, 1_000)}… (message cut)`;
}

/**
 * graphql-js suggests names ("Did you mean the enum value \"TEXT\"?") while coercing variables too,
 * past Apollo's hideSchemaDetailsFromClientErrors; in production they would map the schema.
 */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, "");
}

export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
  production = false,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if ((code === "GRAPHQL_VALIDATION_FAILED" || code === "GRAPHQL_PARSE_FAILED") && isLimitError(formatted)) {
    // GraphQL Armor's depth, alias, directive and token limits.
    return formattedError("QUERY_TOO_COMPLEX", limitMessage(formatted.message), {}, { locations: formatted.locations });
  }
  if (code === "GRAPHQL_VALIDATION_FAILED" && formatted.message.startsWith("Syntax Error:")) {
    // GraphQL Armor parses the document itself, and its syntax errors surface as validation errors.
    return formattedError("GRAPHQL_PARSE_FAILED", formatted.message, {}, { locations: formatted.locations });
  }
  if (isErrorCode(code) && isClientError(code)) {
    // Keep message, locations, path and code; drop anything else (stack traces included).
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    void _stack;
    const message = production ? withoutSuggestions(formatted.message) : formatted.message;
    return { ...formatted, message: clip(message), extensions };
  }
  const raised =
    error instanceof GraphQLError && error.originalError instanceof GraphQLError ? error.originalError : error;
  if (raised instanceof GraphQLError && !raised.originalError && raised.extensions?.code === undefined) {
    // Raised by graphql-js itself while coercing arguments (e.g. null for a non-null argument with a
    // default): the client's input is at fault, and the message names the argument, nothing internal.
    return formattedError(
      "BAD_USER_INPUT",
      clip(production ? withoutSuggestions(formatted.message) : formatted.message),
      {},
      { locations: formatted.locations, path: formatted.path },
    );
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (isDataException(original)) {
    // PostgreSQL refused a value the client sent (a date past year 9999 once converted to UTC, ...):
    // the client's input, whatever check let it through, so theirs to fix, not a 500.
    logger.info({ error: original.message, path: formatted.path }, "value refused by the database");
    return formattedError(
      "BAD_USER_INPUT",
      `A value in the request is malformed or out of range for the database (SQLSTATE ${original.code}); dates run from year 1 to 9999`,
      {},
      { locations: formatted.locations, path: formatted.path },
    );
  }
  const unavailable = databaseUnavailable(original);
  if (unavailable) {
    logger.warn({ error: (original as Error).message, path: formatted.path }, "database unavailable");
    return formattedError(
      "SERVICE_UNAVAILABLE",
      unavailable,
      {},
      { locations: formatted.locations, path: formatted.path },
    );
  }
  logger.error({ err: original, path: formatted.path }, "unexpected error while resolving a request");
  return formattedError(
    "INTERNAL_SERVER_ERROR",
    "Internal server error",
    {},
    { locations: formatted.locations, path: formatted.path },
  );
}

/** The codes of a request refused outside GraphQL (sendHttpError): a bad body, no database, a fault. */
type HttpFailure = Extract<
  ErrorCode,
  "UNSUPPORTED_MEDIA_TYPE" | "PAYLOAD_TOO_LARGE" | "SERVICE_UNAVAILABLE" | "INTERNAL_SERVER_ERROR" | "BAD_REQUEST"
>;

/** ANSWERS_IN_FLIGHT_MAX_BYTES when unset. */
export const DEFAULT_ANSWERS_IN_FLIGHT_BYTES = 128 * 1024 * 1024;

/**
 * The memory that answers still on their way to clients may hold. An answer is a string in memory until
 * the client has read it: twenty clients asking for a 27 MB answer and never reading took the process
 * to 2.3 GB. Answers of 64 KiB and more are counted from the moment they are ready until their
 * response closes; one that would pass the budget is refused with a 503. An answer whose client takes
 * no bytes for one to two STALL_MS periods is abandoned (the connection is closed), so stalled clients cannot hold
 * the budget either.
 */
class AnswerBudget {
  private inFlight = 0;
  static readonly TRACKED_FROM = 64 * 1024;
  static readonly STALL_MS = 30_000;

  constructor(
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  reserve(res: ServerResponse | undefined, bytes: number): boolean {
    if (!res || bytes < AnswerBudget.TRACKED_FROM) return true;
    if (this.inFlight + bytes > this.maxBytes) return false;
    this.inFlight += bytes;
    let written = -1;
    const watchdog = setInterval(() => {
      const now = res.socket?.bytesWritten ?? 0;
      if (now === written) {
        this.logger.warn({ bytes }, "answer abandoned: the client stopped reading");
        res.destroy();
      }
      written = now;
    }, AnswerBudget.STALL_MS);
    watchdog.unref();
    res.once("close", () => {
      clearInterval(watchdog);
      this.inFlight -= bytes;
    });
    return true;
  }
}

/** Builds the HTTP app: GraphQL at /graphql (playground for browsers), /healthz and /readyz. */
export async function createServer(options: ServerOptions): Promise<{
  /** The request handler to attach to the HTTP server. */
  app: RequestListener;
  apollo: ApolloServer<Context>;
  beginShutdown: () => void;
  metrics?: Metrics;
  responseCache?: ResponseCache;
  live?: Live;
}> {
  const { db, logger } = options;
  const production = options.production ?? false;
  const cacheSettings = options.responseCache ?? DEFAULT_RESPONSE_CACHE;
  const cache = cacheSettings
    ? new ResponseCache({
        maxBytes: cacheSettings.maxBytes,
        ttlMs: cacheSettings.ttlMs,
        connection: cacheSettings.listenUrl
          ? { ...db.pool.options, connectionString: cacheSettings.listenUrl }
          : db.pool.options,
        logger,
      })
    : undefined;
  const router =
    options.replicas && options.replicas.urls.length > 0
      ? new ReadRouter(
          db.pool,
          options.replicas,
          {
            max: db.pool.options.max ?? 10,
            connectTimeoutMs: db.pool.options.connectionTimeoutMillis ?? 5_000,
            statementTimeoutMs: Number(db.pool.options.statement_timeout ?? 0),
            idleInTransactionTimeoutMs: Number(db.pool.options.idle_in_transaction_session_timeout ?? 0) || undefined,
            jit: db.pool.options.options !== "-c jit=off",
            onError: (error) => logger.warn({ error: error.message }, "read replica connection error"),
          },
          // A replica turning healthy (at start, or back) is news, not a warning.
          (message, details) => (details.to === "healthy" ? logger.info : logger.warn).call(logger, details, message),
        )
      : undefined;
  cache?.trackReplicas(router !== undefined);
  const metrics = (options.metrics ?? true) ? createMetrics(db.pool, cache, router) : undefined;
  /** One log line and the metrics for every GraphQL request Apollo answers (also when its context fails). */
  const recordGraphQL = (record: GraphQLRequestRecord, seconds: number) => {
    metrics?.graphqlDuration.observe({ operation_type: record.operationType }, seconds);
    metrics?.responseCache.inc({ outcome: record.cache });
    for (const code of record.errorCodes) metrics?.graphqlErrors.inc({ code });
    logger.info(record, "graphql request");
  };
  /** The log line and error count of a GraphQL request answered before it reached Apollo. */
  const recordRefusal = (req: IncomingMessage, res: ServerResponse, code: ErrorCode) =>
    recordGraphQL(
      {
        requestId: requestState(req, res).requestId,
        operationName: null,
        operationType: "unknown",
        statements: 0,
        durationMs: 0,
        cost: null,
        cache: "bypass",
        outcome: "error",
        errorCodes: [code],
      },
      0,
    );
  const answers = new AnswerBudget(options.answersInFlightMaxBytes ?? DEFAULT_ANSWERS_IN_FLIGHT_BYTES, logger);
  const protection = queryProtection(options.limits ?? DEFAULT_LIMITS, production);
  const persisted = new PersistedQueryStore(db.pool, options.persistedQueries ?? PERSISTED_QUERY_DEFAULTS);
  const plugins: ApolloServerPlugin<Context>[] = [
    ApolloServerPluginLandingPageDisabled(),
    // Apollo installs its cache-control plugin by default; its willResolveField hook wraps every field
    // resolver of every request (about 6% of a simple query's CPU in bench/). No response carries
    // cache hints here, so nothing is lost.
    ApolloServerPluginCacheControlDisabled(),
    ...protection.plugins,
    // After the limits: a document is stored, or refused as untrusted, only once it is valid and allowed.
    persistedQueriesPlugin(persisted, logger),
    // Before the response cache, so that an answer refused for its size is never kept.
    responseSizePlugin(options.responseMaxBytes ?? DEFAULT_RESPONSE_MAX_BYTES, (context, bytes) =>
      answers.reserve(context.http?.res, bytes),
    ),
    // Routes a query's reads once its operation is known, before the cache looks at it.
    ...(router ? [readRoutingPlugin(router, logger)] : []),
    // After the limits (validation, cost): a cached answer is served only to a request allowed to ask.
    ...(cache ? [responseCachePlugin(cache)] : []),
  ];
  if (options.httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }));
  // Readiness asks the database on a connection of its own: a pool fully busy with this process's
  // own work says nothing about the database, and an orchestrator would kill a healthy instance.
  const probe = new pg.Pool({
    ...db.pool.options,
    max: 1,
    connectionTimeoutMillis: Math.min(db.pool.options.connectionTimeoutMillis || 2_000, 2_000),
    statement_timeout: 2_000,
    application_name: "claimbase-readiness",
  });
  probe.on("error", (error) => logger.warn({ error: error.message }, "readiness connection error"));
  plugins.push({
    async serverWillStart() {
      return {
        async serverWillStop() {
          await probe.end();
        },
      };
    },
  });

  plugins.push({
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, response, operationName, operation, errors }) {
          const durationMs = performance.now() - started;
          const statements = contextValue.statements.count;
          if (response.body.kind === "single") {
            const result = response.body.singleResult;
            // A mutation whose root field answered has committed: a nested field that could not load
            // afterwards must not turn the answer into "503, retry" (the retry would write again).
            const committed =
              operation?.operation === "mutation" &&
              Object.values(result.data ?? {}).some((value) => value !== null && value !== undefined);
            if (!committed && result.errors?.some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE")) {
              response.http.status = 503;
              response.http.headers.set("retry-after", "1");
            }
          }
          if (options.exposeStatementCount && !production && response.body.kind === "single") {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: statements,
            };
          }
          // The codes clients see (after masking), not the raw errors' codes.
          const sent = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : (errors ?? []);
          const errorCodes = sent.map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          if (contextValue.http) contextValue.http.logged = true;
          recordGraphQL(
            {
              requestId: contextValue.requestId,
              operationName: operationName ?? null,
              operationType: operation?.operation ?? "unknown",
              statements,
              durationMs: Math.round(durationMs),
              cost: contextValue.cost ?? null,
              cache: contextValue.cache ?? "bypass",
              outcome: errorCodes.length > 0 ? "error" : "ok",
              errorCodes,
            },
            durationMs / 1000,
          );
        },
      };
    },
  });
  const schema = buildClaimbaseSchema();
  let live: Live | undefined;
  plugins.push({
    async serverWillStart() {
      return {
        async serverWillStop() {
          await live?.stop();
        },
      };
    },
  });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    formatError: (formatted, error) => withFilterHint(schema, maskError(formatted, error, logger, production)),
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    // One operation per request: batched arrays would multiply every limit by the batch size.
    allowBatchedHttpRequests: false,
    // Shared by every replica (PostgreSQL); kept until an operator removes them, so no TTL.
    persistedQueries: { cache: persisted.apolloCache(), ttl: null },
    // main.ts owns SIGTERM: readiness fails first, then Apollo drains. Apollo's own handler would close
    // the listener at once.
    stopOnTerminationSignals: false,
    plugins,
  });
  await apollo.start();
  if (options.live !== false && options.httpServer) {
    live = await startLive({
      db,
      logger,
      httpServer: options.httpServer,
      schema,
      queryLimits: options.limits ?? DEFAULT_LIMITS,
      validationRules: protection.validationRules,
      formatError: (error) => maskError(error.toJSON(), error, logger, production),
      settings: { ...DEFAULT_LIVE, ...options.live },
    });
  }

  const state = { shuttingDown: false };

  // The middleware of every GraphQL request, made once and shared by the Express app and the fast lane.
  const security = securityHeaders(production);
  const counting = metrics ? countRequests(metrics) : undefined;
  const apiCors = corsPolicy(options.corsOrigins ?? ["*"]);
  const logAccess = accessLog(logger);
  const limiter = rateLimit({
    ...(options.rateLimit ?? { store: "memory", anonymousPerMinute: 300, keyPerMinute: 3000 }),
    authenticate: (header) => authenticate(db.pool, header),
    // A GraphQL request refused here gets its log line and error count like one Apollo answered.
    onRefuse: (req, res, code) => {
      // As when Apollo refused a key itself (429s keep their access line only, as before).
      if (pathOf(req) !== "/graphql" || code === "RATE_LIMITED") return;
      requestState(req, res).logged = true;
      recordRefusal(req, res, code);
    },
    pool: db.pool,
    onReject: (caller) => metrics?.rateLimitRejections.inc({ caller }),
  });
  const timeout = requestTimeout(options.requestTimeoutMs ?? 30_000);
  const readJson = jsonBody(MAX_BODY_BYTES);
  // A declared length over the limit is refused before a byte is read (body-parser waited for the
  // body first, so a client declaring 1 TB held the request until the timeout).
  const declaredLength: Middleware = (req, _res, next) => {
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > MAX_BODY_BYTES)
      next(Object.assign(new Error("too large"), { status: 413 }));
    else next();
  };
  const depthGuard = inputDepthGuard();

  const contextFor = async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const started = performance.now();
    const http = requestState(req, res);
    const { requestId, statements } = http;
    // The access log (every API route's first step) has set it already; this is for any other caller.
    if (!res.hasHeader("X-Request-Id")) res.setHeader("X-Request-Id", requestId);
    let viewer;
    try {
      // Established by the access middleware (limits/http.ts), which every API route runs first.
      viewer = http.viewer ?? (await authenticate(db.pool, req.headers.authorization));
    } catch (error) {
      const unavailable = databaseUnavailable(error);
      const refusal = unavailable ? serviceUnavailable(unavailable) : error;
      // Apollo runs no plugin hooks for a request whose context fails: log and count it here.
      const body = (req as { body?: { operationName?: unknown } }).body;
      const code = refusal instanceof GraphQLError ? refusal.extensions.code : undefined;
      const durationMs = performance.now() - started;
      http.logged = true;
      recordGraphQL(
        {
          requestId,
          operationName: typeof body?.operationName === "string" ? body.operationName.slice(0, 100) : null,
          operationType: "unknown",
          statements: statements.count,
          durationMs: Math.round(durationMs),
          cost: null,
          cache: "bypass",
          outcome: "error",
          errorCodes: [typeof code === "string" ? code : "INTERNAL_SERVER_ERROR"],
        },
        durationMs / 1000,
      );
      throw refusal;
    }
    const context = createContext(db, requestId, statements, viewer, http.deadline, http);
    if (options.matching) context.matching = options.matching;
    return context;
  };

  /**
   * Malformed JSON and oversized bodies (from body-parser), a database that cannot answer, and anything
   * unexpected: a coded answer that never echoes internals. A 5xx on /graphql is also logged and counted
   * as a GraphQL request, so no failure escapes the request log and claimbase_graphql_errors_total.
   */
  const sendHttpError = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    const status = (error as { status?: unknown })?.status;
    const unavailable = databaseUnavailable(error);
    const httpStatus = unavailable ? 503 : typeof status === "number" && status >= 400 && status < 500 ? status : 500;
    if (httpStatus === 500)
      logger.error({ err: error, requestId: requestState(req, res).requestId }, "unhandled HTTP error");
    const code: HttpFailure =
      httpStatus === 415
        ? "UNSUPPORTED_MEDIA_TYPE"
        : httpStatus === 413
          ? "PAYLOAD_TOO_LARGE"
          : httpStatus === 503
            ? "SERVICE_UNAVAILABLE"
            : httpStatus === 500
              ? "INTERNAL_SERVER_ERROR"
              : "BAD_REQUEST";
    if (httpStatus >= 500 && pathOf(req) === "/graphql") recordRefusal(req, res, code);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    let message: string;
    switch (code) {
      case "UNSUPPORTED_MEDIA_TYPE":
        message = "Unsupported charset or content encoding: send UTF-8 JSON";
        break;
      case "PAYLOAD_TOO_LARGE":
        message = "Request body too large";
        // A body refused for its size is not read to its end: the connection closes instead.
        res.setHeader("Connection", "close");
        break;
      case "SERVICE_UNAVAILABLE":
        message = unavailable!;
        res.setHeader("Retry-After", "1");
        break;
      case "INTERNAL_SERVER_ERROR":
        message = "Internal server error";
        break;
      case "BAD_REQUEST":
        message =
          (error as { reason?: unknown })?.reason === "INVALID_UTF8"
            ? "The request body is not valid UTF-8"
            : /^(entity|encoding|charset|request)\./.test(String((error as { type?: unknown })?.type))
              ? "Malformed request body"
              : "Malformed request";
        break;
      default:
        return unreachable(code);
    }
    sendError(res, httpStatus, code, message);
  };

  const readiness: express.RequestHandler = async (_req, res) => {
    if (state.shuttingDown) {
      res.status(503).json({ status: "unavailable", reason: "shutting down" });
      return;
    }
    try {
      const pending = await pendingMigrations(probe);
      if (pending.length > 0) {
        res.status(503).json({ status: "unavailable", reason: "migrations pending", pending });
        return;
      }
      res.json({ status: "ready", ...(router ? { replicas: router.status() } : {}) });
    } catch (error) {
      logger.warn({ err: error }, "readiness check failed");
      res.status(503).json({
        status: "unavailable",
        reason: "database unreachable",
        ...(router ? { replicas: router.status() } : {}),
      });
    }
  };

  /**
   * The one list of what a request passes through, in order. `paths` limits a step to requests under
   * those paths; a `route` step answers the requests it owns and passes the others on. The Express app
   * is built from all of it; POST /graphql takes the fast lane below, which runs the middleware steps
   * for /graphql from this same list, so the two can never differ.
   */
  // An import's answer, like a mutation's, leaves no stale cached answer behind it (the notifications of
  // the transactions it committed have arrived, or everything is dropped) and carries the primary's LSN.
  const afterImport = async (res: ServerResponse, txids: readonly string[] | null) => {
    await cache?.settle(txids, "import");
    if (!router || res.headersSent) return;
    try {
      res.setHeader(LSN_HEADER, await router.primaryLsn());
    } catch (error) {
      logger.warn({ error: (error as Error).message }, "could not read the primary's LSN for an import's answer");
    }
  };
  const GRAPHQL = "/graphql";
  const API = [GRAPHQL, "/import", "/export", "/ingest", "/documents"];
  // POST /ingest runs the ingestDocument mutation itself, so its checks and errors are the mutation's.
  const runIngest: RunIngest = async (req, res, input) => {
    const response = await apollo.executeOperation(
      { query: INGEST_DOCUMENT, variables: { input } },
      { contextValue: await contextFor({ req, res }) },
    );
    // The mutation's LSN (read routing) belongs on this route's answer, as on /graphql's.
    const lsn = response.http.headers.get(LSN_HEADER);
    if (lsn && !res.headersSent) res.setHeader(LSN_HEADER, lsn);
    return response.body.kind === "single" ? response.body.singleResult : { errors: [] };
  };
  type Step = { paths?: string[] } & ({ use: Middleware } | { route: express.RequestHandler });
  const pipeline: Step[] = [
    { use: security },
    ...(counting ? [{ use: counting }] : []),
    ...(metrics ? [{ route: express.Router().get("/metrics", metricsHandler(metrics)) }] : []),
    { route: express.Router().get("/healthz", (_req, res) => void res.json({ status: "ok" })) },
    { route: express.Router().get("/readyz", readiness) },
    // Before the rate limiter, so that refusals carry CORS headers a browser page can read, and
    // preflights are not counted. /import has none: bulk uploads come from tools, not from web pages.
    { paths: [GRAPHQL, "/export", "/schema.graphql", "/schema.json"], use: apiCors },
    { route: schemaRouter() },
    { route: playgroundRouter(GRAPHQL) },
    // The story explorer's pages (/, /stories/<slug>, /entities/<slug>) and their bundled files.
    { route: explorerRouter(GRAPHQL, options.explorerAssets, db, live !== undefined) },
    { paths: API, use: logAccess },
    { paths: API, use: limiter },
    // Imports and exports stream for as long as their data takes; only GraphQL requests time out.
    { paths: [GRAPHQL], use: timeout },
    { route: importRouter(db, logger, afterImport, options.importLimits) },
    // Exports read in one REPEATABLE READ transaction, routed like queries (a replica when one fits).
    { route: exportRouter(db, logger, { production, reads: router }) },
    { route: ingestRouter(runIngest) },
    { route: documentsRouter(db, logger, persisted.settings, buildClaimbaseSchema) },
    { paths: [GRAPHQL], use: declaredLength },
    { paths: [GRAPHQL], use: readJson },
    { paths: [GRAPHQL], use: depthGuard },
  ];

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.set("trust proxy", TRUST_PROXY);
  for (const step of pipeline) {
    const handler = "use" in step ? (step.use as express.RequestHandler) : step.route;
    if (step.paths) app.use(step.paths, handler);
    else app.use(handler);
  }
  app.use(GRAPHQL, expressMiddleware(apollo, { context: contextFor }));
  app.use((_req, res) => {
    sendError(res, 404, "NOT_FOUND", "Not found");
  });
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    void next;
    sendHttpError(error, req, res);
  });

  /**
   * POST /graphql, nearly every API request, skips Express: the pipeline's middleware for /graphql,
   * then Apollo's own HTTP entry point (what @as-integrations/express5 calls). Express's per-request
   * work (router, request/response prototypes) cost more than the rest of the stack together: bench/
   * measured a bare Apollo Server at 3.7k requests/s behind Express 5 and 6.3k from Node's http server
   * on this machine. GET /graphql (the playground, GET queries), preflights and every other route stay
   * on Express.
   */
  const laneChain: Middleware[] = pipeline.flatMap((step) =>
    "use" in step && (!step.paths || step.paths.includes(GRAPHQL)) ? [step.use] : [],
  );
  const answerGraphQL = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: "POST",
        headers,
        search: query === -1 ? "" : url.slice(query),
        body: (req as { body?: unknown }).body,
      },
      context: () => contextFor({ req, res }),
    });
    // The request timed out meanwhile (its 503 is out) or the client left.
    if (res.headersSent || res.destroyed) return;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const handler: RequestListener = (req, res) => {
    const url = req.url ?? "";
    if (req.method === "POST" && (url === "/graphql" || url.startsWith("/graphql?"))) {
      runChain(laneChain, req, res, (error) => {
        if (error !== undefined) sendHttpError(error, req, res);
        else answerGraphQL(req, res).catch((failure: unknown) => sendHttpError(failure, req, res));
      });
      return;
    }
    app(req, res);
  };

  return {
    app: handler,
    apollo,
    metrics,
    responseCache: cache,
    live,
    /** Fails readiness first, so load balancers stop sending work before the server drains. */
    beginShutdown: () => {
      state.shuttingDown = true;
    },
  };
}
