import type { Database } from "../../db/database";
import { queryRows, sql } from "../../db/sql";

/**
 * The attribution rules over a whole database (docs/data-model.md, "Attribution"): the rows of the
 * `attribution_violations` view (migration 20261208000000_attribution), each with the slugs and text
 * that make it readable. The writers refuse a write that breaks a rule; what this finds was written
 * before the rules existed (every quote of an older database is UNATTRIBUTED), or by hand in SQL.
 */

export type AttributionRule =
  "CLAIMANT_SILENT" | "HOLDER_SILENT" | "MEMBERS_SILENT" | "MEMBER_SILENT" | "AUTHOR_NOT_VOICE" | "SPEAKER_NOT_GROUP";

export interface AttributionViolation {
  rule: AttributionRule;
  subjectType: "Claim" | "Stance" | "Viewpoint" | "Quote";
  subjectId: string;
  /** The silent entity's slug (null for MEMBERS_SILENT: the viewpoint as a whole). */
  entity: string | null;
  /** What the rule says was not found, in words. */
  message: string;
}

interface ViolationRow {
  rule: AttributionRule;
  subjectType: AttributionViolation["subjectType"];
  subjectId: string;
  entity: string | null;
  label: string | null;
}

/** What each rule's violation says, given the silent entity and a label of the subject. */
function describe(row: ViolationRow): string {
  const entity = JSON.stringify(row.entity);
  const label = JSON.stringify(row.label);
  switch (row.rule) {
    case "CLAIMANT_SILENT":
      return `claimant ${entity} speaks in none of the appearances of the claim ${label}`;
    case "HOLDER_SILENT":
      return `holder ${entity} speaks in none of the evidence of its stance on ${label}`;
    case "MEMBERS_SILENT":
      return `no member of the viewpoint holding a stance on ${label} speaks in its evidence`;
    case "MEMBER_SILENT":
      return `member ${entity} of viewpoint ${label} speaks in none of its membership evidence`;
    case "AUTHOR_NOT_VOICE":
      return `AUTHOR quote ${label} is spoken by ${entity}, neither an author nor the publisher of its source`;
    case "SPEAKER_NOT_GROUP":
      return `group quote ${label} (ATTRIBUTED_TO_GROUP) is spoken by ${entity}, which is not a GROUP`;
  }
}

/** Counts per rule, and the first `limit` violations (in rule order, then by subject). */
export async function attributionViolations(
  db: Pick<Database, "pool">,
  limit = 100,
): Promise<{ total: number; counts: Record<AttributionRule, number>; violations: AttributionViolation[] }> {
  const counts = await queryRows<{ rule: AttributionRule; n: number }>(
    db.pool,
    sql`SELECT rule, count(*)::int AS n FROM attribution_violations GROUP BY rule`,
  );
  const rows = await queryRows<ViolationRow>(
    db.pool,
    sql`SELECT v.rule, v.subject_type AS "subjectType", v.subject_id::text AS "subjectId", e.slug AS entity,
               coalesce(c.text, sc.text, vp.slug, left(q.exact, 80)) AS label
        FROM attribution_violations v
        LEFT JOIN entity e ON e.id = v.entity_id
        LEFT JOIN claim c ON v.subject_type = 'Claim' AND c.id = v.subject_id
        LEFT JOIN stance s ON v.subject_type = 'Stance' AND s.id = v.subject_id
        LEFT JOIN claim sc ON sc.id = s.claim_id
        LEFT JOIN viewpoint vp ON v.subject_type = 'Viewpoint' AND vp.id = v.subject_id
        LEFT JOIN quote q ON v.subject_type = 'Quote' AND q.id = v.subject_id
        ORDER BY v.rule, v.subject_id, e.slug
        LIMIT ${limit}`,
  );
  const byRule = {
    CLAIMANT_SILENT: 0,
    HOLDER_SILENT: 0,
    MEMBERS_SILENT: 0,
    MEMBER_SILENT: 0,
    AUTHOR_NOT_VOICE: 0,
    SPEAKER_NOT_GROUP: 0,
  } satisfies Record<AttributionRule, number>;
  for (const { rule, n } of counts) byRule[rule] = n;
  return {
    total: counts.reduce((sum, { n }) => sum + n, 0),
    counts: byRule,
    violations: rows.map((row) => ({
      rule: row.rule,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      entity: row.entity,
      message: describe(row),
    })),
  };
}
