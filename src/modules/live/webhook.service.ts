import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { type AddressPolicy, addressPolicy, urlRefusal } from "../../shared/address-guard";
import { badInput, type UserErrorEntry, userError } from "../../shared/errors";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../shared/pagination";
import { checkTypes, type EventRow, SELECT_EVENT_COLUMNS, toEvent } from "./event.service";
import type {
  CreateWebhookInput,
  DeleteWebhookInput,
  RedeliverWebhookDeliveryInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from "./webhook.type";

/** Webhooks and their delivery log (docs/live.md); the worker that delivers is src/live/webhook-worker.ts. */

const policies = new WeakMap<object, AddressPolicy>();

/** The allow-list of outbound addresses for a pool's servers (server.ts sets it from WEBHOOK_ALLOW_HOSTS). */
export function registerAddressPolicy(pool: object, policy: AddressPolicy): void {
  policies.set(pool, policy);
}

export function addressPolicyOf(pool: object): AddressPolicy {
  return policies.get(pool) ?? addressPolicy(process.env.WEBHOOK_ALLOW_HOSTS);
}

const SECRET = { min: 24, max: 200 };

export const webhookId = (uuid: string) => Buffer.from(`Webhook:${uuid}`, "utf8").toString("base64url");
export const deliveryId = (uuid: string) => Buffer.from(`WebhookDelivery:${uuid}`, "utf8").toString("base64url");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function decode(id: string, type: string): string | null {
  if (id.length > 100) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const uuid = text.startsWith(`${type}:`) ? text.slice(type.length + 1) : "";
  return UUID.test(uuid) ? uuid : null;
}

interface WebhookRow {
  id: string;
  url: string;
  event_types: string[];
  active: boolean;
  description: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const WEBHOOK_COLUMNS = sql`id::text, url, event_types, active, description, version, created_at, updated_at`;

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: webhookId(row.id),
    uuid: row.id,
    url: row.url,
    eventTypes: row.event_types,
    active: row.active,
    description: row.description,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type Outcome<T> = { value: T | null; userErrors: UserErrorEntry[] };
const refused = <T>(code: Parameters<typeof userError>[0], field: string, message: string): Outcome<T> => ({
  value: null,
  userErrors: [userError(code, ["input", field], message)],
});

async function checkUrl<T>(ctx: Context, url: string): Promise<Outcome<T> | null> {
  if (url.length > 2000) return refused("INVALID", "url", "is longer than 2,000 characters");
  const refusal = await urlRefusal(url, addressPolicyOf(ctx.db.pool));
  if (!refusal) return null;
  const code = refusal.includes("WEBHOOK_ALLOW_HOSTS") ? "ADDRESS_NOT_ALLOWED" : "INVALID";
  return refused(code, "url", refusal);
}

function checkSecret<T>(secret: string): Outcome<T> | null {
  if (secret.length < SECRET.min || secret.length > SECRET.max) {
    return refused("INVALID", "secret", `must be ${SECRET.min} to ${SECRET.max} characters`);
  }
  if (secret.startsWith("whsec_") && !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    return refused("INVALID", "secret", "a `whsec_` secret is base64 after the prefix");
  }
  return null;
}

function checkEvents<T>(events: string[]): Outcome<T> | null {
  try {
    checkTypes(events, "events");
    return null;
  } catch (error) {
    return refused("INVALID", "events", (error as Error).message);
  }
}

export async function createWebhook(ctx: Context, input: CreateWebhookInput): Promise<Outcome<Webhook>> {
  const problem =
    checkEvents<Webhook>(input.events) ??
    checkSecret<Webhook>(input.secret) ??
    (await checkUrl<Webhook>(ctx, input.url));
  if (problem) return problem;
  // The webhook starts at the newest committed event: it delivers what happens from now on.
  const [row] = await queryRows<WebhookRow>(
    ctx.db.pool,
    sql`INSERT INTO webhook (url, event_types, secret, description, enqueued_through)
        VALUES (${input.url}, ${input.events}::text[], ${input.secret}, ${input.description ?? null},
                (SELECT coalesce(max(position), 0) FROM event))
        RETURNING ${WEBHOOK_COLUMNS}`,
  );
  return { value: toWebhook(row!), userErrors: [] };
}

export async function updateWebhook(ctx: Context, input: UpdateWebhookInput): Promise<Outcome<Webhook>> {
  const id = decode(input.id, "Webhook");
  if (!id) return refused("INVALID", "id", "must be the ID of a Webhook");
  const problem =
    (input.events != null ? checkEvents<Webhook>(input.events) : null) ??
    (input.secret != null ? checkSecret<Webhook>(input.secret) : null) ??
    (input.url != null ? await checkUrl<Webhook>(ctx, input.url) : null);
  if (problem) return problem;
  const [row] = await queryRows<WebhookRow>(
    ctx.db.pool,
    sql`UPDATE webhook SET
          url = coalesce(${input.url ?? null}, url),
          event_types = coalesce(${input.events ?? null}::text[], event_types),
          secret = coalesce(${input.secret ?? null}, secret),
          active = coalesce(${input.active ?? null}::boolean, active),
          description = CASE WHEN ${input.description === undefined}::boolean THEN description ELSE ${input.description ?? null} END,
          version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid AND version = ${input.version}
        RETURNING ${WEBHOOK_COLUMNS}`,
  );
  if (row) return { value: toWebhook(row), userErrors: [] };
  const [exists] = await queryRows<{ version: number }>(
    ctx.db.pool,
    sql`SELECT version FROM webhook WHERE id = ${id}::uuid`,
  );
  if (!exists) return refused("NOT_FOUND", "id", "no webhook has this ID");
  return refused("STALE_VERSION", "version", `the webhook is at version ${exists.version}`);
}

export async function deleteWebhook(ctx: Context, input: DeleteWebhookInput): Promise<Outcome<Webhook>> {
  const id = decode(input.id, "Webhook");
  if (!id) return refused("INVALID", "id", "must be the ID of a Webhook");
  const [row] = await queryRows<WebhookRow>(
    ctx.db.pool,
    sql`DELETE FROM webhook WHERE id = ${id}::uuid RETURNING ${WEBHOOK_COLUMNS}`,
  );
  return row ? { value: toWebhook(row), userErrors: [] } : refused("NOT_FOUND", "id", "no webhook has this ID");
}

interface DeliveryRow extends EventRow {
  d_id: string;
  d_status: WebhookDeliveryStatus;
  d_attempts: number;
  d_next_attempt_at: Date;
  d_last_attempt_at: Date | null;
  d_last_status_code: number | null;
  d_last_error: string | null;
  d_delivered_at: Date | null;
  d_created_at: Date;
  d_seq: string;
}

const DELIVERY_SELECT = sql`SELECT d.id::text AS d_id, d.status AS d_status, d.attempts AS d_attempts,
  d.next_attempt_at AS d_next_attempt_at, d.last_attempt_at AS d_last_attempt_at,
  d.last_status_code AS d_last_status_code, d.last_error AS d_last_error, d.delivered_at AS d_delivered_at,
  d.created_at AS d_created_at, d.event_position::text AS d_seq, ${SELECT_EVENT_COLUMNS}
  FROM webhook_delivery d JOIN event e ON e.position = d.event_position`;

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: deliveryId(row.d_id),
    event: toEvent(row),
    status: row.d_status,
    attempts: row.d_attempts,
    nextAttemptAt: row.d_next_attempt_at,
    lastAttemptAt: row.d_last_attempt_at,
    lastStatusCode: row.d_last_status_code,
    lastError: row.d_last_error,
    deliveredAt: row.d_delivered_at,
    createdAt: row.d_created_at,
  };
}

export async function redeliver(ctx: Context, input: RedeliverWebhookDeliveryInput): Promise<Outcome<WebhookDelivery>> {
  const id = decode(input.id, "WebhookDelivery");
  if (!id) return refused("INVALID", "id", "must be the ID of a WebhookDelivery");
  const updated = await queryRows<{ id: string }>(
    ctx.db.pool,
    sql`UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), delivered_at = NULL
        WHERE id = ${id}::uuid RETURNING id::text`,
  );
  if (updated.length === 0) return refused("NOT_FOUND", "id", "no delivery has this ID");
  const [row] = await queryRows<DeliveryRow>(ctx.db.pool, sql`${DELIVERY_SELECT} WHERE d.id = ${id}::uuid`);
  return { value: toDelivery(row!), userErrors: [] };
}

export async function webhooks(ctx: Context): Promise<Webhook[]> {
  const rows = await queryRows<WebhookRow>(
    ctx.sql,
    sql`SELECT ${WEBHOOK_COLUMNS} FROM webhook ORDER BY seq LIMIT 1000`,
  );
  return rows.map(toWebhook);
}

export async function webhook(ctx: Context, id: string): Promise<Webhook | null> {
  const uuid = decode(id, "Webhook");
  if (!uuid) return null;
  const [row] = await queryRows<WebhookRow>(
    ctx.sql,
    sql`SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE id = ${uuid}::uuid`,
  );
  return row ? toWebhook(row) : null;
}

/** A webhook's delivery log, oldest event first; forward keyset paging on the event position. */
export async function deliveries(
  ctx: Context,
  owner: Webhook,
  status: WebhookDeliveryStatus | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  wantsCount: boolean,
) {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`, { argument: "first" });
  }
  let from = "0";
  if (after) {
    const text = after.length <= 64 ? Buffer.from(after, "base64url").toString("utf8") : "";
    const match = /^WebhookDelivery@(\d{1,19})$/.exec(text);
    if (!match) throw badInput("`after` is not a delivery cursor", { argument: "after" });
    from = match[1]!;
  }
  const where = sql`d.webhook_id = ${owner.uuid}::uuid AND d.event_position > ${from}::bigint
    ${status ? sql`AND d.status = ${status}::webhook_delivery_status` : sql``}`;
  const rows = await queryRows<DeliveryRow>(
    ctx.sql,
    sql`${DELIVERY_SELECT} WHERE ${where} ORDER BY d.event_position LIMIT ${size + 1}`,
  );
  const page = rows.slice(0, size).map((row) => ({
    cursor: Buffer.from(`WebhookDelivery@${row.d_seq}`, "utf8").toString("base64url"),
    node: toDelivery(row),
  }));
  const totalCount = wantsCount
    ? Number(
        (
          await queryRows<{ n: string }>(
            ctx.sql,
            sql`SELECT count(*)::text AS n FROM webhook_delivery d WHERE d.webhook_id = ${owner.uuid}::uuid
                ${status ? sql`AND d.status = ${status}::webhook_delivery_status` : sql``}`,
          )
        )[0]!.n,
      )
    : 0;
  return {
    edges: page,
    nodes: page.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: from !== "0",
      startCursor: page[0]?.cursor ?? null,
      endCursor: page[page.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
