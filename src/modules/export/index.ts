export { exportCommand } from "./export.command";
export { type ExportRouteOptions, exportRouter } from "./export.route";
export {
  BUNDLE_HEADER,
  type ExportOptions,
  type ExportPlan,
  exportTo,
  prepareExport,
  runExport,
} from "./export.service";
export {
  CONTENT_TYPES,
  CSV_DEFAULTS,
  CSV_FLAVORS,
  CSV_LISTS,
  type CsvFlavor,
  type CsvLists,
  type CsvOptions,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  ExportAborted,
  type ExportFormat,
  type ExportRequest,
  type ExportResult,
  ExportStalled,
  type ExportType,
  SUPPORTED_FORMATS,
  UnsupportedExport,
} from "./export.types";
export { CLAIM_CSV, ENTITY_CSV, REVIEW_CSV, SOURCE_CSV, STANCE_CSV, VIEWPOINT_CSV } from "./export.csv";
