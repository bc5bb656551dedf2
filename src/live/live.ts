import type { Server } from "node:http";
import pg from "pg";
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from "graphql";
import type { Database } from "../db/database";
import type { QueryLimits } from "../limits/limits";
import { EventHub, registerAddressPolicy, registerHub } from "../modules/live";
import { addressPolicy } from "../shared/address-guard";
import type { Logger } from "../shared/logger";
import { attachSubscriptions, DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from "./subscriptions";
import { DEFAULT_WEBHOOK_WORKER, WebhookWorker, type WebhookWorkerSettings } from "./webhook-worker";

/** What the live features (docs/live.md) run in a server process: the event hub and subscriptions. */
export interface LiveSettings {
  subscriptions: SubscriptionLimits;
  /** Poll interval of the hub besides notifications (a safety net; notifications do the work). */
  pollMs: number;
  /** The webhook worker of this process (false: this process does not deliver; others may). */
  webhookWorker: Omit<WebhookWorkerSettings, "policy"> | false;
  /** Outbound addresses allowed besides public ones (WEBHOOK_ALLOW_HOSTS): host names, IPs, CIDR ranges. */
  webhookAllowHosts: string;
}

export const DEFAULT_LIVE: LiveSettings = {
  subscriptions: DEFAULT_SUBSCRIPTION_LIMITS,
  pollMs: 1000,
  webhookWorker: DEFAULT_WEBHOOK_WORKER,
  webhookAllowHosts: "",
};

export interface Live {
  hub: EventHub;
  worker?: WebhookWorker;
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
  const policy = addressPolicy(settings.webhookAllowHosts);
  registerAddressPolicy(db.pool, policy);
  // The worker holds a connection while a receiver answers (up to its timeout): a pool of its own keeps
  // slow receivers from taking connections the API needs.
  const workerPool = settings.webhookWorker
    ? new pg.Pool({
        ...db.pool.options,
        max: settings.webhookWorker.concurrency + 1,
        application_name: "claimbase-webhooks",
      })
    : undefined;
  workerPool?.on("error", (error) => logger.warn({ error: error.message }, "webhook connection error"));
  // A connection the worker holds while a receiver answers has no query running: if PostgreSQL goes
  // away then, the client emits 'error' with no pool listener on it, which would end the process (as
  // db/pool.ts does for the main pool, every client gets a listener; the next query then fails).
  workerPool?.on("connect", (client) =>
    client.on("error", (error) => logger.warn({ error: error.message }, "webhook connection lost")),
  );
  const worker =
    settings.webhookWorker && workerPool
      ? new WebhookWorker(workerPool, logger, { ...settings.webhookWorker, policy })
      : undefined;
  if (worker) {
    hub.listeners.add(() => worker.wake());
    worker.start();
  }
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
    worker,
    async stop() {
      await subscriptions.close();
      await worker?.stop();
      await workerPool?.end();
      await hub.stop();
    },
  };
}
