export { EventSubjectResolver, NodeResolver } from "./node.resolver";
