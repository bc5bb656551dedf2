import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { clientIp, type Middleware, sendJson } from "../http/lane";

/**
 * Per-caller rate limits: anonymous callers by IP, API keys by key. Counted in memory (one process)
 * or in PostgreSQL (RATE_LIMIT_STORE=postgres), which all replicas share. Answers carry
 * X-RateLimit-Limit / -Remaining / -Reset; a refusal is 429 with Retry-After.
 */
export interface RateLimitOptions {
  store: "memory" | "postgres";
  pool?: pg.Pool;
  anonymousPerMinute: number;
  keyPerMinute: number;
  /** Called for every refusal (metrics). */
  onReject?: (caller: "anonymous" | "key") => void;
}

function limiter(options: RateLimitOptions, points: number, prefix: string): RateLimiterAbstract {
  if (options.store === "postgres") {
    if (!options.pool) throw new Error("RATE_LIMIT_STORE=postgres needs the database pool");
    return new RateLimiterPostgres({
      storeClient: options.pool,
      storeType: "pool",
      tableName: "rate_limit",
      tableCreated: true, // by prisma/migrations/*_rate_limit
      keyPrefix: prefix,
      points,
      duration: 60,
      // A database hiccup must not turn into refused requests: fall back to counting in memory.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: prefix, points, duration: 60 }),
    });
  }
  return new RateLimiterMemory({ keyPrefix: prefix, points, duration: 60 });
}

/** The caller: the presented key (hashed; valid or not, it is checked later) or the client IP. */
function callerOf(req: IncomingMessage): { kind: "key" | "ip"; id: string } {
  const header = req.headers.authorization;
  if (header) return { kind: "key", id: createHash("sha256").update(header).digest("hex").slice(0, 32) };
  return { kind: "ip", id: clientIp(req) };
}

export function rateLimit(options: RateLimitOptions): Middleware {
  const anonymous = limiter(options, options.anonymousPerMinute, "rl:ip");
  const keyed = limiter(options, options.keyPerMinute, "rl:key");
  return async (req, res, next) => {
    const caller = callerOf(req);
    const store = caller.kind === "key" ? keyed : anonymous;
    const limit = caller.kind === "key" ? options.keyPerMinute : options.anonymousPerMinute;
    const headers = (state: RateLimiterRes) => {
      res.setHeader("X-RateLimit-Limit", String(limit));
      res.setHeader("X-RateLimit-Remaining", String(Math.max(0, state.remainingPoints)));
      res.setHeader("X-RateLimit-Reset", String(Math.ceil((Date.now() + state.msBeforeNext) / 1000)));
    };
    try {
      headers(await store.consume(caller.id));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      headers(rejection);
      options.onReject?.(caller.kind === "key" ? "key" : "anonymous");
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader("Retry-After", String(seconds));
      sendJson(res, 429, {
        errors: [
          {
            message: `Too many requests: retry in ${seconds} s`,
            extensions: { code: "RATE_LIMITED", retryAfter: seconds },
          },
        ],
      });
    }
  };
}

/** Answers 503 TIMEOUT when a request has not finished in time (its statements time out too). */
export function requestTimeout(ms: number): Middleware {
  return (_req, res, next) => {
    if (ms <= 0) return next();
    const timer = setTimeout(() => {
      if (!res.headersSent) {
        sendJson(res, 503, {
          errors: [{ message: `The request took longer than ${ms} ms`, extensions: { code: "TIMEOUT" } }],
        });
      }
    }, ms);
    res.on("close", () => clearTimeout(timer));
    res.on("finish", () => clearTimeout(timer));
    next();
  };
}
