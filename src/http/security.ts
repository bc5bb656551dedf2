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
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
  }) as Middleware;
}

/**
 * CORS for browser apps on other origins, from CORS_ORIGINS: an allow-list of origins, or `*`. An
 * empty list allows no cross-origin reads. Never with credentials: the API uses no cookies, and an
 * API key travels in the Authorization header, which a page sets itself (it is allowed below).
 */
export function corsPolicy(origins: readonly string[]): Middleware {
  return cors({
    origin: origins.includes("*") ? "*" : [...origins],
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: [
      "Content-Type",
      "Authorization",
      "Apollo-Require-Preflight",
      "X-Apollo-Operation-Name",
      "X-Request-Id",
    ],
    exposedHeaders: [
      "X-Request-Id",
      "Retry-After",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "Content-Disposition",
    ],
    credentials: false,
    maxAge: 600,
  }) as Middleware;
}
