import { raw, sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { evidenceSpec } from "../source";
import { Stance } from "./stance.type";

export const STANCE: TableSpec<Stance> = {
  name: "Stance",
  from: sql`stance t`,
  columns: raw(
    `t.id AS "uuid", t.holder_entity_id AS "holderEntityId", t.holder_viewpoint_id AS "holderViewpointId",
     t.claim_id AS "claimId", t.position AS "position", t.note AS "note", t.version AS "version",
     t.created_at AS "createdAt", t.updated_at AS "updatedAt"`,
  ),
  hydrate: hydrator(Stance),
};

export const CLAIM_STANCES: ListSpec<Stance> = { ...STANCE, name: "Claim.stances", parentKey: sql`t.claim_id` };
export const ENTITY_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Entity.stances",
  parentKey: sql`t.holder_entity_id`,
};
export const VIEWPOINT_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Viewpoint.stances",
  parentKey: sql`t.holder_viewpoint_id`,
};

export const STANCE_EVIDENCE = evidenceSpec("Stance.evidence", "stance_evidence", "stance_id");
