import { UserInputError } from "./errors";

/**
 * Keyset cursors: base64url JSON of the ordering's name and the key values of the row, so a cursor
 * from one ordering or list can never be replayed against another (it is rejected, not misread).
 */
export type CursorValue = string | number | null;

export interface CursorPayload {
  ordering: string;
  values: CursorValue[];
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify([payload.ordering, ...payload.values]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, ordering: string, arity: number, argument: string): CursorValue[] {
  const invalid = () => new UserInputError(`\`${argument}\` is not a valid cursor for this list`, { argument });
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== arity + 1 || parsed[0] !== ordering) throw invalid();
  const values = parsed.slice(1) as unknown[];
  for (const value of values) {
    const ok =
      value === null ||
      (typeof value === "string" && value.length <= 500) ||
      (typeof value === "number" && Number.isSafeInteger(value));
    if (!ok) throw invalid();
  }
  return values as CursorValue[];
}
