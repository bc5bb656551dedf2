import { sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { columnEntries } from "../../shared/model";
import { evidenceSpec, retractedEvidenceSpec } from "../source";
import { entityRelationModel } from "./entity-relation.model";
import { EntityRelation } from "./entity-relation.type";

export const ENTITY_RELATION: TableSpec<EntityRelation> = {
  name: "EntityRelation",
  from: sql`entity_relation t`,
  table: "entity_relation",
  ...specColumns(columnEntries(entityRelationModel)),
  hydrate: hydrator(EntityRelation),
};

export const ENTITY_RELATIONS_OUT: ListSpec<EntityRelation> = {
  ...ENTITY_RELATION,
  name: "Entity.relationsOut",
  parentKey: sql`t.subject_id`,
  reads: [{ table: "entity_relation", columns: ["subject_id"] }],
};

export const ENTITY_RELATIONS_IN: ListSpec<EntityRelation> = {
  ...ENTITY_RELATION,
  name: "Entity.relationsIn",
  parentKey: sql`t.object_id`,
  reads: [{ table: "entity_relation", columns: ["object_id"] }],
};

export const ENTITY_RELATION_EVIDENCE = evidenceSpec(
  "EntityRelation.evidence",
  "entity_relation_evidence",
  "relation_id",
);
export const ENTITY_RELATION_RETRACTED_EVIDENCE = retractedEvidenceSpec(
  "EntityRelation.retractedEvidence",
  "EntityRelation",
);
