import { createRequire } from "node:module";
import path from "node:path";
import express, { type Router } from "express";
import { EXAMPLE_QUERIES } from "./examples";

/**
 * A GraphiQL playground served entirely from npm packages (graphiql 3.9 UMD build + React 18 UMD),
 * so it works with no internet access. Apollo's default landing page loads Apollo Sandbox from a CDN.
 */
const resolvePackage = createRequire(__filename);

function packageDir(name: string): string {
  return path.dirname(resolvePackage.resolve(`${name}/package.json`));
}

const ASSETS: Record<string, { file: string; type: string }> = {
  "react.js": { file: path.join(packageDir("react"), "umd/react.production.min.js"), type: "text/javascript" },
  "react-dom.js": {
    file: path.join(packageDir("react-dom"), "umd/react-dom.production.min.js"),
    type: "text/javascript",
  },
  "graphiql.js": { file: path.join(packageDir("graphiql"), "graphiql.min.js"), type: "text/javascript" },
  "graphiql.css": { file: path.join(packageDir("graphiql"), "graphiql.min.css"), type: "text/css" },
};

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * A subscription to try in the playground (it runs over graphql-ws on the same path): every event as
 * it commits, with the object it is about.
 */
export const LIVE_EXAMPLE = `# Live: every write as it commits (docs/live.md). Run it, then write from another tab or client.
# Resume after a cursor with events(after: "..."); follow one claim with claimChanged(id: "...").
subscription Live {
  events {
    position
    cursor
    type
    subjectType
    payload
    subject { id }
  }
}
`;

export function playgroundHtml(endpoint: string): string {
  const tabs = EXAMPLE_QUERIES.map((example) => ({ query: example.query }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimbase playground</title>
<link rel="stylesheet" href="/playground/graphiql.css">
<style>body{margin:0;height:100vh;overflow:hidden}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script src="/playground/react.js"></script>
<script src="/playground/react-dom.js"></script>
<script src="/playground/graphiql.js"></script>
<script id="claimbase-config" type="application/json">${scriptJson({ endpoint, tabs, liveTab: { query: LIVE_EXAMPLE } })}</script>
<script src="/playground/start.js"></script>
</body>
</html>`;
}

/**
 * Kept out of the HTML so a strict Content-Security-Policy (script-src 'self') can apply. Subscriptions
 * go over graphql-ws to the same path (GraphiQL's own bundled client); the headers of the Headers tab
 * (`{"Authorization": "Bearer <key>"}`) become the connection's parameters, as the server expects.
 */
const START_SCRIPT = `(function () {
  var config = JSON.parse(document.getElementById("claimbase-config").textContent);
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.endpoint;
  var fetcher = GraphiQL.createFetcher({ url: config.endpoint, subscriptionUrl: wsUrl });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: config.tabs.concat([config.liveTab]),
    defaultEditorToolsVisibility: true,
    storage: null
  }));
})();`;

export function playgroundRouter(endpoint = "/graphql"): Router {
  const router = express.Router();
  router.get("/playground/start.js", (_req, res) => {
    res.type("text/javascript").set("Cache-Control", "public, max-age=300").send(START_SCRIPT);
  });
  router.get("/playground/:asset", (req, res, next) => {
    const asset = ASSETS[req.params.asset as string];
    if (!asset) return next();
    res.type(asset.type).set("Cache-Control", "public, max-age=86400");
    res.sendFile(asset.file);
  });
  router.get(endpoint, (req, res, next) => {
    // Browsers get the playground; API clients (GET queries) fall through to Apollo.
    if (req.query.query !== undefined || req.accepts(["application/json", "text/html"]) !== "text/html") return next();
    // 'self' covers the page's own ws:/wss: origin in CSP 3 browsers; older ones need it named.
    const host = req.headers.host ?? "";
    const sockets = /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? ` ws://${host} wss://${host}` : "";
    res
      .type("html")
      .set({
        "Content-Security-Policy": `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'${sockets}; frame-ancestors 'none'`,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
      })
      .send(playgroundHtml(endpoint));
  });
  return router;
}
