import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { type Middleware, pathOf } from "./lane";
import type pg from "pg";
import type { ResponseCache } from "../cache/response-cache";
import type { ReadRouter, ReplicaState } from "../db/replicas";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for one server instance. Each instance has its own registry (never prom-client's
 * global one), so several servers in one process (tests) do not collide. Names are listed in
 * docs/operations.md.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  graphqlDuration: Histogram<"operation_type">;
  graphqlErrors: Counter<"code">;
  rateLimitRejections: Counter<"caller">;
  responseCache: Counter<"outcome">;
}

/** Seconds: most reads answer in milliseconds; the top buckets catch the statement and request timeouts. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const REPLICA_STATES: ReplicaState[] = ["unknown", "healthy", "lagging", "down", "not_replica"];

export function createMetrics(pool: pg.Pool, cache?: ResponseCache, replicas?: ReadRouter): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const httpRequests = new Counter({
    name: "claimbase_http_requests_total",
    help: "HTTP requests answered, by route, method and status (499: the client went away before an answer)",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const graphqlDuration = new Histogram({
    name: "claimbase_graphql_request_duration_seconds",
    help: "Time from the start of a GraphQL request to its response, by operation type",
    labelNames: ["operation_type"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphqlErrors = new Counter({
    name: "claimbase_graphql_errors_total",
    help: "Errors returned in GraphQL responses, by extensions.code",
    labelNames: ["code"] as const,
    registers,
  });
  const rateLimitRejections = new Counter({
    name: "claimbase_rate_limit_rejections_total",
    help: "Requests refused with 429 by the rate limiter, by caller kind (anonymous: by IP; key: by API key)",
    labelNames: ["caller"] as const,
    registers,
  });
  const responseCache = new Counter({
    name: "claimbase_response_cache_requests_total",
    help: "GraphQL requests by what the response cache did: hit (answered from it), miss (ran, answer kept if complete), bypass (not a query, refused before it ran, or the cache off or its change feed down)",
    labelNames: ["outcome"] as const,
    registers,
  });
  if (cache) {
    new Gauge({
      name: "claimbase_response_cache_entries",
      help: "Answers in the response cache",
      registers,
      collect() {
        this.set(cache.stats.entries);
      },
    });
    new Gauge({
      name: "claimbase_response_cache_bytes",
      help: "Estimated memory taken by the answers in the response cache (twice their JSON), in bytes",
      registers,
      collect() {
        this.set(cache.stats.bytes);
      },
    });
    new Counter({
      name: "claimbase_response_cache_dropped_total",
      help: "Answers dropped from the response cache before their time, by cause: change (a write to what they read), or why all were dropped at once (feed-connected, feed-lost, unreadable-notification, write-unreported, commit-late, commit-unannounced, import, other)",
      labelNames: ["cause"] as const,
      registers,
      collect() {
        this.reset();
        for (const [cause, n] of cache.dropped) this.inc({ cause }, n);
      },
    });
    new Gauge({
      name: "claimbase_response_cache_listening",
      help: "1 while the response cache receives change notifications from PostgreSQL (it is used only then)",
      registers,
      collect() {
        this.set(cache.usable ? 1 : 0);
      },
    });
  }
  if (replicas) {
    new Gauge({
      name: "claimbase_db_replica_state",
      help: "1 for each read replica's current state (healthy: serving reads; lagging, down, not_replica, unknown: skipped)",
      labelNames: ["replica", "state"] as const,
      registers,
      collect() {
        for (const replica of replicas.status()) {
          for (const state of REPLICA_STATES)
            this.set({ replica: replica.name, state }, replica.state === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: "claimbase_db_replica_lag_seconds",
      help: "How far each read replica's replay is behind the primary, in seconds (as last checked)",
      labelNames: ["replica"] as const,
      registers,
      collect() {
        for (const replica of replicas.status()) {
          if (replica.lagMs !== null) this.set({ replica: replica.name }, replica.lagMs / 1000);
        }
      },
    });
    new Gauge({
      name: "claimbase_db_replica_lag_bytes",
      help: "How far each read replica's replay is behind the primary, in bytes of WAL (as last checked)",
      labelNames: ["replica"] as const,
      registers,
      collect() {
        for (const replica of replicas.status()) {
          if (replica.lagBytes !== null) this.set({ replica: replica.name }, replica.lagBytes);
        }
      },
    });
    new Counter({
      name: "claimbase_db_reads_routed_total",
      help: "GraphQL queries and exports by where their reads were sent: replica, primary (no replica fit), or fallback (a query or export moved to the primary or another replica after its replica failed)",
      labelNames: ["target"] as const,
      registers,
      collect() {
        this.reset();
        for (const [target, count] of Object.entries(replicas.routed)) this.inc({ target }, count);
      },
    });
  }
  // Read from the pool when Prometheus scrapes, so the values are never stale.
  new Gauge({
    name: "claimbase_db_pool_connections",
    help: "PostgreSQL connections the pool holds (busy and idle)",
    registers,
    collect() {
      this.set(pool.totalCount);
    },
  });
  new Gauge({
    name: "claimbase_db_pool_idle_connections",
    help: "PostgreSQL connections idle in the pool",
    registers,
    collect() {
      this.set(pool.idleCount);
    },
  });
  new Gauge({
    name: "claimbase_db_pool_waiting_queries",
    help: "Queries waiting for a pool connection (all connections busy)",
    registers,
    collect() {
      this.set(pool.waitingCount);
    },
  });
  return { registry, httpRequests, graphqlDuration, graphqlErrors, rateLimitRejections, responseCache };
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A fixed set of route labels: raw paths (export types, unknown URLs) would make unbounded series. */
export function routeLabel(path: string): string {
  if (path === "/graphql" || path === "/graphql/") return "/graphql";
  if (path.startsWith("/playground/")) return "/playground";
  if (path === "/import") return "/import";
  if (path.startsWith("/export/")) return "/export";
  if (path === "/healthz" || path === "/readyz" || path === "/metrics") return path;
  return "other";
}

/** Status of a finished exchange; 499 (nginx's "client closed request") when no answer was sent. */
export function statusOf(res: ServerResponse): number {
  return res.headersSent ? res.statusCode : 499;
}

/** Counts every HTTP request once its response is done (or abandoned). */
export function countRequests(metrics: Metrics): Middleware {
  return (req, res, next) => {
    const route = routeLabel(pathOf(req));
    const method = req.method && METHODS.has(req.method) ? req.method : "OTHER";
    res.once("close", () => {
      metrics.httpRequests.inc({ route, method, status: String(statusOf(res)) });
    });
    next();
  };
}

/** The `GET /metrics` handler: Prometheus text format. */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res, next) => {
    try {
      const body = await metrics.registry.metrics();
      res.set("Content-Type", metrics.registry.contentType).set("Cache-Control", "no-store").send(body);
    } catch (error) {
      next(error);
    }
  };
}
