import type pg from "pg";
import { type Sql, and, join, queryRows, raw, sql } from "../../db/sql";
import type { TableSpec } from "../../shared/rows";
import {
  type Actor,
  type AnyModel,
  type Applied,
  type Attribution,
  type EvidenceLink,
  idRef,
  type Outcome,
  type QuoteRef,
  type Target,
  UPSERT,
  type EntityMatch,
  type Wanted,
  type WriteSession,
  type RevisionAction,
} from "../../shared/write-session";
import { appendEvents, type DomainEvent, eventPayload, eventTypeOf } from "../../shared/outbox";
import { claimFingerprint, CUE_WINDOW, locateCue, locateQuote, sha256Hex } from "../../shared/text";
import {
  CLAIM,
  CLAIM_APPEARANCES_LINK,
  CLAIM_RELATION,
  CLAIM_RELATION_EVIDENCE_LINK,
  deprecateClaim,
  writeClaim,
  writeClaimRelation,
} from "../claim";
import { claimModel } from "../claim/claim.model";
import { sourceModel } from "../source/source.model";
import {
  bundlePath,
  importable,
  type LinkRelation,
  type ManyRelation,
  pgCast,
  readPath,
  relations,
  type ScalarField,
  scalarFields,
  type ToOneRelation,
  writeNullable,
} from "../../shared/model";
import {
  LIST_ITEM_MAX_LENGTH,
  LIST_MAX_ITEMS,
  needsOne,
  NOT_A_LIST,
  NOT_A_LIST_OF_STRINGS,
  type Pattern,
  type Problem,
  parseTime,
  textProblem,
  tooManyLinks,
  tooManyValues,
  wrongValue,
} from "../../shared/record-schema";
import { ENTITY, groupPassages, writeEntity } from "../entity";
import { ENTITY_RELATION_EVIDENCE_LINK, writeEntityRelation } from "../entity-relation";
import { REVIEW, writeReview } from "../review";
import { QUOTE, writeSource } from "../source";
import { STANCE, STANCE_EVIDENCE_LINK, writeStance } from "../stance";
import { writeViewpoint } from "../viewpoint";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { RecordError } from "../../shared/errors";
import { CLAIM_REF_MAX, QUOTE_EXACT_MAX, SOURCE_REF_MAX, START_END, unknownSlug } from "./bundle.schema";
import type {
  BundleClaim,
  BundleClaimRelation,
  BundleEntity,
  BundleEntityRelation,
  BundleReview,
  BundleSource,
  BundleStance,
  BundleViewpoint,
} from "./bundle.types";

/**
 * Applies records to the database inside one transaction, by natural key: a new key is created, an
 * existing one is updated only where a value differs, and identical data changes nothing. Every
 * change appends a Revision (actor, action, before, after) in the same transaction. Imports,
 * mutations and the seed all write through here.
 *
 * Upserts are "lock the row, else INSERT ... ON CONFLICT DO NOTHING, else lock again": concurrent
 * writers of one natural key serialize on the unique index and all end on the same single row.
 * (Prisma's upsert is a read-then-write and can fail under that race, hence SQL here.)
 */

export { type Actor, type Applied, type Outcome, type Target, UPSERT };

type Row = Record<string, unknown>;

/** Who speaks in a passage, as a selector states it: entity ids in order, and the cue's code point offsets. */
interface Said {
  attribution: Exclude<Attribution, "UNATTRIBUTED">;
  speakers: string[];
  cue: { start: number; end: number } | null;
}

const CACHE_LIMIT = 10_000;

/** What quotes can be added to as evidence (addEvidence), by type: the links the domains' writers declare. */
const EVIDENCE_LINKS = new Map<string, EvidenceLink>(
  [CLAIM_APPEARANCES_LINK, STANCE_EVIDENCE_LINK, ENTITY_RELATION_EVIDENCE_LINK, CLAIM_RELATION_EVIDENCE_LINK].map(
    (link) => [link.type, link],
  ),
);

/** The type whose evidence a link table holds (evidence_retraction's target_type). */
const EVIDENCE_TYPE_BY_TABLE = new Map([...EVIDENCE_LINKS.values()].map((link) => [link.table, link.type]));

/** A model's link tables to entities, as [table, entity column, owner column]: what a merge moves. */
function entityLinks(model: AnyModel): [string, string, string][] {
  return relations(model)
    .map(([, field]) => field)
    .filter(
      (field): field is ManyRelation | LinkRelation =>
        (field.relation === "many" || field.relation === "links") && field.target === "Entity",
    )
    .map((field) => [field.through, field.targetColumn, field.ownerColumn]);
}

/** A Map that forgets its oldest entries, so reference caches stay bounded on huge imports. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: string, value: V): this {
    if (this.size >= this.limit) this.delete(this.keys().next().value as string);
    return super.set(key, value);
  }
}

const fail = (path: string, problem: Problem): never => {
  throw new RecordError(path, problem.code, problem.message);
};

/** A text held to the rules of texts (shared/record-schema.ts): non-blank, within `max`, no NUL, valid Unicode. */
function requireText(value: string, path: string, max?: number, pattern?: Pattern): string {
  const problem = textProblem(value, { maxLength: max, pattern });
  if (problem) fail(path, problem);
  return value;
}

/**
 * A list of texts (aliases) or references: at most `maxItems` of at most `maxLength` characters.
 * GraphQL's lists are unbounded, so mutations rely on this; imports were held to the same bounds by
 * the bundle schema already.
 */
function stringList(
  value: string[],
  path: string,
  maxItems = LIST_MAX_ITEMS,
  maxLength = LIST_ITEM_MAX_LENGTH,
): string[] {
  if (value.length > maxItems) fail(path, tooManyValues(maxItems));
  return value.map((item, i) => requireText(item, `${path}/${i}`, maxLength));
}

/** JSON with object keys sorted, so a jsonb value read back compares equal to what was written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * A scalar field's value to write (undefined: not given). Its type is the record's (imports were
 * validated against the bundle schema, mutations by GraphQL); what is checked here is what GraphQL
 * does not check for mutations (texts' bounds and patterns, a null where the field takes none: update
 * inputs are nullable) and normalization (times, language tags). One rule each, shared with the
 * bundle schema (shared/record-schema.ts).
 */
function fieldValue(field: ScalarField, value: unknown, path: string): unknown {
  if (value === undefined) return undefined;
  if (value === null) return writeNullable(field) ? null : fail(path, wrongValue(field));
  switch (field.kind) {
    case "text": {
      const text = requireText(value as string, path, field.write?.maxLength, field.write?.pattern);
      if (!field.write?.normalize) return text;
      try {
        return field.write.normalize(text);
      } catch (error) {
        return fail(path, { code: "INVALID", message: error instanceof RangeError ? error.message : "is not valid" });
      }
    }
    case "timestamp":
    case "date":
      return parseTime(value as string, field.kind) ?? fail(path, wrongValue(field));
    case "textList":
      return stringList(value as string[], path, field.write?.maxItems, field.write?.maxLength);
    case "enum":
    case "int":
    case "json":
      return value;
  }
}

/** Compares a stored row with wanted values; returns the columns to set. */
function changes(row: Row, wanted: Wanted): Sql[] {
  const sets: Sql[] = [];
  for (const { column, value, field } of Object.values(wanted)) {
    if (value === undefined) continue;
    let current = row[field];
    if (current instanceof Date) current = current.toISOString();
    const next = value instanceof Date ? value.toISOString() : value;
    if (!sameJson(current ?? null, next ?? null)) sets.push(sql`${raw(`"${column}"`)} = ${next}`);
  }
  return sets;
}

/** At most this many entity matches are listed in an import's report (the count goes on). */
const ENTITY_MATCHES_LISTED = 100;

/** A name as entity matching compares it: NFKD, diacritics dropped, lowercase, spacing collapsed. */
export function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

export class Writer implements WriteSession {
  readonly counts: Record<string, Record<Outcome, number>> = {};
  /** Imported entity records that met an existing entity (EntityMatch), for the import's report. */
  readonly entityMatches: EntityMatch[] = [];
  entityMatchesTruncated = false;
  /** Slugs of records resolved to another entity (matchEntity): they name it for the rest of the import. */
  private readonly matchedSlugs = new Map<string, string>();
  private readonly entityIds = new BoundedMap<string>(CACHE_LIMIT);
  private readonly viewpointIds = new BoundedMap<string>(CACHE_LIMIT);
  private readonly sourceIds = new BoundedMap<string>(CACHE_LIMIT);
  private readonly claimIds = new BoundedMap<string>(CACHE_LIMIT);
  private readonly sourceTexts = new BoundedMap<string | null>(64);
  /** Bundle-local `ref` handles of hand-written bundles (kept whole: such bundles are small). */
  private readonly localSources = new Map<string, string>();
  private readonly localClaims = new Map<string, string>();

  /** Events buffered for the transaction's outbox (commitEvents). */
  private readonly pendingEvents: DomainEvent[] = [];
  /** At most this many events per transaction (imports bound theirs); the rest are counted here. */
  eventLimit = Number.POSITIVE_INFINITY;
  eventsOmitted = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly actor: Actor,
  ) {}

  private count(type: string, outcome: Outcome): void {
    const bucket = (this.counts[type] ??= { created: 0, updated: 0, unchanged: 0 });
    bucket[outcome] += 1;
  }

  rows<T = Row>(statement: Sql): Promise<T[]> {
    return queryRows<T>(this.client, statement);
  }

  async snapshot(spec: TableSpec<unknown>, id: string): Promise<Row | null> {
    const rows = await this.rows<{ row: Row }>(
      sql`SELECT to_jsonb(x) AS row FROM (SELECT ${spec.columns} FROM ${spec.from} WHERE t.id = ${id}::uuid) x`,
    );
    return rows[0]?.row ?? null;
  }

  async lock(spec: TableSpec<unknown>, where: Sql): Promise<Row | null> {
    const rows = await this.rows(sql`SELECT ${spec.columns} FROM ${spec.from} WHERE ${where} FOR UPDATE`);
    return rows[0] ?? null;
  }

  /**
   * Appends a revision; `before`/`after` are the object as the API shows it. Every revision also
   * buffers its domain event (shared/outbox.ts): this is the one place every write passes, so no write
   * path can forget its event. `eventType` names it where the action alone does not (EvidenceAdded).
   */
  async revision(
    type: string,
    id: string,
    action: RevisionAction,
    before: Row | null,
    after: Row | null,
    eventType?: string,
  ) {
    await this.client.query(
      `INSERT INTO revision (subject_id, subject_type, action, before, after, actor_key_id, actor_label)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, type, action, before, after, this.actor.keyId, this.actor.label],
    );
    this.emit({
      type: eventType ?? eventTypeOf(type, action),
      subjectType: type,
      subjectId: id,
      payload: eventPayload(type, id, action, after),
    });
  }

  /** Buffers a domain event for this transaction; past `eventLimit` events only counts it (imports). */
  emit(event: DomainEvent): void {
    if (this.pendingEvents.length < this.eventLimit) this.pendingEvents.push(event);
    else this.eventsOmitted += 1;
  }

  /** Appends the buffered events to the outbox: the transaction's last statements before COMMIT. */
  async commitEvents(): Promise<void> {
    const events = this.pendingEvents.splice(0);
    await appendEvents(this.client, events, this.actor.label);
  }

  /**
   * The common upsert: find by natural key (locked), create if missing, else update what differs.
   * `insert` returns the new id or null when a concurrent writer won the race.
   */
  async upsert(
    type: string,
    spec: TableSpec<unknown>,
    table: string,
    where: Sql,
    insert: () => Promise<string | null>,
    wanted: Wanted,
    options: { target: Target; path: string; key?: string; after?: (id: string) => Promise<boolean> },
  ): Promise<Applied> {
    const { target } = options;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await this.lock(spec, target.mode === "update" ? sql`t.id = ${target.id}::uuid` : where);
      if (!existing && target.mode === "update") {
        throw new RecordError(options.path, "NOT_FOUND", `no ${type} has this ID`);
      }
      if (!existing) {
        const id = await insert();
        if (id === null) continue; // someone else created it meanwhile: lock and compare
        await options.after?.(id);
        await this.revision(type, id, "CREATE", null, await this.snapshot(spec, id));
        this.count(type, "created");
        return { id, outcome: "created" };
      }
      const id = existing.uuid as string;
      if (target.mode === "create") {
        const key = options.key ?? "key";
        throw new RecordError(`${options.path}/${key}`, "TAKEN", `this ${key} is taken by another ${type}`);
      }
      if (target.mode === "update" && target.version !== existing.version) {
        throw new RecordError(
          `${options.path}/version`,
          "STALE_VERSION",
          `version ${target.version} is not the ${type}'s current version (${existing.version as number}); reload it and retry`,
        );
      }
      const sets = changes(existing, wanted);
      const linked = (await options.after?.(id)) ?? false;
      if (sets.length === 0 && !linked) {
        this.count(type, "unchanged");
        return { id, outcome: "unchanged" };
      }
      if (sets.length > 0) {
        const hasVersion = "version" in existing;
        await this.client.query(
          ...toQuery(
            sql`UPDATE ${raw(`"${table}"`)} SET ${joinSets(sets)}
                ${hasVersion ? sql`, version = version + 1, updated_at = now()` : sql``} WHERE id = ${id}::uuid`,
          ),
        );
      }
      await this.revision(type, id, "UPDATE", existing, await this.snapshot(spec, id));
      this.count(type, "updated");
      return { id, outcome: "updated" };
    }
    throw new RecordError(options.path, "CONFLICT", `the ${type} is being changed concurrently; retry`);
  }

  // ---- references -------------------------------------------------------------------------------

  /**
   * The current entity a reference names (following merges), locked FOR SHARE until the write commits:
   * a merge locks its entities FOR UPDATE, so a write that refers to an entity being merged waits and
   * then finds the survivor, and a merge waits for writes already referring to the merged entity and
   * then moves their rows too. Without the lock a claimant or stance written during a merge stayed on
   * the merged entity.
   */
  async entityId(key: string, path: string): Promise<string> {
    const matched = this.matchedSlugs.get(key);
    if (matched) return this.entityId(`id:${matched}`, path);
    const cached = this.entityIds.get(key);
    if (cached) return cached;
    const byId = idRef(key);
    const rows = await this.rows<{ id: string; merged_into_id: string | null }>(
      byId
        ? sql`SELECT id::text, merged_into_id::text FROM entity WHERE id = ${byId}::uuid FOR SHARE`
        : sql`SELECT id::text, merged_into_id::text FROM entity WHERE slug = ${key} FOR SHARE`,
    );
    let row = rows[0];
    if (!row)
      throw new RecordError(path, "UNKNOWN_REFERENCE", byId ? "no entity has this ID" : unknownSlug("Entity", key));
    for (let hops = 0; row.merged_into_id && hops < 10; hops += 1) {
      row = (
        await this.rows<{ id: string; merged_into_id: string | null }>(
          sql`SELECT id::text, merged_into_id::text FROM entity WHERE id = ${row.merged_into_id}::uuid FOR SHARE`,
        )
      )[0]!;
    }
    this.entityIds.set(key, row.id);
    return row.id;
  }

  /** entityId for each of a list, one after another (a transaction's connection runs one statement at a time). */
  private async resolveEntities(slugs: string[], path: string): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, slug] of slugs.entries()) ids.push(await this.entityId(slug, `${path}/${i}`));
    return ids;
  }

  async viewpointId(key: string, path: string): Promise<string> {
    const cached = this.viewpointIds.get(key);
    if (cached) return cached;
    const byId = idRef(key);
    const rows = await this.rows<{ id: string }>(
      byId
        ? sql`SELECT id::text FROM viewpoint WHERE id = ${byId}::uuid`
        : sql`SELECT id::text FROM viewpoint WHERE slug = ${key}`,
    );
    if (!rows[0]) throw new RecordError(path, "UNKNOWN_REFERENCE", unknownSlug("Viewpoint", key));
    this.viewpointIds.set(key, rows[0].id);
    return rows[0].id;
  }

  /** A source by `url:<url>`, `sha256:<hex>` or a `ref` declared earlier in the same import. */
  async sourceId(ref: string, path: string): Promise<string> {
    // Held to the rules of texts: the bundle schema bounds the reference, but not a NUL in it.
    const key = requireText(ref, path, SOURCE_REF_MAX);
    const local = this.localSources.get(key);
    if (local) return local;
    const cached = this.sourceIds.get(key);
    if (cached) return cached;
    let rows: { id: string }[] = [];
    const byId = idRef(key);
    if (byId) rows = await this.rows(sql`SELECT id::text FROM source WHERE id = ${byId}::uuid`);
    else if (key.startsWith("url:"))
      rows = await this.rows(sql`SELECT id::text FROM source WHERE url = ${key.slice(4)}`);
    else if (key.startsWith("sha256:")) {
      rows = await this.rows(sql`SELECT id::text FROM source WHERE text_sha256 = ${key.slice(7)} AND url IS NULL`);
    }
    if (!rows[0]) throw new RecordError(path, "UNKNOWN_REFERENCE", `no source matches ${JSON.stringify(key)}`);
    this.sourceIds.set(key, rows[0].id);
    return rows[0].id;
  }

  /** A claim by `fingerprint:<hex>` or a `ref` declared earlier in the same import. */
  async claimId(ref: string, path: string): Promise<string> {
    const key = requireText(ref, path, CLAIM_REF_MAX);
    const local = this.localClaims.get(key);
    if (local) return local;
    const cached = this.claimIds.get(key);
    if (cached) return cached;
    const byId = idRef(key);
    const rows = byId
      ? await this.rows<{ id: string }>(sql`SELECT id::text FROM claim WHERE id = ${byId}::uuid`)
      : key.startsWith("fingerprint:")
        ? await this.rows<{ id: string }>(sql`SELECT id::text FROM claim WHERE fingerprint = ${key.slice(12)}`)
        : [];
    if (!rows[0]) throw new RecordError(path, "UNKNOWN_REFERENCE", `no claim matches ${JSON.stringify(key)}`);
    this.claimIds.set(key, rows[0].id);
    return rows[0].id;
  }

  private async sourceText(sourceId: string): Promise<string | null> {
    if (this.sourceTexts.has(sourceId)) return this.sourceTexts.get(sourceId) ?? null;
    const rows = await this.rows<{ text: string | null }>(sql`SELECT text FROM source WHERE id = ${sourceId}::uuid`);
    const text = rows[0]?.text ?? null;
    this.sourceTexts.set(sourceId, text);
    return text;
  }

  /** The quote a QuoteRef points at, created when new. Offsets are found in the source's text. */
  async quoteId(ref: QuoteRef, path: string): Promise<string> {
    const sourceId = await this.sourceId(ref.source, `${path}/source`);
    return this.quoteIn(sourceId, ref, path);
  }

  async quoteIn(sourceId: string, ref: Omit<QuoteRef, "source">, path: string): Promise<string> {
    const exact = requireText(ref.exact, `${path}/exact`, QUOTE_EXACT_MAX);
    const text = await this.sourceText(sourceId);
    if (text === null) throw new RecordError(`${path}/source`, "INVALID", "the source has no text snapshot to quote");
    let start: number;
    let end: number;
    let prefix: string;
    let suffix: string;
    // Offsets come from imports only, whole, both or neither (the bundle schema's quoteRef); that
    // they are in order is this rule's own.
    if (ref.start !== undefined && ref.end !== undefined && ref.start > ref.end) {
      throw new RecordError(`${path}/start`, "INVALID", START_END);
    }
    if (ref.start !== undefined && ref.end !== undefined) {
      const points = Array.from(text);
      if (points.slice(ref.start, ref.end).join("") !== exact) {
        throw new RecordError(
          `${path}/start`,
          "QUOTE_NOT_FOUND",
          "the source text between start and end is not `exact`",
        );
      }
      ({ start, end } = ref);
      prefix = points.slice(Math.max(0, start - 32), start).join("");
      suffix = points.slice(end, end + 32).join("");
    } else {
      const located = locateQuote(text, exact, ref.prefix ?? "", ref.suffix ?? "");
      if (!located.ok) throw new RecordError(`${path}/exact`, located.code, located.message);
      ({ start, end, prefix, suffix } = located);
    }
    const said = await this.attributionGiven(sourceId, ref, text, { start, end }, path);
    const inserted = await this.rows<{ id: string }>(
      sql`INSERT INTO quote (source_id, exact, prefix, suffix, start, "end", attribution, cue_start, cue_end)
          VALUES (${sourceId}::uuid, ${exact}, ${prefix}, ${suffix}, ${start}, ${end},
                  ${said?.attribution ?? "UNATTRIBUTED"}::attribution, ${said?.cue?.start ?? null}::int4, ${said?.cue?.end ?? null}::int4)
          ON CONFLICT (source_id, start, "end") DO NOTHING RETURNING id::text`,
    );
    if (inserted[0]) {
      const id = inserted[0].id;
      if (said) await this.insertSpeakers(id, said.speakers);
      await this.revision("Quote", id, "CREATE", null, await this.quoteSnapshot(id));
      this.count("Quote", "created");
      return id;
    }
    const rows = await this.rows<{ id: string }>(
      sql`SELECT id::text FROM quote WHERE source_id = ${sourceId}::uuid AND start = ${start} AND "end" = ${end}`,
    );
    const id = rows[0]!.id;
    if (said) await this.attribute(id, said, text, path);
    return id;
  }

  /** A quote as the API shows it, with its speakers' ids in order: what its revisions record. */
  private async quoteSnapshot(id: string): Promise<Row | null> {
    const row = await this.snapshot(QUOTE, id);
    if (!row) return null;
    const speakers = await this.rows<{ id: string }>(
      sql`SELECT entity_id::text AS id FROM quote_speaker WHERE quote_id = ${id}::uuid ORDER BY position, entity_id`,
    );
    return { ...row, speakerIds: speakers.map((s) => s.id) };
  }

  private async insertSpeakers(quoteId: string, speakers: string[]): Promise<void> {
    await this.rows(
      sql`INSERT INTO quote_speaker (quote_id, entity_id, position)
          SELECT ${quoteId}::uuid, e, n - 1 FROM unnest(${speakers}::uuid[]) WITH ORDINALITY AS x(e, n)`,
    );
  }

  /**
   * Who speaks in a selector's passage as the selector says it (speakers resolved, in order, without
   * duplicates; the cue found in the same text), held to the attribution's rules; null when the
   * selector does not say (no speakers, no attribution, no cue, or attribution UNATTRIBUTED alone).
   */
  private async attributionGiven(
    sourceId: string,
    ref: Omit<QuoteRef, "source">,
    text: string,
    passage: { start: number; end: number },
    path: string,
  ): Promise<Said | null> {
    const { attribution, cue } = ref;
    const speakers = ref.speakers ?? [];
    if (attribution === undefined || attribution === null || attribution === "UNATTRIBUTED") {
      if (speakers.length > 0) {
        throw new RecordError(
          `${path}/attribution`,
          "REQUIRED",
          "speakers are given with their attribution (DIRECT, INDIRECT, AUTHOR or ATTRIBUTED_TO_GROUP)",
        );
      }
      if (cue) {
        throw new RecordError(`${path}/attribution`, "REQUIRED", "a cue is given with the attribution it cues");
      }
      return null;
    }
    if (speakers.length === 0) {
      throw new RecordError(
        `${path}/speakers`,
        "REQUIRED",
        `attribution ${attribution} names who speaks: give at least one speaker`,
      );
    }
    const refs = stringList(speakers, `${path}/speakers`);
    const ids: string[] = [];
    /** Where each speaker was given (its first mention), for errors. */
    const given: number[] = [];
    for (const [i, speaker] of refs.entries()) {
      const id = await this.entityId(speaker, `${path}/speakers/${i}`);
      if (!ids.includes(id)) {
        ids.push(id);
        given.push(i);
      }
    }
    const found = await this.rows<{ id: string; slug: string; kind: string; voice: boolean }>(
      sql`SELECT e.id::text, e.slug, e.kind::text,
                 (e.id = s.publisher_id OR EXISTS (SELECT 1 FROM source_author sa WHERE sa.source_id = s.id AND sa.entity_id = e.id)) AS voice
          FROM entity e, source s WHERE s.id = ${sourceId}::uuid AND e.id = ANY(${ids}::uuid[])`,
    );
    const byId = new Map(found.map((row) => [row.id, row]));
    for (const [i, id] of ids.entries()) {
      const speaker = byId.get(id)!;
      const at = `${path}/speakers/${given[i]}`;
      if (attribution === "AUTHOR" && !speaker.voice) {
        throw new RecordError(
          at,
          "SPEAKER_NOT_AUTHOR",
          `attribution AUTHOR is the source's own voice, but "${speaker.slug}" is neither one of its authors nor its publisher: add it to the source's authors, or give the attribution the source gives (DIRECT, INDIRECT, ATTRIBUTED_TO_GROUP)`,
        );
      }
      if (attribution === "ATTRIBUTED_TO_GROUP" && speaker.kind !== "GROUP") {
        throw new RecordError(
          at,
          "INVALID",
          `attribution ATTRIBUTED_TO_GROUP is spoken by a group, but "${speaker.slug}" is a ${speaker.kind}: use DIRECT or INDIRECT, or name the group`,
        );
      }
    }
    let cueSpan: { start: number; end: number } | null = null;
    if (cue) {
      const cueExact = requireText(cue.exact, `${path}/cue/exact`, QUOTE_EXACT_MAX);
      if (cue.start !== undefined && cue.end !== undefined) {
        // Offsets (exports write them): they must hold, as a quote's do.
        if (cue.start >= cue.end || Array.from(text).slice(cue.start, cue.end).join("") !== cueExact) {
          throw new RecordError(
            `${path}/cue/start`,
            "QUOTE_NOT_FOUND",
            "the source text between the cue's start and end is not its `exact`",
          );
        }
        if (cue.end < passage.start - CUE_WINDOW || cue.start > passage.end + CUE_WINDOW) {
          throw new RecordError(
            `${path}/cue/start`,
            "QUOTE_NOT_FOUND",
            `the cue is not in the passage or within ${CUE_WINDOW} characters of it`,
          );
        }
        cueSpan = { start: cue.start, end: cue.end };
      } else {
        const located = locateCue(text, cueExact, passage, cue.prefix ?? "", cue.suffix ?? "");
        if (!located.ok) throw new RecordError(`${path}/cue/exact`, located.code, located.message);
        cueSpan = { start: located.start, end: located.end };
      }
    }
    return { attribution, speakers: ids, cue: cueSpan };
  }

  /**
   * Gives a stored passage the attribution a selector states. A quote is one passage with one
   * attribution: an UNATTRIBUTED quote takes it (once); an attributed one must be given the same
   * speakers (in any order) and attribution, and a cue only where it has none or the same one.
   */
  private async attribute(id: string, said: Said, text: string, path: string): Promise<void> {
    // Conditional updates, not a lock taken up front: citing an attributed passage again (the common
    // case) only reads it. Two writers attributing one UNATTRIBUTED passage at once: the second's
    // UPDATE waits for the first and then finds the row attributed, and compares what it committed.
    const claimed = await this.rows(
      sql`UPDATE quote SET attribution = ${said.attribution}::attribution, cue_start = ${said.cue?.start ?? null}::int4,
                           cue_end = ${said.cue?.end ?? null}::int4
          WHERE id = ${id}::uuid AND attribution = 'UNATTRIBUTED' RETURNING id`,
    );
    if (claimed.length > 0) {
      await this.insertSpeakers(id, said.speakers);
      const after = await this.quoteSnapshot(id);
      const before = {
        ...after,
        attribution: "UNATTRIBUTED",
        cueStart: null,
        cueEnd: null,
        cueExact: null,
        speakerIds: [],
      };
      await this.revision("Quote", id, "UPDATE", before, after);
      this.count("Quote", "updated");
      return;
    }
    const stored = (
      await this.rows<{ attribution: string; cueStart: number | null; cueEnd: number | null }>(
        sql`SELECT attribution::text, cue_start AS "cueStart", cue_end AS "cueEnd" FROM quote WHERE id = ${id}::uuid`,
      )
    )[0]!;
    const speakerRows = await this.rows<{ id: string; slug: string }>(
      sql`SELECT qs.entity_id::text AS id, e.slug FROM quote_speaker qs JOIN entity e ON e.id = qs.entity_id
          WHERE qs.quote_id = ${id}::uuid ORDER BY qs.position, qs.entity_id`,
    );
    const storedSpeakers = speakerRows.map((row) => row.id);
    const sameSpeakers =
      storedSpeakers.length === said.speakers.length && said.speakers.every((s) => storedSpeakers.includes(s));
    const storedAs = `this passage is stored with speakers ${speakerRows.map((row) => JSON.stringify(row.slug)).join(", ")} and attribution ${stored.attribution}`;
    if (!sameSpeakers || stored.attribution !== said.attribution) {
      throw new RecordError(
        `${path}/${sameSpeakers ? "attribution" : "speakers"}`,
        "ATTRIBUTION_CONFLICT",
        `${storedAs}; a quote is one passage with one attribution: give the same, or leave speakers and attribution out`,
      );
    }
    if (!said.cue || (stored.cueStart === said.cue.start && stored.cueEnd === said.cue.end)) return;
    if (stored.cueStart === null) {
      const before = await this.quoteSnapshot(id);
      const set = await this.rows(
        sql`UPDATE quote SET cue_start = ${said.cue.start}::int4, cue_end = ${said.cue.end}::int4
            WHERE id = ${id}::uuid AND cue_start IS NULL RETURNING id`,
      );
      if (set.length > 0) {
        await this.revision("Quote", id, "UPDATE", before, await this.quoteSnapshot(id));
        this.count("Quote", "updated");
        return;
      }
      // Another writer gave it a cue meanwhile: compare with that one.
      return this.attribute(id, said, text, path);
    }
    const points = Array.from(text);
    const cue = points.slice(stored.cueStart, stored.cueEnd!).join("");
    throw new RecordError(
      `${path}/cue`,
      "ATTRIBUTION_CONFLICT",
      `${storedAs}, its cue ${JSON.stringify(cue)} at ${stored.cueStart}-${stored.cueEnd}; a passage has one cue: give the same, or leave the cue out`,
    );
  }

  /** Links evidence quotes through a link table; true when any link is new. */
  async link(table: string, ownerColumn: string, ownerId: string, quoteIds: string[]): Promise<boolean> {
    if (quoteIds.length === 0) return false;
    // A quote retracted as evidence for this owner stays retracted when a write (an import, a stance
    // recorded again) cites it: only addEvidence undoes a retraction (it deletes the row first).
    const type = EVIDENCE_TYPE_BY_TABLE.get(table);
    const notRetracted = type
      ? sql`WHERE NOT EXISTS (SELECT 1 FROM evidence_retraction r WHERE r.target_type = ${type}
              AND r.target_id = ${ownerId}::uuid AND r.quote_id = q)`
      : sql``;
    const rows = await this.rows(
      sql`INSERT INTO ${raw(`"${table}"`)} (${raw(`"${ownerColumn}"`)}, quote_id)
          SELECT ${ownerId}::uuid, q FROM unnest(${quoteIds}::uuid[]) AS q ${notRetracted}
          ON CONFLICT DO NOTHING RETURNING quote_id`,
    );
    return rows.length > 0;
  }

  async evidence(refs: QuoteRef[] | undefined, path: string): Promise<string[]> {
    if (refs === undefined) return [];
    const ids: string[] = [];
    for (const [i, ref] of refs.entries()) {
      const id = await this.quoteId(ref, `${path}/${i}`);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  evidenceLink(type: string): EvidenceLink | undefined {
    return EVIDENCE_LINKS.get(type);
  }

  /**
   * Adds a quote as evidence through a link table; records an UPDATE revision of the target when new.
   * A quote retracted as evidence for the target is cited again: its retraction is undone.
   */
  async addEvidence(target: EvidenceLink & { id: string }, quoteId: string) {
    // Locked like retractEvidence locks it: a retraction and a re-citation of the same quote at once
    // run one after the other, so the quote ends up either cited or retracted, never both.
    if (!(await this.lock(target.spec, sql`t.id = ${target.id}::uuid`))) {
      throw new RecordError("input/target", "NOT_FOUND", `no ${target.type} has this ID`);
    }
    const before = await this.snapshot(target.spec, target.id);
    const reinstated = await this.rows(
      sql`DELETE FROM evidence_retraction WHERE target_type = ${target.type} AND target_id = ${target.id}::uuid
          AND quote_id = ${quoteId}::uuid RETURNING reason`,
    );
    const added = await this.link(target.table, target.column, target.id, [quoteId]);
    if (added || reinstated.length > 0) {
      await this.revision(
        target.type,
        target.id,
        "UPDATE",
        before,
        {
          ...(await this.snapshot(target.spec, target.id)),
          ...(added ? { evidenceAdded: [quoteId] } : {}),
          ...(reinstated.length > 0 ? { evidenceReinstated: [quoteId] } : {}),
        },
        "EvidenceAdded",
      );
    }
  }

  /**
   * Retracts one piece of evidence cited in error: the quote leaves the target's link table (so lists,
   * filters, facets, exports and the attribution rules stop seeing it) and is kept in evidence_retraction
   * with the reason; a RETRACT revision of the target records it. Refused when the retraction would
   * break an attribution rule the target meets now (its holder, or a claimant, would speak in none of
   * what is left): the caller adds other evidence first, or retracts the stance itself.
   */
  async retractEvidence(target: EvidenceLink & { id: string }, quoteId: string, reason: string, path: string) {
    const why = this.text(reason, `${path}/reason`, 2000);
    // Locked first: two retractions of a stance's last two quotes must not both pass the rule check.
    if (!(await this.lock(target.spec, sql`t.id = ${target.id}::uuid`))) {
      throw new RecordError(`${path}/target`, "NOT_FOUND", `no ${target.type} has this ID`);
    }
    const before = await this.snapshot(target.spec, target.id);
    const broken = () =>
      this.rows<{ entity: string | null }>(
        sql`SELECT e.slug AS entity FROM attribution_violations v LEFT JOIN entity e ON e.id = v.entity_id
            WHERE v.subject_type = ${target.type} AND v.subject_id = ${target.id}::uuid`,
      );
    const brokenBefore = new Set((await broken()).map((row) => row.entity));
    const removed = await this.rows(
      sql`DELETE FROM ${raw(`"${target.table}"`)} WHERE ${raw(`"${target.column}"`)} = ${target.id}::uuid
          AND quote_id = ${quoteId}::uuid RETURNING quote_id`,
    );
    if (removed.length === 0) {
      const [retracted] = await this.rows(
        sql`SELECT 1 FROM evidence_retraction WHERE target_type = ${target.type}
            AND target_id = ${target.id}::uuid AND quote_id = ${quoteId}::uuid`,
      );
      throw retracted
        ? new RecordError(
            `${path}/quote`,
            "INVALID",
            `the quote is already retracted as evidence for this ${target.type}`,
          )
        : new RecordError(`${path}/quote`, "NOT_FOUND", `the quote is not evidence for this ${target.type}`);
    }
    const silent = (await broken()).map((row) => row.entity).filter((entity) => !brokenBefore.has(entity));
    if (silent.length > 0) {
      const who =
        silent[0] === null
          ? "no member of the viewpoint would speak in any"
          : `${JSON.stringify(silent[0])} would speak in none`;
      throw new RecordError(
        `${path}/quote`,
        "SPEAKER_MISSING",
        `without this quote, ${who} of the ${target.type}'s evidence: add a quote in which they speak first` +
          (target.type === "Stance" ? ", or retract the stance (retractStance)" : ""),
      );
    }
    await this.client.query(
      `INSERT INTO evidence_retraction (target_type, target_id, quote_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (target_type, target_id, quote_id) DO UPDATE SET reason = EXCLUDED.reason, retracted_at = now()`,
      [target.type, target.id, quoteId, why],
    );
    const after = await this.snapshot(target.spec, target.id);
    await this.revision(
      target.type,
      target.id,
      "RETRACT",
      before,
      { ...after, evidenceRetracted: { quoteId, reason: why } },
      "EvidenceRetracted",
    );
  }

  /** Marks a claim DEPRECATED with a reason (claim.writer.ts). */
  deprecateClaim(id: string, version: number, reason: string, path: string): Promise<void> {
    return deprecateClaim(this, id, version, reason, path);
  }

  rememberClaim(ref: string | undefined, fingerprint: string, id: string): void {
    if (ref) this.localClaims.set(ref, id);
    this.claimIds.set(`fingerprint:${fingerprint}`, id);
  }

  text(value: string, path: string, max?: number): string {
    return requireText(value, path, max);
  }

  /**
   * Merges entities into a survivor: every reference moves, names become aliases, and the merged rows
   * stay, pointing at the survivor, so their IDs and slugs keep resolving. Where a moved reference
   * would duplicate one the survivor already has (the same claimant twice, two stances on one claim),
   * the survivor's is kept and the duplicate dropped.
   */
  async mergeEntities(survivorId: string, mergedIds: string[], path: string): Promise<void> {
    const ids = [...new Set(mergedIds)];
    if (ids.includes(survivorId))
      throw new RecordError(`${path}/merged`, "INVALID", "an entity cannot be merged into itself");
    if (ids.length === 0) throw new RecordError(`${path}/merged`, "REQUIRED", "name at least one entity to merge");
    // Every entity of the merge is locked first, in one canonical order (by id): two opposing merges
    // (X <- Y and Y <- X) would otherwise each hold one row and wait for the other's: a deadlock.
    await this.client.query(`SELECT id FROM entity WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      [survivorId, ...ids].filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
    ]);
    const survivor = await this.lock(ENTITY, sql`t.id = ${survivorId}::uuid`);
    if (!survivor || survivor.mergedIntoId)
      throw new RecordError(`${path}/survivor`, "NOT_FOUND", "no current entity has this ID");
    const before = { ...survivor };
    const aliases = new Set<string>(survivor.aliases as string[]);
    for (const [i, id] of ids.entries()) {
      const merged = await this.lock(ENTITY, sql`t.id = ${id}::uuid`);
      if (!merged || merged.mergedIntoId)
        throw new RecordError(`${path}/merged/${i}`, "NOT_FOUND", "no current entity has this ID");
      if (survivor.kind !== "GROUP") {
        const passages = await groupPassages(this, id);
        if (passages > 0) {
          throw new RecordError(
            `${path}/merged/${i}`,
            "INVALID",
            `"${merged.slug as string}" speaks as a group in ${passages} passage(s) (attribution ATTRIBUTED_TO_GROUP): merge it into a GROUP, not a ${survivor.kind as string}`,
          );
        }
      }
      for (const name of [merged.name as string, ...(merged.aliases as string[])])
        if (name !== survivor.name) aliases.add(name);
      // Membership evidence of a membership the survivor has too moves to the survivor's before the
      // duplicate membership is dropped below (its evidence with it); the others follow their
      // membership's new entity (ON UPDATE CASCADE).
      await this.client.query(
        `INSERT INTO viewpoint_member_evidence (viewpoint_id, entity_id, quote_id)
         SELECT m.viewpoint_id, $2, m.quote_id FROM viewpoint_member_evidence m
         WHERE m.entity_id = $1 AND EXISTS (
           SELECT 1 FROM viewpoint_member s WHERE s.viewpoint_id = m.viewpoint_id AND s.entity_id = $2)
         ON CONFLICT DO NOTHING`,
        [id, survivorId],
      );
      const moves: [string, string, string][] = [
        // [table, column, unique-with columns to dedupe on]
        ...entityLinks(claimModel),
        ...entityLinks(sourceModel),
        ...entityLinks(viewpointModel),
        // Who speaks in a quote (not a model's relation: Quote has no model file).
        ["quote_speaker", "entity_id", "quote_id"],
      ];
      for (const [table, column, other] of moves) {
        await this.client.query(
          `DELETE FROM ${table} m USING ${table} s WHERE m.${column} = $1 AND s.${column} = $2 AND m.${other} = s.${other}`,
          [id, survivorId],
        );
        await this.client.query(`UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1`, [id, survivorId]);
      }
      await this.client.query(
        `DELETE FROM stance m USING stance s WHERE m.holder_entity_id = $1 AND s.holder_entity_id = $2 AND m.claim_id = s.claim_id`,
        [id, survivorId],
      );
      await this.client.query(`UPDATE stance SET holder_entity_id = $2 WHERE holder_entity_id = $1`, [id, survivorId]);
      await this.client.query(
        `DELETE FROM review m USING review s WHERE m.reviewer_id = $1 AND s.reviewer_id = $2 AND m.claim_id = s.claim_id AND m.source_id = s.source_id`,
        [id, survivorId],
      );
      await this.client.query(`UPDATE review SET reviewer_id = $2 WHERE reviewer_id = $1`, [id, survivorId]);
      // Relations between the two become reflexive: drop them; then move the rest, dropping duplicates.
      await this.client.query(
        `DELETE FROM entity_relation WHERE (subject_id = $1 AND object_id = $2) OR (subject_id = $2 AND object_id = $1)`,
        [id, survivorId],
      );
      await this.client.query(
        `DELETE FROM entity_relation m USING entity_relation s
         WHERE (m.subject_id = $1 AND s.subject_id = $2 AND m.object_id = s.object_id AND m.predicate = s.predicate)
            OR (m.object_id = $1 AND s.object_id = $2 AND m.subject_id = s.subject_id AND m.predicate = s.predicate)`,
        [id, survivorId],
      );
      await this.client.query(`UPDATE entity_relation SET subject_id = $2 WHERE subject_id = $1`, [id, survivorId]);
      await this.client.query(`UPDATE entity_relation SET object_id = $2 WHERE object_id = $1`, [id, survivorId]);
      for (const [table, column] of [
        ["source", "publisher_id"],
        ["claim", "place_id"],
        ["viewpoint", "topic_id"],
      ] as const) {
        await this.client.query(`UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1`, [id, survivorId]);
      }
      await this.client.query(
        `UPDATE entity SET merged_into_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, survivorId],
      );
      // Entities merged into this one before now point at the survivor: no chains of merges.
      await this.client.query(`UPDATE entity SET merged_into_id = $2 WHERE merged_into_id = $1`, [id, survivorId]);
      await this.revision("Entity", id, "MERGE", merged, await this.snapshot(ENTITY, id));
      this.entityIds.clear();
    }
    await this.client.query(`UPDATE entity SET aliases = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      survivorId,
      [...aliases],
    ]);
    await this.revision("Entity", survivorId, "MERGE", before, {
      ...(await this.snapshot(ENTITY, survivorId)),
      mergedFrom: ids,
    });
    // The claims the survivor now asserts have new claimants, so a new natural key; twins keep theirs.
    const asserted = await this.rows<{ id: string }>(
      sql`SELECT claim_id::text AS id FROM claim_claimant WHERE entity_id = ${survivorId}::uuid`,
    );
    await this.refingerprint(
      asserted.map((row) => row.id),
      path,
      false,
    );
  }

  /**
   * Merges duplicate claims into a survivor (mergeClaims). The survivor takes the union of their
   * claimants, subjects and appearances, and their stances, reviews and links move to it (a stance or
   * review the survivor already has the same of is dropped, its evidence kept on the survivor's; a
   * holder with opposite stances on the two is refused). A merged claim stays as it was (its
   * claimants, appearances and history), DEPRECATED and pointing at the survivor, so both histories
   * remain; its fingerprint is retired, so imports of its text and claimants find the survivor.
   */
  async mergeClaims(survivorId: string, mergedIds: string[], path: string): Promise<void> {
    const ids = [...new Set(mergedIds)];
    if (ids.includes(survivorId))
      throw new RecordError(`${path}/merged`, "INVALID", "a claim cannot be merged into itself");
    if (ids.length === 0) throw new RecordError(`${path}/merged`, "REQUIRED", "name at least one claim to merge");
    // One canonical lock order (by id), as for entities: opposing merges must not deadlock.
    await this.client.query(`SELECT id FROM claim WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      [survivorId, ...ids],
    ]);
    const survivor = await this.lock(CLAIM, sql`t.id = ${survivorId}::uuid`);
    if (!survivor || survivor.mergedIntoId)
      throw new RecordError(`${path}/survivor`, "NOT_FOUND", "no current claim has this ID");
    if (survivor.rank === "DEPRECATED") {
      throw new RecordError(
        `${path}/survivor`,
        "INVALID",
        "the survivor is deprecated: restore it first, or keep another claim",
      );
    }
    const before = await this.snapshot(CLAIM, survivorId);
    for (const [i, id] of ids.entries()) {
      const merged = await this.lock(CLAIM, sql`t.id = ${id}::uuid`);
      if (!merged || merged.mergedIntoId)
        throw new RecordError(`${path}/merged/${i}`, "NOT_FOUND", "no current claim has this ID");
      const mergedBefore = await this.snapshot(CLAIM, id);
      for (const table of ["claim_claimant", "claim_subject"]) {
        await this.client.query(
          `INSERT INTO ${table} (claim_id, entity_id, position)
           SELECT $2, m.entity_id, (SELECT coalesce(max(position) + 1, 0) FROM ${table} WHERE claim_id = $2) + m.position
           FROM ${table} m WHERE m.claim_id = $1 ON CONFLICT DO NOTHING`,
          [id, survivorId],
        );
      }
      await this.client.query(
        `INSERT INTO claim_appearance (claim_id, quote_id) SELECT $2, quote_id FROM claim_appearance WHERE claim_id = $1
         ON CONFLICT DO NOTHING`,
        [id, survivorId],
      );
      // Stances: one per holder and claim.
      const stances = await this.rows<{
        id: string;
        twin: string | null;
        position: string;
        twinPosition: string | null;
      }>(
        sql`SELECT m.id::text, s.id::text AS twin, m.position::text, s.position::text AS "twinPosition"
            FROM stance m LEFT JOIN stance s ON s.claim_id = ${survivorId}::uuid
              AND s.holder_entity_id IS NOT DISTINCT FROM m.holder_entity_id
              AND s.holder_viewpoint_id IS NOT DISTINCT FROM m.holder_viewpoint_id
            WHERE m.claim_id = ${id}::uuid ORDER BY m.seq`,
      );
      for (const stance of stances) {
        const stanceBefore = await this.snapshot(STANCE, stance.id);
        if (stance.twin && stance.twinPosition !== stance.position) {
          throw new RecordError(
            `${path}/merged/${i}`,
            "INVALID",
            `a holder ${stance.position === "SUPPORTS" ? "supports" : "takes the position " + stance.position + " on"} one claim and ${stance.twinPosition} the other: change one stance first, so the merged claim has one position per holder`,
          );
        }
        if (stance.twin) {
          await this.client.query(
            `INSERT INTO stance_evidence (stance_id, quote_id) SELECT $2, quote_id FROM stance_evidence WHERE stance_id = $1
             ON CONFLICT DO NOTHING`,
            [stance.id, stance.twin],
          );
          await this.client.query(`DELETE FROM stance_evidence WHERE stance_id = $1`, [stance.id]);
          await this.client.query(`DELETE FROM stance WHERE id = $1`, [stance.id]);
          await this.revision("Stance", stance.id, "MERGE", stanceBefore, { mergedInto: stance.twin });
        } else {
          await this.client.query(
            `UPDATE stance SET claim_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
            [stance.id, survivorId],
          );
          await this.revision("Stance", stance.id, "UPDATE", stanceBefore, await this.snapshot(STANCE, stance.id));
        }
      }
      // Reviews: one per claim, reviewer and review source.
      const reviews = await this.rows<{ id: string; twin: string | null }>(
        sql`SELECT m.id::text, s.id::text AS twin FROM review m
            LEFT JOIN review s ON s.claim_id = ${survivorId}::uuid AND s.reviewer_id = m.reviewer_id AND s.source_id = m.source_id
            WHERE m.claim_id = ${id}::uuid ORDER BY m.seq`,
      );
      for (const review of reviews) {
        const reviewBefore = await this.snapshot(REVIEW, review.id);
        if (review.twin) {
          await this.client.query(`DELETE FROM review WHERE id = $1`, [review.id]);
          await this.revision("Review", review.id, "MERGE", reviewBefore, { mergedInto: review.twin });
        } else {
          await this.client.query(
            `UPDATE review SET claim_id = $2, version = version + 1, updated_at = now() WHERE id = $1`,
            [review.id, survivorId],
          );
          await this.revision("Review", review.id, "UPDATE", reviewBefore, await this.snapshot(REVIEW, review.id));
        }
      }
      // Links between the two would become reflexive, and a link the survivor has too is a duplicate:
      // both go (with their evidence); the rest move.
      const links = await this.rows<{ id: string }>(
        sql`SELECT m.id::text FROM claim_relation m
            WHERE (m.from_id = ${id}::uuid AND m.to_id = ${survivorId}::uuid)
               OR (m.to_id = ${id}::uuid AND m.from_id = ${survivorId}::uuid)
               OR (m.from_id = ${id}::uuid AND EXISTS (SELECT 1 FROM claim_relation s
                     WHERE s.from_id = ${survivorId}::uuid AND s.to_id = m.to_id AND s.kind = m.kind))
               OR (m.to_id = ${id}::uuid AND EXISTS (SELECT 1 FROM claim_relation s
                     WHERE s.to_id = ${survivorId}::uuid AND s.from_id = m.from_id AND s.kind = m.kind))`,
      );
      for (const link of links) {
        const linkBefore = await this.snapshot(CLAIM_RELATION, link.id);
        await this.client.query(`DELETE FROM claim_relation_evidence WHERE relation_id = $1`, [link.id]);
        await this.client.query(`DELETE FROM claim_relation WHERE id = $1`, [link.id]);
        await this.revision("ClaimRelation", link.id, "MERGE", linkBefore, { mergedInto: survivorId });
      }
      await this.client.query(`UPDATE claim_relation SET from_id = $2 WHERE from_id = $1`, [id, survivorId]);
      await this.client.query(`UPDATE claim_relation SET to_id = $2 WHERE to_id = $1`, [id, survivorId]);
      // The merged claim stays, deprecated, pointing at the survivor; claims merged into it follow.
      await this.client.query(
        `UPDATE claim SET merged_into_id = $2, rank = 'DEPRECATED', deprecation_reason = $3,
           fingerprint = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, survivorId, `merged into claim ${survivorId}`, sha256Hex(`merged:${id}`)],
      );
      await this.client.query(`UPDATE claim SET merged_into_id = $2 WHERE merged_into_id = $1`, [id, survivorId]);
      await this.revision("Claim", id, "MERGE", mergedBefore, await this.snapshot(CLAIM, id));
    }
    await this.refingerprint([survivorId], `${path}/survivor`);
    await this.client.query(`UPDATE claim SET version = version + 1, updated_at = now() WHERE id = $1`, [survivorId]);
    await this.revision("Claim", survivorId, "MERGE", before, {
      ...(await this.snapshot(CLAIM, survivorId)),
      mergedFrom: ids,
    });
  }

  /**
   * Computes the fingerprints of claims again (their text and claimants' slugs: the natural key),
   * after their claimants changed under them (a merge). A claim whose new fingerprint another claim
   * holds keeps its old one: the two are duplicates, reported, and merged only on request. Returns the
   * ids of claims left so.
   */
  async refingerprint(claimIds: string[], path: string, strict = true): Promise<string[]> {
    const rows = await this.rows<{ id: string; text: string; fingerprint: string; slugs: string[] | null }>(
      sql`SELECT c.id::text, c.text, c.fingerprint,
                 (SELECT array_agg(e.slug) FROM claim_claimant cc JOIN entity e ON e.id = cc.entity_id WHERE cc.claim_id = c.id) AS slugs
          FROM claim c WHERE c.id = ANY(${claimIds}::uuid[]) AND c.merged_into_id IS NULL ORDER BY c.seq`,
    );
    const kept: string[] = [];
    for (const row of rows) {
      const fingerprint = claimFingerprint(row.text, row.slugs ?? []);
      if (fingerprint === row.fingerprint) continue;
      const [holder] = await this.rows<{ id: string }>(
        sql`SELECT id::text FROM claim WHERE fingerprint = ${fingerprint}`,
      );
      if (holder) {
        if (strict) {
          throw new RecordError(
            path,
            "TAKEN",
            `the merged claim would be the same claim (text and claimants) as claim ${holder.id}: merge that one too`,
          );
        }
        kept.push(row.id);
        continue;
      }
      await this.client.query(`UPDATE claim SET fingerprint = $2 WHERE id = $1`, [row.id, fingerprint]);
    }
    return kept;
  }

  // ---- records ----------------------------------------------------------------------------------

  entity(rec: BundleEntity, path: string, target: Target = UPSERT, slugFromName = false): Promise<Applied> {
    return writeEntity(this, rec, path, target, slugFromName);
  }

  source(
    rec: BundleSource,
    path: string,
    texts?: (file: string) => Promise<string>,
    target: Target = UPSERT,
  ): Promise<Applied> {
    return writeSource(this, rec, path, texts, target);
  }

  async matchEntity(
    rec: { slug: string; name?: unknown; aliases?: unknown; externalIds?: unknown },
    path: string,
    slugFromName: boolean,
  ): Promise<string | null> {
    const [taken] = await this.rows<{ id: string }>(sql`SELECT id::text FROM entity WHERE slug = ${rec.slug}`);
    if (taken) return null;
    type Candidate = { id: string; slug: string; name: string; aliases: string[] };
    const name = typeof rec.name === "string" ? rec.name : "";
    const note = (entity: Candidate, by: EntityMatch["by"], used: boolean) => {
      if (this.entityMatches.length < ENTITY_MATCHES_LISTED) {
        this.entityMatches.push({
          at: path,
          slug: rec.slug,
          name,
          entity: { slug: entity.slug, name: entity.name },
          by,
          used,
        });
      } else this.entityMatchesTruncated = true;
    };
    const remember = (entity: Candidate) => {
      this.matchedSlugs.set(rec.slug, entity.id);
      return entity.id;
    };
    // By external ID first: the same identifier in the same system is the same actor.
    const ids = rec.externalIds && typeof rec.externalIds === "object" ? Object.entries(rec.externalIds) : [];
    for (const [system, value] of ids) {
      for (const one of (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string")) {
        const [found] = await this.rows<Candidate>(
          sql`SELECT id::text, slug, name, aliases FROM entity
              WHERE merged_into_id IS NULL AND (external_ids @> jsonb_build_object(${system}::text, ${one}::text)
                OR external_ids @> jsonb_build_object(${system}::text, jsonb_build_array(${one}::text)))
              ORDER BY seq LIMIT 1`,
        );
        if (found) {
          note(found, "externalId", true);
          return remember(found);
        }
      }
    }
    // Then by exact name or alias, ignoring case and accents: candidates from the trigram index (the
    // name as given and without its accents), compared here.
    const names = [name, ...(Array.isArray(rec.aliases) ? rec.aliases : [])].filter(
      (n): n is string => typeof n === "string" && n.trim() !== "",
    );
    const keys = new Set(names.map(nameKey));
    for (const given of names) {
      const bare = given.normalize("NFKD").replace(/\p{M}+/gu, "");
      const candidates = await this.rows<Candidate>(
        sql`SELECT id::text, slug, name, aliases FROM entity
            WHERE merged_into_id IS NULL AND (lower(name) = lower(${given}) OR ${given} <% claimbase_names(name, aliases)
              OR ${bare} <% claimbase_names(name, aliases))
            ORDER BY seq LIMIT 50`,
      );
      const found = candidates.find((c) => [c.name, ...c.aliases].some((n) => keys.has(nameKey(n))));
      if (!found) continue;
      note(found, "name", slugFromName);
      return slugFromName ? remember(found) : null;
    }
    return null;
  }

  rememberEntity(slug: string, id: string): void {
    this.entityIds.set(slug, id);
  }

  rememberSource(ref: string | undefined, key: string, id: string): void {
    this.sourceTexts.delete(id);
    if (ref) this.localSources.set(ref, id);
    this.sourceIds.set(key, id);
  }

  /**
   * Validated values of a model's writable scalar fields in a record, by field (undefined: not given).
   * Natural-key fields are compared and set only when editing: an import matches on them instead.
   */
  scalarValues(model: AnyModel, rec: object, path: string, editing: boolean): Wanted {
    const wanted: Wanted = {};
    for (const [name, field] of scalarFields(model)) {
      if (!importable(field) && !(editing && field.write?.update)) continue;
      const at = bundlePath(name, field);
      const value = fieldValue(field, readPath(rec, at), `${path}/${at.join("/")}`);
      wanted[name] = { column: field.column, field: name, value: field.naturalKey && !editing ? undefined : value };
      if (field.naturalKey && !editing) wanted[name]!.key = value;
    }
    return wanted;
  }

  /**
   * The ids of a model's writable to-one relations (given as natural keys, or `id:` in mutations), by
   * id field.
   */
  async toOneValues(model: AnyModel, rec: object, path: string): Promise<Wanted> {
    const wanted: Wanted = {};
    for (const [name, field] of relations(model)) {
      if (field.relation !== "one" || !field.write) continue;
      const at = bundlePath(name, field);
      const ref = readPath(rec, at) as string | null | undefined;
      // Left out, a relation stays as it is, and null clears it. The record's type holds the rest: a
      // required one is given, and exactly one of a oneOf group (a stance's holder).
      const value =
        ref === undefined || ref === null ? ref : await this.reference(field.target, ref, `${path}/${at.join("/")}`);
      wanted[field.idField] = { column: field.column, field: field.idField, value };
    }
    return wanted;
  }

  /** The id of the object of type `target` a reference names. */
  private reference(target: string, ref: string, path: string): Promise<string> {
    switch (target) {
      case "Entity":
        return this.entityId(ref, path);
      case "Viewpoint":
        return this.viewpointId(ref, path);
      case "Source":
        return this.sourceId(ref, path);
      case "Claim":
        return this.claimId(ref, path);
      default:
        throw new Error(`no reference to a ${target} can be resolved`);
    }
  }

  /** The natural-key fields of a model with their wanted values, as [column, value, cast]. */
  private keyOf(model: AnyModel, values: Wanted): [string, unknown, string][] {
    const key: [string, unknown, string][] = [];
    for (const [name, field] of Object.entries(model.fields)) {
      if (!field.naturalKey) continue;
      const scalar = !("relation" in field);
      const want = values[scalar ? name : (field as ToOneRelation).idField];
      key.push([field.column, want?.key ?? want?.value ?? null, scalar ? pgCast(field) : "uuid"]);
    }
    return key;
  }

  /** Where a model's row has these natural-key values (a key value left null must be null). */
  keyWhere(model: AnyModel, values: Wanted): Sql {
    return and(
      this.keyOf(model, values).map(([column, value, cast]) =>
        value === null ? sql`${raw(`t."${column}"`)} IS NULL` : sql`${raw(`t."${column}"`)} = ${value}::${raw(cast)}`,
      ),
    );
  }

  /** The unique index an insert of these natural-key values would conflict on (its set columns). */
  keyColumns(model: AnyModel, values: Wanted): string {
    return this.keyOf(model, values)
      .filter(([, value]) => value !== null)
      .map(([column]) => `"${column}"`)
      .join(", ");
  }

  /** Entity ids of a model's writable to-many relations that the record gives, by relation. */
  async manyValues(model: AnyModel, rec: object, path: string): Promise<Map<ManyRelation, string[]>> {
    const lists = new Map<ManyRelation, string[]>();
    for (const [name, field] of relations(model)) {
      if (field.relation !== "many" || !field.write) continue;
      const value = (rec as Record<string, string[] | null | undefined>)[name];
      if (value === undefined) continue;
      // A mutation's update input may send null, and GraphQL's lists may be empty.
      if (value === null) fail(`${path}/${name}`, NOT_A_LIST_OF_STRINGS);
      if (field.write.create === "required" && value!.length === 0) fail(`${path}/${name}`, needsOne(model, name));
      const refs = stringList(value!, `${path}/${name}`);
      lists.set(field, await this.resolveEntities(refs, `${path}/${name}`));
    }
    return lists;
  }

  /**
   * The items of a model's writable link relations that the record gives (each validated against the
   * link's item model, its references resolved), by relation.
   */
  async linkValues(model: AnyModel, rec: object, path: string): Promise<Map<LinkRelation, Wanted[]>> {
    const lists = new Map<LinkRelation, Wanted[]>();
    for (const [name, field] of relations(model)) {
      if (field.relation !== "links" || !field.write) continue;
      const value = readPath(rec, [name]) as object[] | null | undefined;
      if (value === undefined) continue;
      // A mutation's update input may send null; GraphQL's lists are unbounded.
      if (value === null) fail(`${path}/${name}`, NOT_A_LIST);
      if (field.maxItems !== undefined && value!.length > field.maxItems) {
        fail(`${path}/${name}`, tooManyLinks(name, field.maxItems));
      }
      const items: Wanted[] = [];
      // One after another: a transaction's connection runs one statement at a time.
      for (const [i, item] of value!.entries()) {
        const at = `${path}/${name}/${i}`;
        items.push({
          ...(await this.toOneValues(field.item, item, at)),
          ...this.scalarValues(field.item, item, at, false),
        });
      }
      lists.set(field, items);
    }
    return lists;
  }

  /**
   * Adds links of `ownerId` (at their place in the list given) or changes the attributes of those it
   * has; links not given stay. True when any link was added or changed.
   */
  async mergeLinks(lists: Map<LinkRelation, Wanted[]>, ownerId: string): Promise<boolean> {
    let changed = false;
    for (const [relation, items] of lists) {
      for (const [position, item] of items.entries()) {
        const columns = [relation.ownerColumn];
        const values: Sql[] = [sql`${ownerId}::uuid`];
        const attributes: string[] = [];
        for (const [name, field] of Object.entries(relation.item.fields)) {
          const scalar = !("relation" in field);
          const want = item[scalar ? name : (field as ToOneRelation).idField];
          if (want?.value == null) continue;
          columns.push((field as ScalarField | ToOneRelation).column);
          values.push(sql`${want.value}::${raw(scalar ? pgCast(field) : "uuid")}`);
          if (scalar) attributes.push(field.column);
        }
        if (relation.ordered) {
          columns.push("position");
          values.push(sql`${position}::int4`);
        }
        const update =
          attributes.length === 0
            ? "DO NOTHING"
            : `DO UPDATE SET ${attributes.map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}
               WHERE (${attributes.map((c) => `${relation.through}."${c}"`).join(", ")})
                 IS DISTINCT FROM (${attributes.map((c) => `EXCLUDED."${c}"`).join(", ")})`;
        const rows = await this.rows(
          sql`INSERT INTO ${raw(relation.through)} (${raw(columns.map((c) => `"${c}"`).join(", "))})
              VALUES (${join(values, ", ")})
              ON CONFLICT (${raw(`"${relation.ownerColumn}", "${relation.targetColumn}"`)}) ${raw(update)} RETURNING 1`,
        );
        changed ||= rows.length > 0;
      }
    }
    return changed;
  }

  /** Sets a to-many relation of `ownerId` to `ids` (in order, duplicates dropped); true when it changed. */
  async replaceLinks(relation: ManyRelation, ownerId: string, ids: string[]): Promise<boolean> {
    const { through, ownerColumn, targetColumn } = relation;
    const order = relation.ordered ? "ORDER BY position" : "";
    const current = await this.rows<{ id: string }>(
      sql`SELECT ${raw(targetColumn)}::text AS id FROM ${raw(through)} WHERE ${raw(ownerColumn)} = ${ownerId}::uuid ${raw(order)}`,
    );
    const wanted = [...new Set(ids)];
    if (
      sameJson(
        current.map((r) => r.id),
        relation.ordered ? wanted : [...wanted].sort(),
      ) &&
      current.length === wanted.length
    ) {
      return false;
    }
    await this.rows(sql`DELETE FROM ${raw(through)} WHERE ${raw(ownerColumn)} = ${ownerId}::uuid`);
    await this.rows(
      relation.ordered
        ? sql`INSERT INTO ${raw(through)} (${raw(ownerColumn)}, ${raw(targetColumn)}, position)
              SELECT ${ownerId}::uuid, e, min(n) - 1 FROM unnest(${wanted}::uuid[]) WITH ORDINALITY AS x(e, n) GROUP BY e`
        : sql`INSERT INTO ${raw(through)} (${raw(ownerColumn)}, ${raw(targetColumn)})
              SELECT ${ownerId}::uuid, e FROM unnest(${wanted}::uuid[]) AS e`,
    );
    return true;
  }

  /**
   * INSERT ... ON CONFLICT DO NOTHING of the given values (and defaults) of a model; the new id or null.
   * `conflict`: the unique columns a concurrent insert collides on (any unique index when absent).
   */
  async insertRow(model: AnyModel, values: Wanted, extra: Record<string, [unknown, string]>, conflict?: string) {
    const columns: Sql[] = [];
    const params: Sql[] = [];
    const casts = new Map(scalarFields(model).map(([name, field]) => [name, [field, pgCast(field)] as const]));
    for (const [name, want] of Object.entries(values)) {
      const [field, cast] = casts.get(name) ?? [undefined, "uuid"];
      const value = want.key ?? want.value ?? field?.write?.insertDefault;
      if (value === undefined || value === null) continue;
      columns.push(raw(`"${want.column}"`));
      params.push(sql`${value}::${raw(cast)}`);
    }
    for (const [column, [value, cast]] of Object.entries(extra)) {
      columns.push(raw(`"${column}"`));
      params.push(sql`${value}::${raw(cast)}`);
    }
    const rows = await this.rows<{ id: string }>(
      sql`INSERT INTO ${raw(`"${model.table}"`)} (${join(columns, ", ")}) VALUES (${join(params, ", ")})
          ON CONFLICT ${raw(conflict ? `(${conflict})` : "")} DO NOTHING RETURNING id::text`,
    );
    return rows[0]?.id ?? null;
  }

  claim(rec: BundleClaim, path: string, target: Target = UPSERT): Promise<Applied> {
    return writeClaim(this, rec, path, target);
  }

  /** The current targets of a to-many relation, as `id:` references in their order. */
  async currentLinks(relation: ManyRelation, ownerId: string): Promise<string[]> {
    const order = relation.ordered ? "ORDER BY position" : "";
    const rows = await this.rows<{ id: string }>(
      sql`SELECT ${raw(relation.targetColumn)}::text AS id FROM ${raw(relation.through)}
          WHERE ${raw(relation.ownerColumn)} = ${ownerId}::uuid ${raw(order)}`,
    );
    return rows.map((r) => `id:${r.id}`);
  }

  claimRelation(rec: BundleClaimRelation, path: string): Promise<Applied> {
    return writeClaimRelation(this, rec, path);
  }

  entityRelation(rec: BundleEntityRelation, path: string): Promise<Applied> {
    return writeEntityRelation(this, rec, path);
  }

  viewpoint(rec: BundleViewpoint, path: string, target: Target = UPSERT): Promise<Applied> {
    return writeViewpoint(this, rec, path, target);
  }

  stance(rec: BundleStance, path: string): Promise<Applied> {
    return writeStance(this, rec, path);
  }

  review(rec: BundleReview, path: string): Promise<Applied> {
    return writeReview(this, rec, path);
  }

  rememberViewpoint(slug: string, id: string): void {
    this.viewpointIds.set(slug, id);
  }
}

function joinSets(sets: Sql[]): Sql {
  return sets.reduce((all, set, i) => (i === 0 ? set : sql`${all}, ${set}`));
}

function toQuery(statement: Sql): [string, unknown[]] {
  return [statement.text, statement.values as unknown[]];
}
