import pg from "pg";
import { EVENT_CHANNEL } from "../../shared/outbox";
import type { Logger } from "../../shared/logger";
import { type EventCondition, type EventRow, eventsAfter, latestPosition, matches } from "./event.service";

/**
 * Fan-out of the outbox to this process's subscribers: ONE connection LISTENs on `claimbase_event`
 * (shared/outbox.ts) whatever the number of subscribers; each notification (one per committed write
 * transaction, from any replica, the CLI or psql) makes the hub read the new events once, in position
 * order, and hand each to the subscribers whose condition it matches. Any replica thus serves any
 * subscriber, and a subscriber costs no connection.
 *
 * Reading "after the last position seen" is exact because positions become visible in increasing
 * order (the outbox lock, shared/outbox.ts). While the LISTEN connection is down, the hub polls
 * instead, and it catches up on reconnecting; a subscriber never misses an event, it may only get it
 * later.
 */

export interface Subscriber {
  where: EventCondition;
  /** Called with each matching event, in position order. */
  push(row: EventRow): void;
}

/** Events read per round trip when catching up. */
const BATCH = 500;

export interface HubOptions {
  /** Connection settings of the LISTEN connection. */
  connection: pg.ClientConfig;
  /** Where events are read from (the pool). */
  db: pg.Pool;
  logger: Logger;
  /** Poll interval while the LISTEN connection is down, and the safety poll otherwise. */
  pollMs?: number;
}

export class EventHub {
  private client: pg.Client | undefined;
  private readonly subscribers = new Set<Subscriber>();
  /** The last position handed out (or skipped, before anyone listened). */
  private position = -1n;
  private reading: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private started: Promise<void> | undefined;
  /** Called after every read with the hub's position (webhook workers wake on it). */
  readonly listeners = new Set<(position: bigint) => void>();

  constructor(private readonly options: HubOptions) {}

  /** The newest position the hub has handed out. */
  get current(): bigint {
    return this.position;
  }

  get size(): number {
    return this.subscribers.size;
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      this.position = await latestPosition(this.options.db);
      await this.connect();
      const poll = this.options.pollMs ?? 1000;
      this.timer = setInterval(() => this.poke(), poll);
      this.timer.unref();
    })();
    return this.started;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ ...this.options.connection, application_name: "claimbase-events" });
    client.on("error", (error) => {
      this.options.logger.warn({ error: error.message }, "event LISTEN connection lost");
      this.reconnect(client);
    });
    client.on("end", () => this.reconnect(client));
    client.on("notification", () => this.poke());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      this.client = client;
      this.poke(); // whatever committed while we were not listening
    } catch (error) {
      this.options.logger.warn({ error: (error as Error).message }, "event LISTEN connection failed");
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners("end");
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, 1000);
    this.retry.unref();
  }

  /** Reads what is new; concurrent pokes fold into one more read. */
  poke(): void {
    if (this.stopped || this.position < 0n) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.read()
      .catch((error: unknown) => this.options.logger.warn({ error: (error as Error).message }, "reading events failed"))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async read(): Promise<void> {
    for (;;) {
      const rows = await eventsAfter(this.options.db, this.position, {}, BATCH);
      for (const row of rows) {
        this.position = BigInt(row.position);
        for (const subscriber of this.subscribers) if (matches(row, subscriber.where)) subscriber.push(row);
      }
      if (rows.length > 0) for (const listener of this.listeners) listener(this.position);
      if (rows.length < BATCH) return;
    }
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
    }
    await this.reading;
  }
}
