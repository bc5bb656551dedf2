import { createHash } from "node:crypto";
import express from "express";
import { introspectionFromSchema, lexicographicSortSchema } from "graphql";
import { buildClaimbaseSchema, printClaimbaseSchema } from "../schema";

interface Published {
  body: string;
  etag: string;
}

/** A document served as is, with a strong ETag from its content, so clients and proxies revalidate cheaply. */
function published(body: string): Published {
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"` };
}

/**
 * The schema for tools: `GET /schema.graphql` (SDL, the same text as the repository's schema.graphql)
 * and `GET /schema.json` (the introspection result, as `{ "data": { "__schema": ... } }`, the answer
 * an introspection query gets). Code generators read either (docs/frontend.md). Both are built once
 * per process (the schema only changes with a deploy), carry an ETag, answer `If-None-Match` with 304,
 * and may be cached for five minutes.
 */
export function schemaRouter(): express.Router {
  let sdl: Published | undefined;
  let json: Published | undefined;
  const send = (req: express.Request, res: express.Response, doc: Published, type: string) => {
    res.setHeader("Content-Type", type);
    res.setHeader("ETag", doc.etag);
    res.setHeader("Cache-Control", "public, max-age=300");
    const match = req.headers["if-none-match"];
    if (match && match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === doc.etag)) {
      res.status(304).end();
      return;
    }
    res.send(doc.body);
  };
  return express
    .Router()
    .get("/schema.graphql", (req, res) => {
      sdl ??= published(printClaimbaseSchema());
      send(req, res, sdl, "text/plain; charset=utf-8");
    })
    .get("/schema.json", (req, res) => {
      json ??= published(
        `${JSON.stringify({ data: introspectionFromSchema(lexicographicSortSchema(buildClaimbaseSchema())) })}\n`,
      );
      send(req, res, json, "application/json; charset=utf-8");
    });
}
