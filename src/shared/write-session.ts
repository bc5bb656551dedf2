import { type Sql, raw, sql } from "../db/sql";
import { RecordError } from "./errors";
import type { NodeTypeName } from "./global-id";
import type { TableSpec } from "./loader-types";
import type { DomainEvent } from "./outbox";
import type { FieldDef, LinkRelation, ManyRelation, ModelDef } from "./model";

/**
 * What a domain's writer (`<domain>.writer.ts`) works with: the shared upsert/revision engine of one
 * write transaction, implemented by the Writer of src/modules/bundle (imports and mutations both write
 * through it). Domain writers depend on this interface only, so the engine can call them without an
 * import cycle, and they stay free of transactions, revisions and reference caches.
 */

/**
 * Records reach the writers typed (a domain's record type is RecordOf its model, plus what is its own):
 * imports have validated them against the bundle schema (bundle.validate.ts) and mutations build them
 * from GraphQL's typed inputs. What neither can check stays with the writers: texts' lengths, blank and
 * NUL-bearing strings and lists' lengths (GraphQL inputs do not bound them), normalization (times,
 * language tags), references, cross-field and database rules.
 */

/** Evidence by W3C TextQuote (and, in imports, optional code point offsets, which must then hold). */
export interface QuoteRef extends QuoteSelector {
  /** Code point offsets; when given they must hold (faster and exact), otherwise the text is searched. */
  start?: number;
  end?: number;
}

export type Outcome = "created" | "updated" | "unchanged";
export interface Applied {
  id: string;
  outcome: Outcome;
}

/** How a record meets existing data: by natural key (import), strictly new, or an edit of one row. */
export type Target = { mode: "upsert" } | { mode: "create" } | { mode: "update"; id: string; version: number };
export const UPSERT: Target = { mode: "upsert" };

/** A value to write: its column, the row field it is read back as, and the value (undefined: leave it). */
export interface Want {
  column: string;
  field: string;
  value: unknown;
  /** A natural-key value: inserted, never compared (the row was found by it). */
  key?: unknown;
}
export type Wanted = Record<string, Want>;
export type AnyModel = ModelDef<Record<string, FieldDef>>;

/** Who a write's revisions name: an API key, or a label for writes without one (the seed, the CLI). */
export interface Actor {
  keyId: string | null;
  label: string;
}

/** How a source attributes a passage to its speakers (the `attribution` enum; UNATTRIBUTED: not stated). */
export type Attribution = "DIRECT" | "INDIRECT" | "AUTHOR" | "ATTRIBUTED_TO_GROUP" | "UNATTRIBUTED";

/** A span of a source's text by W3C TextQuote: the cue of an attribution ("argued", "declaring"). */
export interface TextSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/**
 * A verbatim passage of a source: its exact text, and the text around it when it occurs more than once;
 * with who speaks in it according to the source (`speakers`, entity references, and `attribution`,
 * given together) and optionally the cue of the attribution, found in the same text.
 */
export interface QuoteSelector extends TextSelector {
  /** The source, as a reference (`id:`, `url:`, `sha256:` or a bundle-local `ref`). */
  source: string;
  speakers?: string[];
  attribution?: Attribution;
  cue?: CueRef;
}

/** A cue by TextQuote, with code point offsets in imports (which must then hold), as exports write it. */
export interface CueRef extends TextSelector {
  start?: number;
  end?: number;
}

/**
 * How quotes are evidence for the objects of one type: rows (owner, quote) of a link table, and the
 * read spec a revision of the owner shows. Each domain's writer declares its own and links through it.
 */
export interface EvidenceLink {
  type: NodeTypeName;
  table: string;
  column: string;
  spec: TableSpec<unknown>;
}

export interface UpsertOptions {
  target: Target;
  /** The record's JSON pointer or input field, for errors. */
  path: string;
  /** The natural key's field name, for TAKEN errors. */
  key?: string;
  /** Runs after the row exists (links, evidence); true when it changed something. */
  after?: (id: string) => Promise<boolean>;
}

/**
 * An imported entity record met an existing current entity by external ID or by name (an exact name or
 * alias, ignoring case and accents) under another slug: `used`, the record resolved to that entity
 * (its slug then names it for the rest of the import); not used, the record's slug was created and the
 * existing entity is a near miss to look at (a merge may be due).
 */
export interface EntityMatch {
  /** Where the record is. */
  at: string;
  /** The record's slug and name. */
  slug: string;
  name: string;
  /** The existing entity. */
  entity: { slug: string; name: string };
  by: "externalId" | "name";
  used: boolean;
}

export interface WriteSession {
  /** Runs one statement on the transaction's connection. */
  rows<T = Record<string, unknown>>(statement: Sql): Promise<T[]>;
  /**
   * Finds the row by its natural key (locked), creates it if missing, else updates what differs, and
   * appends a revision for every change.
   */
  upsert(
    type: string,
    spec: TableSpec<unknown>,
    table: string,
    where: Sql,
    insert: () => Promise<string | null>,
    wanted: Wanted,
    options: UpsertOptions,
  ): Promise<Applied>;
  /** Locks one row of `spec` (FOR UPDATE), as the read spec shows it. */
  lock(spec: TableSpec<unknown>, where: Sql): Promise<Record<string, unknown> | null>;
  /** The object as the API shows it, for revisions. */
  snapshot(spec: TableSpec<unknown>, id: string): Promise<Record<string, unknown> | null>;
  revision(
    type: string,
    id: string,
    action: RevisionAction,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    eventType?: string,
  ): Promise<void>;
  /** Buffers a domain event for the transaction's outbox (revisions buffer theirs themselves). */
  emit(event: DomainEvent): void;
  /** Appends the buffered events to the outbox (shared/outbox.ts): the last statements before COMMIT. */
  commitEvents(): Promise<void>;
  /** Validated values of a model's writable scalar fields in a record. */
  scalarValues(model: AnyModel, rec: object, path: string, editing: boolean): Wanted;
  /** Ids of a model's writable to-one relations, resolved from their references. */
  toOneValues(model: AnyModel, rec: object, path: string): Promise<Wanted>;
  /** Entity ids of a model's writable to-many relations given in the record. */
  manyValues(model: AnyModel, rec: object, path: string): Promise<Map<ManyRelation, string[]>>;
  /** The current targets of a to-many relation, as `id:` references in their order. */
  currentLinks(relation: ManyRelation, ownerId: string): Promise<string[]>;
  /** Sets a to-many relation of `ownerId` to `ids`; true when it changed. */
  replaceLinks(relation: ManyRelation, ownerId: string, ids: string[]): Promise<boolean>;
  /** INSERT ... ON CONFLICT DO NOTHING of a model's values; the new id, or null when a concurrent writer won. */
  insertRow(
    model: AnyModel,
    values: Wanted,
    extra: Record<string, [unknown, string]>,
    conflict?: string,
  ): Promise<string | null>;
  /** The natural key's condition over alias `t`, from the values of a model's natural-key fields. */
  keyWhere(model: AnyModel, values: Wanted): Sql;
  /** The natural key's columns, as an insert's conflict target. */
  keyColumns(model: AnyModel, values: Wanted): string;
  /** The rows of a model's link relations (members with a role) given in the record. */
  linkValues(model: AnyModel, rec: object, path: string): Promise<Map<LinkRelation, Wanted[]>>;
  /** Adds link rows, or changes their attributes; never removes one. True when something changed. */
  mergeLinks(lists: Map<LinkRelation, Wanted[]>, ownerId: string): Promise<boolean>;
  /** Remembers a written viewpoint under its slug, for later records. */
  rememberViewpoint(slug: string, id: string): void;
  /** Quote ids for a list of quote references (created when new). */
  evidence(refs: QuoteRef[] | undefined, path: string): Promise<string[]>;
  /** Links evidence quotes through a link table; true when any link is new. */
  link(table: string, ownerColumn: string, ownerId: string, quoteIds: string[]): Promise<boolean>;
  /** A claim's id by reference (`fingerprint:`, `id:` or a bundle-local `ref`). */
  claimId(ref: string, path: string): Promise<string>;
  /** Remembers a written claim under its bundle-local `ref` and its fingerprint, for later records. */
  rememberClaim(ref: string | undefined, fingerprint: string, id: string): void;
  /** A source's id by reference (`url:`, `sha256:`, `id:` or a bundle-local `ref`). */
  sourceId(ref: string, path: string): Promise<string>;
  /**
   * The current entity a reference (`id:` or slug) names, following merges, locked FOR SHARE until the
   * write commits (a merge waits for it).
   */
  entityId(ref: unknown, path: string): Promise<string>;
  /** A viewpoint's id by reference (`id:` or slug). */
  viewpointId(ref: unknown, path: string): Promise<string>;
  /** The quote a selector points at, created when new; its offsets are found in the source's text. */
  quoteId(ref: QuoteSelector, path: string): Promise<string>;
  /** How quotes are evidence for objects of `type` (a domain writer's link), if they can be. */
  evidenceLink(type: string): EvidenceLink | undefined;
  /** Adds a quote as evidence for one object; records an UPDATE revision of it when the link is new. */
  addEvidence(target: EvidenceLink & { id: string }, quoteId: string): Promise<void>;
  /**
   * Retracts a quote cited in error as evidence for one object, with a reason: it leaves the link table,
   * is kept in evidence_retraction, and a RETRACT revision records it.
   */
  retractEvidence(target: EvidenceLink & { id: string }, quoteId: string, reason: string, path: string): Promise<void>;
  /**
   * Merges entities into a survivor: every reference moves, names become aliases, and the merged rows
   * stay, pointing at the survivor, so their IDs and slugs keep resolving.
   */
  mergeEntities(survivorId: string, mergedIds: string[], path: string): Promise<void>;
  /**
   * Merges duplicate claims into a survivor: it takes their claimants, subjects, appearances,
   * stances, reviews and links; they stay, DEPRECATED, pointing at it, with their history.
   */
  mergeClaims(survivorId: string, mergedIds: string[], path: string): Promise<void>;
  /** Remembers a written entity under its slug, for later records. */
  rememberEntity(slug: string, id: string): void;
  /**
   * Before an imported entity record creates its slug: the existing current entity it resolves to, by
   * external ID, or by name when its slug was made from its name (ClaimReview); a same-name entity
   * under an explicit slug is only reported (EntityMatch). Null: write the record as it is.
   */
  matchEntity(
    rec: { slug: string; name?: unknown; aliases?: unknown; externalIds?: unknown },
    path: string,
    slugFromName: boolean,
  ): Promise<string | null>;
  /** Remembers a written source under its natural key and bundle-local `ref`; forgets its cached text. */
  rememberSource(ref: string | undefined, key: string, id: string): void;
  /** A required non-empty text, held to the rules of every text (shared/record-schema.ts's textProblem). */
  text(value: string, path: string, max?: number): string;
}

/** What a revision records a write did (the revision_action enum; DELETE is never written). */
export type RevisionAction = "CREATE" | "UPDATE" | "DEPRECATE" | "MERGE" | "RETRACT" | "RESTORE";

/** Where a retractable object lives: its read spec (which shows `retractedAt`) and its table. */
export interface Retractable {
  type: string;
  spec: TableSpec<unknown>;
  table: string;
}

/**
 * Retracts one object (a stance, a claim link): it stays, with the time and the reason, lists leave it
 * out unless asked, and a RETRACT revision keeps the before and after. Nothing is deleted.
 */
export async function retract(
  w: WriteSession,
  target: Retractable,
  id: string,
  reason: string,
  path: string,
): Promise<void> {
  const why = w.text(reason, `${path}/reason`, 2000);
  const existing = await w.lock(target.spec, sql`t.id = ${id}::uuid`);
  if (!existing) throw new RecordError(`${path}/id`, "NOT_FOUND", `no ${target.type} has this ID`);
  if (existing.retractedAt != null) {
    throw new RecordError(`${path}/id`, "INVALID", `the ${target.type} is already retracted`);
  }
  const hasVersion = "version" in existing;
  await w.rows(
    sql`UPDATE ${raw(`"${target.table}"`)} SET retracted_at = now(), retraction_reason = ${why}
        ${hasVersion ? sql`, version = version + 1, updated_at = now()` : sql``} WHERE id = ${id}::uuid`,
  );
  await w.revision(target.type, id, "RETRACT", existing, await w.snapshot(target.spec, id));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `id:<uuid>` references an object by its database id (mutations use these); slugs never contain ':'. */
export function idRef(ref: string): string | null {
  if (!ref.startsWith("id:")) return null;
  const id = ref.slice(3);
  return UUID.test(id) ? id : null;
}
