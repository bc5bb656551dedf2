/**
 * A database that cannot answer right now (restarting, unreachable, overloaded, a statement over its
 * time limit, or a write that lost a deadlock or serialization race after its retries) is a retryable
 * 503, not a bug: returns the client message, or null for other errors. Nothing was committed in any
 * of these cases, so "retry" is always true to the caller.
 */
export function databaseUnavailable(error: unknown): string | null {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : "";
  if (code === "57014") return "The query took too long and was cancelled; narrow it or retry";
  if (code === "40P01" || code === "40001") return "The write collided with a concurrent one; retry it";
  if (
    (typeof code === "string" && (/^08/.test(code) || ["57P01", "57P02", "57P03", "53300", "53400"].includes(code))) ||
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"].includes(String(code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return "The database is unavailable right now; retry shortly";
  }
  return null;
}
