import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../shared/logger";
import { type Middleware, pathOf } from "./lane";
import { statusOf } from "./metrics";

/** Per-response state of the access log; a WeakMap, so plain Node responses (the fast lane) work too. */
const records = new WeakMap<ServerResponse, { requestId: string; logged: boolean }>();

/** The caller's X-Request-Id (cut to 100 characters), or a new one. */
export function requestIdOf(req: IncomingMessage): string {
  return (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) || randomUUID();
}

/** The request ID the access log gave this response, if it saw it. */
export function requestIdFor(res: ServerResponse): string | undefined {
  return records.get(res)?.requestId;
}

/** Marks a response whose request the GraphQL plugin logs, so the access log does not log it again. */
export function markLogged(res: ServerResponse): void {
  const record = records.get(res);
  if (record) record.logged = true;
  else records.set(res, { requestId: "", logged: true });
}

/**
 * One log line per request: method, path (never the query string, which may carry filters), status,
 * duration. Requests the GraphQL plugin logs (see markLogged) are skipped, so /graphql requests refused
 * before they reach GraphQL (rate limit, malformed body, CSRF check) still get a line. Headers and
 * bodies are never logged. Later handlers read the request ID with requestIdFor.
 */
export function accessLog(logger: Logger): Middleware {
  return (req, res, next) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const record = { requestId, logged: records.get(res)?.logged ?? false };
    records.set(res, record);
    res.setHeader("X-Request-Id", requestId);
    res.once("close", () => {
      if (record.logged) return;
      logger.info(
        {
          requestId,
          method: req.method,
          path: pathOf(req).slice(0, 200),
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
