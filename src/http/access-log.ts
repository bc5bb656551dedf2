import type { Logger } from "../shared/logger";
import { type Middleware, pathOf } from "./lane";
import { statusOf } from "./metrics";
import { requestState } from "./request-state";

/**
 * One log line per request: method, path (never the query string, which may carry filters), status,
 * duration. Requests the GraphQL plugin logs (RequestState.logged) are skipped, so /graphql requests refused
 * before they reach GraphQL (rate limit, malformed body, CSRF check) still get a line. Headers and
 * bodies are never logged.
 */
export function accessLog(logger: Logger): Middleware {
  return (req, res, next) => {
    const started = performance.now();
    const state = requestState(req, res);
    const requestId = state.requestId;
    res.setHeader("X-Request-Id", requestId);
    res.once("close", () => {
      if (state.logged) return;
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
