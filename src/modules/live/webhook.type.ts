import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { WebhookDeliveryStatus } from "../../generated/prisma/enums";
import { PageInfo } from "../../shared/connection-types";
import { Payload } from "../../shared/mutation-types";
import { Event } from "./event.type";

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not yet accepted by the receiver: waiting for its turn, or for its next attempt." },
    DELIVERED: { description: "The receiver answered 2xx." },
    DEAD: { description: "Every attempt failed (dead letter); `redeliverWebhookDelivery` tries again." },
  },
});

export { WebhookDeliveryStatus };

@ObjectType({
  simpleResolvers: true,
  description:
    "A webhook (ADMIN keys only): events of the chosen types POSTed to a URL, signed Standard Webhooks style with the webhook's secret, at least once, in event order (docs/live.md). The secret is never shown.",
})
export class Webhook {
  @Field(() => ID, { description: "The webhook's ID (not a `node`: webhooks are visible to ADMIN keys only)." })
  id!: string;

  @Field({ description: "Where deliveries are POSTed." })
  url!: string;

  @Field(() => [String], { description: "The event types delivered; empty: every type." })
  eventTypes!: string[];

  @Field({ description: "Whether deliveries are being made (an inactive webhook keeps its place in the stream)." })
  active!: boolean;

  @Field(() => String, { nullable: true, description: "A note for people." })
  description!: string | null;

  @Field(() => Int, { description: "Increases with every change; `updateWebhook` takes the version it read." })
  version!: number;

  @Field({ description: "When it was created." })
  createdAt!: Date;

  @Field({ description: "When it was last changed." })
  updatedAt!: Date;

  /** The database id, for deliveries. */
  uuid!: string;
}

@ObjectType({ simpleResolvers: true, description: "One event for one webhook, with where its attempts stand." })
export class WebhookDelivery {
  @Field(() => ID, {
    description: "The delivery's ID: the `webhook-id` header of every attempt (receivers deduplicate on it).",
  })
  id!: string;

  @Field(() => Event, { description: "The event delivered." })
  event!: Event;

  @Field(() => WebhookDeliveryStatus, { description: "Where the delivery stands." })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: "Attempts made so far." })
  attempts!: number;

  @Field({ description: "When the next attempt is due (PENDING only)." })
  nextAttemptAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the last attempt was made." })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The HTTP status the receiver last answered (null: no answer)." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed." })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: "When the receiver accepted it." })
  deliveredAt!: Date | null;

  @Field({ description: "When the delivery was queued." })
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "An edge in a WebhookDelivery connection." })
export class WebhookDeliveryEdge {
  @Field({ description: "Opaque cursor of this item, for `after`." })
  cursor!: string;

  @Field(() => WebhookDelivery, { description: "The item." })
  node!: WebhookDelivery;
}

@ObjectType({ simpleResolvers: true, description: "A page of a webhook's deliveries, oldest event first." })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge], { description: "The items of this page with their cursors." })
  edges!: WebhookDeliveryEdge[];

  @Field(() => [WebhookDelivery], { description: "The items of this page, without cursors." })
  nodes!: WebhookDelivery[];

  @Field(() => PageInfo, { description: "Cursors and flags to page through the list (forward only)." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of deliveries under the filter (not just this page)." })
  totalCount!: number;
}

@InputType({ description: "A new webhook." })
export class CreateWebhookInput {
  @Field({
    description:
      "Where to POST (http or https). Hosts resolving to private, loopback, link-local or metadata addresses are refused (ADDRESS_NOT_ALLOWED) unless the operator allows them.",
  })
  url!: string;

  @Field(() => [String], { description: "The event types to deliver (e.g. `StanceRecorded`); empty: every type." })
  events!: string[];

  @Field({
    description:
      "The signing secret, 24 to 200 characters: `whsec_<base64>` (Standard Webhooks; the key is the decoded bytes) or any other text (the key is its UTF-8 bytes). Never shown again.",
  })
  secret!: string;

  @Field(() => String, { nullable: true, description: "A note for people." })
  description?: string | null;
}

@InputType({ description: "Changes to a webhook; fields left out stay as they are." })
export class UpdateWebhookInput {
  @Field(() => ID, { description: "The webhook." })
  id!: string;

  @Field(() => Int, { description: "The version you read (STALE_VERSION if it changed since)." })
  version!: number;

  @Field(() => String, { nullable: true, description: "A new URL (checked like createWebhook's)." })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: "New event types; empty: every type." })
  events?: string[] | null;

  @Field(() => String, { nullable: true, description: "A new signing secret (rotation)." })
  secret?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Pause (false) or resume (true) deliveries; events meanwhile are queued.",
  })
  active?: boolean | null;

  @Field(() => String, { nullable: true, description: "A new note." })
  description?: string | null;
}

@InputType({ description: "The webhook to delete, with its deliveries." })
export class DeleteWebhookInput {
  @Field(() => ID, { description: "The webhook." })
  id!: string;
}

@InputType({ description: "A delivery to attempt again." })
export class RedeliverWebhookDeliveryInput {
  @Field(() => ID, { description: "The delivery (WebhookDelivery.id)." })
  id!: string;
}

export const CreateWebhookPayload = Payload("CreateWebhook", "webhook", Webhook, "The new webhook.");
export const UpdateWebhookPayload = Payload("UpdateWebhook", "webhook", Webhook, "The webhook as changed.");
export const DeleteWebhookPayload = Payload("DeleteWebhook", "webhook", Webhook, "The webhook as it was.");
export const RedeliverWebhookDeliveryPayload = Payload(
  "RedeliverWebhookDelivery",
  "delivery",
  WebhookDelivery,
  "The delivery, PENDING again with its attempts reset.",
);
