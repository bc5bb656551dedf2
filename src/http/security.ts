import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "cors";
import helmet from "helmet";
import type { Middleware } from "./lane";

/**
 * Security headers on every response (helmet): nosniff, no referrer, no framing, and HSTS in production
 * only (over plain-HTTP development it would pin browsers to HTTPS on localhost). helmet's
 * Content-Security-Policy is off: API answers are JSON, and the playground page sets its own policy
 * (src/playground/playground.ts), which helmet's default would break (GraphiQL needs inline styles).
 */
/** helmet and cors work on Node's own request/response objects, so both serve the fast lane too. */
export function securityHeaders(production: boolean): Middleware {
  const middleware = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
  }) as Middleware;
  return replayed(middleware) ?? middleware;
}

type HeaderStep = readonly ["set", string, string | number | readonly string[]] | readonly ["remove", string];

/**
 * With these options (no CSP nonce), helmet writes the same headers on every response, whatever the
 * request, through a chain of a dozen middleware. That chain cost about 20 us of the ~190 us of CPU a
 * request takes before any SQL (bench/: `{ __typename }` with and without it), so its steps are
 * recorded once, by running helmet itself against a recording response, and replayed per request.
 * helmet stays the source of the headers; if it ever touches more of the response than setHeader and
 * removeHeader, or answers asynchronously, nothing is recorded and helmet runs on every request.
 */
export function replayed(middleware: Middleware, request: Partial<IncomingMessage> = {}): Middleware | null {
  const steps: HeaderStep[] = [];
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push(["set", name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      steps.push(["remove", name]);
    },
  };
  try {
    middleware(request as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
      finished = error === undefined;
    });
  } catch {
    return null;
  }
  if (!finished) return null;
  return (_req, res, next) => {
    for (const step of steps) {
      if (step[0] === "set") res.setHeader(step[1], step[2]);
      else res.removeHeader(step[1]);
    }
    next();
  };
}

/**
 * CORS for browser apps on other origins, from CORS_ORIGINS: an allow-list of origins, or `*`. An
 * empty list allows no cross-origin reads. Never with credentials: the API uses no cookies, and an
 * API key travels in the Authorization header, which a page sets itself (it is allowed below).
 */
export function corsPolicy(origins: readonly string[]): Middleware {
  const middleware = cors({
    origin: origins.includes("*") ? "*" : [...origins],
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: [
      "Content-Type",
      "Authorization",
      "Apollo-Require-Preflight",
      "X-Apollo-Operation-Name",
      "X-Request-Id",
      "X-Claimbase-LSN",
    ],
    exposedHeaders: [
      "X-Request-Id",
      "X-Claimbase-LSN",
      "X-Claimbase-Read-From",
      "Cache-Status",
      "Retry-After",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "Content-Disposition",
    ],
    credentials: false,
    maxAge: 600,
  }) as Middleware;
  // With any origin allowed, cors writes the same headers on every request but a preflight, whatever its
  // Origin: they are recorded once and replayed, as for helmet above (cors's per-request option merging
  // and header building was about 1% of `{ __typename }`'s CPU). An allow-list depends on the request's
  // Origin, and preflights answer on their own, so both stay with cors.
  const actual = origins.includes("*") ? replayed(middleware, { method: "POST", headers: {} }) : null;
  if (!actual) return middleware;
  return (req, res, next) => (req.method === "OPTIONS" ? middleware(req, res, next) : actual(req, res, next));
}
