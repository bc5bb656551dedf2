import type { Queryable } from "../../db/sql";
import { queryRows, sql, type Sql, and } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { fromGlobalId, NODE_TYPES, toGlobalId } from "../../shared/global-id";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../shared/pagination";
import type { Event, EventFilter } from "./event.type";

/** Reading the outbox (shared/outbox.ts): the `events` connection, and replay for subscriptions. */

export interface EventRow {
  position: string;
  type: string;
  subject_type: string;
  subject_id: string | null;
  claim_ids: string[];
  topic_ids: string[];
  payload: Record<string, unknown>;
  actor_label: string;
  created_at: Date;
}

/** What an events reader filters on, resolved to database ids. */
export interface EventCondition {
  types?: string[];
  /** An entity id: claims about it, viewpoints on it, the entity itself. */
  topicId?: string;
  /** An object id: the object itself, or (for a claim) what concerns it. */
  subjectId?: string;
}

const TYPES_MAX = 50;
/**
 * The event types a client may name (docs/live.md's table): the domain's own words, and
 * `<node type><action in past tense>` as outbox.ts's eventTypeOf writes them. A misspelt type
 * ("StanceRecorderd") would otherwise make a webhook or a subscription that never fires.
 */
const NAMED_TYPES = new Set([
  "StanceRecorded",
  "ReviewAdded",
  "EvidenceAdded",
  "EvidenceRetracted",
  "ClaimsLinked",
  "ClaimLinkRetracted",
  "ClaimLinkMerged",
  "SuggestionsCreated",
  "ImportCompleted",
]);
const GENERATED_TYPE = new RegExp(
  `^(${NODE_TYPES.join("|")})(Created|Updated|Deprecated|Merged|Retracted|Restored|Accepted|Edited|Rejected)$`,
);
const isEventType = (type: string) => NAMED_TYPES.has(type) || GENERATED_TYPE.test(type);

export function encodeEventCursor(position: string | bigint): string {
  return Buffer.from(`Event:${position}`, "utf8").toString("base64url");
}

/** The position a cursor names; BAD_USER_INPUT when it is not an event cursor. */
export function decodeEventCursor(cursor: string, argument = "after"): bigint {
  const text = cursor.length <= 64 ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const match = /^Event:(\d{1,19})$/.exec(text);
  if (!match) throw badInput(`\`${argument}\` is not an event cursor`, { argument });
  return BigInt(match[1]!);
}

export const SELECT_EVENT_COLUMNS = sql`e.position::text AS position, e.type, e.subject_type,
  e.subject_id::text AS subject_id, e.claim_ids::text[] AS claim_ids, e.topic_ids::text[] AS topic_ids, e.payload,
  e.actor_label, e.created_at`;

export const SELECT_EVENT = sql`SELECT ${SELECT_EVENT_COLUMNS} FROM event e`;

export function toEvent(row: EventRow): Event {
  return {
    position: row.position,
    cursor: encodeEventCursor(row.position),
    type: row.type,
    subjectType: row.subject_type,
    subjectId: typeof row.payload.id === "string" ? row.payload.id : null,
    claimIds: row.claim_ids.map((id) => toGlobalId("Claim", id)),
    topicIds: row.topic_ids.map((id) => toGlobalId("Entity", id)),
    payload: row.payload,
    actor: row.actor_label,
    createdAt: row.created_at,
  };
}

/** Whether an event matches a condition (the live path filters in memory what the SQL path filters in the database). */
export function matches(row: EventRow, where: EventCondition): boolean {
  if (where.types && where.types.length > 0 && !where.types.includes(row.type)) return false;
  if (where.topicId && !row.topic_ids.includes(where.topicId)) return false;
  if (where.subjectId && row.subject_id !== where.subjectId && !row.claim_ids.includes(where.subjectId)) return false;
  return true;
}

function conditionSql(where: EventCondition): Sql {
  const parts: Sql[] = [];
  if (where.types && where.types.length > 0) parts.push(sql`type = ANY(${where.types}::text[])`);
  if (where.topicId) parts.push(sql`topic_ids @> ARRAY[${where.topicId}::uuid]`);
  if (where.subjectId) {
    parts.push(sql`(subject_id = ${where.subjectId}::uuid OR claim_ids @> ARRAY[${where.subjectId}::uuid])`);
  }
  return and(parts);
}

/** Events after a position under a condition, oldest first. */
export function eventsAfter(db: Queryable, after: bigint, where: EventCondition, limit: number): Promise<EventRow[]> {
  return queryRows<EventRow>(
    db,
    sql`${SELECT_EVENT} WHERE position > ${after.toString()}::bigint AND ${conditionSql(where)}
        ORDER BY e.position LIMIT ${limit}`,
  );
}

/** The newest position (0 when the outbox is empty). */
export async function latestPosition(db: Queryable): Promise<bigint> {
  const rows = await queryRows<{ p: string }>(db, sql`SELECT coalesce(max(position), 0)::text AS p FROM event`);
  return BigInt(rows[0]!.p);
}

/** Validates event types given by a client. */
export function checkTypes(types: string[] | null | undefined, argument: string): string[] | undefined {
  if (!types) return undefined;
  if (types.length > TYPES_MAX) throw badInput(`\`${argument}\` takes at most ${TYPES_MAX} types`, { argument });
  for (const type of types) {
    if (!isEventType(type))
      throw badInput(
        `\`${argument}\`: ${JSON.stringify(type.slice(0, 100))} is not an event type (docs/live.md lists them: ClaimCreated, StanceRecorded, EvidenceAdded, ...)`,
        { argument },
      );
  }
  return types;
}

/** A topic by an entity's global ID or slug; BAD_USER_INPUT when it names no entity. */
export async function resolveTopic(db: Queryable, topic: string, argument: string): Promise<string> {
  const decoded = fromGlobalId(topic);
  if (decoded && decoded.type === "Entity") return decoded.id;
  if (topic.length <= 200) {
    const rows = await queryRows<{ id: string }>(db, sql`SELECT id::text FROM entity WHERE slug = ${topic}`);
    if (rows[0]) return rows[0].id;
  }
  throw badInput(`\`${argument}\` names no entity (give an entity's ID or slug)`, { argument });
}

/** An object by global ID; BAD_USER_INPUT when it is not one. */
export function resolveSubject(id: string, argument: string, type?: "Claim"): string {
  const decoded = fromGlobalId(id);
  if (!decoded || (type && decoded.type !== type)) {
    throw badInput(`\`${argument}\` is not the ID of ${type ? `a ${type}` : "an object"}`, { argument });
  }
  return decoded.id;
}

export async function eventCondition(
  db: Queryable,
  filter: EventFilter | null | undefined,
  argument = "filter",
): Promise<EventCondition> {
  return {
    types: checkTypes(filter?.types, `${argument}.types`),
    topicId: filter?.topic ? await resolveTopic(db, filter.topic, `${argument}.topic`) : undefined,
    subjectId: filter?.subject ? resolveSubject(filter.subject, `${argument}.subject`) : undefined,
  };
}

/** The `events` connection: forward keyset paging on the position. */
export async function eventPage(
  db: Queryable,
  filter: EventFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
  wantsCount: boolean,
) {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`, { argument: "first" });
  }
  const from = after ? decodeEventCursor(after) : 0n;
  const where = await eventCondition(db, filter);
  const rows = await eventsAfter(db, from, where, size + 1);
  const page = rows.slice(0, size).map(toEvent);
  const count = wantsCount
    ? Number(
        (
          await queryRows<{ n: string }>(
            db,
            sql`SELECT count(*)::text AS n FROM event WHERE position > ${from.toString()}::bigint AND ${conditionSql(where)}`,
          )
        )[0]!.n,
      )
    : 0;
  return {
    edges: page.map((node) => ({ cursor: node.cursor, node })),
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: from > 0n,
      startCursor: page[0]?.cursor ?? null,
      endCursor: page[page.length - 1]?.cursor ?? null,
    },
    totalCount: count,
  };
}
