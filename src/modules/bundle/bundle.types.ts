import type { UserErrorCode } from "../../shared/errors";

/**
 * The claimbase bundle (format "claimbase-bundle", version 1): a whole story in one JSON file, or the
 * same records one per line (NDJSON, each with a `type`). References are natural keys:
 *   entities and viewpoints by slug;
 *   sources by `url:<canonical url>` or `sha256:<hex of the text>`, or by a `ref` declared earlier in
 *     the same file (hand-written bundles);
 *   claims by `fingerprint:<hex>` (see claimFingerprint), or by a `ref` declared earlier in the file.
 * data/story/sanctuary-city.json is one. docs/import-format.md documents it in full.
 */
export interface QuoteRef {
  source: string;
  exact: string;
  prefix?: string;
  suffix?: string;
  /** Code point offsets; when given they must hold (faster and exact), otherwise the text is searched. */
  start?: number;
  end?: number;
}

/** An entity record: the importable fields of entity.model.ts (validated by the writer against it). */
export interface BundleEntity extends Record<string, unknown> {
  slug: string;
  kind: string;
  name: string;
}

/**
 * A source record: the importable fields of source.model.ts, its bundle-local `ref`, its text as a
 * file next to the bundle (`textFile`) and the source it derives from.
 */
export interface BundleSource extends Record<string, unknown> {
  ref?: string;
  kind: string;
  title: string;
  textFile?: string;
  derivedFrom?: string;
}

/** An entity relation record: the importable fields of entity-relation.model.ts, and its evidence. */
export interface BundleEntityRelation extends Record<string, unknown> {
  subject: string;
  predicate: string;
  object: string;
  evidence?: QuoteRef[];
}

/**
 * A claim record: the importable fields of claim.model.ts (validated by the writer against it, and
 * described by the generated bundle schema), its bundle-local `ref` and its appearances.
 */
export interface BundleClaim extends Record<string, unknown> {
  ref?: string;
  text: string;
  kind: string;
  claimants: string[];
  appearances?: QuoteRef[];
}

export interface BundleClaimRelation {
  from: string;
  to: string;
  kind: string;
  evidence?: QuoteRef[];
}

/** A viewpoint record: the importable fields of viewpoint.model.ts (members: `{entity, role}` items). */
export interface BundleViewpoint extends Record<string, unknown> {
  slug: string;
  title: string;
}

/** A stance record: the importable fields of stance.model.ts (the holder: exactly one of its keys), and its evidence. */
export interface BundleStance extends Record<string, unknown> {
  holder: { entity: string } | { viewpoint: string };
  claim: string;
  position: string;
  evidence?: QuoteRef[];
}

/** A review record: the importable fields of review.model.ts. */
export interface BundleReview extends Record<string, unknown> {
  claim: string;
  reviewer: string;
  source: string;
  originalRating: string;
  normalizedRating: string;
}

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
