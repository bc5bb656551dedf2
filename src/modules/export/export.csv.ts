import { stringify } from "csv-stringify";
import { toGlobalId } from "../../shared/global-id";
import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { reviewModel } from "../review/review.model";
import { sourceModel } from "../source/source.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { modelCsvCells, modelCsvColumns } from "./export.model";
import type { ClaimRow, EntityRow, QuoteRow, ReviewRow, SourceRow, StanceRow, ViewpointRow } from "./export.rows";
import type { CsvLists, CsvOptions } from "./export.types";

/**
 * CSV: one header row, then one row per object. Multi-valued cells are JSON arrays of strings (or,
 * deprecated, joined with "; "); times are ISO 8601 (UTC), dates YYYY-MM-DD; ids are the API's global
 * IDs. docs/export-format.md lists the columns and the options; tests hold this file and that table
 * together.
 */

type Cell = string | number | null;

/** How a multi-valued cell is written (CsvOptions.lists). */
export type ListCell = (values: readonly string[] | null | undefined) => string | null;

export const LIST_CELLS: Record<CsvLists, ListCell> = {
  // Any value round-trips (`;`, quotes, commas, line breaks); an empty list is `[]`, so every cell parses.
  json: (values) => JSON.stringify(values ?? []),
  // Before #17: cannot be split back when a value contains "; ".
  joined: (values) => (values && values.length > 0 ? values.join("; ") : null),
};

export interface CsvTable<Row> {
  columns: readonly string[];
  row(row: Row, list: ListCell): Record<string, Cell>;
}

/**
 * Who speaks in each quote, in the order recorded: `speaker, speaker (ATTRIBUTION: "cue")`, or
 * `(UNATTRIBUTED)`, one item per quote.
 */
const speakersCell = (list: ListCell, quotes: readonly QuoteRow[] | undefined) =>
  list(
    quotes?.map(
      (q) =>
        `${q.speakers.length > 0 ? `${q.speakers.join(", ")} ` : ""}(${q.attribution}${q.cue ? `: "${q.cue.exact}"` : ""})`,
    ),
  );

export const ENTITY_CSV: CsvTable<EntityRow> = {
  columns: ["id", ...modelCsvColumns(entityModel), "createdAt", "updatedAt"],
  row: (r, list) => ({ ...modelCsvCells(entityModel, r, list), id: toGlobalId("Entity", r.id) }),
};

export const CLAIM_CSV: CsvTable<ClaimRow> = {
  columns: [
    "id",
    ...modelCsvColumns(claimModel),
    "appearanceCount",
    "appearanceSpeakers",
    "firstSource",
    "reviewRatings",
    "reviewers",
    "createdAt",
    "updatedAt",
  ],
  row: (r, list) => ({
    ...modelCsvCells(claimModel, r, list),
    id: toGlobalId("Claim", r.id),
    appearanceCount: r.appearanceCount ?? 0,
    appearanceSpeakers: speakersCell(list, r.appearances),
    firstSource: r.firstSource ?? null,
    reviewRatings: list(r.reviews?.map((review) => review.rating)),
    reviewers: list(r.reviews?.map((review) => review.reviewer)),
  }),
};

export const SOURCE_CSV: CsvTable<SourceRow> = {
  columns: [
    "id",
    ...modelCsvColumns(sourceModel, { textSha256: ["textLength", "derivedFrom"], derivationKind: ["quoteCount"] }),
    "createdAt",
    "updatedAt",
  ],
  row: (r, list) => ({
    ...modelCsvCells(sourceModel, r, list),
    id: toGlobalId("Source", r.id),
    textLength: r.textLength ?? null,
    derivedFrom: r.derivedFromId ? toGlobalId("Source", r.derivedFromId) : null,
    quoteCount: r.quoteCount ?? 0,
  }),
};

export const VIEWPOINT_CSV: CsvTable<ViewpointRow> = {
  columns: ["id", ...modelCsvColumns(viewpointModel), "stanceCount", "createdAt", "updatedAt"],
  row: (r, list) => ({
    ...modelCsvCells(viewpointModel, r, list),
    id: toGlobalId("Viewpoint", r.id),
    stanceCount: r.stanceCount ?? 0,
  }),
};

/** A stance's holder (its kind and reference), then its claim as an ID and the claim's text. */
export const STANCE_CSV: CsvTable<StanceRow> = {
  columns: [
    "id",
    ...modelCsvColumns(stanceModel, { holder: ["claimId", "claim"] }),
    "evidenceCount",
    "evidenceSpeakers",
    "createdAt",
    "updatedAt",
  ],
  row: (r, list) => ({
    ...modelCsvCells(stanceModel, r, list),
    evidenceSpeakers: speakersCell(list, r.evidence),
    id: toGlobalId("Stance", r.id),
    claimId: toGlobalId("Claim", r.claimId),
    claim: r.claim.text,
    evidenceCount: r.evidenceCount ?? 0,
  }),
};

/** A review's claim as its ID and text, its reviewer with a name, its source as a title and URL. */
export const REVIEW_CSV: CsvTable<ReviewRow> = {
  columns: [
    "id",
    "claimId",
    "claim",
    ...modelCsvColumns(reviewModel, { reviewer: ["reviewerName"], reviewedAt: ["sourceTitle", "sourceUrl"] }),
    "createdAt",
    "updatedAt",
  ],
  row: (r, list) => ({
    ...modelCsvCells(reviewModel, r, list),
    id: toGlobalId("Review", r.id),
    claimId: toGlobalId("Claim", r.claimId),
    claim: r.claim.text,
    reviewerName: r.reviewerEntity?.name ?? null,
    sourceTitle: r.sourceTitle ?? null,
    sourceUrl: r.sourceUrl ?? null,
  }),
};

/**
 * CSV text for some rows (with the header row first when `header`, after a BOM when `options.bom`).
 *
 * Formula escaping is csv-stringify's `escape_formulas`: OWASP's CSV injection rule (a cell starting
 * with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`; also the full-width forms of the first four,
 * which Apple Numbers reads as them), skipping numbers. OWASP adds that a separator or quote inside a
 * cell must not start a new cell: with escaping on, every text cell is quoted, so a `;` in a value
 * cannot split it where a spreadsheet's locale uses `;` as the separator.
 */
export function csvText(
  columns: readonly string[],
  rows: Record<string, Cell>[],
  header: boolean,
  options: CsvOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    stringify(
      rows,
      {
        header,
        columns: [...columns],
        eof: true,
        bom: header && options.bom,
        record_delimiter: options.flavor === "excel" ? "windows" : "unix",
        escape_formulas: options.escapeFormulas,
        quoted_string: options.escapeFormulas,
      },
      (error, output) => (error ? reject(error) : resolve(output ?? "")),
    );
  });
}
