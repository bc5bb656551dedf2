import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import type pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { LRUCache } from "lru-cache";
import type { Viewer } from "../context-types";
import { existingState, requestState } from "../http/request-state";
import type { Deadline } from "../context-types";
import { wellFormedKey } from "../modules/auth";
import { databaseUnavailable } from "../db/unavailable";
import { clientIp, type Middleware } from "../http/lane";
import { type ErrorCode, sendError } from "../shared/errors";

/**
 * Who may call, and how often: every API route (/graphql, /import, /export) authenticates here, once,
 * before anything else runs, then charges the caller's budget. Anonymous callers are counted by IP, API
 * keys by key. A presented key that is not valid is charged to the IP's anonymous budget and refused
 * with 401: a fresh garbage key per request must not buy a fresh budget. Once an IP has spent its
 * budget, a key it presents is looked up only if this process has seen that exact key valid lately,
 * or within a small allowance of lookups per minute (UNKNOWN_KEY_LOOKUPS_PER_MINUTE); any other is
 * refused with 429 unseen. Garbage keys cannot buy database lookups, and a real key behind a busy
 * shared address still gets through. Counted in memory (one process) or in PostgreSQL
 * (RATE_LIMIT_STORE=postgres), which all replicas share. Answers carry X-RateLimit-Limit / -Remaining /
 * -Reset; a refusal is 429 with Retry-After.
 */
export interface RateLimitOptions {
  store: "memory" | "postgres";
  pool?: pg.Pool;
  anonymousPerMinute: number;
  keyPerMinute: number;
  /** Called for every refusal (metrics). */
  onReject?: (caller: "anonymous" | "key") => void;
}

export interface AccessOptions extends RateLimitOptions {
  /** Resolves an Authorization header to its viewer; throws UNAUTHENTICATED for a bad key. */
  authenticate: (header: string | undefined) => Promise<Viewer>;
  /** Called when a request is refused before it reaches its route (401, 429 or 503), with the code sent. */
  onRefuse?: (req: IncomingMessage, res: ServerResponse, code: ErrorCode) => void;
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

/** The viewer the access middleware established for this request (undefined before it ran). */
export function viewerOf(req: IncomingMessage): Viewer | undefined {
  return existingState(req)?.viewer;
}

/** Lookups of not-yet-seen keys an IP past its budget still gets per minute (see rateLimit). */
export const UNKNOWN_KEY_LOOKUPS_PER_MINUTE = 10;

export function rateLimit(options: AccessOptions): Middleware {
  const anonymous = limiter(options, options.anonymousPerMinute, "rl:ip");
  const keyed = limiter(options, options.keyPerMinute, "rl:key");
  // Hashes of Authorization headers that held a valid key lately (see above); a revoked key is still
  // looked up, and refused, whenever its IP has budget.
  const knownKeys = new LRUCache<string, true>({ max: 10_000, ttl: 10 * 60_000 });
  const lookups = limiter(options, UNKNOWN_KEY_LOOKUPS_PER_MINUTE, "rl:lookup");

  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string) => {
    options.onRefuse?.(req, res, code);
    sendError(res, status, code, message);
  };

  const headersFor = (res: ServerResponse, limit: number, state: RateLimiterRes) => {
    res.setHeader("X-RateLimit-Limit", String(limit));
    res.setHeader("X-RateLimit-Remaining", String(Math.max(0, state.remainingPoints)));
    res.setHeader("X-RateLimit-Reset", String(Math.ceil((Date.now() + state.msBeforeNext) / 1000)));
  };

  const tooMany = (req: IncomingMessage, res: ServerResponse, state: RateLimiterRes, caller: "anonymous" | "key") => {
    options.onReject?.(caller);
    const seconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    res.setHeader("Retry-After", String(seconds));
    options.onRefuse?.(req, res, "RATE_LIMITED");
    sendError(res, 429, "RATE_LIMITED", `Too many requests: retry in ${seconds} s`, { retryAfter: seconds });
  };

  /** Charges `store` one point for `id`; false when the caller is over its budget (answered 429). */
  const charge = async (
    req: IncomingMessage,
    res: ServerResponse,
    store: RateLimiterAbstract,
    id: string,
    limit: number,
    caller: "anonymous" | "key",
  ): Promise<boolean> => {
    try {
      headersFor(res, limit, await store.consume(id));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      headersFor(res, limit, rejection);
      tooMany(req, res, rejection, caller);
      return false;
    }
  };

  return async (req, res, next) => {
    const header = req.headers.authorization;
    const ip = clientIp(req);
    if (header === undefined || header === "") {
      requestState(req, res).viewer = { kind: "anonymous" };
      if (await charge(req, res, anonymous, ip, options.anonymousPerMinute, "anonymous")) next();
      return;
    }
    const presented = createHash("sha256").update(header).digest("base64url");
    if (!knownKeys.has(presented)) {
      const spent = await anonymous.get(ip);
      if (spent && spent.consumedPoints >= options.anonymousPerMinute) {
        try {
          if (!wellFormedKey(header)) throw spent;
          await lookups.consume(ip);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          headersFor(res, options.anonymousPerMinute, spent);
          tooMany(req, res, spent, "anonymous");
          return;
        }
      }
    }
    let viewer: Viewer;
    try {
      viewer = await options.authenticate(header);
    } catch (error) {
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        res.setHeader("Retry-After", "1");
        return refuse(req, res, 503, "SERVICE_UNAVAILABLE", unavailable);
      }
      if (!(error instanceof GraphQLError) || error.extensions.code !== "UNAUTHENTICATED") throw error;
      // The bad key costs its sender's IP, like an anonymous request.
      if (await charge(req, res, anonymous, ip, options.anonymousPerMinute, "anonymous")) {
        refuse(req, res, 401, "UNAUTHENTICATED", error.message);
      }
      return;
    }
    requestState(req, res).viewer = viewer;
    if (viewer.kind === "key") knownKeys.set(presented, true);
    const ok =
      viewer.kind === "key"
        ? await charge(req, res, keyed, viewer.keyId, options.keyPerMinute, "key")
        : await charge(req, res, anonymous, ip, options.anonymousPerMinute, "anonymous");
    if (ok) next();
  };
}

/**
 * Answers 503 TIMEOUT when a request has not finished in time (its statements time out too), unless
 * a write of the request has committed: then the request runs to its answer.
 */
export function requestTimeout(ms: number): Middleware {
  return (req, res, next) => {
    if (ms <= 0) return next();
    const deadline: Deadline = { expired: false, committed: false };
    requestState(req, res).deadline = deadline;
    const timer = setTimeout(() => {
      if (deadline.committed || res.headersSent) return;
      deadline.expired = true;
      if (!req.complete) {
        // The client's own body never finished arriving: its fault, not the service's, and the
        // connection cannot be reused with half a body on it.
        res.setHeader("Connection", "close");
        sendError(res, 408, "REQUEST_TIMEOUT", `The request body did not arrive within ${ms} ms`);
        return;
      }
      res.setHeader("Retry-After", "1");
      sendError(res, 503, "TIMEOUT", `The request took longer than ${ms} ms`);
    }, ms);
    // A response emits close after finish too (Node 16+), and the timer checks headersSent anyway.
    res.once("close", () => clearTimeout(timer));
    next();
  };
}
