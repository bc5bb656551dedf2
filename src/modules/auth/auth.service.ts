import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Viewer } from "../../context";
import { type Queryable, sql } from "../../db/sql";
import { forbidden, unauthenticated } from "../../shared/errors";

/**
 * API keys: `cbk_<prefix>_<secret>`. Only a SHA-256 of the whole key is stored, with the prefix to
 * find it. Comparison is constant-time, and a missing prefix still costs one hash comparison, so
 * response times say nothing about which part of a key was wrong.
 */
export type Role = "EDITOR" | "ADMIN";

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_FORMAT = /^cbk_([0-9A-Za-z]{12})_([0-9A-Za-z]{40})$/;

function base62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: dropping larger bytes keeps every character equally likely.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

const DUMMY_HASH = Buffer.from(hashKey("cbk_000000000000_" + "0".repeat(40)), "hex");

export async function createKey(db: Queryable, name: string, role: Role): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!name.trim() || name.length > 200) throw new Error("a key needs a name of 1 to 200 characters");
  if (role !== "EDITOR" && role !== "ADMIN") throw new Error("role must be EDITOR or ADMIN");
  const prefix = base62(12);
  const key = `cbk_${prefix}_${base62(40)}`;
  const { rows } = await db.query(
    sql`INSERT INTO api_key (name, role, prefix, key_hash) VALUES (${name}, ${role}, ${prefix}, ${hashKey(key)})
     RETURNING id::text, name, role, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
  );
  return { key, info: rows[0] as ApiKeyInfo };
}

export async function listKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query(
    `SELECT id::text, name, role, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
     FROM api_key ORDER BY created_at, prefix`,
  );
  return rows as ApiKeyInfo[];
}

/** Revokes by id or prefix; returns false when no active key matches. */
export async function revokeKey(db: Queryable, idOrPrefix: string): Promise<boolean> {
  const isUuid = /^[0-9a-f-]{36}$/.test(idOrPrefix);
  const { rowCount } = await db.query(
    sql`UPDATE api_key SET revoked_at = now()
     WHERE revoked_at IS NULL AND ${isUuid ? sql`id = ${idOrPrefix}::uuid` : sql`prefix = ${idOrPrefix}`}`,
  );
  return (rowCount ?? 0) > 0;
}

/** Whether an Authorization header holds something shaped like an API key (no lookup needed to refuse others). */
export function wellFormedKey(header: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match !== null && KEY_FORMAT.test(match[1]!);
}

/** The viewer for an `Authorization` header: anonymous without one; a bad or revoked key is refused. */
export async function authenticate(db: Queryable, header: string | undefined): Promise<Viewer> {
  if (header === undefined || header === "") return { kind: "anonymous" };
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated("the Authorization header must be `Bearer <API key>`");
  const key = match[1]!;
  const parts = KEY_FORMAT.exec(key);
  const presented = Buffer.from(hashKey(key), "hex");
  const { rows } = parts
    ? await db.query<{ id: string; name: string; role: Role; key_hash: string; revoked_at: Date | null }>(
        sql`SELECT id::text, name, role, key_hash, revoked_at FROM api_key WHERE prefix = ${parts[1]}`,
      )
    : { rows: [] };
  const row = rows[0];
  const stored = row ? Buffer.from(row.key_hash, "hex") : DUMMY_HASH;
  const equal = timingSafeEqual(presented, stored);
  if (!row || !equal || row.revoked_at !== null) throw unauthenticated("the API key is not valid");
  // Recorded at most once a minute per key, so reads do not turn into writes.
  void db
    .query(
      sql`UPDATE api_key SET last_used_at = now()
       WHERE id = ${row.id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    )
    .catch(() => undefined);
  return { kind: "key", keyId: row.id, role: row.role, name: row.name };
}

const RANK: Record<Role, number> = { EDITOR: 1, ADMIN: 2 };

/** type-graphql's auth checker: `@Authorized("EDITOR")` admits editors and admins. (An arrow function:
 * type-graphql instantiates a checker that has a prototype, as it would a class.) */
export const authChecker = ({ context }: { context: { viewer: Viewer } }, roles: string[]): boolean => {
  if (roles.length === 0) return true;
  const viewer = context.viewer;
  if (viewer.kind === "anonymous") {
    throw unauthenticated("this operation needs an API key (Authorization: Bearer <key>)");
  }
  const needed = Math.min(...roles.map((role) => RANK[role as Role] ?? Infinity));
  if (RANK[viewer.role] < needed) {
    throw forbidden(`this operation needs the ${roles.join(" or ")} role`);
  }
  return true;
};
