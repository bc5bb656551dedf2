export { ArgumentResolver } from "./argument.resolver";
