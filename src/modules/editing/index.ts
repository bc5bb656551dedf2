export { EditingResolver } from "./editing.resolver";
export { ImportResolver } from "./import.resolver";
