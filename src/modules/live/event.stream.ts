import type { Queryable } from "../../db/sql";
import { badInput, serviceUnavailable } from "../../shared/errors";
import { type EventCondition, type EventRow, eventsAfter, latestPosition } from "./event.service";
import type { EventHub } from "./hub";

/** The event hub of each pool, registered by the server (server.ts) when live features are on. */
const hubs = new WeakMap<object, EventHub>();

export function registerHub(pool: object, hub: EventHub): void {
  hubs.set(pool, hub);
}

export function hubOf(pool: object): EventHub {
  const hub = hubs.get(pool);
  if (!hub) throw serviceUnavailable("subscriptions are turned off on this server (LIVE_ENABLED=false)");
  return hub;
}

/** Events a subscriber may fall behind by before its subscription is ended (it resumes from its cursor). */
export const SUBSCRIBER_BACKLOG_MAX = 10_000;
const REPLAY_BATCH = 200;

/**
 * One subscription's events: with `after`, first the events since that cursor from the outbox (replay),
 * then live ones from the hub, without a gap or a repeat: the subscriber joins the hub before the
 * replay starts, buffers what arrives meanwhile, and drops from the buffer what the replay already
 * gave. Without `after`, live events only.
 */
export async function* eventStream(
  hub: EventHub,
  db: Queryable,
  where: EventCondition,
  after: bigint | undefined,
): AsyncGenerator<EventRow> {
  const queue: EventRow[] = [];
  let wake: (() => void) | undefined;
  let overflow = false;
  const leave = hub.subscribe({
    where,
    push(row) {
      if (queue.length >= SUBSCRIBER_BACKLOG_MAX) overflow = true;
      else queue.push(row);
      wake?.();
    },
  });
  try {
    // A cursor past the newest event (from another deployment, or a database restored to an earlier
    // state) would silence the subscription for ever: everything new is "before" it. Refused instead.
    if (after !== undefined && after > (await latestPosition(db))) {
      throw badInput(
        "`after` is past the newest event of this service (a cursor from another deployment, or from before a restore?): subscribe again without `after`, or with a cursor this service gave",
        { argument: "after" },
      );
    }
    let last = after ?? hub.current;
    if (after !== undefined) {
      for (;;) {
        const rows = await eventsAfter(db, last, where, REPLAY_BATCH);
        for (const row of rows) {
          last = BigInt(row.position);
          yield row;
        }
        if (rows.length < REPLAY_BATCH) break;
      }
    }
    for (;;) {
      while (queue.length > 0) {
        const row = queue.shift()!;
        if (BigInt(row.position) <= last) continue;
        last = BigInt(row.position);
        yield row;
      }
      if (overflow) {
        throw serviceUnavailable(
          `the subscriber fell more than ${SUBSCRIBER_BACKLOG_MAX} events behind; subscribe again with the last cursor received`,
        );
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    leave();
  }
}
