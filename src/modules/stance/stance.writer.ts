import type { StanceRecord } from "./stance.model";
import { sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import {
  type Applied,
  type EvidenceLink,
  retract,
  type Retractable,
  UPSERT,
  type Wanted,
  type WriteSession,
} from "../../shared/write-session";
import { stanceModel } from "./stance.model";
import { STANCE } from "./stance.sql";

/**
 * Stance writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from stance.model.ts; what is Stance's own is here: the natural key (holder and claim) and evidence.
 */

/** Quotes a stance cites. */
export const STANCE_EVIDENCE_LINK: EvidenceLink = {
  type: "Stance",
  table: "stance_evidence",
  column: "stance_id",
  spec: STANCE,
};

/**
 * `reinstate`: a stance recorded again by a mutation stands again if it was retracted (its UPDATE
 * revision shows it). Imports leave a retraction as it is: replaying a bundle must not undo a correction.
 */
export async function writeStance(
  w: WriteSession,
  rec: StanceRecord,
  path: string,
  options: { reinstate?: boolean } = {},
): Promise<Applied> {
  const refs = await w.toOneValues(stanceModel, rec, path);
  const scalars: Wanted = { ...w.scalarValues(stanceModel, rec, path, false) };
  if (options.reinstate) {
    scalars.retractedAt = { column: "retracted_at", field: "retractedAt", value: null };
    scalars.retractionReason = { column: "retraction_reason", field: "retractionReason", value: null };
  }
  const key = { ...refs, ...scalars };
  const quoteIds = await w.evidence(rec.evidence, `${path}/evidence`);
  const applied = await w.upsert(
    "Stance",
    STANCE,
    stanceModel.table,
    w.keyWhere(stanceModel, key),
    () => w.insertRow(stanceModel, key, {}, w.keyColumns(stanceModel, key)),
    scalars,
    {
      target: UPSERT,
      path,
      after: (id) => w.link(STANCE_EVIDENCE_LINK.table, STANCE_EVIDENCE_LINK.column, id, quoteIds),
    },
  );
  await requireHolderSpeaks(w, applied.id, path);
  return applied;
}

/**
 * Rules 2 and 3 (docs/data-model.md, "Attribution"): a stance held by an entity cites evidence in which
 * that entity speaks; one held by a viewpoint cites evidence in which one of its members speaks. The
 * stance's evidence counts as stored, with what this write added.
 */
async function requireHolderSpeaks(w: WriteSession, stanceId: string, path: string): Promise<void> {
  const [stance] = await w.rows<{
    entity: string | null;
    viewpoint: string | null;
    members: string[];
    spoken: boolean;
  }>(
    sql`SELECT e.slug AS entity, v.slug AS viewpoint,
               ARRAY(SELECT me.slug FROM viewpoint_member vm JOIN entity me ON me.id = vm.entity_id
                     WHERE vm.viewpoint_id = s.holder_viewpoint_id ORDER BY vm.position, me.seq) AS members,
               EXISTS (
                 SELECT 1 FROM stance_evidence se JOIN quote_speaker qs ON qs.quote_id = se.quote_id
                 WHERE se.stance_id = s.id AND (qs.entity_id = s.holder_entity_id OR EXISTS (
                   SELECT 1 FROM viewpoint_member vm WHERE vm.viewpoint_id = s.holder_viewpoint_id AND vm.entity_id = qs.entity_id))
               ) AS spoken
        FROM stance s LEFT JOIN entity e ON e.id = s.holder_entity_id LEFT JOIN viewpoint v ON v.id = s.holder_viewpoint_id
        WHERE s.id = ${stanceId}::uuid`,
  );
  if (!stance || stance.spoken) return;
  const message =
    stance.entity !== null
      ? `the holder "${stance.entity}" speaks in none of the stance's evidence: cite a quote whose speakers include "${stance.entity}" (its own words, or its position as the source reports it)`
      : stance.members.length === 0
        ? `viewpoint "${stance.viewpoint}" has no members, so none can speak in the stance's evidence: add members with their membership evidence first`
        : `no member of viewpoint "${stance.viewpoint}" speaks in the stance's evidence: cite a quote whose speakers include one of its members (${stance.members.map((m) => JSON.stringify(m)).join(", ")})`;
  throw new RecordError(`${path}/evidence`, "SPEAKER_MISSING", message);
}

const STANCE_RETRACTABLE: Retractable = { type: "Stance", spec: STANCE, table: stanceModel.table };

/** Retracts a stance with a reason (shared/write-session.ts's retract). */
export function retractStance(w: WriteSession, id: string, reason: string, path: string): Promise<void> {
  return retract(w, STANCE_RETRACTABLE, id, reason, path);
}
