"use strict";
/**
 * The peer of bench/run.ts: PostGraphile v4 over the same claimbase database (plain tables of schema
 * `public`, no views), set up the way its docs recommend for a read API: connection-filter with relation
 * filters, the simplify inflector, no mutations, no watch, no GraphiQL. Plain JS, run with this folder's
 * own node_modules (installed by `npm run bench`).
 *
 *   DATABASE_URL=postgresql://... PORT=5555 node bench/peer/server.js
 *
 * Two additions, both through PostGraphile's own plugin helpers:
 * - smart tags hide the tables that are not part of the read API (API keys, rate limits, history);
 * - `claimClaimants(orderBy: CLAIM_SEQ_ASC)`: an entity's claims in the claims' insertion order, the
 *   order claimbase's `claimsMade` uses (v4 core cannot order a link table by a column of the linked row).
 *
 * GET /__bench/statements returns how many SQL statements the server has sent so far. With
 * PEER_CAPTURE_SQL=1, GET /__bench/sql returns the statements (text and values) sent since the last
 * such GET, for bench/explain.ts to run under EXPLAIN beside claimbase's.
 */
const http = require("node:http");
const pg = require("pg");
const {
  postgraphile,
  makeJSONPgSmartTagsPlugin,
  makeAddPgTableOrderByPlugin,
  orderByAscDesc,
} = require("postgraphile");
const ConnectionFilterPlugin = require("postgraphile-plugin-connection-filter");
const PgSimplifyInflectorPlugin = require("@graphile-contrib/pg-simplify-inflector");

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("peer: set DATABASE_URL");
  process.exit(2);
}
const port = Number(process.env.PORT || 5555);

// The same pool size as claimbase's default (DATABASE_POOL_MAX 10).
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: "bench-peer" });
pool.on("error", (error) => console.error("peer: pool error:", error.message));
let statements = 0;
const capture = process.env.PEER_CAPTURE_SQL === "1";
let captured = [];
pool.on("connect", (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    statements += 1;
    if (capture) {
      const [first, second] = args;
      if (typeof first === "string") captured.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first.text === "string") captured.push({ text: first.text, values: first.values || [] });
    }
    return query(...args);
  };
});

const HiddenTablesPlugin = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: {
    class: {
      api_key: { tags: { omit: true } },
      rate_limit: { tags: { omit: true } },
      revision: { tags: { omit: true } },
      _prisma_migrations: { tags: { omit: true } },
    },
  },
});

const ClaimantOrderPlugin = makeAddPgTableOrderByPlugin("public", "claim_claimant", ({ pgSql: sql }) =>
  orderByAscDesc(
    "CLAIM_SEQ",
    ({ queryBuilder }) =>
      sql.fragment`(SELECT c.seq FROM public.claim c WHERE c.id = ${queryBuilder.getTableAlias()}.claim_id)`,
    false,
  ),
);

const middleware = postgraphile(pool, ["public"], {
  appendPlugins: [ConnectionFilterPlugin, PgSimplifyInflectorPlugin, HiddenTablesPlugin, ClaimantOrderPlugin],
  graphileBuildOptions: { connectionFilterRelations: true },
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  watchPg: false,
  graphiql: false,
  disableQueryLog: true,
  retryOnInitFail: false,
  legacyRelations: "omit",
  exportGqlSchemaPath: process.env.PEER_EXPORT_SCHEMA || undefined,
  sortExport: true,
});

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/__bench/statements") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ statements }));
    return;
  }
  if (capture && req.method === "GET" && req.url === "/__bench/sql") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(captured));
    captured = [];
    return;
  }
  middleware(req, res);
});

middleware
  .getGraphQLSchema()
  .then(() => server.listen(port, "127.0.0.1", () => process.stdout.write(`peer listening on ${port}\n`)))
  .catch((error) => {
    console.error("peer: schema build failed:", error);
    process.exit(1);
  });

const stop = () => {
  server.close();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
