import type { EntityRelationRecord } from "./entity-relation.model";
import { RecordError } from "../../shared/errors";
import { type Applied, type EvidenceLink, UPSERT, type WriteSession } from "../../shared/write-session";
import { entityRelationModel } from "./entity-relation.model";
import { ENTITY_RELATION } from "./entity-relation.sql";

/**
 * EntityRelation writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from entity-relation.model.ts; what is EntityRelation's own is here: an entity relation: the natural key (subject, predicate, object), no self-relation, and evidence.
 */

/** Quotes that attest a relation between entities. */
export const ENTITY_RELATION_EVIDENCE_LINK: EvidenceLink = {
  type: "EntityRelation",
  table: "entity_relation_evidence",
  column: "relation_id",
  spec: ENTITY_RELATION,
};

export async function writeEntityRelation(w: WriteSession, rec: EntityRelationRecord, path: string): Promise<Applied> {
  const refs = await w.toOneValues(entityRelationModel, rec, path);
  if (refs.subjectId!.value === refs.objectId!.value)
    throw new RecordError(`${path}/object`, "INVALID", "an entity cannot be related to itself");
  const scalars = w.scalarValues(entityRelationModel, rec, path, false);
  const key = { ...refs, ...scalars };
  const quoteIds = await w.evidence(rec.evidence, `${path}/evidence`);
  return w.upsert(
    "EntityRelation",
    ENTITY_RELATION,
    entityRelationModel.table,
    w.keyWhere(entityRelationModel, key),
    () => w.insertRow(entityRelationModel, key, {}, w.keyColumns(entityRelationModel, key)),
    scalars,
    {
      target: UPSERT,
      path,
      after: (id) => w.link(ENTITY_RELATION_EVIDENCE_LINK.table, ENTITY_RELATION_EVIDENCE_LINK.column, id, quoteIds),
    },
  );
}
