import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "../shared/logger";
import { statusOf } from "./metrics";

/** The caller's X-Request-Id (cut to 100 characters), or a new one. */
export function requestIdOf(req: Request): string {
  return (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) || randomUUID();
}

/** Marks a response whose request the GraphQL plugin logs, so the access log does not log it again. */
export function markLogged(res: Response): void {
  res.locals.requestLogged = true;
}

/**
 * One log line per request: method, path (never the query string, which may carry filters), status,
 * duration. Requests the GraphQL plugin logs (see markLogged) are skipped, so /graphql requests refused
 * before they reach GraphQL (rate limit, malformed body, CSRF check) still get a line. Headers and
 * bodies are never logged. The request ID is kept in `res.locals.requestId` for later handlers.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    res.once("close", () => {
      if (res.locals.requestLogged) return;
      logger.info(
        {
          requestId,
          method: req.method,
          path: req.originalUrl.split("?")[0]!.slice(0, 200),
          status: statusOf(res),
          // The client went away before the whole answer was sent (an export cut short).
          aborted: !res.writableFinished,
          durationMs: Math.round(performance.now() - started),
        },
        "http request",
      );
    });
    next();
  };
}
