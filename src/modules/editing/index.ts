export { ImportResolver } from "./import.resolver";
