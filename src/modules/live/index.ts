export { EventResolver } from "./event.resolver";
export { EventHub } from "./hub";
export { registerHub } from "./event.stream";
export { Event } from "./event.type";
export { WebhookResolver } from "./webhook.resolver";
export { registerAddressPolicy, deliveryId } from "./webhook.service";
export { type EventRow, toEvent } from "./event.service";
