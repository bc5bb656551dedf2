import express, { type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import type { PersistedQuerySettings } from "../../config";
import type { Database } from "../../db/database";
import { databaseUnavailable } from "../../db/unavailable";
import { viewerOf } from "../../limits/http";
import { sendError } from "../../shared/errors";
import type { Logger } from "../../shared/logger";
import { checkCandidates, manifestCandidates, trustedEntries } from "./documents.service";
import { addTrustedDocuments } from "./documents.store";

/** Largest manifest `POST /documents` reads: a big app's operations, far past one GraphQL request. */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/**
 * `POST /documents`, for ADMIN keys: registers a manifest `{ "<sha256>": "<document>" }` as trusted
 * documents, what `claimbase documents add` does, for release pipelines that reach the service but not
 * its database. All or nothing: one bad document and nothing is registered (400 BAD_USER_INPUT, every
 * problem in `extensions.problems`). Answers `{ added, promoted, unchanged }`: hashes by what happened.
 * The access middleware (rate limit, key) runs first; no CORS, as for /import: no web page should
 * hold an ADMIN key.
 */
export function documentsRouter(
  db: Database,
  logger: Logger,
  settings: PersistedQuerySettings,
  schema: () => GraphQLSchema,
): express.Router {
  return express.Router().post(
    "/documents",
    (req: Request, res: Response, next) => {
      const viewer = viewerOf(req);
      if (!viewer || viewer.kind === "anonymous")
        return sendError(
          res,
          401,
          "UNAUTHENTICATED",
          "registering documents needs an ADMIN key (Authorization: Bearer <key>)",
        );
      if (viewer.role !== "ADMIN") return sendError(res, 403, "FORBIDDEN", "registering documents needs an ADMIN key");
      next();
    },
    express.json({ limit: MAX_MANIFEST_BYTES, type: () => true }),
    async (req: Request, res: Response) => {
      let problems: string[];
      let candidates;
      try {
        candidates = manifestCandidates(req.body, "manifest");
        problems = checkCandidates(candidates, schema(), settings.maxBytes);
      } catch (error) {
        return sendError(res, 400, "BAD_USER_INPUT", (error as Error).message);
      }
      if (candidates.length === 0) return sendError(res, 400, "BAD_USER_INPUT", "the manifest holds no document");
      if (problems.length > 0) {
        return sendError(res, 400, "BAD_USER_INPUT", `nothing was registered: ${problems.length} bad document(s)`, {
          problems: problems.slice(0, 100),
        });
      }
      try {
        const report = await addTrustedDocuments(db.pool, trustedEntries(candidates));
        logger.info(
          { added: report.added.length, promoted: report.promoted.length, unchanged: report.unchanged.length },
          "trusted documents registered",
        );
        res.json(report);
      } catch (error) {
        const unavailable = databaseUnavailable(error);
        if (!unavailable) throw error;
        res.setHeader("Retry-After", "1");
        sendError(res, 503, "SERVICE_UNAVAILABLE", unavailable);
      }
    },
  );
}
