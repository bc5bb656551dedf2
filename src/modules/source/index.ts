export { Attribution, DerivationKind, Quote, RetractedEvidence, Source, SourceKind, TextSpan } from "./source.type";
export { QUOTE, QUOTE_COLUMNS, SOURCE, SOURCE_FULL, evidenceSpec, retractedEvidenceSpec } from "./source.sql";
export { QuoteConnection, SourceConnection } from "./source.connection";
export { EntitySourcesResolver, QuoteResolver, SourceResolver } from "./source.resolver";
export { writeSource } from "./source.writer";
export type { SourceRecord } from "./source.model";
