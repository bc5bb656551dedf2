import { sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import type { ListSpec } from "../../shared/pagination";
import { hydrator, type TableSpec } from "../../shared/rows";
import { columnEntries } from "../../shared/model";
import { evidenceSpec, retractedEvidenceSpec } from "../source";
import { stanceModel } from "./stance.model";
import { Stance } from "./stance.type";

export const STANCE: TableSpec<Stance> = {
  name: "Stance",
  from: sql`stance t`,
  table: "stance",
  ...specColumns(columnEntries(stanceModel)),
  hydrate: hydrator(Stance),
};

export const CLAIM_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Claim.stances",
  parentKey: sql`t.claim_id`,
  reads: [{ table: "stance", columns: ["claim_id"] }],
};
export const ENTITY_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Entity.stances",
  parentKey: sql`t.holder_entity_id`,
  reads: [{ table: "stance", columns: ["holder_entity_id"] }],
};
/**
 * Stances of the viewpoints an entity is a member of (Entity.viewpointStances): held by the viewpoint,
 * not by the entity; an entity is a member of a viewpoint once, so no stance comes twice.
 */
export const ENTITY_VIEWPOINT_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Entity.viewpointStances",
  from: sql`viewpoint_member l JOIN stance t ON t.holder_viewpoint_id = l.viewpoint_id`,
  parentKey: sql`l.entity_id`,
  reads: [
    { table: "viewpoint_member", columns: "*" },
    { table: "stance", columns: ["holder_viewpoint_id"] },
  ],
};

export const VIEWPOINT_STANCES: ListSpec<Stance> = {
  ...STANCE,
  name: "Viewpoint.stances",
  parentKey: sql`t.holder_viewpoint_id`,
  reads: [{ table: "stance", columns: ["holder_viewpoint_id"] }],
};

export const STANCE_EVIDENCE = evidenceSpec("Stance.evidence", "stance_evidence", "stance_id");
export const STANCE_RETRACTED_EVIDENCE = retractedEvidenceSpec("Stance.retractedEvidence", "Stance");
