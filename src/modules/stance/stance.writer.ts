import type { StanceRecord } from "./stance.model";
import { type Applied, type EvidenceLink, UPSERT, type WriteSession } from "../../shared/write-session";
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

export async function writeStance(w: WriteSession, rec: StanceRecord, path: string): Promise<Applied> {
  const refs = await w.toOneValues(stanceModel, rec, path);
  const scalars = w.scalarValues(stanceModel, rec, path, false);
  const key = { ...refs, ...scalars };
  const quoteIds = await w.evidence(rec.evidence, `${path}/evidence`);
  return w.upsert(
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
}
