import { badInput } from "./errors";

/**
 * Keyset cursors: base64url JSON of the ordering's name and the key values of the row, so a cursor
 * from one ordering or list can never be replayed against another (it is rejected, not misread).
 */
export type CursorValue = string | number | boolean | null;

export interface CursorPayload {
  ordering: string;
  values: CursorValue[];
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify([payload.ordering, ...payload.values]), "utf8").toString("base64url");
}

/** What a key's value must look like, so a forged cursor is refused before it reaches SQL. */
export type CursorValueType = "int" | "float" | "text" | "datetime" | "bool" | { enum: readonly string[] };

const INT4 = 2_147_483_647;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function valueFits(value: unknown, type: CursorValueType, nullable: boolean): boolean {
  if (value === null) return nullable;
  if (typeof type === "object") return typeof value === "string" && type.enum.includes(value);
  switch (type) {
    case "int":
      return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= INT4;
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "bool":
      return typeof value === "boolean";
    case "text":
      return typeof value === "string" && value.length <= 1000 && !value.includes("\u0000");
    case "datetime":
      return typeof value === "string" && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value));
  }
}

export interface CursorKeyType {
  type: CursorValueType;
  nullable?: boolean;
}

export function decodeCursor(cursor: string, ordering: string, keys: CursorKeyType[], argument: string): CursorValue[] {
  const invalid = () => badInput(`\`${argument}\` is not a valid cursor for this list`, { argument });
  if (cursor.length > 4000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length + 1 || parsed[0] !== ordering) throw invalid();
  const values = parsed.slice(1) as unknown[];
  values.forEach((value, i) => {
    if (!valueFits(value, keys[i]!.type, keys[i]!.nullable === true)) throw invalid();
  });
  return values as CursorValue[];
}
