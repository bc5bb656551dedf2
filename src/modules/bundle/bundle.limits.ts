import os from "node:os";
import { type ErrorCode, unreachable } from "../../shared/errors";

/**
 * Bounds on imports. Each is an environment setting (docs/operations.md), read when the import route
 * is made (and, for the record size, by `claimbase import` too). They keep one client's upload from
 * taking the process's memory, disk, time or database connections from everyone else.
 */
export interface ImportLimits {
  /** Largest upload `POST /import` accepts, in bytes (IMPORT_MAX_BYTES). */
  maxBytes: number;
  /**
   * Largest piece of input that is parsed at once, in bytes (IMPORT_MAX_RECORD_BYTES): an NDJSON line,
   * an element of a JSON array, bundle section or `@graph`, or a JSON document that is none of those
   * and so is read whole. One setting serves lines and JSON alike because each is one record held in
   * memory while it is parsed; what differs is only how the record is framed.
   */
  maxRecordBytes: number;
  /** An upload that sends nothing for this long is stopped with 408 (IMPORT_IDLE_TIMEOUT_MS). */
  idleTimeoutMs: number;
  /** An upload not complete after this long is stopped with 408 (IMPORT_UPLOAD_TIMEOUT_MS). */
  uploadTimeoutMs: number;
  /** Imports in progress at once in this process, from their first byte to their answer (IMPORT_MAX_CONCURRENT). */
  maxConcurrent: number;
  /**
   * Imports holding a database connection at once (IMPORT_MAX_CONNECTIONS); the others wait their
   * turn with their upload spooled. Never more than the pool's size less one, so reads always have one.
   */
  maxConnections: number;
  /** Where uploads are spooled before they are imported (IMPORT_SPOOL_DIR). */
  spoolDir: string;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 1024 ** 3,
  // A Source's text may be 10,000,000 characters (bundle.writer.ts); in a script of three UTF-8 bytes
  // per character that is 30 MB, so the default holds any record the writer would accept.
  maxRecordBytes: 32 * 1024 * 1024,
  idleTimeoutMs: 15_000,
  uploadTimeoutMs: 10 * 60_000,
  maxConcurrent: 4,
  maxConnections: 2,
  spoolDir: os.tmpdir(),
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const defaults = DEFAULT_IMPORT_LIMITS;
  return {
    maxBytes: positive(env, "IMPORT_MAX_BYTES", defaults.maxBytes),
    maxRecordBytes: positive(env, "IMPORT_MAX_RECORD_BYTES", defaults.maxRecordBytes),
    idleTimeoutMs: positive(env, "IMPORT_IDLE_TIMEOUT_MS", defaults.idleTimeoutMs),
    uploadTimeoutMs: positive(env, "IMPORT_UPLOAD_TIMEOUT_MS", defaults.uploadTimeoutMs),
    maxConcurrent: positive(env, "IMPORT_MAX_CONCURRENT", defaults.maxConcurrent),
    maxConnections: positive(env, "IMPORT_MAX_CONNECTIONS", defaults.maxConnections),
    spoolDir: env.IMPORT_SPOOL_DIR || defaults.spoolDir,
  };
}

/** The coded HTTP answers an import can be refused with instead of a report. */
export type RefusalCode = Extract<ErrorCode, "PAYLOAD_TOO_LARGE" | "REQUEST_TIMEOUT" | "SERVICE_UNAVAILABLE">;

export function refusalStatus(code: RefusalCode): number {
  switch (code) {
    case "PAYLOAD_TOO_LARGE":
      return 413;
    case "REQUEST_TIMEOUT":
      return 408;
    case "SERVICE_UNAVAILABLE":
      return 503;
    default:
      return unreachable(code);
  }
}

/** An import stopped as a whole, not a record rejected: nothing was written. */
export class ImportRefusal extends Error {
  override name = "ImportRefusal";
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export function recordTooLarge(where: string, maxBytes: number): ImportRefusal {
  return new ImportRefusal(
    "PAYLOAD_TOO_LARGE",
    `${where} is larger than ${maxBytes} bytes (IMPORT_MAX_RECORD_BYTES); nothing was written`,
  );
}
