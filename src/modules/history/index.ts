export { HistoryResolver } from "./history.resolver";
export { Revision } from "./history.type";
