export { RecordError } from "../../shared/errors";
export {
  fileRecords,
  importFile,
  importRecords,
  ndjsonRecords,
  type ImportReport,
  type RecordSource,
  type RejectedRecord,
  type SourcedRecord,
} from "./bundle.import";
export {
  DEFAULT_IMPORT_LIMITS,
  type ImportLimits,
  ImportRefusal,
  importLimitsFromEnv,
  type RefusalCode,
} from "./bundle.limits";
export { RECORD_ORDER, type Bundle, type BundleRecord, type QuoteRef } from "./bundle.types";
export { type Actor, type Applied, type Outcome, type Target, UPSERT, Writer } from "./bundle.writer";
export { importRouter } from "./bundle.route";
export { ImportBundlePayloadResolver, ImportResolver, LikelyDuplicateResolver } from "./bundle.resolver";
