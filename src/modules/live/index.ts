export { EventResolver } from "./event.resolver";
export { EventHub } from "./hub";
export { registerHub } from "./event.stream";
export { Event } from "./event.type";
