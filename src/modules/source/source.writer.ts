import type { SourceRecord } from "./source.model";
import { sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import { sha256Hex } from "../../shared/text";
import { type Applied, type Target, UPSERT, type Wanted, type WriteSession } from "../../shared/write-session";
import { SOURCE_NEEDS_KEY, sourceModel } from "./source.model";
import { SOURCE_FULL } from "./source.sql";

/**
 * Source writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from source.model.ts; what is Source's own is here: the natural key (the url, else
 * the SHA-256 of the text), a text read from a file next to a bundle, and derivation.
 */

export async function writeSource(
  w: WriteSession,
  rec: SourceRecord,
  path: string,
  texts?: (file: string) => Promise<string>,
  target: Target = UPSERT,
): Promise<Applied> {
  const scalars = w.scalarValues(sourceModel, rec, path, target.mode === "update");
  const url = (scalars.url!.key ?? scalars.url!.value) as string | null | undefined;
  if (rec.textFile !== undefined) {
    if (!texts) throw new RecordError(`${path}/textFile`, "INVALID", "textFile is only allowed in bundle files");
    scalars.text!.value = await texts(w.text(rec.textFile, `${path}/textFile`, 500));
  }
  const text = scalars.text!.value as string | null | undefined;
  if (!url && !text) throw new RecordError(path, "REQUIRED", SOURCE_NEEDS_KEY);
  const hash = text ? sha256Hex(text) : text === null ? null : undefined;
  const toOne = await w.toOneValues(sourceModel, rec, path);
  const derivedFromId =
    rec.derivedFrom === undefined || rec.derivedFrom === null
      ? rec.derivedFrom
      : await w.sourceId(rec.derivedFrom, `${path}/derivedFrom`);
  // A derivation is a source and a kind together (the source_derivation_pair check): the kind
  // defaults to REWRITE (null is not a kind: the model's write rule refuses it), and goes with the
  // source when an update sets `derivedFrom` to null.
  const derivation = scalars.derivationKind!;
  if (derivation.value === undefined && derivedFromId) derivation.value = "REWRITE";
  if (derivedFromId === null) derivation.value = null;
  if (derivedFromId && target.mode === "update") await refuseDerivationCycle(w, target.id, derivedFromId, path);
  const lists = await w.manyValues(sourceModel, rec, path);
  const wanted: Wanted = {
    ...scalars,
    textSha256: { column: sourceModel.fields.textSha256.column, field: "textSha256", value: hash },
    ...toOne,
    derivedFromId: { column: "derived_from_id", field: "derivedFromId", value: derivedFromId },
  };
  const key = url ? sql`t.url = ${url}` : sql`t.url IS NULL AND t.text_sha256 = ${hash ?? ""}`;
  const applied = await w.upsert(
    "Source",
    SOURCE_FULL,
    sourceModel.table,
    key,
    () => w.insertRow(sourceModel, wanted, {}),
    wanted,
    {
      target,
      path,
      key: url ? "url" : "text",
      after: async (id) => {
        let changed = false;
        for (const [relation, ids] of lists) if (await w.replaceLinks(relation, id, ids)) changed = true;
        return changed;
      },
    },
  );
  w.rememberSource(rec.ref, url ? `url:${url}` : `sha256:${hash}`, applied.id);
  return applied;
}

/** A source cannot derive from itself, nor from a source that derives (at any remove) from it. */
async function refuseDerivationCycle(w: WriteSession, id: string, derivedFromId: string, path: string): Promise<void> {
  const [row] = await w.rows<{ cycle: boolean }>(
    sql`WITH RECURSIVE chain(id, depth) AS (
          SELECT ${derivedFromId}::uuid, 0
          UNION ALL
          SELECT s.derived_from_id, c.depth + 1 FROM chain c JOIN source s ON s.id = c.id
          WHERE s.derived_from_id IS NOT NULL AND c.depth < 1000
        )
        SELECT EXISTS (SELECT 1 FROM chain WHERE id = ${id}::uuid) AS cycle`,
  );
  if (row?.cycle) {
    throw new RecordError(
      `${path}/derivedFrom`,
      "INVALID",
      "a source cannot derive from itself or from a source derived from it",
    );
  }
}
