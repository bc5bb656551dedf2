import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import {
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from "graphql";
import { CloseCode, type Context as WsContext } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import { createContext } from "../context";
import type { Viewer } from "../context-types";
import type { Database } from "../db/database";
import { clientIp } from "../http/lane";
import { costError, estimateCost } from "../limits/cost";
import type { QueryLimits } from "../limits/limits";
import { authenticate } from "../modules/auth";
import { codedError } from "../shared/errors";
import type { Logger } from "../shared/logger";

/**
 * GraphQL subscriptions over the graphql-ws protocol (the `graphql-ws` package on a `ws` server), on
 * the HTTP server and path of queries (/graphql): an upgrade request there is a subscription client.
 * The same rules as queries hold: keys come in `connectionParams.authorization` ("Bearer <key>");
 * documents are parsed with the token limit, validated with the same rules (depth, aliases,
 * directives) and costed with the same estimate and limits. On top, what a long-lived socket needs:
 * caps on open sockets per client IP and per API key (refused with HTTP 429 RATE_LIMITED before the
 * upgrade, or closed 4429), a cap on subscriptions per socket, and an idle timeout for sockets that
 * carry no subscription.
 */

export interface SubscriptionLimits {
  /** Open sockets per client IP. */
  maxPerIp: number;
  /** Open sockets per API key. */
  maxPerKey: number;
  /** Subscriptions at once on one socket. */
  maxSubscriptionsPerSocket: number;
  /** A socket with no subscription for this long is closed (4408). */
  idleTimeoutMs: number;
  /** A socket that has not sent connection_init within this is closed (graphql-ws's 4408). */
  initTimeoutMs: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxPerIp: 100,
  maxPerKey: 1000,
  maxSubscriptionsPerSocket: 20,
  idleTimeoutMs: 60_000,
  initTimeoutMs: 5_000,
};

/** The close code of a socket closed for a cap or for idling (graphql-ws reserves 4400-4499 for such). */
export const CLOSE_TOO_MANY = 4429;
export const CLOSE_IDLE = 4408;

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  db: Database;
  logger: Logger;
  queryLimits: QueryLimits;
  validationRules: ValidationRule[];
  limits: SubscriptionLimits;
  formatError: (error: GraphQLError) => GraphQLFormattedError;
}

interface SocketState {
  ip: string;
  viewer: Viewer;
  keyId?: string;
  idle?: NodeJS.Timeout;
}

type Extra = { socket: WebSocket; request: IncomingMessage; state?: SocketState };

export interface SubscriptionServer {
  /** Open sockets, for metrics and tests. */
  readonly sockets: number;
  close(): Promise<void>;
}

/** A parse or validation error with the code Apollo gives it for queries (maskError maps limit errors from there). */
function coded(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError)) return codedError("GRAPHQL_PARSE_FAILED", "the document could not be parsed");
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code },
  });
}

export function attachSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const { limits, db } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const perIp = new Map<string, number>();
  const perKey = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };

  const refuse = (socket: Duplex, status: number, code: string, message: string) => {
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.end(
      `HTTP/1.1 ${status} ${status === 429 ? "Too Many Requests" : "Bad Request"}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== options.path) return; // another upgrade handler's, or none: Node closes it
    const ip = clientIp(req);
    if ((perIp.get(ip) ?? 0) >= limits.maxPerIp) {
      refuse(
        socket,
        429,
        "RATE_LIMITED",
        `too many open subscription sockets from this address (at most ${limits.maxPerIp})`,
      );
      return;
    }
    bump(perIp, ip, 1);
    let counted = true;
    const release = () => {
      if (counted) bump(perIp, ip, -1);
      counted = false;
    };
    socket.once("close", release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once("close", release);
      wss.emit("connection", ws, req);
    });
  };
  options.httpServer.on("upgrade", onUpgrade);

  const armIdle = (ctx: WsContext<Record<string, unknown>, Extra>) => {
    const state = ctx.extra.state;
    if (!state) return;
    if (state.idle) clearTimeout(state.idle);
    state.idle = undefined;
    if (Object.keys(ctx.subscriptions).length > 0) return;
    state.idle = setTimeout(() => ctx.extra.socket.close(CLOSE_IDLE, "IDLE_TIMEOUT"), limits.idleTimeoutMs);
    state.idle.unref();
  };

  const errors = (list: readonly GraphQLError[]) => list.map((error) => options.formatError(error));

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        const ip = clientIp(ctx.extra.request);
        const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        let viewer: Viewer;
        try {
          viewer = await authenticate(db.pool, typeof raw === "string" ? raw : undefined);
        } catch (error) {
          ctx.extra.socket.close(CloseCode.Forbidden, `UNAUTHENTICATED: ${(error as Error).message}`);
          return false;
        }
        const state: SocketState = { ip, viewer };
        if (viewer.kind === "key") {
          if ((perKey.get(viewer.keyId) ?? 0) >= limits.maxPerKey) {
            ctx.extra.socket.close(
              CLOSE_TOO_MANY,
              `RATE_LIMITED: too many open sockets for this key (at most ${limits.maxPerKey})`,
            );
            return false;
          }
          bump(perKey, viewer.keyId, 1);
          state.keyId = viewer.keyId;
        }
        ctx.extra.state = state;
        armIdle(ctx);
        return true;
      },
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (state?.idle) clearTimeout(state.idle);
        if (state?.keyId) bump(perKey, state.keyId, -1);
      },
      onSubscribe: (ctx, id, payload) => {
        const state = ctx.extra.state!;
        // graphql-ws has already reserved this subscription's id in ctx.subscriptions: count the others.
        if (Object.keys(ctx.subscriptions).filter((other) => other !== id).length >= limits.maxSubscriptionsPerSocket) {
          return [
            codedError(
              "RATE_LIMITED",
              `at most ${limits.maxSubscriptionsPerSocket} subscriptions at once on one socket; open another socket or complete one`,
            ),
          ];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: options.queryLimits.maxTokens });
        } catch (error) {
          return [coded(error, "GRAPHQL_PARSE_FAILED")];
        }
        const invalid = validate(options.schema, document, [...specifiedRules, ...options.validationRules]);
        if (invalid.length > 0) return invalid.map((error) => coded(error, "GRAPHQL_VALIDATION_FAILED"));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation)
          return [codedError("OPERATION_RESOLUTION_FAILURE", "no operation to run (name it with operationName)")];
        const variables = payload.variables ?? {};
        let cost: number;
        try {
          cost = estimateCost(document, operation, variables);
        } catch (error) {
          return [error as GraphQLError];
        }
        const anonymous = state.viewer.kind === "anonymous";
        const limit = anonymous ? options.queryLimits.maxCostAnonymous : options.queryLimits.maxCostKey;
        if (cost > limit) return [costError(cost, limit, anonymous)];
        if (state.idle) clearTimeout(state.idle);
        state.idle = undefined;
        const contextValue = createContext(db, `ws-${id}-${randomUUID().slice(0, 8)}`, { count: 0 }, state.viewer);
        const args: ExecutionArgs = {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue,
        };
        return args;
      },
      onComplete: (ctx) => {
        // graphql-ws removes the subscription after this callback: re-arm once it has.
        setImmediate(() => armIdle(ctx));
      },
      onError: (_ctx, _id, _payload, list) => errors(list),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: errors(result.errors) } : undefined,
    },
    wss,
    15_000,
  );

  return {
    get sockets() {
      return wss.clients.size;
    },
    async close() {
      options.httpServer.off("upgrade", onUpgrade);
      await disposable.dispose();
    },
  };
}
