import type pg from "pg";

/**
 * Helpers for the hostile-input and property suites: raw HTTP requests (any body, any headers), the
 * error codes a client may see, checks that no internals leak, and row counts that prove a refused
 * request changed nothing.
 */

/** Every table whose row count a refused request must leave alone. */
export const COUNTED_TABLES = [
  "entity",
  "source",
  "quote",
  "claim",
  "stance",
  "review",
  "revision",
  "api_key",
] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

export async function rowCounts(pool: Pick<pg.Pool, "query">): Promise<RowCounts> {
  const columns = COUNTED_TABLES.map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`).join(", ");
  const { rows } = await pool.query<RowCounts>(`SELECT ${columns}`);
  return rows[0]!;
}

export interface ErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: { data?: any; errors?: ErrorEntry[]; [key: string]: unknown } | undefined;
}

/** One request over real HTTP; the body is sent exactly as given. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Answer["body"];
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** POSTs a GraphQL body (an object is JSON-encoded, a string or Buffer goes as it is). */
export function postGraphQL(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
  path = "/graphql",
): Promise<Answer> {
  const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return send(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: payload as RequestInit["body"],
  });
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export function codesOf(answer: Pick<Answer, "body">): string[] {
  return (answer.body?.errors ?? []).map((error) => String(error.extensions?.code));
}

/** The codes a client may be given for a mistake of its own (never INTERNAL_SERVER_ERROR). */
export const CLIENT_ERROR_CODES = new Set([
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "QUERY_TOO_COMPLEX",
  "QUERY_TOO_COSTLY",
]);

/**
 * What would betray internals in an error message: SQL, PostgreSQL's own wording, file paths, stack
 * frames. Quoted text is dropped first, because GraphQL's messages quote the client's own values and
 * field names back (a filter string "SELECT ..." is not a leak).
 */
export function leakIn(message: string): string | null {
  const unquoted = message.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const patterns: [string, RegExp][] = [
    ["SQL", /\bSELECT\b|\bINSERT INTO\b|\bUPDATE\s+\w+\s+SET\b/],
    [
      "PostgreSQL error",
      /\brelation\b|\bcolumn\b.*\bdoes not exist|syntax error at or near|invalid byte sequence|violates \w+ constraint/i,
    ],
    ["file path", /(?:\/[\w.@-]+){2,}\.(?:ts|js|mjs|cjs)\b|node_modules|\/work\//],
    ["stack frame", /(?:^|\n)\s*at\s|\bat\s+[\w.<>$]+\s+\(/],
  ];
  for (const [what, pattern] of patterns) if (pattern.test(unquoted)) return `${what} in ${JSON.stringify(message)}`;
  return null;
}

/** Every message of the answer, checked for leaks; returns the leaks found. */
export function leaksOf(answer: Pick<Answer, "body" | "text">): string[] {
  const messages = answer.body?.errors?.map((error) => error.message) ?? [answer.text];
  return messages.map(leakIn).filter((leak): leak is string => leak !== null);
}

/** Base64url of JSON: how the service encodes cursors, so tests can forge them. */
export function forgeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** A global ID as the service spells them ("<Type>:<uuid>" in base64url), valid or not. */
export function forgeId(raw: string): string {
  return Buffer.from(raw, "utf8").toString("base64url");
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
