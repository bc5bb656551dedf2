import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../context";
import { Loaders } from "../../shared/rows";
import { connectionWants } from "../../shared/selection";
import {
  checkTypes,
  decodeEventCursor,
  type EventRow,
  eventPage,
  resolveSubject,
  resolveTopic,
  toEvent,
} from "./event.service";
import { eventStream, hubOf } from "./event.stream";
import { Event, EventConnection, EventFilter } from "./event.type";

/**
 * A subscription's context lives as long as the subscription; each event is resolved with fresh
 * loaders, so an event's `subject` is read as it is now, not from an earlier event's cache.
 */
function perEvent(ctx: Context, row: EventRow): Event {
  ctx.loaders = new Loaders(ctx.sql);
  return toEvent(row);
}

interface SubscribeData {
  args: Record<string, unknown>;
  context: Context;
}

const afterOf = (args: Record<string, unknown>) =>
  typeof args.after === "string" ? decodeEventCursor(args.after) : undefined;

const AFTER_DESCRIPTION =
  "Resume after this event cursor: the events since then are sent first (from the outbox), then live ones, with no gap and no repeat. Without it, only events from now on.";

@Resolver()
export class EventResolver {
  @Query(() => EventConnection, {
    description:
      "The outbox: every domain event in commit order, oldest first. Page forward with `after` (the last cursor you saw) to catch up exactly after being offline.",
  })
  events(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => EventFilter, { nullable: true, description: "Which events to list." }) filter?: EventFilter,
    @Arg("first", () => Int, { nullable: true, description: "Return the first n events (1..100; default 20)." })
    first?: number,
    @Arg("after", () => String, { nullable: true, description: "Return events after this cursor." }) after?: string,
  ) {
    return eventPage(ctx.sql, filter, first, after, connectionWants(info).totalCount);
  }

  @Subscription(() => Event, {
    name: "claimChanged",
    description:
      "Events about one claim as they commit: its own writes, and stances, reviews, evidence and links that concern it.",
    subscribe: ({ args, context }: SubscribeData) => {
      const subjectId = resolveSubject(args.id as string, "id", "Claim");
      return eventStream(hubOf(context.db.pool), context.db.pool, { subjectId }, afterOf(args));
    },
  })
  claimChanged(
    @Root() row: EventRow,
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "The claim's global ID." }) _id: string,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after?: string,
  ): Event {
    return perEvent(ctx, row);
  }

  @Subscription(() => Event, {
    name: "topicActivity",
    description:
      "Events touching a topic as they commit: claims about the entity, stances and reviews of those claims, viewpoints on it.",
    subscribe: async ({ args, context }: SubscribeData) => {
      const topicId = await resolveTopic(context.db.pool, args.topic as string, "topic");
      return eventStream(hubOf(context.db.pool), context.db.pool, { topicId }, afterOf(args));
    },
  })
  topicActivity(
    @Root() row: EventRow,
    @Ctx() ctx: Context,
    @Arg("topic", () => ID, { description: "The topic: an entity's global ID or slug." }) _topic: string,
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after?: string,
  ): Event {
    return perEvent(ctx, row);
  }

  @Subscription(() => Event, {
    name: "events",
    description: "Every event as it commits, or only some types; resumable from a cursor.",
    subscribe: ({ args, context }: SubscribeData) => {
      const types = checkTypes(args.types as string[] | undefined, "types");
      return eventStream(hubOf(context.db.pool), context.db.pool, { types }, afterOf(args));
    },
  })
  eventsSubscription(
    @Root() row: EventRow,
    @Ctx() ctx: Context,
    @Arg("types", () => [String], { nullable: true, description: "Only these event types (e.g. `StanceRecorded`)." })
    _types?: string[],
    @Arg("after", () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after?: string,
  ): Event {
    return perEvent(ctx, row);
  }
}
