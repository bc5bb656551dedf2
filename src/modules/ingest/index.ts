export { Suggestion, SuggestionKind, SuggestionStatus } from "./suggestion.type";
export { SUGGESTION } from "./suggestion.sql";
export {
  EntityCandidateResolver,
  IngestCounts,
  ProposedEntityResolver,
  SourceSuggestionsResolver,
  SuggestionConnection,
  SuggestionResolver,
  SuggestionResultResolver,
} from "./ingest.resolver";
export { ingestDocument, INGEST_TEXT_MAX } from "./ingest.service";
export { INGEST_DOCUMENT, ingestRouter, type RunIngest } from "./ingest.route";
