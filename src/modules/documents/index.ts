export { persistedQueriesPlugin } from "./documents.plugin";
export {
  addTrustedDocuments,
  documentHash,
  isDocumentHash,
  listDocuments,
  PersistedQueryStore,
  untrustDocument,
} from "./documents.store";
export { documentsCommand } from "./documents.command";
export { documentsRouter } from "./documents.route";
