import type { IncomingMessage, ServerResponse } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * Plain Node request/response plumbing shared by the Express app and the GraphQL fast lane (server.ts):
 * connect-style middleware (helmet, cors and body-parser are all written against Node's own objects),
 * JSON answers, and the client address as Express's `trust proxy` setting computes it.
 */

/** A connect-style middleware, on Node's own request and response objects. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/** Which proxies' X-Forwarded-For to believe: the app's `trust proxy` value, shared with Express. */
export const TRUST_PROXY = "loopback";
const trusted = proxyaddr.compile(TRUST_PROXY);

/** The client's address: the socket's, or X-Forwarded-For's nearest untrusted hop behind a trusted proxy. */
export function clientIp(req: IncomingMessage): string {
  // Without X-Forwarded-For, proxyaddr's answer is the socket's address, whatever the trust setting; it
  // would still build and walk its list of addresses on every request.
  if (req.headers["x-forwarded-for"] === undefined) return req.socket.remoteAddress || "unknown";
  return proxyaddr(req, trusted) || req.socket.remoteAddress || "unknown";
}

/** The path of a request's URL, without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/**
 * Runs middleware in order, then `done()`; the first error (passed to next, thrown, or rejected) goes
 * to `done(error)` and stops the chain. This is the part of Express's router the fast lane needs;
 * Express itself costs more per request than all of these middleware together (bench/: a bare
 * Apollo Server answers 3.7k requests/s behind Express 5, 6.3k from Node's http server).
 */
export function runChain(
  chain: readonly Middleware[],
  req: IncomingMessage,
  res: ServerResponse,
  done: (error?: unknown) => void,
): void {
  let index = 0;
  let finished = false;
  const next = (error?: unknown): void => {
    if (finished) return;
    if (error !== undefined || index >= chain.length) {
      finished = true;
      done(error);
      return;
    }
    const middleware = chain[index]!;
    index += 1;
    try {
      const result = middleware(req, res, next);
      if (result && typeof (result as Promise<unknown>).then === "function") {
        (result as Promise<unknown>).then(undefined, (rejection: unknown) => next(rejection ?? new Error("rejected")));
      }
    } catch (thrown) {
      next(thrown ?? new Error("thrown"));
    }
  };
  next();
}
