export { EditingResolver } from "./editing.resolver";
