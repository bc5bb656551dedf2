import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../shared/connection-types";

@ObjectType({
  simpleResolvers: true,
  description:
    "A domain event from the outbox (docs/live.md): one write to one object (ClaimCreated, StanceRecorded, EvidenceAdded, ReviewAdded, EntityMerged, ClaimsLinked, SuggestionCreated, ...) or an import's summary (ImportCompleted). Written in the same transaction as the write: an event exists exactly when its write does.",
})
export class Event {
  @Field({
    description:
      "The event's place in the outbox, increasing in commit order (a decimal string: it may pass 2^53). Gaps are normal (rolled-back writes).",
  })
  position!: string;

  @Field({ description: "Opaque cursor of this event, for `events(after:)` and the subscriptions' `after`." })
  cursor!: string;

  @Field({ description: "What happened: `<Type><Action>` in PascalCase, e.g. `StanceRecorded`, `ClaimDeprecated`." })
  type!: string;

  @Field({ description: "The type of the object the event is about (`Import` for an import's summary)." })
  subjectType!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The object's global ID (`node(id:)`); null for an import's summary.",
  })
  subjectId!: string | null;

  @Field(() => [ID], {
    description: "Global IDs of the claims the event concerns (a stance's or review's claim, a link's two claims).",
  })
  claimIds!: string[];

  @Field(() => [ID], {
    description:
      "Global IDs of the entities whose topic the event touches (the claims' subjects, a viewpoint's topic).",
  })
  topicIds!: string[];

  @Field(() => GraphQLJSONObject, {
    description:
      "What changed: `action`, `id` (global ID) and the object's short `fields` after the write (long texts left out: fetch them with `node(id:)`).",
  })
  payload!: Record<string, unknown>;

  @Field({ description: "Who wrote it: `key:<key name>`, `cli`, `seed`." })
  actor!: string;

  @Field({ description: "When it was written (the transaction's time)." })
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "An edge in an Event connection: an event, with its cursor." })
export class EventEdge {
  @Field({ description: "Opaque cursor of this item, for `after`." })
  cursor!: string;

  @Field(() => Event, { description: "The item." })
  node!: Event;
}

@ObjectType({ simpleResolvers: true, description: "A page of events, oldest first." })
export class EventConnection {
  @Field(() => [EventEdge], { description: "The items of this page with their cursors." })
  edges!: EventEdge[];

  @Field(() => [Event], { description: "The items of this page, without cursors." })
  nodes!: Event[];

  @Field(() => PageInfo, { description: "Cursors and flags to page through the list (forward only)." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of events under the filter after `after` (not just this page)." })
  totalCount!: number;
}

@InputType({ description: "Which events to list: every condition given must hold." })
export class EventFilter {
  @Field(() => [String], { nullable: true, description: "Only these event types (e.g. `StanceRecorded`); at most 50." })
  types?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: "Only events touching this topic: an entity's global ID or slug (claims about it, viewpoints on it).",
  })
  topic?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Only events about this object (its global ID), or, for a claim, about its stances, reviews, evidence and links.",
  })
  subject?: string | null;
}
