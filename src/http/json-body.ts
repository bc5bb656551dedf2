import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import bodyParser from "body-parser";
import type { Middleware } from "./lane";

/**
 * The JSON body of a GraphQL request, as `req.body`.
 *
 * body-parser reads every body through type-is, content-type, raw-body's stream plumbing and iconv-lite:
 * about 10-35 us of CPU per request on this machine (bench/http-frameworks.ts, lane against
 * lane-parser; docs/performance.md), more than the rest of the request's middleware. Nearly every
 * request is the same plain case: `Content-Type: application/json` (perhaps with `charset=utf-8`), no
 * Content-Encoding, a declared Content-Length within the limit. That case is read here directly, with
 * body-parser's outcome for every body (the same `req.body`, the same errors with the same `status` and
 * `type`); any other request (chunked, compressed, another charset or media type, an empty body) goes
 * to body-parser itself, so what is rare keeps the well-kept code.
 */
export function jsonBody(maxBytes: number): Middleware {
  const general = bodyParser.json({
    limit: maxBytes,
    // body-parser decodes invalid UTF-8 as U+FFFD, which a mutation would then store as if sent.
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw notUtf8();
    },
  }) as Middleware;
  return (req, res, next) => {
    const length = plainJsonLength(req, maxBytes);
    if (length === undefined) return general(req, res, next);
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      next(error);
    };
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    // raw-body's answer to a client that goes away mid-body (no one reads the reply; the logs do).
    req.on("error", () => fail(Object.assign(new Error("request aborted"), { status: 400, type: "request.aborted" })));
    req.on("end", () => {
      if (settled) return;
      settled = true;
      const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (!isUtf8(buffer)) return next(notUtf8());
      let parsed: unknown;
      try {
        parsed = parseStrict(buffer.toString("utf8"));
      } catch {
        return next(Object.assign(new Error("malformed JSON"), { status: 400, type: "entity.parse.failed" }));
      }
      (req as { body?: unknown }).body = parsed;
      next();
    });
  };
}

function notUtf8(): Error {
  return Object.assign(new Error("not UTF-8"), { status: 400, reason: "INVALID_UTF8" });
}

/** The content types read directly (lowercased); anything else is body-parser's. */
const PLAIN_TYPES = new Set(["application/json", "application/json; charset=utf-8", "application/json;charset=utf-8"]);

/** The declared length of a body read directly, or undefined for one body-parser reads. */
function plainJsonLength(req: IncomingMessage, maxBytes: number): number | undefined {
  const { headers } = req;
  const type = headers["content-type"];
  if (type === undefined || !PLAIN_TYPES.has(type.toLowerCase())) return undefined;
  if (headers["content-encoding"] !== undefined || headers["transfer-encoding"] !== undefined) return undefined;
  // Node's parser delivers exactly Content-Length bytes, so a length within the limit bounds the body.
  const length = Number(headers["content-length"]);
  if (!Number.isInteger(length) || length <= 0 || length > maxBytes) return undefined;
  return length;
}

/**
 * body-parser's strict JSON: an object or array at the top (a scalar is refused like malformed JSON),
 * a byte order mark skipped (iconv-lite drops it when decoding).
 */
function parseStrict(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Leading whitespace other than JSON's is refused by JSON.parse anyway, so trimStart decides alike.
  const first = body[0] === "{" || body[0] === "[" ? body[0] : body.trimStart()[0];
  if (first !== "{" && first !== "[") throw new SyntaxError("strict violation");
  return JSON.parse(body);
}
