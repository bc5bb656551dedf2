export { RecordError } from "../../shared/errors";

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
