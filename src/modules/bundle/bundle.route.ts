import { mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import express, { type Request, type Response, type Router } from "express";
import { GraphQLError } from "graphql";
import type { Commits } from "../../context-types";
import type { Database } from "../../db/database";
import { databaseUnavailable } from "../../db/unavailable";
import { type ErrorCode, sendError } from "../../shared/errors";
import type { Logger } from "../../shared/logger";
import { viewerOf } from "../../limits/http";
import { authenticate } from "../auth";
import { fileRecords, type ImportReport, importRecords } from "./bundle.import";
import { recordValidator } from "./bundle.validate";
import { Slots } from "../../shared/slots";
import { type ImportLimits, ImportRefusal, importLimitsFromEnv, recordTooLarge, refusalStatus } from "./bundle.limits";
import { spoolBody } from "./bundle.spool";

const NDJSON_TYPES = new Set(["application/x-ndjson", "application/ndjson", "application/jsonl"]);
const JSON_TYPES = new Set(["application/json", "application/ld+json"]);

/**
 * Spool folders are named after the process that made them (pid and start time), so that a process
 * starting later can tell those of a process that died (kill -9, a crash) and remove them.
 */
const SPOOL_PREFIX = `claimbase-import-${process.pid}-${Math.round(performance.timeOrigin)}-`;

async function removeStaleSpools(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    const match = /^claimbase-import-(\d+)-(\d+)-/.exec(name);
    if (!match || name.startsWith(SPOOL_PREFIX)) continue;
    const pid = Number(match[1]);
    let alive = pid !== process.pid;
    if (alive) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        alive = (error as { code?: string }).code === "EPERM";
      }
    }
    if (alive) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** How `?dryRun=` may be spelled. */
const DRY_RUN: Record<string, boolean> = { true: true, "1": true, yes: true, false: false, "0": false, no: false };

/**
 * A coded JSON error. Sent before the body has been read, it also closes the connection: Node would
 * otherwise read and discard the rest of the body (a terabyte, if one was declared) to keep the
 * connection alive.
 */
function problem(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
) {
  if (res.headersSent || res.destroyed) return;
  if (!res.req.complete) res.setHeader("Connection", "close");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  sendError(res, status, code, message);
}

/**
 * `POST /import` with an EDITOR key. The body, NDJSON (application/x-ndjson) or JSON
 * (application/json, application/ld+json), is spooled to a temporary file first, within a byte limit,
 * an idle timeout and a deadline; only then does the import take a database connection, so a client
 * that trickles its upload holds a file and a socket, never a transaction. At most `maxConcurrent`
 * uploads are taken at once (503 beyond, without reading the body) and at most `maxConnections` of
 * them hold a connection; the rest wait their turn. `?dryRun=true` reports without writing. `onWrite`
 * runs once an import may have written, before its answer is sent, with the transactions it committed
 * (null: a COMMIT whose outcome is unknown); it may set headers on the answer (server.ts: the primary's
 * LSN, for read-your-writes; the response cache waits for the commits) and must not throw.
 */
export function importRouter(
  db: Database,
  logger: Logger,
  onWrite?: (res: Response, txids: readonly string[] | null) => Promise<void> | void,
  limits: ImportLimits = importLimitsFromEnv(),
): Router {
  const router = express.Router();
  // Compiled now, with the server, rather than by the first import that needs them.
  recordValidator();
  void removeStaleSpools(limits.spoolDir).then(
    (removed) => removed > 0 && logger.info({ removed }, "import: removed spool folders left by a stopped process"),
    (error: unknown) => logger.warn({ err: error }, "import: could not clean old spool folders"),
  );
  const uploads = new Slots(limits.maxConcurrent);
  const poolSize = db.pool.options.max ?? 10;
  const connections = new Slots(Math.max(1, Math.min(limits.maxConnections, poolSize - 1)));

  router.post("/import", async (req: Request, res: Response) => {
    // Authenticated by the access middleware every API route runs first (limits/http.ts); on its own
    // (a test app) the route asks itself, a database outage being a 503 rather than a refused key.
    let viewer = viewerOf(req);
    if (!viewer) {
      try {
        viewer = await authenticate(db.pool, req.headers.authorization);
      } catch (error) {
        const unavailable = databaseUnavailable(error);
        if (unavailable) {
          res.setHeader("Retry-After", "1");
          return problem(res, 503, "SERVICE_UNAVAILABLE", unavailable);
        }
        return problem(
          res,
          401,
          "UNAUTHENTICATED",
          error instanceof GraphQLError ? error.message : "the API key is not valid",
        );
      }
    }
    if (viewer.kind === "anonymous")
      return problem(res, 401, "UNAUTHENTICATED", "importing needs an API key (Authorization: Bearer <key>)");
    // A mistyped dry run must not write for real: `dryRun` is a clear yes or no, given once.
    const rawDryRun = req.query.dryRun;
    const dryRunValue = typeof rawDryRun === "string" ? rawDryRun.trim().toLowerCase() : rawDryRun;
    if (
      dryRunValue !== undefined &&
      !(typeof dryRunValue === "string" && Object.prototype.hasOwnProperty.call(DRY_RUN, dryRunValue))
    ) {
      return problem(res, 400, "BAD_USER_INPUT", "`dryRun` must be given once, as true or false");
    }
    // Any other parameter is refused, not ignored: `?dry-run=true` (the CLI's spelling) imported for real.
    const unknown = Object.keys(req.query).find((key) => key !== "dryRun");
    if (unknown !== undefined) {
      return problem(
        res,
        400,
        "BAD_USER_INPUT",
        `unknown query parameter ${JSON.stringify(unknown.slice(0, 50))}: the only one is \`dryRun\` (true or false)`,
      );
    }
    const dryRun = dryRunValue === undefined ? false : DRY_RUN[dryRunValue as string]!;
    const actor = { keyId: viewer.keyId, label: `key:${viewer.name}` };
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (!NDJSON_TYPES.has(type) && !JSON_TYPES.has(type)) {
      return problem(
        res,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "send application/x-ndjson, application/json or application/ld+json",
      );
    }
    if (Number(req.headers["content-length"]) > limits.maxBytes) {
      return problem(res, 413, "PAYLOAD_TOO_LARGE", `the upload is larger than ${limits.maxBytes} bytes`);
    }
    if (!uploads.tryEnter()) {
      return problem(
        res,
        503,
        "SERVICE_UNAVAILABLE",
        `${limits.maxConcurrent} imports are already in progress; retry shortly`,
        { "Retry-After": "5" },
      );
    }

    let spool: string | undefined;
    let writing = false;
    // The import's committed transactions (bundle.import.ts), for the response cache's read-your-writes.
    const commits: Commits = { txids: [] };
    const started = performance.now();
    try {
      spool = await mkdtemp(path.join(limits.spoolDir, SPOOL_PREFIX));
      const file = path.join(spool, "upload");
      const upload = await spoolBody(req, file, limits, NDJSON_TYPES.has(type));
      switch (upload.kind) {
        case "complete":
          break;
        case "string-too-large":
          return problem(
            res,
            413,
            "PAYLOAD_TOO_LARGE",
            recordTooLarge(`the JSON string at byte ${upload.at}`, limits.maxRecordBytes).message,
          );
        case "line-too-large":
          return problem(
            res,
            413,
            "PAYLOAD_TOO_LARGE",
            recordTooLarge(`line ${upload.line}`, limits.maxRecordBytes).message,
          );
        case "too-large":
          return problem(res, 413, "PAYLOAD_TOO_LARGE", `the upload is larger than ${limits.maxBytes} bytes`);
        case "idle":
          return problem(
            res,
            408,
            "REQUEST_TIMEOUT",
            `no data arrived for ${limits.idleTimeoutMs} ms; the upload was stopped and nothing was written`,
          );
        case "deadline":
          return problem(
            res,
            408,
            "REQUEST_TIMEOUT",
            `the upload took longer than ${limits.uploadTimeoutMs} ms; it was stopped and nothing was written`,
          );
        case "aborted":
          return;
      }

      let report: ImportReport;
      await connections.enter();
      try {
        // The client left while waiting its turn: nobody would read the report.
        if (res.destroyed) return;
        writing = !dryRun;
        const ndjson = NDJSON_TYPES.has(type);
        report = await importRecords(db, () => fileRecords(file, { maxRecordBytes: limits.maxRecordBytes, ndjson }), {
          actor,
          dryRun,
          commits,
        });
      } finally {
        connections.leave();
      }
      // Before the answer leaves: the caller's next read must see what it imported (the response cache).
      if (writing) await onWrite?.(res, commits.txids);
      // The access log says 499 for a client that left meanwhile; what the import did is said here, so that
      // an operator reading "aborted" does not believe nothing was written.
      if (report.applied) {
        logger.info(
          { records: report.records, clientLeft: res.destroyed, durationMs: Math.round(performance.now() - started) },
          "import applied",
        );
      }
      res.status(report.rejected.length > 0 ? 422 : 200).json(report);
    } catch (error) {
      if (writing) await onWrite?.(res, commits.txids);
      if (error instanceof ImportRefusal) return problem(res, refusalStatus(error.code), error.code, error.message);
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        logger.warn(
          { error: (error as Error).message, code: (error as { code?: unknown }).code },
          "import: database unavailable",
        );
        return problem(res, 503, "SERVICE_UNAVAILABLE", unavailable, { "Retry-After": "1" });
      }
      logger.error({ err: error }, "import failed");
      problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    } finally {
      // In the same tick as the answer, before the client can read it: its next upload finds the slot free.
      uploads.leave();
      if (spool) await rm(spool, { recursive: true, force: true });
    }
  });
  return router;
}
