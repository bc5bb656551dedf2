import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deadline, Viewer } from "../context-types";
import type { StatementCounter } from "../db/pool";

/**
 * What the HTTP layer knows about one request, in one object: the request ID, whether its log line is
 * written elsewhere, the caller (set by the access middleware), its deadline (set by the request
 * timeout) and the count of SQL statements it sent. Made by the first step of every route
 * (server.ts); later middleware, the GraphQL context and Apollo's plugins read the same object.
 * Keyed by the request in a WeakMap, so Node's own request objects (the GraphQL fast lane) and
 * Express's carry it alike, and it goes when the request does.
 */
export interface RequestState {
  readonly requestId: string;
  readonly res: ServerResponse;
  /** The GraphQL plugin writes this request's log line: the access log skips it. */
  logged: boolean;
  viewer?: Viewer;
  deadline?: Deadline;
  readonly statements: StatementCounter;
}

const states = new WeakMap<IncomingMessage, RequestState>();

/** The caller's X-Request-Id (cut to 100 characters), or a new one. */
function requestIdOf(req: IncomingMessage): string {
  return (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) || randomUUID();
}

/** The request's state, made on first use. */
export function requestState(req: IncomingMessage, res: ServerResponse): RequestState {
  let state = states.get(req);
  if (!state) {
    state = { requestId: requestIdOf(req), res, logged: false, statements: { count: 0 } };
    states.set(req, state);
  }
  return state;
}

/** The request's state if a step has made it (undefined for a request no route has seen). */
export function existingState(req: IncomingMessage): RequestState | undefined {
  return states.get(req);
}
