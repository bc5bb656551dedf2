import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type pg from "pg";
import { queryRows, sql } from "../db/sql";
import { deliveryId, type EventRow, toEvent } from "../modules/live";
import { type AddressPolicy, AddressRefused, addressRefusal, guardedLookup } from "../shared/address-guard";
import type { Logger } from "../shared/logger";

/**
 * Delivers webhooks (docs/live.md), in every server process that runs it; any number of processes
 * share the work through PostgreSQL alone:
 *
 * - Fan-out: for each active webhook, events past its `enqueued_through` become deliveries. The
 *   webhook row is claimed FOR UPDATE SKIP LOCKED, so one process does it at a time, and positions
 *   are visible in order (shared/outbox.ts), so "past enqueued_through" never skips an event.
 * - Delivery: a worker claims the oldest due PENDING delivery FOR UPDATE SKIP LOCKED that has no
 *   earlier PENDING delivery of the same webhook (per-webhook order: event n+1 waits until n is
 *   DELIVERED or DEAD), POSTs it while holding the row lock, and records the outcome in the same
 *   transaction. If the process dies mid-request (SIGKILL), its transaction rolls back with its
 *   connection: the delivery is still PENDING and another process, or this one restarted, sends it
 *   again. That is at-least-once: the receiver may see a delivery twice and dedups on `webhook-id`.
 * - A failure (no answer, timeout, non-2xx, a redirect: redirects are never followed) is retried after
 *   an exponential back-off (base * 2^(attempt-1), capped); after `maxAttempts` the delivery is DEAD.
 * - Requests go only to addresses the guard allows (shared/address-guard.ts), checked as the
 *   connection resolves the host.
 */

export interface WebhookWorkerSettings {
  /** Deliveries in flight at once in this process. */
  concurrency: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  /** How often to look for due deliveries when nothing wakes the worker. */
  pollMs: number;
  policy: AddressPolicy;
}

export const DEFAULT_WEBHOOK_WORKER: Omit<WebhookWorkerSettings, "policy"> = {
  concurrency: 4,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 3_600_000,
  timeoutMs: 10_000,
  pollMs: 1000,
};

/** Events turned into deliveries per webhook per fan-out round. */
const FAN_OUT_BATCH = 1000;
/** Longest response body kept in the log, and read at all. */
const ERROR_MAX = 500;

interface Claimed extends EventRow {
  delivery_id: string;
  attempts: number;
  url: string;
  secret: string;
}

/** The HMAC key of a secret: Standard Webhooks' `whsec_<base64>` is the decoded bytes; any other text its UTF-8. */
export function signingKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`: the webhook-signature header (Standard Webhooks). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

interface Attempt {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export class WebhookWorker {
  private stopped = false;
  private readonly lanes: Promise<void>[] = [];
  private wakers: (() => void)[] = [];
  private fanning: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly settings: WebhookWorkerSettings,
  ) {}

  start(): void {
    for (let i = 0; i < this.settings.concurrency; i++) this.lanes.push(this.lane());
  }

  /** New events exist (the hub saw them): fan out, then wake the lanes. */
  wake(): void {
    void this.fanOut().then(() => this.wakeLanes());
  }

  private wakeLanes(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.push(done);
    });
  }

  async fanOut(): Promise<void> {
    if (this.fanning) return this.fanning;
    this.fanning = this.fanOutOnce()
      .catch((error: unknown) => this.logger.warn({ error: (error as Error).message }, "webhook fan-out failed"))
      .finally(() => (this.fanning = undefined));
    return this.fanning;
  }

  private async fanOutOnce(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const hooks = await queryRows<{ id: string; event_types: string[]; through: string }>(
        client,
        sql`SELECT id::text, event_types, enqueued_through::text AS through FROM webhook
            WHERE active AND enqueued_through < (SELECT coalesce(max(position), 0) FROM event)
            FOR UPDATE SKIP LOCKED`,
      );
      for (const hook of hooks) {
        await client.query(
          ...toQuery(
            sql`WITH batch AS (
                  SELECT position, type FROM event WHERE position > ${hook.through}::bigint ORDER BY position LIMIT ${FAN_OUT_BATCH}
                ), queued AS (
                  INSERT INTO webhook_delivery (webhook_id, event_position)
                  SELECT ${hook.id}::uuid, b.position FROM batch b
                  WHERE cardinality(${hook.event_types}::text[]) = 0 OR b.type = ANY(${hook.event_types}::text[])
                  ORDER BY b.position
                  ON CONFLICT (webhook_id, event_position) DO NOTHING
                )
                UPDATE webhook SET enqueued_through = (SELECT max(position) FROM batch)
                WHERE id = ${hook.id}::uuid AND EXISTS (SELECT 1 FROM batch)`,
          ),
        );
      }
      await client.query("COMMIT");
      if (hooks.length > 0) this.wakeLanes();
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async lane(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.deliverOne();
      } catch (error) {
        this.logger.warn({ error: (error as Error).message }, "webhook delivery round failed");
      }
      if (!worked && !this.stopped) {
        await this.fanOut();
        await this.sleep(this.settings.pollMs);
      }
    }
  }

  /** Claims, sends and records one due delivery; false when none was due. */
  async deliverOne(): Promise<boolean> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const [row] = await queryRows<Claimed>(
        client,
        // Each active webhook's queue head (its oldest PENDING delivery), if due; a head locked by
        // another worker is skipped, and with it the whole webhook: its next event waits (order).
        // `d.status = 'PENDING'` is repeated on the locked row so that a head delivered meanwhile is
        // re-checked after the lock and dropped, never sent twice.
        sql`SELECT d.id::text AS delivery_id, d.attempts, w.url, w.secret,
                   e.position::text AS position, e.type, e.subject_type, e.subject_id::text AS subject_id,
                   e.claim_ids::text[] AS claim_ids, e.topic_ids::text[] AS topic_ids, e.payload, e.actor_label, e.created_at
            FROM webhook w
            CROSS JOIN LATERAL (
              SELECT q.id, q.next_attempt_at FROM webhook_delivery q
              WHERE q.webhook_id = w.id AND q.status = 'PENDING'
              ORDER BY q.event_position LIMIT 1
            ) head
            JOIN webhook_delivery d ON d.id = head.id
            JOIN event e ON e.position = d.event_position
            WHERE w.active AND head.next_attempt_at <= now() AND d.status = 'PENDING'
            ORDER BY head.next_attempt_at
            LIMIT 1
            FOR UPDATE OF d SKIP LOCKED`,
      );
      if (!row) {
        await client.query("COMMIT");
        return false;
      }
      const outcome = await this.send(row);
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        await client.query(
          ...toQuery(
            sql`UPDATE webhook_delivery SET status = 'DELIVERED', attempts = ${attempts}, last_attempt_at = now(),
                  delivered_at = now(), last_status_code = ${outcome.status}, last_error = NULL
                WHERE id = ${row.delivery_id}::uuid`,
          ),
        );
      } else {
        const dead = attempts >= this.settings.maxAttempts;
        const delay = Math.min(this.settings.backoffBaseMs * 2 ** (attempts - 1), this.settings.backoffMaxMs);
        await client.query(
          ...toQuery(
            sql`UPDATE webhook_delivery SET status = ${dead ? "DEAD" : "PENDING"}::webhook_delivery_status,
                  attempts = ${attempts}, last_attempt_at = now(), last_status_code = ${outcome.status},
                  last_error = ${outcome.error}, next_attempt_at = now() + ${delay} * interval '1 millisecond'
                WHERE id = ${row.delivery_id}::uuid`,
          ),
        );
      }
      await client.query("COMMIT");
      return true;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** One POST: the Standard Webhooks headers and body; never follows a redirect. */
  private send(row: Claimed): Promise<Attempt> {
    const id = deliveryId(row.delivery_id);
    const timestamp = Math.floor(Date.now() / 1000);
    const event = toEvent(row);
    const body = JSON.stringify({ type: event.type, timestamp: new Date(timestamp * 1000).toISOString(), data: event });
    let url: URL;
    try {
      url = new URL(row.url);
    } catch {
      return Promise.resolve({ ok: false, status: null, error: "the URL is not valid" });
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // An IP literal is connected to without a lookup, so it is checked here.
    if (net.isIP(host)) {
      const refusal = addressRefusal(host, host, this.settings.policy);
      if (refusal) return Promise.resolve({ ok: false, status: null, error: refusal });
    }
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<Attempt>((resolve) => {
      const request = transport.request(
        url,
        {
          method: "POST",
          lookup: guardedLookup(this.settings.policy),
          timeout: this.settings.timeoutMs,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "user-agent": "claimbase-webhooks/1",
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": sign(row.secret, id, timestamp, body),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            if (text.length < ERROR_MAX) text += chunk;
          });
          response.on("end", () => {
            if (status >= 200 && status < 300) resolve({ ok: true, status, error: null });
            else if (status >= 300 && status < 400) {
              resolve({ ok: false, status, error: `HTTP ${status}: redirects are not followed` });
            } else resolve({ ok: false, status, error: `HTTP ${status}: ${text.slice(0, ERROR_MAX)}` });
          });
          response.on("error", (error) => resolve({ ok: false, status, error: error.message }));
        },
      );
      // The whole attempt is bounded, not only idle time: a receiver trickling bytes is cut off too.
      const deadline = setTimeout(
        () => request.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)),
        this.settings.timeoutMs,
      );
      deadline.unref();
      request.on("timeout", () => request.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`)));
      request.on("error", (error) =>
        resolve({
          ok: false,
          status: null,
          error: error instanceof AddressRefused ? error.message : `request failed: ${error.message}`,
        }),
      );
      request.on("close", () => clearTimeout(deadline));
      request.end(body);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeLanes();
    await Promise.all(this.lanes);
    await this.fanning;
  }
}

function toQuery(statement: { text: string; values: unknown[] }): [string, unknown[]] {
  return [statement.text, statement.values];
}
