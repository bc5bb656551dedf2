import type { ViewpointRecord } from "./viewpoint.model";
import { sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import { type Applied, type Target, UPSERT, type WriteSession } from "../../shared/write-session";
import { viewpointModel } from "./viewpoint.model";
import { VIEWPOINT } from "./viewpoint.sql";

/**
 * Viewpoint writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from viewpoint.model.ts; what is Viewpoint's own is here: the slug as natural key,
 * members merged (added or changed, never removed) with their membership evidence, and the attribution
 * rule for members: each member given speaks in its membership evidence (stored or given).
 */

export async function writeViewpoint(
  w: WriteSession,
  rec: ViewpointRecord,
  path: string,
  target: Target = UPSERT,
): Promise<Applied> {
  const editing = target.mode === "update";
  const scalars = w.scalarValues(viewpointModel, rec, path, editing);
  const values = { ...scalars, ...(await w.toOneValues(viewpointModel, rec, path)) };
  const links = await w.linkValues(viewpointModel, rec, path);
  const members = links.get(viewpointModel.fields.members) ?? [];
  // Each member's evidence, by its entity's id (members were resolved in the order given).
  const evidence: { entityId: string; quoteIds: string[]; at: string }[] = [];
  for (const [i, item] of (rec.members ?? []).entries()) {
    const at = `${path}/members/${i}`;
    evidence.push({
      entityId: members[i]!.entityId!.value as string,
      quoteIds: await w.evidence(item.evidence, `${at}/evidence`),
      at,
    });
  }
  const slug = (scalars.slug!.key ?? scalars.slug!.value) as string;
  const applied = await w.upsert(
    "Viewpoint",
    VIEWPOINT,
    viewpointModel.table,
    w.keyWhere(viewpointModel, values),
    () => w.insertRow(viewpointModel, values, {}, w.keyColumns(viewpointModel, values)),
    values,
    {
      target,
      key: "slug",
      path,
      after: async (id) => {
        let changed = await w.mergeLinks(links, id);
        for (const { entityId, quoteIds } of evidence) {
          if (quoteIds.length === 0) continue;
          const added = await w.rows(
            sql`INSERT INTO viewpoint_member_evidence (viewpoint_id, entity_id, quote_id)
                SELECT ${id}::uuid, ${entityId}::uuid, q FROM unnest(${quoteIds}::uuid[]) AS q
                ON CONFLICT DO NOTHING RETURNING 1`,
          );
          changed ||= added.length > 0;
        }
        return changed;
      },
    },
  );
  await requireMembersSpeak(w, applied.id, evidence);
  w.rememberViewpoint(slug, applied.id);
  return applied;
}

/**
 * Rule 4 (docs/data-model.md, "Attribution"): a viewpoint member needs membership evidence in which it
 * speaks. Checked for the members a write gives, counting the evidence they already had.
 */
async function requireMembersSpeak(
  w: WriteSession,
  viewpointId: string,
  members: { entityId: string; at: string }[],
): Promise<void> {
  if (members.length === 0) return;
  const silent = await w.rows<{ id: string; slug: string }>(
    sql`SELECT e.id::text, e.slug FROM entity e
        WHERE e.id = ANY(${members.map((m) => m.entityId)}::uuid[]) AND NOT EXISTS (
          SELECT 1 FROM viewpoint_member_evidence ve JOIN quote_speaker qs ON qs.quote_id = ve.quote_id
          WHERE ve.viewpoint_id = ${viewpointId}::uuid AND ve.entity_id = e.id AND qs.entity_id = e.id)`,
  );
  if (silent.length === 0) return;
  const first = members.find((m) => m.entityId === silent[0]!.id)!;
  const slugs = silent.map((row) => JSON.stringify(row.slug)).join(", ");
  const one = silent.length === 1;
  throw new RecordError(
    `${first.at}/evidence`,
    "SPEAKER_MISSING",
    `viewpoint ${one ? "member" : "members"} ${slugs} ${one ? "speaks" : "speak"} in none of ${one ? "its" : "their"} membership evidence: give ${one ? "the member" : "each"} evidence, a quote whose speakers include ${one ? "it" : "the member"} (its own words, or its position as the source reports it)`,
  );
}
