import type pg from "pg";
import { queryRows, sql } from "../db/sql";
import { type NodeTypeName, NODE_TYPES, toGlobalId } from "./global-id";

/**
 * The transactional outbox (docs/live.md): domain events written in the transaction of the write they
 * describe. The Writer (modules/bundle) buffers a transaction's events as its revisions are written and
 * appends them here just before COMMIT, so an event exists exactly when its write does.
 *
 * Why positions are taken under a lock held until COMMIT: a bigserial alone is handed out in call order
 * but becomes visible in commit order. A reader that has seen position 7 (committed) could later find
 * position 6 committed by a slower transaction, and a resumed subscriber or a webhook fan-out reading
 * "after 7" would skip it for ever. The alternative, reading only below the oldest in-flight xid
 * (pg_snapshot_xmin), keeps writers independent but orders by xid, not position, and lets one long
 * import hold back every reader for its whole length. Here each transaction instead takes
 * pg_advisory_xact_lock(OUTBOX_LOCK) as its last statement, inserts its events and commits; the lock is
 * released after the commit is visible, so positions appear strictly in order (a rolled-back
 * transaction leaves a gap that nobody waits for). Writers serialize only for that final insert and
 * their COMMIT (milliseconds), not for their whole work; bench:live measures the cost on imports.
 */

/** The advisory lock key of the outbox (distinct from Prisma's migration lock 72707369). */
export const OUTBOX_LOCK = 72707370;

/** The NOTIFY channel of new events; the payload is the highest position the transaction wrote. */
export const EVENT_CHANNEL = "claimbase_event";

export interface DomainEvent {
  /** PascalCase past tense: ClaimCreated, StanceRecorded, EvidenceAdded, ImportCompleted, ... */
  type: string;
  /** The type of the object the event is about (`Import` for an import's summary). */
  subjectType: string;
  /** The object's database id (none for an import's summary). */
  subjectId: string | null;
  payload: Record<string, unknown>;
}

/** What a revision's action reads as in an event type, by subject type where the domain has a word for it. */
const EVENT_NAMES: Record<string, Partial<Record<string, string>>> = {
  Stance: { CREATE: "StanceRecorded" },
  Review: { CREATE: "ReviewAdded" },
  ClaimRelation: { CREATE: "ClaimsLinked", RETRACT: "ClaimLinkRetracted", MERGE: "ClaimLinkMerged" },
  Entity: { MERGE: "EntityMerged" },
  Claim: { MERGE: "ClaimMerged" },
};

const PAST: Record<string, string> = {
  CREATE: "Created",
  UPDATE: "Updated",
  DEPRECATE: "Deprecated",
  MERGE: "Merged",
  RETRACT: "Retracted",
  RESTORE: "Restored",
  DELETE: "Deleted",
};

/** The event type of a revision: `<Type><Action in past tense>`, or the domain's own word. */
export function eventTypeOf(subjectType: string, action: string): string {
  return EVENT_NAMES[subjectType]?.[action] ?? `${subjectType}${PAST[action] ?? "Changed"}`;
}

/** Longest text and list an event payload copies from the object (the object itself is a `node(id:)` away). */
const PAYLOAD_TEXT_MAX = 500;
const PAYLOAD_LIST_MAX = 50;

function small(value: unknown): boolean {
  if (value === null || typeof value === "number" || typeof value === "boolean") return true;
  if (typeof value === "string") return value.length <= PAYLOAD_TEXT_MAX;
  if (Array.isArray(value))
    return value.length <= PAYLOAD_LIST_MAX && value.every((v) => typeof v !== "object" && small(v));
  return false;
}

/**
 * An event's payload: the object's global ID, the revision's action, and the object's short fields
 * after the write (long texts, nested objects and long lists are left out: a reader fetches them with
 * `node(id:)`). Keys are the API's field names.
 */
export function eventPayload(
  subjectType: string,
  subjectId: string,
  action: string,
  after: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const payload: Record<string, unknown> = { action };
  if ((NODE_TYPES as readonly string[]).includes(subjectType)) {
    payload.id = toGlobalId(subjectType as NodeTypeName, subjectId);
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after ?? {})) {
    if (key === "uuid" || key === "id" || key.startsWith("search")) continue;
    if (small(value)) fields[key] = value;
    else if (value instanceof Date) fields[key] = value.toISOString();
  }
  payload.fields = fields;
  return { ...payload, ...extra };
}

/**
 * Appends a transaction's events, as its last statements before COMMIT (see above). Each event gets
 * the claims it concerns (the claim itself, a stance's or review's claim, a link's two claims) and the
 * topics it touches (those claims' subject entities, a viewpoint's topic, a stance holder's topic, an
 * entity itself): what `claimChanged` and `topicActivity` filter on. Returns the highest position.
 */
export async function appendEvents(client: pg.ClientBase, events: DomainEvent[], actor: string): Promise<void> {
  if (events.length === 0) return;
  await client.query(`SELECT pg_advisory_xact_lock(${OUTBOX_LOCK})`);
  const rows = events.map((e, i) => ({
    i,
    type: e.type,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    payload: e.payload,
  }));
  await queryRows(
    client,
    sql`WITH input AS (
          SELECT r.i, r.type, r.subject_type, r.subject_id, r.payload,
                 CASE r.subject_type
                   WHEN 'Claim' THEN ARRAY[r.subject_id]
                   WHEN 'Stance' THEN ARRAY(SELECT claim_id FROM stance WHERE id = r.subject_id)
                   WHEN 'Review' THEN ARRAY(SELECT claim_id FROM review WHERE id = r.subject_id)
                   WHEN 'ClaimRelation' THEN ARRAY(SELECT unnest(ARRAY[from_id, to_id]) FROM claim_relation WHERE id = r.subject_id)
                   ELSE '{}'::uuid[]
                 END AS claim_ids
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS r(i int, type text, subject_type text, subject_id uuid, payload jsonb)
        ), inserted AS (
          INSERT INTO event (type, subject_type, subject_id, claim_ids, topic_ids, payload, actor_label)
          SELECT c.type, c.subject_type, c.subject_id, c.claim_ids,
                 ARRAY(SELECT DISTINCT x FROM (
                   SELECT cs.entity_id AS x FROM claim_subject cs WHERE cs.claim_id = ANY(c.claim_ids)
                   UNION ALL SELECT v.topic_id FROM stance s JOIN viewpoint v ON v.id = s.holder_viewpoint_id
                     WHERE c.subject_type = 'Stance' AND s.id = c.subject_id
                   UNION ALL SELECT v.topic_id FROM viewpoint v WHERE c.subject_type = 'Viewpoint' AND v.id = c.subject_id
                   UNION ALL SELECT c.subject_id WHERE c.subject_type = 'Entity'
                 ) t WHERE x IS NOT NULL),
                 c.payload, ${actor}
          FROM input c ORDER BY c.i
          RETURNING position
        )
        SELECT pg_notify(${EVENT_CHANNEL}, max(position)::text) FROM inserted`,
  );
}
