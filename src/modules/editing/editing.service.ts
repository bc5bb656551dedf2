import type { Context } from "../../context";
import { countClient } from "../../db/pool";
import { queryRows, sql } from "../../db/sql";
import { fromGlobalId, type NodeTypeName } from "../../shared/global-id";
import type { TableSpec } from "../../shared/rows";
import { type Actor, isConstraintViolation, RecordError, Writer } from "../bundle";
import { normalizeRating } from "../claimreview";
import type { UserError } from "./editing.types";

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

function toUserError(error: RecordError): UserError {
  const path = error.path.split("/").filter((part) => part !== "");
  return { field: path, code: error.code, message: error.message };
}

const CONSTRAINT_CODES: Record<string, string> = {
  "23505": "TAKEN",
  "23503": "UNKNOWN_REFERENCE",
  "23001": "UNKNOWN_REFERENCE",
};

export async function transact<T>(
  ctx: Context,
  work: (
    writer: Writer,
    ref: (id: string | null | undefined, types: NodeTypeName[], field: string) => string | undefined,
  ) => Promise<string | null>,
  load: (id: string) => Promise<T | null>,
): Promise<Outcome<T>> {
  const client = await ctx.db.pool.connect();
  const stopCounting = countClient(client, ctx.statements);
  try {
    await client.query("BEGIN");
    const writer = new Writer(client, actorOf(ctx));
    const ref = (id: string | null | undefined, types: NodeTypeName[], field: string) => {
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
    const id = await work(writer, ref);
    await client.query("COMMIT");
    return { value: id ? await load(id) : null, userErrors: [] };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    if (error instanceof RecordError) return { value: null, userErrors: [toUserError(error)] };
    if (isConstraintViolation(error)) {
      const code = CONSTRAINT_CODES[error.code] ?? "INVALID";
      return {
        value: null,
        userErrors: [{ field: ["input"], code, message: `refused by a data rule (${error.constraint ?? error.code})` }],
      };
    }
    throw error;
  } finally {
    stopCounting();
    client.release();
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
