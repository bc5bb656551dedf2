import { raw, sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { evidenceSpec } from "../source";
import { EntityRelation } from "./entity-relation.type";

export const ENTITY_RELATION: TableSpec<EntityRelation> = {
  name: "EntityRelation",
  from: sql`entity_relation t`,
  columns: raw(
    `t.id AS "uuid", t.subject_id AS "subjectId", t.object_id AS "objectId", t.predicate AS "predicate",
     to_char(t.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(t.valid_to, 'YYYY-MM-DD') AS "validTo",
     t.created_at AS "createdAt"`,
  ),
  hydrate: hydrator(EntityRelation),
};

export const ENTITY_RELATIONS_OUT: ListSpec<EntityRelation> = {
  ...ENTITY_RELATION,
  name: "Entity.relationsOut",
  parentKey: sql`t.subject_id`,
};

export const ENTITY_RELATIONS_IN: ListSpec<EntityRelation> = {
  ...ENTITY_RELATION,
  name: "Entity.relationsIn",
  parentKey: sql`t.object_id`,
};

export const ENTITY_RELATION_EVIDENCE = evidenceSpec(
  "EntityRelation.evidence",
  "entity_relation_evidence",
  "relation_id",
);
