import type { Context } from "../../context";
import { countClient } from "../../db/pool";
import { queryRows, sql } from "../../db/sql";
import {
  isConstraintViolation,
  isDataException,
  RecordError,
  userError,
  type UserErrorCode,
} from "../../shared/errors";
import { fromGlobalId, type NodeTypeName } from "../../shared/global-id";
import { Loaders, type TableSpec } from "../../shared/rows";
import { Slots } from "../../shared/slots";
import { type Actor, Writer } from "../bundle";
import { normalizeRating } from "../claimreview";
import type { UserError } from "./editing.types";
import { claimModel } from "../claim/claim.model";

/**
 * Mutations run in one transaction through the same Writer as imports: validation, natural keys,
 * optimistic versions and a Revision per change. A problem the caller can fix becomes a userError
 * and nothing is written; anything else is a bug and is thrown (logged, masked).
 */
export type Outcome<T> = { value: T | null; userErrors: UserError[] };

export function actorOf(ctx: Context): Actor {
  return ctx.viewer.kind === "key"
    ? { keyId: ctx.viewer.keyId, label: `key:${ctx.viewer.name}` }
    : { keyId: null, label: "anonymous" };
}

/** Groups a bundle record nests fields under (a claim's `qualifiers`) that mutation inputs carry flat. */
const FLAT_IN_INPUTS = new Set(Object.values(claimModel.fields).flatMap((field) => (field.group ? [field.group] : [])));

function toUserError(error: RecordError): UserError {
  const path = error.path.split("/").filter((part) => part !== "");
  if (path[0] === "input" && path.length > 2 && FLAT_IN_INPUTS.has(path[1]!)) path.splice(1, 1);
  return userError(error.code, path, error.message);
}

/** PostgreSQL's SQLSTATEs of a broken rule, as userError codes (any other: INVALID). */
const CONSTRAINT_CODES: Record<string, UserErrorCode> = {
  "23505": "TAKEN",
  "23503": "UNKNOWN_REFERENCE",
  "23001": "UNKNOWN_REFERENCE",
};

/** How a mutation names the objects it refers to: a global ID of one of `types`, as a writer reference. */
export type Ref = (id: string | null | undefined, types: NodeTypeName[], field: string) => string | undefined;

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
  work: (writer: Writer, ref: Ref, tx: Context) => Promise<string | null>,
  load: (tx: Context, id: string) => Promise<T | null>,
): Promise<Outcome<T>> {
  const slots = writeSlotsOf(ctx.db.pool);
  await slots.enter();
  try {
    return await attempts(ctx, work, load);
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
  ctx: Context,
  work: (writer: Writer, ref: Ref, tx: Context) => Promise<string | null>,
  load: (tx: Context, id: string) => Promise<T | null>,
): Promise<Outcome<T>> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await ctx.db.pool.connect();
    const stopCounting = countClient(client, ctx.statements);
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const tx: Context = { ...ctx, sql: client, loaders: new Loaders(client) };
      const writer = new Writer(client, actorOf(ctx));
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
      const value = id ? await load(tx, id) : null;
      // The caller was already told "503, timed out": the write must not happen after all.
      if (ctx.deadline?.expired) throw new DeadlineExpired();
      if (ctx.deadline) ctx.deadline.committed = true;
      await client.query("COMMIT");
      return { value, userErrors: [] };
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        // A connection that cannot even roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (error instanceof RecordError) return { value: null, userErrors: [toUserError(error)] };
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

export function ratingFor(original: string, normalized?: string | null): string {
  if (normalized) return normalized;
  const mapped = normalizeRating({ alternateName: original });
  if (!mapped) {
    throw new RecordError(
      "input/normalizedRating",
      "REQUIRED",
      `no known normalization for ${JSON.stringify(original)}: give normalizedRating`,
    );
  }
  return mapped.normalized;
}
