import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";
import type { Database } from "../db/database";
import { PROJECT_ROOT } from "../shared/paths";
import { sendError } from "../shared/errors";

/**
 * The story explorer (docs/explorer.md): the pages a reader opens, `/`, `/stories/<topic-slug>` and
 * `/entities/<slug>`, one HTML shell that loads the bundle `npm run build` writes to dist/explorer/
 * (scripts/build-explorer.ts). The page fetches everything through the public /graphql API, from
 * this origin: nothing comes from a CDN, so it works offline.
 */
export const EXPLORER_ASSETS = path.join(PROJECT_ROOT, "dist", "explorer");

/** What scripts/build-explorer.ts writes next to the bundle: the content-hashed file names. */
export interface ExplorerManifest {
  /** The entry script and stylesheet the page loads. */
  script: string;
  style: string;
  /** Every file of the build, the chunks loaded on demand and source maps included: all the server serves. */
  files: string[];
}

/**
 * Only the page's own files: no inline script or style, no other origin. The API's JSON answers keep
 * no CSP of their own (src/http/security.ts); this policy is the pages'.
 */
export const EXPLORER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE_HEADERS = {
  "Content-Security-Policy": EXPLORER_CSP,
  "Cache-Control": "no-cache",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page shell. `live`: whether this server runs subscriptions (docs/live.md): the page opens a
 * WebSocket only then, so a server with LIVE_ENABLED=false never sees (nor the browser logs) a failed
 * socket.
 */
export function explorerHtml(manifest: ExplorerManifest, graphqlPath: string, live = false): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="claimbase-graphql" content="${escapeHtml(graphqlPath)}">
<meta name="claimbase-live" content="${live ? "on" : "off"}">
<title>claimbase explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/${escapeHtml(manifest.style)}">
<script type="module" src="/explorer/${escapeHtml(manifest.script)}"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<div id="app"><main id="main"><p role="status">Loading the story explorer…</p></main></div>
<noscript><p>The explorer needs JavaScript. The same data is public at <a href="${escapeHtml(graphqlPath)}">${escapeHtml(graphqlPath)}</a>.</p></noscript>
</body>
</html>`;
}

/**
 * The manifest, read again whenever the file changes: a server started before `npm run build`, or
 * running through a rebuild, names the files that exist now. One stat per page or asset request.
 */
function manifestLoader(dir: string): () => ExplorerManifest | null {
  const file = path.join(dir, "manifest.json");
  let cached: { mtimeMs: number; manifest: ExplorerManifest } | null = null;
  return () => {
    try {
      const { mtimeMs } = statSync(file);
      if (cached?.mtimeMs !== mtimeMs) {
        cached = { mtimeMs, manifest: JSON.parse(readFileSync(file, "utf8")) as ExplorerManifest };
      }
      return cached.manifest;
    } catch {
      return null;
    }
  };
}

/**
 * Whether an entity has this slug: what both `/stories/<topic-slug>` (the page asks `entity(slug:)` for
 * its topic) and `/entities/<slug>` need. Merged entities keep their rows and slugs, which still resolve
 * to the survivor, so one indexed lookup on entity.slug answers for both. Read on the primary: a story
 * created a moment ago must not answer 404 from a lagging replica.
 */
async function slugExists(db: Database, slug: string): Promise<boolean> {
  const { rowCount } = await db.pool.query("SELECT 1 FROM entity WHERE slug = $1 LIMIT 1", [slug]);
  return (rowCount ?? 0) > 0;
}

/** Entity slugs are short; a longer one cannot exist, so it is refused without asking the database. */
const MAX_SLUG_LENGTH = 1000;

export function explorerRouter(
  graphqlPath = "/graphql",
  assetsDir = EXPLORER_ASSETS,
  db?: Database,
  live = false,
): Router {
  const router = express.Router();
  const manifest = manifestLoader(assetsDir);
  const page: express.RequestHandler = (req, res, next) => {
    const current = manifest();
    if (!current) {
      sendError(res, 503, "SERVICE_UNAVAILABLE", "The explorer is not built: run `npm run build`");
      return;
    }
    const send = (status: number) => {
      res
        .status(status)
        .type("html")
        .set(PAGE_HEADERS)
        .send(explorerHtml(current, graphqlPath, live));
    };
    const slug = req.params.slug as string | undefined;
    if (slug === undefined || !db) {
      send(200);
      return;
    }
    // An unknown story or entity answers 404 (for crawlers, link checkers, logs), still with the page
    // shell: the page asks the API itself and shows "No such story" / "No such entity".
    if (slug.length > MAX_SLUG_LENGTH) {
      send(404);
      return;
    }
    void slugExists(db, slug).then((exists) => send(exists ? 200 : 404), next);
  };
  router.get(["/", "/stories/:slug", "/entities/:slug"], page);
  router.get("/explorer/:asset", (req, res, next) => {
    const current = manifest();
    const asset = req.params.asset as string;
    // Only the files the build named; hashed names never change content, so they are cached for a year.
    if (!current?.files.includes(asset)) return next();
    res.set("Cache-Control", "public, max-age=31536000, immutable");
    res.sendFile(path.join(assetsDir, asset));
  });
  return router;
}
