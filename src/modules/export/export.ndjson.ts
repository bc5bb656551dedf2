import type { Attribution } from "../../shared/write-session";
import type { BundleRecord, QuoteRef } from "../bundle";
import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { reviewModel } from "../review/review.model";
import { sourceModel } from "../source/source.model";
import { stanceModel } from "../stance/stance.model";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { claimRef, modelRecord } from "./export.model";
import type {
  ClaimRelationRow,
  QuoteRow,
  ClaimRow,
  EntityRelationRow,
  EntityRow,
  ReviewRow,
  SourceRow,
  StanceRow,
  ViewpointRow,
} from "./export.rows";

/**
 * Rows -> bundle records, exactly as the importer reads them (bundle.types.ts). References are natural
 * keys: slugs, `url:`/`sha256:` for sources, `fingerprint:` for claims. Empty values are left out
 * (absent means "not set"), so every record passes the importer's checks.
 */

/** Copies `value` only when it is set (not null/undefined). */
function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/**
 * Quotes as quote references, with offsets (exact, so they import back to the same passages) and,
 * when attributed, who speaks in them and the cue (by its offsets too).
 */
function quotes(refs: QuoteRow[] | undefined): QuoteRef[] | undefined {
  if (!refs || refs.length === 0) return undefined;
  return refs.map(({ source, exact, start, end, attribution, speakers, cue }) =>
    attribution === "UNATTRIBUTED"
      ? { source, exact, start, end }
      : {
          source,
          exact,
          start,
          end,
          speakers,
          attribution: attribution as Exclude<Attribution, "UNATTRIBUTED">,
          ...(cue ? { cue } : {}),
        },
  );
}

/** Drops undefined fields so a record stays compact and JSON.stringify is stable. */
function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) if (record[key] === undefined) delete record[key];
  return record;
}

export function entityRecord(row: EntityRow): BundleRecord {
  return compact({ type: "entity" as const, ...modelRecord(entityModel, row) }) as BundleRecord;
}

export function sourceRecord(row: SourceRow): BundleRecord {
  return compact({
    type: "source" as const,
    ...modelRecord(sourceModel, row),
    derivedFrom: optional(row.derivedFrom),
  }) as BundleRecord;
}

export function entityRelationRecord(row: EntityRelationRow): BundleRecord {
  return compact({
    type: "entityRelation" as const,
    ...modelRecord(entityRelationModel, row),
    evidence: quotes(row.evidence),
  }) as BundleRecord;
}

export function claimRecord(row: ClaimRow): BundleRecord {
  return compact({
    type: "claim" as const,
    ...modelRecord(claimModel, row),
    appearances: quotes(row.appearances),
  }) as BundleRecord;
}

export function claimRelationRecord(row: ClaimRelationRow): BundleRecord {
  return compact({
    type: "claimRelation" as const,
    from: claimRef(row.from),
    to: claimRef(row.to),
    kind: row.kind,
    evidence: quotes(row.evidence),
  });
}

/** A viewpoint with its members, each with its membership evidence. */
export function viewpointRecord(row: ViewpointRow): BundleRecord {
  const record = modelRecord(viewpointModel, row) as { members?: { entity: string; evidence?: QuoteRef[] }[] };
  for (const member of record.members ?? []) {
    const evidence = quotes(row.memberEvidence?.[member.entity]);
    if (evidence) member.evidence = evidence;
  }
  return compact({ type: "viewpoint" as const, ...record }) as BundleRecord;
}

export function stanceRecord(row: StanceRow): BundleRecord {
  return compact({
    type: "stance" as const,
    ...modelRecord(stanceModel, row),
    evidence: quotes(row.evidence),
  }) as BundleRecord;
}

export function reviewRecord(row: ReviewRow): BundleRecord {
  return compact({ type: "review" as const, ...modelRecord(reviewModel, row) }) as BundleRecord;
}
