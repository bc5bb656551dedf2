import type pg from "pg";
import type { Context } from "../context";
import { countClient } from "../db/pool";
import { COMMIT_MARKER } from "../db/changes";
import { queryRows, sql } from "../db/sql";
import {
  isConstraintViolation,
  isDataException,
  RecordError,
  userError,
  type UserErrorCode,
  type UserErrorEntry,
} from "./errors";
import { fromGlobalId, type NodeTypeName } from "./global-id";
import { bundlePath, type FieldDef, type ModelDef, readPath, type RecordOf, scalarFields, writePath } from "./model";
import { Loaders, type TableSpec } from "./rows";
import { Slots } from "./slots";
import type { Actor, QuoteSelector, Target, WriteSession } from "./write-session";

/**
 * Mutations run in one transaction through the same engine as imports (shared/write-session.ts):
 * validation, natural keys, optimistic versions and a Revision per change. A problem the caller can
 * fix becomes a userError and nothing is written; anything else is a bug and is thrown (logged, masked).
 * Each domain's service calls `transact` with its work; the helpers below turn a mutation's typed input
 * into the record its domain writer takes.
 */
export type Outcome<T> = { value: T | null; userErrors: UserErrorEntry[] };

/** How a mutation names the objects it refers to: a global ID of one of `types`, as a writer reference. */
export type Ref = (id: string | null | undefined, types: NodeTypeName[], field: string) => string | undefined;

/** Opens the write engine on a transaction's connection. */
export type WriteEngine = (client: pg.PoolClient, actor: Actor) => WriteSession;

let engine: WriteEngine | undefined;

/**
 * Sets the engine mutations write through: modules/bundle's Writer. It imports every domain's writer,
 * and the domains' services call `transact`, so neither this file nor they can import it; the schema
 * (schema.ts), which imports both, wires it in.
 */
export function useWriteEngine(open: WriteEngine): void {
  engine = open;
}

export function actorOf(ctx: Context): Actor {
  if (ctx.actor) return ctx.actor;
  return ctx.viewer.kind === "key"
    ? { keyId: ctx.viewer.keyId, label: `key:${ctx.viewer.name}` }
    : { keyId: null, label: "anonymous" };
}

export interface TransactOptions {
  /**
   * Groups a bundle record nests fields under that the mutation's input carries flat (a claim's
   * `qualifiers`): a userError names the input's field (input.condition, not input.qualifiers.condition).
   */
  flatGroups?: ReadonlySet<string>;
  /**
   * The other way round, for an input that nests a group's fields as the record does (a claim's
   * `qualifiers: { place }`): field name -> its group, so that a userError found at the field's flat
   * place (`input/place`, where recordOf reads it) names input.qualifiers.place.
   */
  nestedGroups?: ReadonlyMap<string, string>;
}

/** The groups of a model's fields (claim.model.ts: `qualifiers`), for TransactOptions.flatGroups. */
export function groupsOf(model: ModelDef<Record<string, FieldDef>>): ReadonlySet<string> {
  return new Set(Object.values(model.fields).flatMap((field) => (field.group ? [field.group] : [])));
}

function toUserError(error: RecordError, options: TransactOptions): UserErrorEntry {
  const path = error.path.split("/").filter((part) => part !== "");
  if (path[0] === "input" && path.length > 2 && options.flatGroups?.has(path[1]!)) path.splice(1, 1);
  const group = path[0] === "input" && path.length >= 2 ? options.nestedGroups?.get(path[1]!) : undefined;
  if (group) path.splice(1, 0, group);
  return userError(error.code, path, error.message);
}

/** A model's grouped fields and their groups (claim.model.ts: place -> qualifiers), for nestedGroups. */
export function groupedFields(model: ModelDef<Record<string, FieldDef>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(model.fields).flatMap(([name, field]) => (field.group ? [[name, field.group]] : [])));
}

/** PostgreSQL's SQLSTATEs of a broken rule, as userError codes (any other: INVALID). */
const CONSTRAINT_CODES: Record<string, UserErrorCode> = {
  "23505": "TAKEN",
  "23503": "UNKNOWN_REFERENCE",
  "23001": "UNKNOWN_REFERENCE",
};

/** The request's deadline passed before COMMIT; its 503 is out, so the write is rolled back. */
class DeadlineExpired extends Error {
  /** PostgreSQL's query_canceled: a retryable 503 like a statement over its time limit. */
  readonly code = "57014";
}

/** Attempts of a write that loses a deadlock or serialization race (40P01, 40001) before it is a 503. */
const WRITE_ATTEMPTS = 3;

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "40P01" || code === "40001";
}

type Work = (writer: WriteSession, ref: Ref, tx: Context) => Promise<string | null>;
type Load<T> = (tx: Context, id: string) => Promise<T | null>;

/**
 * Runs a mutation on ONE connection from start to answer: the writes, every lookup they need and the
 * load of the result all go through `tx`, a copy of the request's context bound to the transaction's
 * connection, and the result is loaded before COMMIT. A write that held its connection while asking
 * the pool for another locked the pool up under ten concurrent mutations; a result loaded after COMMIT
 * could fail and tell the caller that a committed write had failed. Deadlocks and serialization
 * failures roll back and run the whole mutation again (nothing was committed).
 */
export async function transact<T>(
  ctx: Context,
  work: Work,
  loadResult: Load<T>,
  options: TransactOptions = {},
): Promise<Outcome<T>> {
  if (!engine) throw new Error("no write engine: schema.ts wires in modules/bundle's Writer (useWriteEngine)");
  const slots = writeSlotsOf(ctx.db.pool);
  await slots.enter();
  try {
    return await attempts(engine, ctx, work, loadResult, options);
  } finally {
    slots.leave();
  }
}

/**
 * Mutations holding a connection at once, per pool: all but three of its connections, so that reads
 * always find one while writers queue here, holding nothing, rather than in the pool's own queue
 * ahead of the reads.
 */
const writeSlots = new WeakMap<object, Slots>();

function writeSlotsOf(pool: { options: { max?: number } }): Slots {
  let slots = writeSlots.get(pool);
  if (!slots) {
    slots = new Slots(Math.max(1, (pool.options.max ?? 10) - 3));
    writeSlots.set(pool, slots);
  }
  return slots;
}

async function attempts<T>(
  open: WriteEngine,
  ctx: Context,
  work: Work,
  loadResult: Load<T>,
  options: TransactOptions,
): Promise<Outcome<T>> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await ctx.db.pool.connect();
    const stopCounting = countClient(client, ctx.statements);
    let broken: Error | undefined;
    // Until COMMIT is sent, a failure means nothing was committed; after, the outcome is unknown.
    let commitSent = false;
    try {
      await client.query("BEGIN");
      const tx: Context = { ...ctx, sql: client, loaders: new Loaders(client) };
      const writer = open(client, actorOf(ctx));
      const ref: Ref = (id, types, field) => {
        if (id === undefined || id === null) return undefined;
        const decoded = fromGlobalId(id);
        if (!decoded || !types.includes(decoded.type)) {
          throw new RecordError(
            field,
            "INVALID",
            `must be the ID of ${types.length === 1 ? `a ${types[0]}` : `one of ${types.join(", ")}`}`,
          );
        }
        return `id:${decoded.id}`;
      };
      const id = await work(writer, ref, tx);
      const value = id ? await loadResult(tx, id) : null;
      await writer.commitEvents();
      // The caller was already told "503, timed out": the write must not happen after all.
      if (ctx.deadline?.expired) throw new DeadlineExpired();
      if (ctx.deadline) ctx.deadline.committed = true;
      const marked = await client.query<{ x: string }>(COMMIT_MARKER);
      commitSent = true;
      await client.query("COMMIT");
      const txid = marked.rows[0]?.x;
      ctx.commits.txids = txid ? [...(ctx.commits.txids ?? []), txid] : (ctx.commits.txids ?? []);
      return { value, userErrors: [] };
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        // A connection that cannot even roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      // A COMMIT whose outcome is unknown (the connection failed during it): the response cache must
      // drop everything. Rolled back before COMMIT, this attempt changed nothing.
      if (commitSent) ctx.commits.txids = null;
      if (error instanceof RecordError) return { value: null, userErrors: [toUserError(error, options)] };
      if (isConstraintViolation(error)) {
        const code = CONSTRAINT_CODES[error.code] ?? "INVALID";
        return {
          value: null,
          userErrors: [userError(code, ["input"], `refused by a data rule (${error.constraint ?? error.code})`)],
        };
      }
      if (isDataException(error)) {
        return {
          value: null,
          userErrors: [
            userError(
              "INVALID",
              ["input"],
              `a value is malformed or out of range for the database (SQLSTATE ${error.code})`,
            ),
          ],
        };
      }
      if (retryable(error) && attempt < WRITE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
        continue;
      }
      throw error;
    } finally {
      stopCounting();
      client.release(broken);
    }
  }
}

/** Loads a mutation's result on its transaction's connection (see transact). */
export const load =
  <T>(spec: TableSpec<T>) =>
  (tx: Context, id: string): Promise<T | null> =>
    tx.loaders.byId(spec, id);

export async function currentRow(
  ctx: Context,
  spec: TableSpec<unknown>,
  id: string,
): Promise<Record<string, unknown> | null> {
  const rows = await queryRows<Record<string, unknown>>(
    ctx.sql,
    sql`SELECT ${spec.columns} FROM ${spec.from} WHERE t.id = ${id}::uuid`,
  );
  return rows[0] ?? null;
}

/** The row an update edits, or NOT_FOUND (input.id). */
export async function required(ctx: Context, spec: TableSpec<unknown>, id: string, type: string) {
  const row = await currentRow(ctx, spec, id);
  if (!row) throw new RecordError("input/id", "NOT_FOUND", `no ${type} has this ID`);
  return row;
}

/** The database id in a global ID of `type`, or INVALID naming `field`. */
export function uuidOf(globalId: string, type: NodeTypeName, field: string): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== type) throw new RecordError(field, "INVALID", `must be the ID of a ${type}`);
  return decoded.id;
}

/** Quote selectors of an input (`appearances`, `evidence`), with their sources as writer references. */
export function quoteSelectors(
  selectors: QuoteSelector[] | undefined,
  ref: Ref,
  field: string,
): QuoteSelector[] | undefined {
  return selectors?.map((q, i) => quoteSelector(q, ref, `${field}/${i}`));
}

/** One quote selector of an input, with its source and speakers as writer references. */
export function quoteSelector(q: QuoteSelector, ref: Ref, field: string): QuoteSelector {
  return {
    source: ref(q.source, ["Source"], `${field}/source`)!,
    exact: q.exact,
    prefix: q.prefix ?? undefined,
    suffix: q.suffix ?? undefined,
    speakers: q.speakers?.map((id, j) => ref(id, ["Entity"], `${field}/speakers/${j}`)!),
    attribution: q.attribution ?? undefined,
    cue: q.cue ?? undefined,
  };
}

/**
 * A mutation's typed input as the record the writer takes (shared/model.ts): the model's writable
 * fields that were given, at their place in a bundle record, with times in ISO 8601 and related
 * objects as `id:` references. Typed as the model's record: a create input's GraphQL type makes the
 * model's required fields non-null; an update's record gets the ones it leaves out from withCurrent.
 */
export function recordOf<M extends ModelDef<Record<string, FieldDef>>>(
  model: M,
  input: object,
  ref: Ref,
  prefix = "input",
): RecordOf<M> {
  const record: Record<string, unknown> = {};
  const given = input as Record<string, unknown>;
  for (const [name, field] of Object.entries(model.fields)) {
    const value = given[name];
    if (!field.write || value === undefined) continue;
    const at = bundlePath(name, field);
    const path = `${prefix}/${name}`;
    if ("relation" in field && field.relation === "links") {
      const items = (value as object[] | null)?.map((item, i) => recordOf(field.item, item, ref, `${path}/${i}`));
      writePath(record, at, items);
    } else if ("relation" in field) {
      const types = [field.target as NodeTypeName];
      writePath(
        record,
        at,
        field.relation === "one"
          ? ref(value as string | null, types, path)
          : (value as string[] | null)?.map((id, i) => ref(id, types, `${path}/${i}`)!),
      );
    } else {
      writePath(record, at, value instanceof Date ? value.toISOString() : value);
    }
  }
  return record as RecordOf<M>;
}

/**
 * An update's record with the current values of the fields it leaves out (or sets to null) that the
 * writer needs on every write: the model's required fields, and `also` (a natural key).
 */
export function withCurrent<R extends object>(
  model: ModelDef<Record<string, FieldDef>>,
  record: R,
  current: Record<string, unknown>,
  also: string[] = [],
): R {
  for (const [name, field] of scalarFields(model)) {
    if (field.write?.create !== "required" && !also.includes(name)) continue;
    const at = bundlePath(name, field);
    if (readPath(record as Record<string, unknown>, at) == null) {
      writePath(record as Record<string, unknown>, at, current[name] ?? undefined);
    }
  }
  return record;
}

/**
 * An update mutation's record and writer target: the object its `id` names (NOT_FOUND when none), the
 * input as a record over the stored row's required fields (withCurrent), and the version the caller saw.
 */
export async function updateOf<M extends ModelDef<Record<string, FieldDef>>>(
  tx: Context,
  ref: Ref,
  model: M,
  spec: TableSpec<unknown>,
  type: NodeTypeName,
  input: { id: string; version: number },
  also: string[] = [],
): Promise<{ record: RecordOf<M>; target: Target }> {
  const id = uuidOf(input.id, type, "input/id");
  const current = await required(tx, spec, id, type);
  return {
    record: withCurrent(model, recordOf(model, input, ref), current, also),
    target: { mode: "update", id, version: input.version },
  };
}
