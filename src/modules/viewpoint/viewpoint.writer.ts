import type { ViewpointRecord } from "./viewpoint.model";
import { type Applied, type Target, UPSERT, type WriteSession } from "../../shared/write-session";
import { viewpointModel } from "./viewpoint.model";
import { VIEWPOINT } from "./viewpoint.sql";

/**
 * Viewpoint writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from viewpoint.model.ts; what is Viewpoint's own is here: the slug as natural key, and members merged (added or changed, never removed).
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
  const slug = (scalars.slug!.key ?? scalars.slug!.value) as string;
  const applied = await w.upsert(
    "Viewpoint",
    VIEWPOINT,
    viewpointModel.table,
    w.keyWhere(viewpointModel, values),
    () => w.insertRow(viewpointModel, values, {}, w.keyColumns(viewpointModel, values)),
    values,
    { target, key: "slug", path, after: (id) => w.mergeLinks(links, id) },
  );
  w.rememberViewpoint(slug, applied.id);
  return applied;
}
