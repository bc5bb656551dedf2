import type { IncomingMessage } from "node:http";
import type { Middleware } from "../http/lane";
import { sendError } from "../shared/errors";
import { nestedDeeperThan } from "../shared/json-limits";

/**
 * Deepest nesting a GraphQL request's JSON (body, or a GET's `variables` and `extensions`) may have.
 * The deepest legitimate input is a filter's AND/OR/NOT tree, a few levels. Thousands of levels
 * overflowed recursive walks (the response cache's key, graphql-js's argument coercion) into 500s;
 * this refuses them before anything walks them.
 */
export const MAX_INPUT_DEPTH = 64;

function queryParams(req: IncomingMessage): unknown[] {
  const url = req.url ?? "";
  const at = url.indexOf("?");
  if (at === -1) return [];
  const params = new URLSearchParams(url.slice(at + 1));
  const values: unknown[] = [];
  for (const name of ["variables", "extensions"]) {
    const raw = params.get(name);
    if (!raw) continue;
    try {
      values.push(JSON.parse(raw));
    } catch {
      // Apollo reports malformed JSON itself, with its own coded error.
    }
  }
  return values;
}

export function inputDepthGuard(max = MAX_INPUT_DEPTH): Middleware {
  return (req, res, next) => {
    const body = (req as { body?: unknown }).body;
    const inputs = req.method === "GET" ? queryParams(req) : [body];
    if (inputs.some((input) => nestedDeeperThan(input, max))) {
      sendError(
        res,
        400,
        "BAD_USER_INPUT",
        `The request's JSON nests more than ${max} levels deep (variables, filters); flatten it`,
      );
      return;
    }
    next();
  };
}
