import { raw, sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import { prefetchChildren, prefetchValue } from "../../shared/prefetch";
import type { ListSpec } from "../../shared/pagination";
import { type ChildSpec, hydrator, type TableSpec } from "../../shared/rows";
import { ENTITY, type Entity } from "../entity";
import { evidenceSpec, type Quote, retractedEvidenceSpec } from "../source";
import { Claim, ClaimRelation } from "./claim.type";
import { CLAIM_COVERAGE, claimModel } from "./claim.model";
import { columnEntries, childList, type ManyRelation, reverseList } from "../../shared/model";

/** The link table is read whole (any change to it may move a row between parents); the target by join. */
function children(relation: ManyRelation) {
  const { from, parentKey, orderBy } = childList(relation);
  return {
    from: raw(from),
    parentKey: raw(parentKey),
    orderBy: raw(orderBy),
    reads: [{ table: relation.through, columns: "*" as const }, { table: relation.table }],
  };
}

function reverse(relation: ManyRelation) {
  const { from, parentKey } = reverseList(claimModel, relation);
  return {
    from: raw(from),
    parentKey: raw(parentKey),
    reads: [{ table: relation.through, columns: "*" as const }, { table: claimModel.table }],
  };
}

/** `mergedInto` is not a field of the model (claim.model.ts): set by mergeClaims only, its id is read here. */
export const CLAIM: TableSpec<Claim> = {
  name: "Claim",
  from: sql`claim t`,
  table: "claim",
  ...specColumns([...columnEntries(claimModel), { key: "mergedIntoId", sql: `t.merged_into_id AS "mergedIntoId"` }]),
  hydrate: hydrator(Claim),
};

export const CLAIM_RELATION: TableSpec<ClaimRelation> = {
  name: "ClaimRelation",
  from: sql`claim_relation t`,
  table: "claim_relation",
  columns: raw(
    `t.id AS "uuid", t.from_id AS "fromId", t.to_id AS "toId", t.kind AS "kind", t.created_at AS "createdAt",
     t.retracted_at AS "retractedAt", t.retraction_reason AS "retractionReason"`,
  ),
  hydrate: hydrator(ClaimRelation),
};

export const ENTITY_CLAIMS_MADE: ListSpec<Claim> = {
  ...CLAIM,
  name: "Entity.claimsMade",
  ...reverse(claimModel.fields.claimants),
};

export const ENTITY_CLAIMS_ABOUT: ListSpec<Claim> = {
  ...CLAIM,
  name: "Entity.claimsAbout",
  ...reverse(claimModel.fields.subjects),
};

export const CLAIM_RELATIONS_OUT: ListSpec<ClaimRelation> = {
  ...CLAIM_RELATION,
  name: "Claim.relationsOut",
  parentKey: sql`t.from_id`,
};

export const CLAIM_RELATIONS_IN: ListSpec<ClaimRelation> = {
  ...CLAIM_RELATION,
  name: "Claim.relationsIn",
  parentKey: sql`t.to_id`,
};

export const CLAIM_CLAIMANTS: ChildSpec<Entity> = {
  ...ENTITY,
  name: "Claim.claimants",
  ...children(claimModel.fields.claimants),
};

export const CLAIM_SUBJECTS: ChildSpec<Entity> = {
  ...ENTITY,
  name: "Claim.subjects",
  ...children(claimModel.fields.subjects),
};

export const QUOTE_CLAIMS: ChildSpec<Claim> = {
  ...CLAIM,
  name: "Quote.claims",
  from: sql`claim_appearance l JOIN claim t ON t.id = l.claim_id`,
  parentKey: sql`l.quote_id`,
  orderBy: sql`t.seq`,
};

export const CLAIM_APPEARANCES = evidenceSpec("Claim.appearances", "claim_appearance", "claim_id");
/**
 * Claim.appearancesConnection: the quotes of Claim.appearances as a connection, in the order they were
 * recorded (keyset on the quote's seq, unique within a claim), batched across parent claims.
 */
export const CLAIM_APPEARANCES_PAGE: ListSpec<Quote> = {
  name: "Claim.appearancesConnection",
  from: CLAIM_APPEARANCES.from,
  columns: CLAIM_APPEARANCES.columns,
  parentKey: CLAIM_APPEARANCES.parentKey,
  hydrate: CLAIM_APPEARANCES.hydrate,
};

export const CLAIM_RELATION_EVIDENCE = evidenceSpec("ClaimRelation.evidence", "claim_relation_evidence", "relation_id");
export const CLAIM_RETRACTED_APPEARANCES = retractedEvidenceSpec("Claim.retractedEvidence", "Claim");
export const CLAIM_RELATION_RETRACTED_EVIDENCE = retractedEvidenceSpec(
  "ClaimRelation.retractedEvidence",
  "ClaimRelation",
);

// Child lists a claims page fetches with its own statement when the query selects them (prefetch.ts).
/** Coverage counts of the claims in `c` (one column `id`), as one JSON object each (claim.model.ts's CLAIM_COVERAGE). */
export const coverageJson = (c: string) =>
  raw(
    `json_build_object('sources', ${CLAIM_COVERAGE.sources(c)}, 'publishers', ${CLAIM_COVERAGE.publishers(c)}, 'viewpoints', ${CLAIM_COVERAGE.viewpoints(c)})`,
  );
export const CLAIM_COVERAGE_LOADER = "Claim.coverage";
// A page of claims that asks for `coverage` counts it in the page's own statement.
prefetchValue(
  "Claim",
  "coverage",
  sql`(SELECT ${coverageJson("c")} FROM (SELECT y."uuid"::uuid AS id) c)`,
  CLAIM_COVERAGE_LOADER,
);

prefetchChildren("Claim", "claimants", CLAIM_CLAIMANTS as ChildSpec<unknown>, "Entity");
prefetchChildren("Claim", "subjects", CLAIM_SUBJECTS as ChildSpec<unknown>, "Entity");
prefetchChildren("Claim", "appearances", CLAIM_APPEARANCES as ChildSpec<unknown>, "Quote");
