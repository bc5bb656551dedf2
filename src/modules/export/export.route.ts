import { viewerOf } from "../../limits/http";
import express, { type Request, type Response, type Router } from "express";
import { GraphQLError } from "graphql";
import type { Database } from "../../db/database";
import { LSN_HEADER, READ_FROM_HEADER, type ReadRoute, type ReadRouter } from "../../db/replicas";
import { databaseUnavailable } from "../../db/unavailable";
import { clientIp } from "../../http/lane";
import { checkedLsn } from "../../http/read-routing";
import { type ErrorCode, sendError } from "../../shared/errors";
import type { Logger } from "../../shared/logger";
import { type ExportPlan, prepareExport, runExport } from "./export.service";
import {
  CONTENT_TYPES,
  type CsvFlavor,
  type CsvLists,
  type CsvOptions,
  ExportAborted,
  type ExportFormat,
  ExportStalled,
  type ExportType,
  UnsupportedExport,
} from "./export.types";

export interface ExportRouteOptions {
  /** Leave GraphQL's "Did you mean …?" suggestions out of messages, as /graphql does in production. */
  production?: boolean;
  /** Exports streaming at once in this process; each holds a pool connection. EXPORT_MAX_CONCURRENT, 4. */
  maxConcurrent?: number;
  /** Exports streaming at once for one caller (an API key, else a client IP). EXPORT_MAX_PER_CLIENT, 2. */
  maxPerClient?: number;
  /**
   * An export whose client takes no bytes for this long is abandoned. EXPORT_STALL_TIMEOUT_MS, 30 s:
   * well under the database's idle-in-transaction timeout (60 s), so the export ends cleanly first.
   */
  stallTimeoutMs?: number;
  /**
   * Read replicas (db/replicas.ts): an export reads where a GraphQL query would, honouring the
   * client's X-Claimbase-LSN, and says where in X-Claimbase-Read-From. Absent: everything on `db`.
   */
  reads?: ReadRouter;
}

/** Seconds a refused client is asked to wait: slots free up as exports finish. */
const RETRY_SLOT = 5;
/** The same as /graphql asks for when the database cannot answer. */
const RETRY_DATABASE = 1;

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The CSV options as query parameters (docs/export-format.md, "CSV options"). */
const CSV_PARAMETERS = ["flavor", "bom", "escapeFormulas", "lists"];
const PARAMETERS = ["filter", ...CSV_PARAMETERS];

class BadFlag extends Error {}

/** A `true`/`false` query parameter; absent: undefined. */
function flag(query: Record<string, string | undefined>, name: string): boolean | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new BadFlag(`\`${name}\` is true or false, not ${JSON.stringify(raw.slice(0, 20))}`);
}

/** GraphQL's suggestions name schema fields and enum values ("Did you mean "text"?"). */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, "");
}

/** Who an export slot is counted against: an API key, or the client's address without one. */
function callerKey(req: Request): string {
  const viewer = viewerOf(req);
  if (viewer?.kind === "key" && viewer.keyId) return `key:${viewer.keyId}`;
  return `ip:${clientIp(req)}`;
}

/**
 * `GET /export/<type>.<format>[?filter=<URL-encoded JSON>]`: public, streamed. The request is checked
 * and its filter compiled before the first byte, so every client mistake is a coded 400 or 404 JSON
 * answer, and a database that cannot serve it (no connection, a failing first batch) a 503; once
 * streaming has begun a failure is logged and the response destroyed (the client sees a truncated
 * transfer, never internals). A client that disconnects stops the reads; one that stops reading is
 * abandoned after the stall deadline. HEAD answers the headers without running the export.
 *
 * With read replicas, an export whose replica turns out unreachable (killed since its last check)
 * marks it down and, as long as nothing has been sent, starts over on a new route (another replica,
 * or the primary): the client sees no error.
 */
export function exportRouter(db: Database, logger: Logger, options: ExportRouteOptions = {}): Router {
  const production = options.production ?? false;
  const maxConcurrent = options.maxConcurrent ?? setting("EXPORT_MAX_CONCURRENT", 4);
  const maxPerClient = options.maxPerClient ?? setting("EXPORT_MAX_PER_CLIENT", 2);
  const stallTimeoutMs = options.stallTimeoutMs ?? setting("EXPORT_STALL_TIMEOUT_MS", 30_000);
  const reads = options.reads;
  const router = express.Router();
  let running = 0;
  const perCaller = new Map<string, number>();

  const problem = (res: Response, status: number, code: ErrorCode, message: string, retryAfter?: number) => {
    if (retryAfter !== undefined) res.setHeader("Retry-After", String(retryAfter));
    const extensions = code === "RATE_LIMITED" ? { retryAfter } : {};
    sendError(res, status, code, production ? withoutSuggestions(message) : message, extensions);
  };

  const release = (caller: string) => {
    running -= 1;
    const left = (perCaller.get(caller) ?? 1) - 1;
    if (left > 0) perCaller.set(caller, left);
    else perCaller.delete(caller);
  };

  router.get("/export/:type.:format", async (req: Request, res: Response) => {
    const { type, format } = req.params as { type: string; format: string };
    let plan: ExportPlan;
    /** The client's last write (X-Claimbase-LSN), with read replicas: read nothing older. */
    let minLsn: bigint | null = null;
    try {
      // Anything else is refused: `?filter[kind][equals]=X` (how qs and axios spell an object) arrives
      // as other keys, and ignoring them exported the whole table as if unfiltered.
      const unknown = Object.keys(req.query).filter((key) => !PARAMETERS.includes(key));
      if (unknown.length > 0) {
        return problem(
          res,
          400,
          "BAD_USER_INPUT",
          `unknown query parameter ${JSON.stringify(unknown[0]!.slice(0, 50))}: they are \`filter\` (URL-encoded JSON) and, for CSV, ${CSV_PARAMETERS.map((p) => `\`${p}\``).join(", ")}`,
        );
      }
      const once = Object.keys(req.query).find((key) => typeof req.query[key] !== "string");
      if (once !== undefined) {
        return problem(
          res,
          400,
          "BAD_USER_INPUT",
          `pass \`${once}\` once${once === "filter" ? ", as URL-encoded JSON" : ""}`,
        );
      }
      // A BAD_USER_INPUT GraphQLError (400) when it is not an LSN, as on /graphql.
      if (reads) minLsn = await checkedLsn(reads, req.get(LSN_HEADER));
      const query = req.query as Record<string, string | undefined>;
      let filter: unknown;
      const raw = query.filter;
      if (raw !== undefined) {
        try {
          filter = JSON.parse(raw);
        } catch {
          return problem(res, 400, "BAD_USER_INPUT", "`filter` is not valid JSON");
        }
      }
      const csv: Partial<CsvOptions> = {
        flavor: query.flavor as CsvFlavor | undefined,
        bom: flag(query, "bom"),
        escapeFormulas: flag(query, "escapeFormulas"),
        lists: query.lists as CsvLists | undefined,
      };
      // prepareExport checks the type and format too (UnsupportedExport: 404).
      plan = prepareExport(
        { type: type as ExportType, format: format as ExportFormat, filter, csv },
        { hideSuggestions: production },
      );
    } catch (error) {
      if (error instanceof BadFlag) return problem(res, 400, "BAD_USER_INPUT", error.message);
      if (error instanceof UnsupportedExport) return problem(res, 404, "NOT_FOUND", error.message);
      if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") {
        return problem(res, 400, "BAD_USER_INPUT", error.message);
      }
      logger.error({ err: error }, "export request failed");
      return problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    }

    const start = () => {
      res.status(200);
      res.setHeader("Content-Type", CONTENT_TYPES[plan.format]);
      res.setHeader("Content-Disposition", `attachment; filename="claimbase-${plan.type}.${plan.format}"`);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
    };
    // Express answers HEAD with the GET route; the body would be thrown away, so read nothing.
    if (req.method === "HEAD") {
      start();
      res.end();
      return;
    }

    const caller = callerKey(req);
    if ((perCaller.get(caller) ?? 0) >= maxPerClient) {
      return problem(
        res,
        429,
        "RATE_LIMITED",
        `${maxPerClient} of your exports are running; retry when one has finished`,
        RETRY_SLOT,
      );
    }
    if (running >= maxConcurrent) {
      return problem(res, 503, "SERVICE_UNAVAILABLE", "too many exports are running; retry shortly", RETRY_SLOT);
    }
    running += 1;
    perCaller.set(caller, (perCaller.get(caller) ?? 0) + 1);
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const started = performance.now();
    const about = { type: plan.type, format: plan.format };
    try {
      let route: ReadRoute | undefined = reads ? await reads.route(minLsn) : undefined;
      let records: number;
      for (let attempt = 1; ; attempt += 1) {
        const on = route;
        try {
          ({ records } = await runExport(on ? { pool: on.pool, close: async () => undefined } : db, plan, res, {
            signal: aborted.signal,
            stallTimeoutMs,
            onStart: () => {
              start();
              if (on) {
                res.setHeader(READ_FROM_HEADER, on.target.kind);
                reads!.exported(on.target);
              }
            },
          }));
          break;
        } catch (error) {
          // `failed` marks an unreachable replica down in any case; the export starts over only while
          // nothing has gone out (a second beginning after streamed bytes would corrupt the file) and a
          // few times at most (each retry leaves one replica out).
          const retry = on !== undefined && reads!.failed(on, error, "an export failed");
          if (!retry || res.headersSent || aborted.signal.aborted || attempt > 3) throw error;
          logger.warn(
            { ...about, error: (error as Error).message },
            "export's replica failed; starting over elsewhere",
          );
          route = await reads!.route(minLsn);
        }
      }
      res.end();
      logger.info({ ...about, records, durationMs: Math.round(performance.now() - started) }, "export");
    } catch (error) {
      if (error instanceof ExportAborted) {
        logger.info(about, "export stopped: the client went away");
        return;
      }
      if (error instanceof ExportStalled) {
        logger.warn({ ...about, stallTimeoutMs }, "export abandoned: the client stopped reading");
        res.destroy();
        return;
      }
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        logger.warn({ ...about, error: (error as Error).message }, "database unavailable");
      } else {
        logger.error({ ...about, err: error }, "export failed");
      }
      if (res.headersSent) res.destroy();
      else if (unavailable) problem(res, 503, "SERVICE_UNAVAILABLE", unavailable, RETRY_DATABASE);
      else problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    } finally {
      release(caller);
    }
  });

  return router;
}
