import { ConnectionType } from "../../shared/connection-types";
import { Quote, Source } from "./source.type";

export const SourceConnection = ConnectionType("Source", Source, "sources");
export const QuoteConnection = ConnectionType("Quote", Quote, "quotes");
