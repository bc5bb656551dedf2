import type { Server } from "node:http";
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from "graphql";
import type { Database } from "../db/database";
import type { QueryLimits } from "../limits/limits";
import { EventHub, registerHub } from "../modules/live";
import type { Logger } from "../shared/logger";
import { attachSubscriptions, DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from "./subscriptions";

/** What the live features (docs/live.md) run in a server process: the event hub and subscriptions. */
export interface LiveSettings {
  subscriptions: SubscriptionLimits;
  /** Poll interval of the hub besides notifications (a safety net; notifications do the work). */
  pollMs: number;
}

export const DEFAULT_LIVE: LiveSettings = {
  subscriptions: DEFAULT_SUBSCRIPTION_LIMITS,
  pollMs: 1000,
};

export interface Live {
  hub: EventHub;
  readonly sockets: number;
  stop(): Promise<void>;
}

export async function startLive(options: {
  db: Database;
  logger: Logger;
  httpServer: Server;
  schema: GraphQLSchema;
  queryLimits: QueryLimits;
  validationRules: ValidationRule[];
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  settings: LiveSettings;
}): Promise<Live> {
  const { db, logger, settings } = options;
  const hub = new EventHub({ connection: db.pool.options, db: db.pool, logger, pollMs: settings.pollMs });
  await hub.start();
  registerHub(db.pool, hub);
  const subscriptions = attachSubscriptions({
    httpServer: options.httpServer,
    path: "/graphql",
    schema: options.schema,
    db,
    logger,
    queryLimits: options.queryLimits,
    validationRules: options.validationRules,
    limits: settings.subscriptions,
    formatError: options.formatError,
  });
  return {
    hub,
    get sockets() {
      return subscriptions.sockets;
    },
    async stop() {
      await subscriptions.close();
      await hub.stop();
    },
  };
}
