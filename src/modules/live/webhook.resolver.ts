import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { connectionWants } from "../../shared/selection";
import * as hooks from "./webhook.service";
import {
  CreateWebhookInput,
  CreateWebhookPayload,
  DeleteWebhookInput,
  DeleteWebhookPayload,
  RedeliverWebhookDeliveryInput,
  RedeliverWebhookDeliveryPayload,
  UpdateWebhookInput,
  UpdateWebhookPayload,
  Webhook,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
} from "./webhook.type";

const toPayload = <T>(outcome: { value: T | null; userErrors: unknown[] }, field: string) => ({
  [field]: outcome.value,
  userErrors: outcome.userErrors,
});

/**
 * Webhook settings are written without a commit marker (webhook.service.ts), so the response cache
 * cannot wait for their notifications: once one of these mutations has run its write, the cache drops
 * everything (context-types.ts's Commits). They are rare administrative writes.
 */
async function unreported<T>(ctx: Context, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    ctx.commits.txids = null;
  }
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], { description: "Every webhook, oldest first (ADMIN; at most 1,000)." })
  @Authorized("ADMIN")
  webhooks(@Ctx() ctx: Context) {
    return hooks.webhooks(ctx);
  }

  @Query(() => Webhook, { nullable: true, description: "A webhook by ID (ADMIN); null when none has it." })
  @Authorized("ADMIN")
  webhook(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "The webhook's ID." }) id: string) {
    return hooks.webhook(ctx, id);
  }

  @FieldResolver(() => WebhookDeliveryConnection, {
    description: "The delivery log: one delivery per event, oldest event first, with its attempts.",
  })
  deliveries(
    @Root() owner: Webhook,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("status", () => WebhookDeliveryStatus, { nullable: true, description: "Only deliveries in this state." })
    status?: WebhookDeliveryStatus,
    @Arg("first", () => Int, { nullable: true, description: "Return the first n deliveries (1..100; default 20)." })
    first?: number,
    @Arg("after", () => String, { nullable: true, description: "Return deliveries after this cursor." })
    after?: string,
  ) {
    return hooks.deliveries(ctx, owner, status, first, after, connectionWants(info).totalCount);
  }

  @Mutation(() => CreateWebhookPayload, {
    description:
      "Create a webhook (ADMIN): events of the given types from now on are POSTed to the URL, signed with the secret.",
  })
  @Authorized("ADMIN")
  async createWebhook(@Arg("input", { description: "The webhook." }) input: CreateWebhookInput, @Ctx() ctx: Context) {
    return toPayload(await unreported(ctx, () => hooks.createWebhook(ctx, input)), "webhook");
  }

  @Mutation(() => UpdateWebhookPayload, {
    description: "Change a webhook's URL, event types, secret or note, or pause and resume it (ADMIN).",
  })
  @Authorized("ADMIN")
  async updateWebhook(@Arg("input", { description: "The changes." }) input: UpdateWebhookInput, @Ctx() ctx: Context) {
    return toPayload(await unreported(ctx, () => hooks.updateWebhook(ctx, input)), "webhook");
  }

  @Mutation(() => DeleteWebhookPayload, { description: "Delete a webhook and its delivery log (ADMIN)." })
  @Authorized("ADMIN")
  async deleteWebhook(@Arg("input", { description: "The webhook." }) input: DeleteWebhookInput, @Ctx() ctx: Context) {
    return toPayload(await unreported(ctx, () => hooks.deleteWebhook(ctx, input)), "webhook");
  }

  @Mutation(() => RedeliverWebhookDeliveryPayload, {
    description:
      "Attempt a delivery again (ADMIN): it becomes PENDING with its attempts reset, and takes its place in the webhook's event order (later deliveries wait for it).",
  })
  @Authorized("ADMIN")
  async redeliverWebhookDelivery(
    @Arg("input", { description: "The delivery." }) input: RedeliverWebhookDeliveryInput,
    @Ctx() ctx: Context,
  ) {
    return toPayload(await unreported(ctx, () => hooks.redeliver(ctx, input)), "delivery");
  }
}
