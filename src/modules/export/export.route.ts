import express, { type Request, type Response, type Router } from "express";
import { GraphQLError } from "graphql";
import type { Database } from "../../db/database";
import type { Logger } from "../../shared/logger";
import { type ExportPlan, prepareExport, runExport } from "./export.service";
import { CONTENT_TYPES, ExportAborted, type ExportFormat, type ExportType, UnsupportedExport } from "./export.types";

/** Exports streaming at once per process (EXPORT_MAX_CONCURRENT); each holds a database connection. */
const MAX_CONCURRENT = Math.max(1, Number(process.env.EXPORT_MAX_CONCURRENT ?? 4) || 4);

function problem(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * `GET /export/<type>.<format>[?filter=<URL-encoded JSON>]`: public, streamed. The request is checked
 * and its filter compiled before the first byte, so every client mistake is a coded 400 or 404 JSON
 * answer; once streaming has begun a failure is logged and the response destroyed (the client sees a
 * truncated transfer, never internals). A client that disconnects stops the reads.
 */
export function exportRouter(db: Database, logger: Logger): Router {
  const router = express.Router();
  let running = 0;

  router.get("/export/:type.:format", async (req: Request, res: Response) => {
    const { type, format } = req.params as { type: string; format: string };
    let plan: ExportPlan;
    try {
      let filter: unknown;
      const raw = req.query.filter;
      if (raw !== undefined) {
        if (typeof raw !== "string") {
          return problem(res, 400, "BAD_USER_INPUT", "pass `filter` once, as URL-encoded JSON");
        }
        try {
          filter = JSON.parse(raw);
        } catch {
          return problem(res, 400, "BAD_USER_INPUT", "`filter` is not valid JSON");
        }
      }
      // prepareExport checks the type and format too (UnsupportedExport: 404).
      plan = prepareExport({ type: type as ExportType, format: format as ExportFormat, filter });
    } catch (error) {
      if (error instanceof UnsupportedExport) return problem(res, 404, "NOT_FOUND", error.message);
      if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") {
        return problem(res, 400, "BAD_USER_INPUT", error.message);
      }
      logger.error({ err: error }, "export request failed");
      return problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    }

    if (running >= MAX_CONCURRENT) {
      res.setHeader("Retry-After", "5");
      return problem(res, 503, "SERVICE_UNAVAILABLE", "too many exports are running; retry shortly");
    }
    running += 1;
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const started = performance.now();
    res.status(200);
    res.setHeader("Content-Type", CONTENT_TYPES[plan.format]);
    res.setHeader("Content-Disposition", `attachment; filename="claimbase-${plan.type}.${plan.format}"`);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    try {
      const { records } = await runExport(db, plan, res, { signal: aborted.signal });
      res.end();
      logger.info(
        { type: plan.type, format: plan.format, records, durationMs: Math.round(performance.now() - started) },
        "export",
      );
    } catch (error) {
      if (error instanceof ExportAborted) {
        logger.info({ type: plan.type, format: plan.format }, "export stopped: the client went away");
        return;
      }
      logger.error({ err: error, type: plan.type, format: plan.format }, "export failed");
      if (!res.headersSent) problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
      else res.destroy();
    } finally {
      running -= 1;
    }
  });

  return router;
}
