import type { TypeName } from "../filter";

/** What can be exported: one type's rows, or the whole database as an importable bundle. */
export const EXPORT_TYPES = ["entities", "claims", "sources", "viewpoints", "stances", "reviews", "bundle"] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const EXPORT_FORMATS = ["ndjson", "csv", "jsonld"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  type: ExportType;
  format: ExportFormat;
  /** A `<Type>Filter` (the GraphQL filter language) as plain JSON; not allowed for "bundle". */
  filter?: unknown;
  /** CSV only: what is not given takes its default (CSV_DEFAULTS; `bom` follows the flavor). */
  csv?: Partial<CsvOptions>;
}

/**
 * `rfc4180`: `\n` line ends, no BOM (what scripts and most tools expect). `excel`: a UTF-8 BOM and
 * `\r\n` line ends, so Excel opening the file by double-click reads UTF-8 (not the legacy code page).
 */
export const CSV_FLAVORS = ["rfc4180", "excel"] as const;
export type CsvFlavor = (typeof CSV_FLAVORS)[number];

/** `json`: a JSON array of strings per cell; `joined`: "; "-joined (deprecated, the form before #17). */
export const CSV_LISTS = ["json", "joined"] as const;
export type CsvLists = (typeof CSV_LISTS)[number];

export interface CsvOptions {
  flavor: CsvFlavor;
  /** A UTF-8 byte order mark first; by default with the `excel` flavor only. */
  bom: boolean;
  /** OWASP's CSV injection escaping (export.csv.ts); on unless a raw pipeline turns it off. */
  escapeFormulas: boolean;
  lists: CsvLists;
}

export const CSV_DEFAULTS = { flavor: "rfc4180", escapeFormulas: true, lists: "json" } as const satisfies Omit<
  CsvOptions,
  "bom"
>;

export interface ExportResult {
  /** Rows of the requested type written (for "bundle": every record, the header line excluded). */
  records: number;
}

/** The formats each type can be written in. Viewpoints and stances have no schema.org vocabulary. */
export const SUPPORTED_FORMATS: Record<ExportType, readonly ExportFormat[]> = {
  entities: ["ndjson", "csv", "jsonld"],
  claims: ["ndjson", "csv", "jsonld"],
  sources: ["ndjson", "csv", "jsonld"],
  viewpoints: ["ndjson", "csv"],
  stances: ["ndjson", "csv"],
  reviews: ["ndjson", "csv", "jsonld"],
  bundle: ["ndjson"],
};

/** The GraphQL type whose `<Type>Filter` selects the rows of each export. */
export const FILTER_TYPES: Record<Exclude<ExportType, "bundle">, TypeName> = {
  entities: "Entity",
  claims: "Claim",
  sources: "Source",
  viewpoints: "Viewpoint",
  stances: "Stance",
  reviews: "Review",
};

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson",
  csv: "text/csv; charset=utf-8",
  jsonld: "application/ld+json",
};

export function isExportType(value: unknown): value is ExportType {
  return typeof value === "string" && (EXPORT_TYPES as readonly string[]).includes(value);
}

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The export does not exist (a type or format that is not offered, or a pair that is not). */
export class UnsupportedExport extends Error {
  override name = "UnsupportedExport";
}

/** The reader went away (client disconnect, closed pipe): the export stopped early. */
export class ExportAborted extends Error {
  override name = "ExportAborted";
  constructor() {
    super("the export was aborted: its output closed");
  }
}

/** The reader took no bytes for longer than the stall deadline: the export was given up. */
export class ExportStalled extends Error {
  override name = "ExportStalled";
  constructor(readonly stallTimeoutMs: number) {
    super(`the export was abandoned: its output took nothing for ${stallTimeoutMs} ms`);
  }
}
