import type { ClaimRecord, ClaimRelationRecord } from "./claim.model";
import { sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import { claimFingerprint } from "../../shared/text";
import {
  type Applied,
  type EvidenceLink,
  idRef,
  retract,
  type Retractable,
  type Target,
  UPSERT,
  type Wanted,
  type WriteSession,
} from "../../shared/write-session";
import { claimModel } from "./claim.model";
import { CLAIM, CLAIM_RELATION } from "./claim.sql";

/**
 * Claim writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from claim.model.ts; what is Claim's own is here: the natural key (the fingerprint of
 * the text and the claimants' slugs), the deprecation rule, and appearances as evidence.
 */

const CLAIMANTS = claimModel.fields.claimants;

/** Quotes a claim appears in: its evidence. */
export const CLAIM_APPEARANCES_LINK: EvidenceLink = {
  type: "Claim",
  table: "claim_appearance",
  column: "claim_id",
  spec: CLAIM,
};

/** Quotes that make or attest a link between claims. */
export const CLAIM_RELATION_EVIDENCE_LINK: EvidenceLink = {
  type: "ClaimRelation",
  table: "claim_relation_evidence",
  column: "relation_id",
  spec: CLAIM_RELATION,
};

export async function writeClaim(
  w: WriteSession,
  rec: ClaimRecord,
  path: string,
  target: Target = UPSERT,
): Promise<Applied> {
  const editing = target.mode === "update";
  const scalars = w.scalarValues(claimModel, rec, path, editing);
  const text = (scalars.text!.key ?? scalars.text!.value) as string;
  const rank = scalars.rank!.value;
  const reason = scalars.deprecationReason!.value;
  if ((rank === "DEPRECATED") !== (reason != null) && (rank !== undefined || reason !== undefined)) {
    throw new RecordError(
      `${path}/deprecationReason`,
      "INVALID",
      "a DEPRECATED claim needs a reason, and only a deprecated claim has one",
    );
  }
  // An update that leaves the claimants out keeps them (they are part of the natural key).
  const claimantRefs =
    editing && rec.claimants === undefined ? await w.currentLinks(CLAIMANTS, target.id) : rec.claimants;
  const lists = await w.manyValues(claimModel, { ...rec, claimants: claimantRefs }, path);
  const claimantIds = lists.get(CLAIMANTS)!;
  const toOne = await w.toOneValues(claimModel, rec, path);
  // The natural key uses slugs; claimants given by ID (mutations) are looked up.
  const slugs = claimantRefs.some((ref) => idRef(ref))
    ? (await w.rows<{ slug: string }>(sql`SELECT slug FROM entity WHERE id = ANY(${claimantIds}::uuid[])`)).map(
        (r) => r.slug,
      )
    : claimantRefs;
  const fingerprint = claimFingerprint(text, slugs);
  // An edit that leaves the text and claimants as they are keeps the fingerprint (the read spec does
  // not select it, so it is compared here): an update that changes nothing changes no version.
  const refingerprint =
    editing &&
    (await w.rows<{ fingerprint: string }>(sql`SELECT fingerprint FROM claim WHERE id = ${target.id}::uuid`))[0]
      ?.fingerprint !== fingerprint;
  const wanted: Wanted = {
    ...scalars,
    ...toOne,
    fingerprint: { column: "fingerprint", field: "fingerprint", value: refingerprint ? fingerprint : undefined },
  };
  const quoteIds = await w.evidence(rec.appearances, `${path}/appearances`);
  const applied = await w.upsert(
    "Claim",
    CLAIM,
    claimModel.table,
    sql`t.fingerprint = ${fingerprint}`,
    async () => {
      const id = await w.insertRow(
        claimModel,
        { ...scalars, ...toOne },
        { fingerprint: [fingerprint, "text"] },
        "fingerprint",
      );
      if (id) for (const [relation, ids] of lists) await w.replaceLinks(relation, id, ids);
      return id;
    },
    wanted,
    {
      target,
      path,
      key: "text",
      after: async (id) => {
        let changed = false;
        for (const [relation, ids] of lists) {
          // Outside edits, a claim found by its key already has these claimants.
          if (relation === CLAIMANTS && !editing) continue;
          if (await w.replaceLinks(relation, id, ids)) changed = true;
        }
        const { table, column } = CLAIM_APPEARANCES_LINK;
        return (await w.link(table, column, id, quoteIds)) || changed;
      },
    },
  );
  await requireClaimantsSpeak(w, applied.id, path);
  w.rememberClaim(rec.ref, fingerprint, applied.id);
  return applied;
}

/**
 * Rule 1 (docs/data-model.md, "Attribution"): every claimant of a claim speaks in at least one of its
 * appearances, stored or given by this write. Checked on every write of a claim: its claimants are
 * its natural key, part of every write.
 */
async function requireClaimantsSpeak(w: WriteSession, claimId: string, path: string): Promise<void> {
  const silent = await w.rows<{ slug: string; position: number }>(
    sql`SELECT e.slug, cc.position FROM claim_claimant cc JOIN entity e ON e.id = cc.entity_id
        WHERE cc.claim_id = ${claimId}::uuid AND NOT EXISTS (
          SELECT 1 FROM claim_appearance ca JOIN quote_speaker qs ON qs.quote_id = ca.quote_id
          WHERE ca.claim_id = cc.claim_id AND qs.entity_id = cc.entity_id)
        ORDER BY cc.position, e.seq`,
  );
  if (silent.length === 0) return;
  const one = silent.length === 1;
  const slugs = silent.map((row) => JSON.stringify(row.slug)).join(", ");
  throw new RecordError(
    `${path}/claimants/${silent[0]!.position}`,
    "SPEAKER_MISSING",
    `${one ? "claimant" : "claimants"} ${slugs} ${one ? "speaks" : "speak"} in none of the claim's appearances: give an appearance, a quote whose speakers include ${one ? "it" : "each of them"} (their own words, or their claim as the source reports it)`,
  );
}

/**
 * An argument link between two claims (upserted by from, to and kind), with its evidence. `reinstate`:
 * a retracted link linked again by a mutation stands again (imports leave a retraction as it is).
 */
export async function writeClaimRelation(
  w: WriteSession,
  rec: ClaimRelationRecord,
  path: string,
  options: { reinstate?: boolean } = {},
): Promise<Applied> {
  const fromId = await w.claimId(rec.from, `${path}/from`);
  const toId = await w.claimId(rec.to, `${path}/to`);
  const { kind } = rec;
  if (fromId === toId) throw new RecordError(`${path}/to`, "INVALID", "a claim cannot be linked to itself");
  const quoteIds = await w.evidence(rec.evidence, `${path}/evidence`);
  return w.upsert(
    "ClaimRelation",
    CLAIM_RELATION,
    "claim_relation",
    sql`t.from_id = ${fromId}::uuid AND t.to_id = ${toId}::uuid AND t.kind = ${kind}::claim_relation_kind`,
    async () => {
      const rows = await w.rows<{ id: string }>(
        sql`INSERT INTO claim_relation (from_id, to_id, kind) VALUES (${fromId}::uuid, ${toId}::uuid, ${kind}::claim_relation_kind)
            ON CONFLICT (from_id, to_id, kind) DO NOTHING RETURNING id::text`,
      );
      return rows[0]?.id ?? null;
    },
    options.reinstate
      ? {
          retractedAt: { column: "retracted_at", field: "retractedAt", value: null },
          retractionReason: { column: "retraction_reason", field: "retractionReason", value: null },
        }
      : {},
    {
      target: UPSERT,
      path,
      after: (id) => w.link(CLAIM_RELATION_EVIDENCE_LINK.table, CLAIM_RELATION_EVIDENCE_LINK.column, id, quoteIds),
    },
  );
}

/** The claim, locked for this write, when `version` is its current one (deprecate and restore). */
async function lockAtVersion(w: WriteSession, id: string, version: number, path: string) {
  const existing = await w.lock(CLAIM, sql`t.id = ${id}::uuid`);
  if (!existing) throw new RecordError(`${path}/id`, "NOT_FOUND", "no Claim has this ID");
  if (existing.version !== version) {
    throw new RecordError(
      `${path}/version`,
      "STALE_VERSION",
      `version ${version} is not the Claim's current version (${existing.version as number}); reload it and retry`,
    );
  }
  return existing;
}

/** Marks a claim DEPRECATED with a reason; the claim stays, with a DEPRECATE revision. */
export async function deprecateClaim(
  w: WriteSession,
  id: string,
  version: number,
  reason: string,
  path: string,
): Promise<void> {
  const why = w.text(reason, `${path}/reason`, 2000);
  const existing = await lockAtVersion(w, id, version, path);
  await w.rows(
    sql`UPDATE claim SET rank = 'DEPRECATED', deprecation_reason = ${why}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  await w.revision("Claim", id, "DEPRECATE", existing, await w.snapshot(CLAIM, id));
}

/**
 * Restores a DEPRECATED claim to NORMAL rank, clearing its deprecation reason; a RESTORE revision keeps
 * the claim before (with the reason it was deprecated for) and after, and the reason it was restored.
 */
export async function restoreClaim(
  w: WriteSession,
  id: string,
  version: number,
  reason: string,
  path: string,
): Promise<void> {
  const why = w.text(reason, `${path}/reason`, 2000);
  const existing = await lockAtVersion(w, id, version, path);
  if (existing.rank !== "DEPRECATED") {
    throw new RecordError(`${path}/id`, "INVALID", "the claim is not deprecated: there is nothing to restore");
  }
  await w.rows(
    sql`UPDATE claim SET rank = 'NORMAL', deprecation_reason = NULL, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await w.snapshot(CLAIM, id);
  await w.revision("Claim", id, "RESTORE", existing, after && { ...after, restorationReason: why });
}

const CLAIM_RELATION_RETRACTABLE: Retractable = {
  type: "ClaimRelation",
  spec: CLAIM_RELATION,
  table: "claim_relation",
};

/** Retracts a link between claims with a reason (shared/write-session.ts's retract). */
export function retractClaimRelation(w: WriteSession, id: string, reason: string, path: string): Promise<void> {
  return retract(w, CLAIM_RELATION_RETRACTABLE, id, reason, path);
}
