import { createWriteStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { ImportLimits } from "./bundle.limits";

/** How receiving an upload ended. */
export type SpoolOutcome =
  | { kind: "complete"; bytes: number }
  | { kind: "too-large" }
  /** An NDJSON line passed `maxRecordBytes` while it arrived (1-based line number). */
  | { kind: "line-too-large"; line: number }
  /** A JSON string passed `maxRecordBytes` while it arrived (it starts at this byte offset of the upload). */
  | { kind: "string-too-large"; at: number }
  /** Nothing arrived for `idleTimeoutMs`. */
  | { kind: "idle" }
  /** Still arriving after `uploadTimeoutMs`. */
  | { kind: "deadline" }
  /** The client closed the connection first. */
  | { kind: "aborted" };

/**
 * Copies a request body to `file` before anything touches the database, so that a slow or stalled
 * client holds a file and a socket, never a connection or an open transaction. The request is never
 * destroyed here: whatever the outcome, the caller can still answer on its socket.
 */
export function spoolBody(
  req: IncomingMessage,
  file: string,
  limits: Pick<ImportLimits, "maxBytes" | "idleTimeoutMs" | "uploadTimeoutMs"> & { maxRecordBytes?: number },
  /** NDJSON: a line over `maxRecordBytes` stops the upload as it arrives, not after it has all been spooled. */
  ndjson = false,
): Promise<SpoolOutcome> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: "wx" });
    let bytes = 0;
    let line = 1;
    let lineBytes = 0;
    // JSON: inside a string, after a backslash, and the current string's length so far.
    let inString = false;
    let escaped = false;
    let stringBytes = 0;
    let stringStart = 0;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => settle({ kind: "idle" }), limits.idleTimeoutMs);
    };
    const deadline = setTimeout(() => settle({ kind: "deadline" }), limits.uploadTimeoutMs);

    function stop() {
      settled = true;
      clearTimeout(idle);
      clearTimeout(deadline);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAborted);
      req.off("close", onClose);
    }
    function settle(outcome: SpoolOutcome) {
      if (settled) return;
      stop();
      if (outcome.kind === "complete") {
        out.once("finish", () => resolve(outcome));
        out.end();
        return;
      }
      // Stop reading: the answer goes out next, and the connection is closed after it.
      req.pause();
      out.destroy();
      resolve(outcome);
    }
    function onData(chunk: Buffer) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return settle({ kind: "too-large" });
      if (ndjson && limits.maxRecordBytes !== undefined) {
        for (let at = 0; ;) {
          const newline = chunk.indexOf(10, at);
          lineBytes += (newline === -1 ? chunk.length : newline) - at;
          if (lineBytes > limits.maxRecordBytes) return settle({ kind: "line-too-large", line });
          if (newline === -1) break;
          line += 1;
          lineBytes = 0;
          at = newline + 1;
        }
      }
      if (!ndjson && limits.maxRecordBytes !== undefined) {
        // The one record that must not wait for the whole upload to be refused: a single huge string
        // (the parser would have to assemble it). Elements made of many strings are measured when read.
        for (let i = 0; i < chunk.length; i += 1) {
          const byte = chunk[i]!;
          if (!inString) {
            if (byte === 0x22) {
              inString = true;
              stringBytes = 0;
              stringStart = bytes - chunk.length + i;
            }
            continue;
          }
          if (escaped) escaped = false;
          else if (byte === 0x5c) escaped = true;
          else if (byte === 0x22) {
            inString = false;
            continue;
          }
          stringBytes += 1;
          if (stringBytes > limits.maxRecordBytes) {
            return settle({ kind: "string-too-large", at: stringStart });
          }
        }
      }
      armIdle();
      if (!out.write(chunk)) {
        // A slow disk is not a slow client: the idle clock waits while the file catches up.
        req.pause();
        clearTimeout(idle);
        out.once("drain", () => {
          if (settled) return;
          armIdle();
          req.resume();
        });
      }
    }
    function onEnd() {
      settle({ kind: "complete", bytes });
    }
    function onAborted() {
      settle({ kind: "aborted" });
    }
    function onClose() {
      if (!req.complete) settle({ kind: "aborted" });
    }

    // The disk, not the client (full, unwritable): an error for the caller to log.
    out.on("error", (error) => {
      stop();
      reject(error);
    });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAborted);
    req.on("close", onClose);
    armIdle();
  });
}
