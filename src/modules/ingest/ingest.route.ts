import { isUtf8 } from "node:buffer";
import express, { type Request, type Response, type Router } from "express";
import { sendJson } from "../../http/lane";
import { sendError } from "../../shared/errors";
import { INGEST_HTML_MAX } from "./ingest.service";

/**
 * `POST /ingest` (docs/ingestion.md): the same as the `ingestDocument` mutation, for documents larger
 * than a GraphQL request takes and for tools that would rather send a file. The body is the document
 * (text/plain or text/html, with what is known about it as query parameters) or the mutation's input
 * as JSON. It runs the mutation itself (`run`, wired by server.ts), so the role check, validation,
 * limits and errors are the mutation's.
 */

/** Query parameters a text/plain or text/html body may carry, as the mutation's input fields. */
const PARAMETERS = ["title", "url", "kind", "publisher", "authors", "publishedAt", "language", "derivedFrom"] as const;

export type RunIngest = (
  req: Request,
  res: Response,
  input: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly { extensions?: { code?: unknown } }[] }>;

async function readBody(req: Request, max: number): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return "too-large";
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function inputFrom(type: string, body: string, query: Request["query"]): Record<string, unknown> | string {
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return "the body is not valid JSON";
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      return "the JSON body must be an object: the fields of IngestDocumentInput";
    }
    if (Object.keys(query).length > 0) return "with a JSON body, give every field in the body, not as query parameters";
    return parsed as Record<string, unknown>;
  }
  const input: Record<string, unknown> = { [type === "text/html" ? "html" : "text"]: body };
  for (const [name, value] of Object.entries(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      return `unknown query parameter ${JSON.stringify(name.slice(0, 50))}: the parameters are ${PARAMETERS.join(", ")}`;
    }
    if (typeof value !== "string") return `\`${name}\` must be given once`;
    input[name] = name === "authors" ? value.split(",").map((id) => id.trim()) : value;
  }
  return input;
}

export function ingestRouter(run: RunIngest, maxBytes = INGEST_HTML_MAX + 65_536): Router {
  const router = express.Router();
  router.post("/ingest", async (req: Request, res: Response) => {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (!["text/plain", "text/html", "application/json"].includes(type)) {
      return sendError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "send text/plain, text/html or application/json");
    }
    if (Number(req.headers["content-length"]) > maxBytes) {
      res.setHeader("Connection", "close");
      return sendError(res, 413, "PAYLOAD_TOO_LARGE", `the document is larger than ${maxBytes} bytes`);
    }
    const body = await readBody(req, maxBytes);
    if (body === "too-large") {
      res.setHeader("Connection", "close");
      return sendError(res, 413, "PAYLOAD_TOO_LARGE", `the document is larger than ${maxBytes} bytes`);
    }
    if (!isUtf8(body)) return sendError(res, 400, "BAD_REQUEST", "the body is not valid UTF-8");
    const input = inputFrom(type, body.toString("utf8"), req.query);
    if (typeof input === "string") return sendError(res, 400, "BAD_USER_INPUT", input);
    const result = await run(req, res, input);
    const code = result.errors?.[0]?.extensions?.code;
    const status =
      code === "UNAUTHENTICATED"
        ? 401
        : code === "FORBIDDEN"
          ? 403
          : code === "BAD_USER_INPUT" || code === "GRAPHQL_VALIDATION_FAILED"
            ? 400
            : result.errors?.length
              ? 500
              : (result.data?.ingestDocument as { userErrors?: unknown[] } | undefined)?.userErrors?.length
                ? 422
                : 200;
    sendJson(res, status, result);
  });
  return router;
}

/** The operation POST /ingest runs. */
export const INGEST_DOCUMENT = `mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) {
    source { id url title }
    counts { sentences quotes mentions claims created refreshed analysisMs }
    userErrors { field code message }
  }
}`;
