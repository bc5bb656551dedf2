import type { EntityRecord } from "./entity.model";
import { sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import { jsonSizeOver, nestedDeeperThan } from "../../shared/json-limits";
import { type Applied, type Target, UPSERT, type WriteSession } from "../../shared/write-session";
import { entityModel } from "./entity.model";
import { ENTITY } from "./entity.sql";

/**
 * Entity writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from entity.model.ts; what is Entity's own is here: the slug as natural key and the
 * bounds on externalIds.
 */

/**
 * Bounds on an entity's externalIds: identifiers in other systems are small maps ({"wikidata": "Q42"}).
 * Unbounded, a value thousands of levels deep was stored, and every later read of it failed.
 */
const EXTERNAL_IDS_MAX_DEPTH = 4;
const EXTERNAL_IDS_MAX_BYTES = 16 * 1024;

export async function writeEntity(
  w: WriteSession,
  rec: EntityRecord,
  path: string,
  target: Target = UPSERT,
  slugFromName = false,
): Promise<Applied> {
  const scalars = w.scalarValues(entityModel, rec, path, target.mode === "update");
  const slug = (scalars.slug!.key ?? scalars.slug!.value) as string;
  if (target.mode === "upsert") {
    // One entity per actor: a record that would create a twin of an existing entity resolves to it.
    const matched = await w.matchEntity({ ...rec, slug }, path, slugFromName);
    if (matched) return { id: matched, outcome: "unchanged" };
  }
  const externalIds = scalars.externalIds!.value;
  if (externalIds !== undefined && nestedDeeperThan(externalIds, EXTERNAL_IDS_MAX_DEPTH)) {
    throw new RecordError(
      `${path}/externalIds`,
      "INVALID",
      `must nest at most ${EXTERNAL_IDS_MAX_DEPTH} levels (e.g. {"wikidata": "Q42"})`,
    );
  }
  if (externalIds !== undefined && jsonSizeOver(externalIds, EXTERNAL_IDS_MAX_BYTES) > EXTERNAL_IDS_MAX_BYTES) {
    throw new RecordError(`${path}/externalIds`, "INVALID", `must be at most ${EXTERNAL_IDS_MAX_BYTES} bytes as JSON`);
  }
  if (externalIds !== undefined && /\\u0000|\\ud[89a-f]/i.test(JSON.stringify(externalIds))) {
    throw new RecordError(`${path}/externalIds`, "INVALID", "must not contain NUL characters or lone surrogates");
  }
  const applied = await w.upsert(
    "Entity",
    ENTITY,
    entityModel.table,
    sql`t.slug = ${slug}`,
    () => w.insertRow(entityModel, scalars, {}, "slug"),
    scalars,
    { target, path, key: "slug", after: (id) => keepsGroupVoice(w, id, slug, scalars.kind!.value, path) },
  );
  w.rememberEntity(slug, applied.id);
  return applied;
}

/** How many passages an entity speaks in as a group (attribution ATTRIBUTED_TO_GROUP: "critics argue"). */
export async function groupPassages(w: Pick<WriteSession, "rows">, id: string): Promise<number> {
  const [row] = await w.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM quote_speaker qs JOIN quote q ON q.id = qs.quote_id
        WHERE qs.entity_id = ${id}::uuid AND q.attribution = 'ATTRIBUTED_TO_GROUP'`,
  );
  return row!.n;
}

/**
 * An entity that speaks as a group stays a GROUP: made a PERSON, its passages would say a person spoke
 * as a group. Checked once the row is locked, so a passage attributed to it meanwhile is seen (merges
 * hold the same rule, bundle.writer.ts). Returns false: it changes nothing.
 */
async function keepsGroupVoice(
  w: WriteSession,
  id: string,
  slug: string,
  kind: unknown,
  path: string,
): Promise<boolean> {
  if (kind === undefined || kind === "GROUP") return false;
  const passages = await groupPassages(w, id);
  if (passages > 0) {
    throw new RecordError(
      `${path}/kind`,
      "INVALID",
      `"${slug}" speaks as a group in ${passages} passage${passages === 1 ? "" : "s"} (attribution ATTRIBUTED_TO_GROUP), so it stays a GROUP`,
    );
  }
  return false;
}
