import type { UserErrorCode } from "../../shared/errors";
import type { ClaimRecord, ClaimRelationRecord } from "../claim/claim.model";
import type { EntityRecord } from "../entity/entity.model";
import type { EntityRelationRecord } from "../entity-relation/entity-relation.model";
import type { ReviewRecord } from "../review/review.model";
import type { SourceRecord } from "../source/source.model";
import type { StanceRecord } from "../stance/stance.model";
import type { ViewpointRecord } from "../viewpoint/viewpoint.model";

/**
 * The claimbase bundle (format "claimbase-bundle", version 1): a whole story in one JSON file, or the
 * same records one per line (NDJSON, each with a `type`). References are natural keys:
 *   entities and viewpoints by slug;
 *   sources by `url:<canonical url>` or `sha256:<hex of the text>`, or by a `ref` declared earlier in
 *     the same file (hand-written bundles);
 *   claims by `fingerprint:<hex>` (see claimFingerprint), or by a `ref` declared earlier in the file.
 * data/story/sanctuary-city.json is one. docs/import-format.md documents it in full.
 */
export type { QuoteRef } from "../../shared/write-session";

/**
 * The records, typed as imports have validated them against the bundle schema (bundle.validate.ts):
 * each domain's record type, RecordOf its model (shared/model.ts) with what is its own (`ref`,
 * evidence, `textFile`, ...).
 */
export type BundleEntity = EntityRecord;
export type BundleSource = SourceRecord;
export type BundleEntityRelation = EntityRelationRecord;
export type BundleClaim = ClaimRecord;
export type BundleClaimRelation = ClaimRelationRecord;
export type BundleViewpoint = ViewpointRecord;
export type BundleStance = StanceRecord;
export type BundleReview = ReviewRecord;

export interface Bundle {
  format: "claimbase-bundle";
  version: 1;
  description?: string;
  entities?: BundleEntity[];
  sources?: BundleSource[];
  entityRelations?: BundleEntityRelation[];
  claims?: BundleClaim[];
  claimRelations?: BundleClaimRelation[];
  viewpoints?: BundleViewpoint[];
  stances?: BundleStance[];
  reviews?: BundleReview[];
}

/** One line of an NDJSON bundle. A first line `{"format":"claimbase-bundle","version":1}` is allowed. */
export type BundleRecord =
  | ({ type: "entity" } & BundleEntity)
  | ({ type: "source" } & BundleSource)
  | ({ type: "entityRelation" } & BundleEntityRelation)
  | ({ type: "claim" } & BundleClaim)
  | ({ type: "claimRelation" } & BundleClaimRelation)
  | ({ type: "viewpoint" } & BundleViewpoint)
  | ({ type: "stance" } & BundleStance)
  | ({ type: "review" } & BundleReview);

export type RecordType = BundleRecord["type"];

/** A record as read, before it is validated against its type's schema (bundle.validate.ts). */
export type UncheckedRecord = { type: RecordType } & Record<string, unknown>;

/** A record, or a piece of input, that is not imported: where, which field, and why. */
export interface RejectedRecord {
  /** `line 12`, a JSON pointer, `byte 1234` (input that is not UTF-8), or "" (the whole input). */
  at: string;
  path: string;
  code: UserErrorCode;
  reason: string;
}

/** The order records must come in so that every reference points backwards. */
export const RECORD_ORDER = [
  "entity",
  "source",
  "entityRelation",
  "claim",
  "claimRelation",
  "viewpoint",
  "stance",
  "review",
] as const;
