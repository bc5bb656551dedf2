import type { ServerResponse } from "node:http";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { sendJson } from "../http/lane";

/**
 * The error model (docs/api.md, "Errors"). Two public channels, each with one closed list of codes:
 *
 * - `errors[].extensions.code` (ERROR_CODES): what the client developer must fix, or a refusal of the
 *   whole request. Built here only: GraphQL errors by the factories below, plain HTTP answers by
 *   `sendError`. Anything uncoded is a bug: logged whole, answered INTERNAL_SERVER_ERROR (server.ts).
 * - `userErrors { field code message }` on mutation payloads and `rejected[].code` of imports
 *   (USER_ERROR_CODES): what the user can fix in the data; nothing was written.
 *
 * The descriptions are published: `npm run schema` writes them into schema.graphql (the Query type's
 * description and the UserErrorCode enum) and into docs/api.md's tables.
 */

/** Every `extensions.code` the service sends, with what it means (markdown). */
export const ERROR_CODES = {
  BAD_USER_INPUT:
    "An argument you can fix: page size, cursor (a cursor works only with the list, ordering and search it came from), ID of the wrong type, filter string too long (`extensions.argument` names it), a value the database cannot hold (a date past year 9999); JSON nested over 64 levels, or a bad query parameter on `/import` or `/export` (HTTP 400).",
  GRAPHQL_PARSE_FAILED: "The document is not valid GraphQL (a syntax error).",
  GRAPHQL_VALIDATION_FAILED: "The document is not valid for this schema (unknown field, bad enum value).",
  OPERATION_RESOLUTION_FAILURE:
    "`operationName` names no operation of the document, or a document of several operations was sent without one (HTTP 400).",
  PERSISTED_QUERY_NOT_FOUND:
    "Persisted queries: no replica knows the hash in `extensions.persistedQuery`; send the query text with it (it is then stored for every replica), or register it as a trusted document.",
  DOCUMENT_NOT_TRUSTED:
    'HTTP 400: the server runs registered operations only (`TRUSTED_DOCUMENTS=only`) and this document is not one; an operator registers it with `claimbase documents add` (docs/api.md, "Persisted queries").',
  QUERY_TOO_COMPLEX:
    "The document is too deep, or has too many aliases, directives or tokens (limits in docs/operations.md).",
  QUERY_TOO_COSTLY:
    "The query could return more objects than allowed (page sizes multiplied along nesting; an API key raises the limit); `extensions.cost` and `extensions.limit` say by how much.",
  UNAUTHENTICATED:
    "A mutation, an import or `POST /documents` without an API key, or a wrong or revoked key on any request (HTTP 401 for a bad key).",
  FORBIDDEN: "The API key's role is too small for the operation.",
  NOT_FOUND: "No such route (HTTP 404), or an export of an unknown type or format.",
  BAD_REQUEST:
    "HTTP 400: a malformed JSON body, a body that is not UTF-8, or a GET query without a preflight header (CSRF protection).",
  PAYLOAD_TOO_LARGE:
    "HTTP 413: a request body over 1 MB on `/graphql` (a larger declared `Content-Length` is refused before it is read); on `POST /import`, an upload over `IMPORT_MAX_BYTES` or a record over `IMPORT_MAX_RECORD_BYTES`.",
  REQUEST_TIMEOUT:
    "HTTP 408: the request body did not arrive in time: on `/graphql` within `REQUEST_TIMEOUT_MS`; on `POST /import`, the upload stalled (`IMPORT_IDLE_TIMEOUT_MS`) or took too long (`IMPORT_UPLOAD_TIMEOUT_MS`). The connection is closed.",
  UNSUPPORTED_MEDIA_TYPE:
    "HTTP 415: a body in another charset than UTF-8 (or an unknown content encoding) on `/graphql`; on `POST /import`, a content type other than NDJSON or JSON.",
  RATE_LIMITED:
    "HTTP 429: too many requests from this IP or key, or too many exports at once for one caller; see `Retry-After` (also in `extensions.retryAfter`) and `X-RateLimit-*`.",
  TIMEOUT: "HTTP 503: the request took longer than `REQUEST_TIMEOUT_MS`; retry (`Retry-After`).",
  SERVICE_UNAVAILABLE:
    "The database cannot answer right now, a write collided with a concurrent one, too many large answers are on their way to clients, or too many imports or exports are running (HTTP 503 with `Retry-After`): nothing was written; retry.",
  RESPONSE_TOO_LARGE:
    "The answer would exceed `RESPONSE_MAX_BYTES` (32 MiB): ask for fewer or smaller fields (e.g. `Source.text`) or smaller pages; `data` is null.",
  INTERNAL_SERVER_ERROR: "A fault on our side; logged in full, returned without details.",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Every code of a mutation's `userErrors` and of an import's rejected records, with what it means.
 * Imports and mutations share one writer (bundle.writer.ts), whose RecordError carries these codes.
 */
export const USER_ERROR_CODES = {
  INVALID:
    "A value has the wrong form (enum, slug, date, URL, an ID of the wrong type), or the database refused it (its rule is named); in imports also JSON that is malformed or not valid UTF-8, or a `@graph` entry that is not an object.",
  REQUIRED: "A required field is missing or empty.",
  UNKNOWN_REFERENCE: "A slug, source or claim reference matches nothing stored (or earlier in the import).",
  TAKEN: "The natural key (a slug, a source's URL) belongs to another object.",
  STALE_VERSION: "The object changed since the `version` you saw; read it again and reapply your change.",
  NOT_FOUND: "No current object has this ID.",
  QUOTE_NOT_FOUND: "`exact` is not in the source's text.",
  QUOTE_AMBIGUOUS: "`exact` occurs more than once in the source's text: give `prefix` or `suffix`.",
  CONFLICT: "The object is being changed by another write at this moment; retry.",
  ALREADY_DECIDED:
    "The suggestion was already accepted or rejected (by another person, or by an earlier request): read it again.",
  SPEAKER_MISSING:
    "An attribution rule is broken: a claimant speaks in none of the claim's appearances, the entity holding a stance in none of its evidence, no member of the viewpoint holding a stance in its evidence, or a viewpoint member in none of its membership evidence. The message names who, and the evidence to give: a quote whose `speakers` include them.",
  ATTRIBUTION_CONFLICT:
    "The passage is already stored with other speakers, attribution or cue (the message says what is stored): a quote is one passage with one attribution. Give the same, or leave them out; an UNATTRIBUTED quote may be given its attribution once.",
  SPEAKER_NOT_AUTHOR:
    "Attribution AUTHOR (the source's own voice) names a speaker who is neither one of the source's authors nor its publisher.",
  ADDRESS_NOT_ALLOWED:
    "Webhooks: the URL's host resolves to a private, loopback, link-local, reserved or cloud-metadata address (127.0.0.1, 10.x, 169.254.169.254, ::1, ...), which outbound requests never reach unless the operator allows the host in `WEBHOOK_ALLOW_HOSTS`.",
  EMPTY:
    "Imports only: the input holds no record at all (it is empty, or has only blank lines, a bundle header, or `@graph` nodes that are not ClaimReviews).",
} as const satisfies Record<string, string>;

export type UserErrorCode = keyof typeof USER_ERROR_CODES;

/** `UserErrorCode` as an enum object (`UserErrorCode.TAKEN === "TAKEN"`), for type-graphql's registerEnumType. */
export const UserErrorCode = Object.fromEntries(Object.keys(USER_ERROR_CODES).map((code) => [code, code])) as {
  readonly [Code in UserErrorCode]: Code;
};

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** For the `default` of an exhaustive switch: a new member of the union makes the switch a type error. */
export function unreachable(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/**
 * Whether formatError (server.ts) sends an error with this code to the client as it is. Every code
 * here is written for clients; an INTERNAL_SERVER_ERROR, like an error without a known code, is a
 * fault: it is logged and its message replaced.
 */
export function isClientError(code: ErrorCode): boolean {
  switch (code) {
    case "BAD_USER_INPUT":
    case "GRAPHQL_PARSE_FAILED":
    case "GRAPHQL_VALIDATION_FAILED":
    case "OPERATION_RESOLUTION_FAILURE":
    case "PERSISTED_QUERY_NOT_FOUND":
    case "DOCUMENT_NOT_TRUSTED":
    case "QUERY_TOO_COMPLEX":
    case "QUERY_TOO_COSTLY":
    case "UNAUTHENTICATED":
    case "FORBIDDEN":
    case "NOT_FOUND":
    case "BAD_REQUEST":
    case "PAYLOAD_TOO_LARGE":
    case "REQUEST_TIMEOUT":
    case "UNSUPPORTED_MEDIA_TYPE":
    case "RATE_LIMITED":
    case "TIMEOUT":
    case "SERVICE_UNAVAILABLE":
    case "RESPONSE_TOO_LARGE":
      return true;
    case "INTERNAL_SERVER_ERROR":
      return false;
    default:
      return unreachable(code);
  }
}

// GraphQL errors, thrown from resolvers, services and plugins.

/** A coded GraphQL error; `extensions` follow the code (Apollo strips `http` before the answer leaves). */
export function codedError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** A problem the client developer can fix; its message is safe to show (`argument` names the argument). */
export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return codedError("BAD_USER_INPUT", message, extensions);
}

/** No API key where one is needed, or a bad one: HTTP 401. */
export function unauthenticated(message: string): GraphQLError {
  return codedError("UNAUTHENTICATED", message, { http: { status: 401 } });
}

/** The API key's role is too small. */
export function forbidden(message: string): GraphQLError {
  return codedError("FORBIDDEN", message);
}

/** The database cannot answer now: HTTP 503 with Retry-After. */
export function serviceUnavailable(message: string, retryAfterSeconds = 1): GraphQLError {
  return codedError("SERVICE_UNAVAILABLE", message, {
    http: { status: 503, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });
}

/**
 * An error as it appears in an answer's `errors` (already formatted): for plugins that replace an
 * answer, formatError, and plain HTTP answers. `at` carries `locations` and `path` when it has them.
 */
export function formattedError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  at: Pick<GraphQLFormattedError, "locations" | "path"> = {},
): GraphQLFormattedError {
  return { message, ...at, extensions: { code, ...extensions } };
}

// userErrors, returned in mutation payloads.

/** One entry of a payload's `userErrors` (the UserError GraphQL type). */
export interface UserErrorEntry {
  field: string[];
  code: UserErrorCode;
  message: string;
}

export function userError(code: UserErrorCode, field: string[], message: string): UserErrorEntry {
  return { field, code, message };
}

// Plain HTTP answers (/import, /export, the limits before /graphql, 404s).

/**
 * Answers `{"errors":[{"message","extensions":{"code",...extensions}}]}` with `status`, as JSON with
 * its length (the body of a GraphQL error answer, so clients read one shape everywhere). Headers such
 * as Retry-After are the caller's, set before.
 */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  sendJson(res, status, { errors: [formattedError(code, message, extensions)] });
}

/**
 * Why a record (or a mutation's input) cannot be applied; `path` is its JSON pointer or input field.
 * Imports and mutations share the writers, so its codes are the public UserErrorCode list: a rejected
 * record's `code` and a userError's `code` mean the same thing.
 */
export class RecordError extends Error {
  override name = "RecordError";
  constructor(
    readonly path: string,
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** PostgreSQL error codes for rule violations the database enforces. */
export function isConstraintViolation(error: unknown): error is { code: string; constraint?: string; message: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^23\d{3}$/.test(code);
}

/**
 * PostgreSQL's data exceptions (class 22: a date out of its range, a malformed number or JSON value):
 * the input's fault, whatever check let it through, so a userError or a rejected record, never a 500.
 */
export function isDataException(error: unknown): error is { code: string; message: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}
