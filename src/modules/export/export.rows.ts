import type { ClaimRelationKind } from "../../generated/prisma/enums";
import type { claimModel } from "../claim/claim.model";
import type { entityModel } from "../entity/entity.model";
import type { entityRelationModel } from "../entity-relation/entity-relation.model";
import type { reviewModel } from "../review/review.model";
import type { sourceModel } from "../source/source.model";
import type { stanceModel } from "../stance/stance.model";
import type { viewpointModel } from "../viewpoint/viewpoint.model";
import type { ExportRowOf } from "../../shared/model";

/** Rows as the statements in export.sql.ts return them (fields present depend on the format). */

export interface EntityRef {
  id: string;
  slug: string;
  kind: string;
  name: string;
}

/** A quote as exports read it (export.sql.ts's quoteJson): a quote reference, and who speaks in it. */
export interface QuoteRow {
  source: string;
  exact: string;
  start: number;
  end: number;
  attribution: string;
  speakers: string[];
  cue: { exact: string; start: number; end: number } | null;
}

export interface ClaimKey {
  text: string;
  claimants: string[];
}

interface Row {
  seq: number;
  id: string;
  createdAt: Date;
}

interface Versioned extends Row {
  updatedAt: Date;
}

/** An entity as the export reads it: the model's fields (entity.model.ts), relations as slugs. */
export type EntityRow = Versioned & ExportRowOf<typeof entityModel>;

/** A source as the export reads it: the model's fields (source.model.ts), relations as slugs, plus extras. */
export type SourceRow = Versioned & ExportRowOf<typeof sourceModel> & SourceExtras;

interface SourceExtras {
  /** The natural key of the source it derives from (`url:`/`sha256:`), and its id. */
  derivedFrom: string | null;
  derivedFromId: string | null;
  textLength?: number | null;
  quoteCount?: number;
  publisherEntity?: EntityRef | null;
  authorEntities?: EntityRef[];
}

export interface SourceSummary {
  id: string;
  kind: string;
  title: string;
  url: string | null;
  publishedAt: string | null;
  publisher: EntityRef | null;
}

export interface ReviewSummary {
  id: string;
  originalRating: string;
  normalizedRating: string;
  reviewedAt: string | null;
  reviewer: EntityRef;
  sourceUrl: string | null;
  sourceTitle: string;
}

/** A claim as the export reads it: the model's fields (claim.model.ts), relations as slugs, plus extras. */
export type ClaimRow = Versioned & ExportRowOf<typeof claimModel> & ClaimExtras;

interface ClaimExtras {
  appearances?: QuoteRow[];
  appearanceCount?: number;
  firstSource?: string | null;
  reviews?: { reviewer: string; rating: string }[];
  claimantEntities?: EntityRef[];
  subjectEntities?: EntityRef[];
  placeEntity?: EntityRef | null;
  appearanceItems?: {
    exact: string;
    source: SourceSummary;
    attribution: string;
    speakers: EntityRef[];
    cue: string | null;
  }[];
  reviewItems?: ReviewSummary[];
}

/** A viewpoint as the export reads it: the model's fields (viewpoint.model.ts), plus its count of stances. */
export type ViewpointRow = Versioned &
  ExportRowOf<typeof viewpointModel> & { stanceCount?: number; memberEvidence?: Record<string, QuoteRow[]> };

/** A stance as the export reads it: the model's fields (stance.model.ts), its claim as a ClaimKey, plus extras. */
export type StanceRow = Versioned & Omit<ExportRowOf<typeof stanceModel>, "claim"> & StanceExtras;

interface StanceExtras {
  claim: ClaimKey;
  claimId: string;
  evidence?: QuoteRow[];
  evidenceCount?: number;
}

/** A review as the export reads it: the model's fields (review.model.ts), its claim as a ClaimKey, plus extras. */
export type ReviewRow = Versioned & Omit<ExportRowOf<typeof reviewModel>, "claim"> & ReviewExtras;

interface ReviewExtras {
  claim: ClaimKey;
  claimId: string;
  reviewerEntity?: EntityRef;
  sourceTitle?: string;
  sourceUrl?: string | null;
  claimantEntities?: EntityRef[];
}

/** An entity relation as the export reads it: the model's fields (entity-relation.model.ts) and its evidence. */
export type EntityRelationRow = Row & ExportRowOf<typeof entityRelationModel> & { evidence: QuoteRow[] };

export interface ClaimRelationRow extends Row {
  from: ClaimKey;
  to: ClaimKey;
  kind: ClaimRelationKind;
  evidence: QuoteRow[];
}
