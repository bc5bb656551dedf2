import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import express, { type Request, type Response, type Router } from "express";
import { GraphQLError } from "graphql";
import type { Database } from "../../db/database";
import type { Logger } from "../../shared/logger";
import { authenticate } from "../auth";
import { importFile, importRecords, ndjsonRecords } from "./bundle.import";

/** Largest upload `POST /import` accepts (IMPORT_MAX_BYTES; default 1 GiB). */
const MAX_BYTES = Number(process.env.IMPORT_MAX_BYTES ?? 1024 ** 3);

class TooLarge extends Error {}

/** Counts bytes as they stream through and stops the upload past the limit. */
function limit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new TooLarge());
      else done(null, chunk);
    },
  });
}

function problem(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * `POST /import` with an EDITOR key: NDJSON bodies (application/x-ndjson) are imported as they stream
 * in; JSON bodies (application/json, application/ld+json) are spooled to a temporary file and read
 * from there with the streaming JSON reader. `?dryRun=true` reports without writing. `onWrite` runs once
 * an import has written (or failed part way), before its answer is sent.
 */
export function importRouter(db: Database, logger: Logger, onWrite?: () => void): Router {
  const router = express.Router();
  router.post("/import", async (req: Request, res: Response) => {
    let viewer;
    try {
      viewer = await authenticate(db.pool, req.headers.authorization);
    } catch (error) {
      return problem(
        res,
        401,
        "UNAUTHENTICATED",
        error instanceof GraphQLError ? error.message : "the API key is not valid",
      );
    }
    if (viewer.kind === "anonymous")
      return problem(res, 401, "UNAUTHENTICATED", "importing needs an API key (Authorization: Bearer <key>)");
    const dryRun = req.query.dryRun === "true" || req.query.dryRun === "1";
    const actor = { keyId: viewer.keyId, label: `key:${viewer.name}` };
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    let spool: string | undefined;
    try {
      let report;
      if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
        const body = req.pipe(limit(MAX_BYTES));
        const failed = new Promise<never>((_resolve, reject) => body.on("error", reject));
        report = await Promise.race([importRecords(db, ndjsonRecords(body), { actor, dryRun }), failed]);
      } else if (type === "application/json" || type === "application/ld+json") {
        spool = await mkdtemp(path.join(os.tmpdir(), "claimbase-import-"));
        const file = path.join(spool, "upload.json");
        await pipeline(req, limit(MAX_BYTES), createWriteStream(file));
        report = await importFile(db, file, { actor, dryRun });
      } else {
        return problem(
          res,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "send application/x-ndjson, application/json or application/ld+json",
        );
      }
      // Before the answer leaves: the caller's next read must see what it imported (the response cache).
      if (!dryRun) onWrite?.();
      res.status(report.rejected.length > 0 ? 422 : 200).json(report);
    } catch (error) {
      if (!dryRun) onWrite?.();
      if (error instanceof TooLarge)
        return problem(res, 413, "PAYLOAD_TOO_LARGE", `the upload is larger than ${MAX_BYTES} bytes`);
      logger.error({ err: error }, "import failed");
      if (!res.headersSent) problem(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    } finally {
      if (spool) await rm(spool, { recursive: true, force: true });
    }
  });
  return router;
}
