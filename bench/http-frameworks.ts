import "reflect-metadata";
import { isUtf8 } from "node:buffer";
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import autocannon from "autocannon";
import bodyParser from "body-parser";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import pg from "pg";
import { loadConfig } from "../src/config";
import { type Context, createContext } from "../src/context";
import { openDatabase } from "../src/db/database";
import { withDatabase } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";
import { accessLog } from "../src/http/access-log";
import { requestState } from "../src/http/request-state";
import { type Middleware, runChain, TRUST_PROXY } from "../src/http/lane";
import { countRequests } from "../src/http/metrics";
import { corsPolicy, securityHeaders } from "../src/http/security";
import { rateLimit, requestTimeout } from "../src/limits/http";
import { inputDepthGuard } from "../src/limits/input-depth";
import { authenticate } from "../src/modules/auth";
import { seedStory } from "../src/seed";
import { createServer } from "../src/server";
import { sendError } from "../src/shared/errors";
import { createLogger } from "../src/shared/logger";

/**
 * Which HTTP framework should carry POST /graphql (issue #14, item 6)? Serves the same claimbase Apollo
 * Server (src/server.ts createServer: its schema, plugins, limits and context; response cache OFF, as
 * `npm run bench`'s "cache off") through each setup below, each in a process of its own, and drives them
 * with autocannon (10 connections) in rounds that interleave the setups, reporting medians:
 *
 *   lane            node:http + the fast lane: createServer's own `app` handler (runChain + executeHTTPGraphQLRequest)
 *   express         Express 5 + expressMiddleware (@as-integrations/express5): the lane's middleware, mounted as
 *                   server.ts mounts them on its Express route for /graphql
 *   fastify         Fastify 5 + fastifyApolloHandler (@as-integrations/fastify): the lane's middleware, body-parser
 *                   included, run by runChain in an onRequest hook; Fastify's content-type parser hands over req.body
 *   fastify-parser  Fastify 5 + fastifyApolloHandler, Fastify reading the body (bodyLimit 1 MiB, UTF-8 checked, then
 *                   JSON.parse); the other middleware in onRequest (before the body) and preValidation (after it)
 *
 *   npm run bench:http [-- --seconds 8] [--warmup 3] [--reps 3] [--setups lane,fastify] [--keep-db]
 *
 * PostgreSQL: the server of BENCH_DATABASE_URL or DATABASE_URL, else postgresql://postgres@127.0.0.1:5432.
 * A fresh database `claimbase_bench_http_<random>` is created there, migrated and seeded with the story,
 * and dropped at the end (unless --keep-db). Every answer is compared across setups (status, content
 * type, body byte for byte, SQL statement count included) before timing; under load each must still equal
 * it. A table goes to stdout and to bench/results/http-frameworks-<date>.md.
 */

const ROOT = path.join(__dirname, "../..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const CONNECTIONS = 10;
/** Far above anything reached here: the benchmark measures the HTTP path, not the limits. */
const UNLIMITED = "1000000000";
/** server.ts's MAX_BODY_BYTES. */
const MAX_BODY_BYTES = 1024 * 1024;

const SETUPS = {
  lane: "node:http + the lane: src/server.ts createServer's own handler (runChain, then apollo.executeHTTPGraphQLRequest)",
  express: "Express 5 + `expressMiddleware` (@as-integrations/express5), the lane's middleware as Express middleware",
  fastify:
    "Fastify 5 + `fastifyApolloHandler` (@as-integrations/fastify), the lane's middleware (body-parser included) run by `runChain` in an onRequest hook",
  "fastify-parser":
    "Fastify 5 + `fastifyApolloHandler`, Fastify reading the body (bodyLimit 1 MiB, UTF-8 checked, JSON.parse); the other middleware in onRequest / preValidation hooks",
  "lane-parser":
    "the lane rebuilt here (node:http, `runChain`, server.ts's answerGraphQL) with fastify-parser's body reading in place of body-parser: which of Fastify and its body reading makes the difference",
} as const;
type Setup = keyof typeof SETUPS;
const ALL_SETUPS = Object.keys(SETUPS) as Setup[];

const QUERIES: { name: string; query: string }[] = [
  { name: "typename", query: "{ __typename }" },
  {
    name: "lookup",
    query: `{ entity(slug: "sanctuary-city-mayor") { name claimsMade(first: 5) { nodes { text } } } }`,
  },
  { name: "page", query: "{ claims(first: 20) { nodes { text kind claimants { name } } } }" },
];

// ---------------------------------------------------------------------------------------------- servers

/**
 * The lane's middleware as server.ts builds them inside createServer (which does not export them), from
 * the same factories and settings, plus its context function. What is left out is what a request of this
 * benchmark never reaches: refusal logging (onRefuse), the answer budget's link from statement counter to
 * response (only answers of 64 KiB and more), and sendHttpError's logging (a plainer sendFailure below).
 */
function laneParts(
  real: Awaited<ReturnType<typeof createServer>>,
  db: ReturnType<typeof openDatabase>,
  config: ReturnType<typeof loadConfig>,
  logger: ReturnType<typeof createLogger>,
) {
  const security = securityHeaders(config.production);
  const counting = real.metrics ? countRequests(real.metrics) : undefined;
  const apiCors = corsPolicy(config.corsOrigins);
  const logAccess = accessLog(logger);
  const limiter = rateLimit({
    store: config.rateLimitStore,
    anonymousPerMinute: config.rateLimitAnonymousPerMinute,
    keyPerMinute: config.rateLimitKeyPerMinute,
    authenticate: (header) => authenticate(db.pool, header),
    pool: db.pool,
    onReject: (caller) => real.metrics?.rateLimitRejections.inc({ caller }),
  });
  const timeout = requestTimeout(config.requestTimeoutMs);
  const declaredLength: Middleware = (req, _res, next) => {
    const length = Number(req.headers["content-length"]);
    if (Number.isFinite(length) && length > MAX_BODY_BYTES)
      next(Object.assign(new Error("too large"), { status: 413 }));
    else next();
  };
  const jsonBody = bodyParser.json({
    limit: MAX_BODY_BYTES,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw Object.assign(new Error("not UTF-8"), { status: 400, reason: "INVALID_UTF8" });
    },
  }) as Middleware;
  const depthGuard = inputDepthGuard();
  // The per-request state (src/http/request-state.ts) holds the statement counter: nothing to set up.
  const countStatements: Middleware = (_req, _res, next) => next();
  const contextFor = async (req: IncomingMessage, res: ServerResponse): Promise<Context> => {
    const http = requestState(req, res);
    res.setHeader("X-Request-Id", http.requestId);
    const viewer = http.viewer ?? (await authenticate(db.pool, req.headers.authorization));
    return createContext(db, http.requestId, http.statements, viewer, http.deadline, http);
  };
  return {
    /** Every route (server.ts: app.use). */
    everywhere: [security, ...(counting ? [counting] : [])],
    /** The API routes, before the body is read. */
    api: [apiCors, logAccess, limiter, timeout],
    body: [declaredLength, jsonBody],
    /** After the body is read. */
    after: [depthGuard, countStatements],
    contextFor,
  };
}

/**
 * The body as fastify-parser reads it, as a connect middleware: a declared or actual length over 1 MiB is
 * refused (413), then the UTF-8 check and JSON.parse. Unlike body-parser: no gzip/deflate bodies, no
 * charset other than UTF-8, and a top-level JSON scalar is accepted here (Apollo refuses it).
 */
const readJson: Middleware = (req, _res, next) => {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return next();
  if (Number(req.headers["content-length"]) > MAX_BODY_BYTES)
    return next(Object.assign(new Error("too large"), { status: 413 }));
  const chunks: Buffer[] = [];
  let length = 0;
  req.on("data", (chunk: Buffer) => {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) {
      req.removeAllListeners("data");
      req.resume();
      next(Object.assign(new Error("too large"), { status: 413 }));
    } else chunks.push(chunk);
  });
  req.on("error", next);
  req.on("end", () => {
    if (length > MAX_BODY_BYTES) return;
    const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (!isUtf8(buffer)) return next(Object.assign(new Error("not UTF-8"), { status: 400 }));
    try {
      (req as { body?: unknown }).body = JSON.parse(buffer.toString("utf8"));
    } catch {
      return next(Object.assign(new Error("malformed JSON"), { status: 400 }));
    }
    next();
  });
};

/** server.ts's answerGraphQL (inside createServer), for lane-parser. */
async function answerGraphQL(
  apollo: ApolloServer<Context>,
  contextFor: (req: IncomingMessage, res: ServerResponse) => Promise<Context>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = req.url ?? "";
  const query = url.indexOf("?");
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: "POST",
      headers,
      search: query === -1 ? "" : url.slice(query),
      body: (req as { body?: unknown }).body,
    },
    context: () => contextFor(req, res),
  });
  if (res.headersSent || res.destroyed) return;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A coded error answer for what a middleware refused (a plainer server.ts sendHttpError). */
function sendFailure(error: unknown, res: ServerResponse): void {
  const status =
    (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  const code = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (code === 413) sendError(res, 413, "PAYLOAD_TOO_LARGE", "Request body too large");
  else if (code === 500) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  else sendError(res, code, "BAD_REQUEST", "Malformed request");
}

/** The child process: serves `setup` on a free port of 127.0.0.1 and sends the port to its parent. */
async function serve(setup: Setup): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl!, {
    max: config.poolMax,
    jit: config.databaseJit,
    connectTimeoutMs: config.connectTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
    idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs,
  });
  const fastify: FastifyInstance | null = setup.startsWith("fastify") ? Fastify({ bodyLimit: MAX_BODY_BYTES }) : null;
  const httpServer = fastify ? fastify.server : http.createServer();
  // As src/main.ts builds it.
  const real = await createServer({
    db,
    logger,
    production: config.production,
    httpServer,
    exposeStatementCount: !config.production,
    limits: config.limits,
    rateLimit: {
      store: config.rateLimitStore,
      anonymousPerMinute: config.rateLimitAnonymousPerMinute,
      keyPerMinute: config.rateLimitKeyPerMinute,
    },
    requestTimeoutMs: config.requestTimeoutMs,
    responseMaxBytes: config.responseMaxBytes,
    answersInFlightMaxBytes: config.answersInFlightMaxBytes,
    metrics: config.metricsEnabled,
    corsOrigins: config.corsOrigins,
    responseCache:
      config.responseCacheMb > 0
        ? { maxBytes: config.responseCacheMb * 1024 * 1024, ttlMs: config.responseCacheTtlSeconds * 1000 }
        : false,
  });
  if (real.responseCache) throw new Error("the response cache must be off (RESPONSE_CACHE_MB=0)");
  const parts = laneParts(real, db, config, logger);

  if (setup === "lane") {
    httpServer.on("request", real.app);
  } else if (setup === "lane-parser") {
    const chain = [...parts.everywhere, ...parts.api, readJson, ...parts.after];
    httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== "POST" || !(req.url === "/graphql" || req.url?.startsWith("/graphql?"))) {
        sendError(res, 404, "NOT_FOUND", "Not found");
        return;
      }
      runChain(chain, req, res, (error) => {
        if (error !== undefined) sendFailure(error, res);
        else
          answerGraphQL(real.apollo, parts.contextFor, req, res).catch((failure: unknown) => sendFailure(failure, res));
      });
    });
  } else if (setup === "express") {
    // As server.ts mounts the /graphql route of its Express app (its playground router, a GET page, left out).
    const app = express();
    app.disable("x-powered-by");
    app.disable("etag");
    app.set("trust proxy", TRUST_PROXY);
    for (const middleware of parts.everywhere) app.use(middleware);
    app.use(
      "/graphql",
      ...parts.api,
      ...parts.body,
      ...parts.after,
      expressMiddleware(real.apollo, { context: ({ req, res }) => parts.contextFor(req, res) }),
    );
    app.use((_req, res) => sendError(res, 404, "NOT_FOUND", "Not found"));
    app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      void next;
      sendFailure(error, res);
    });
    httpServer.on("request", app);
  } else {
    const f = fastify!;
    const run =
      (chain: readonly Middleware[]) =>
      (request: { raw: IncomingMessage }, reply: { raw: ServerResponse }, done: (error?: Error) => void) =>
        runChain(chain, request.raw, reply.raw, (error) => (error === undefined ? done() : done(error as Error)));
    f.removeContentTypeParser("application/json");
    if (setup === "fastify") {
      f.addHook("onRequest", run([...parts.everywhere, ...parts.api, ...parts.body, ...parts.after]));
      // body-parser has read and parsed the body already.
      f.addContentTypeParser("application/json", (request, _payload, done) =>
        done(null, (request.raw as { body?: unknown }).body),
      );
    } else {
      f.addHook("onRequest", run([...parts.everywhere, ...parts.api]));
      // Fastify refuses a declared or actual length over bodyLimit itself (413).
      f.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => {
        const buffer = body as Buffer;
        if (!isUtf8(buffer)) {
          done(Object.assign(new Error("not UTF-8"), { statusCode: 400 }), undefined);
          return;
        }
        try {
          done(null, JSON.parse(buffer.toString("utf8")));
        } catch (error) {
          done(Object.assign(error as Error, { statusCode: 400 }), undefined);
        }
      });
      f.addHook("preValidation", (request, reply, done) => {
        (request.raw as { body?: unknown }).body = request.body;
        run(parts.after)(request, reply, done);
      });
    }
    f.setErrorHandler((error, _request, reply) => {
      reply.hijack();
      sendFailure(error, reply.raw);
    });
    f.post(
      "/graphql",
      fastifyApolloHandler(real.apollo, { context: (request, reply) => parts.contextFor(request.raw, reply.raw) }),
    );
    await f.listen({ port: 0, host: "127.0.0.1" });
  }
  if (!fastify) await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  process.send!({ port: (httpServer.address() as AddressInfo).port });
  // The parent went away: stop too.
  process.on("disconnect", () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------- driver

interface Options {
  seconds: number;
  warmup: number;
  reps: number;
  setups: Setup[];
  keepDb: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { seconds: 8, warmup: 3, reps: 3, setups: ALL_SETUPS, keepDb: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--keep-db") {
      options.keepDb = true;
      continue;
    }
    const [key, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    const number = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${key} must be a positive number, got ${value}`);
      return n;
    };
    if (key === "--seconds") options.seconds = number();
    else if (key === "--warmup") options.warmup = number();
    else if (key === "--reps") options.reps = Math.round(number());
    else if (key === "--setups") {
      const setups = value.split(",").map((name) => name.trim());
      for (const setup of setups) if (!(setup in SETUPS)) throw new Error(`unknown setup "${setup}"`);
      if (!setups.includes("lane")) setups.unshift("lane");
      options.setups = setups as Setup[];
    } else throw new Error(`unknown option ${key} (expected --seconds, --warmup, --reps, --setups, --keep-db)`);
  }
  return options;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));
}

interface Running {
  setup: Setup;
  url: string;
  pid: number;
  child: ChildProcess;
}

async function start(setup: Setup, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = fork(__filename, ["--serve", setup], { env, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${setup} did not start within 60 s`)), 60_000);
    child.once("message", (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${setup} exited (${code ?? signal}) before serving`));
    });
  });
  return { setup, url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, child };
}

async function stop(server: Running): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

function assertAlive(server: Running): void {
  if (server.child.exitCode !== null || server.child.signalCode !== null)
    throw new Error(`${server.setup} died during the run (${server.child.exitCode ?? server.child.signalCode})`);
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in microseconds; null where /proc is missing. */
function cpuTimeUs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return null;
  }
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
  headers: Record<string, string>;
}

async function ask(url: string, query: string): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: await response.text(),
    headers,
  };
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  cpuUs: number | null;
}

async function load(server: Running, query: string, expected: string, seconds: number): Promise<Measure> {
  const cpuBefore = cpuTimeUs(server.pid);
  const result = await autocannon({
    url: server.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    duration: seconds,
    expectBody: expected,
  });
  const cpuAfter = cpuTimeUs(server.pid);
  assertAlive(server);
  const bad = result.errors + result.non2xx + result.mismatches + result.timeouts;
  if (bad > 0) {
    throw new Error(
      `${server.setup}: ${bad} bad answers under load (errors ${result.errors}, non-2xx ${result.non2xx}, ` +
        `mismatches ${result.mismatches}, timeouts ${result.timeouts})`,
    );
  }
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Headers whose value changes per request or per second. */
const VOLATILE = new Set(["date", "x-request-id", "x-ratelimit-remaining", "x-ratelimit-reset", "keep-alive"]);

function headerDifferences(base: Answer, other: Answer): string[] {
  const notes: string[] = [];
  for (const name of Object.keys(other.headers)) {
    if (!(name in base.headers)) notes.push(`adds \`${name}: ${other.headers[name]}\``);
    else if (!VOLATILE.has(name) && base.headers[name] !== other.headers[name])
      notes.push(`\`${name}\`: \`${other.headers[name]}\` (lane: \`${base.headers[name]}\`)`);
  }
  for (const name of Object.keys(base.headers)) if (!(name in other.headers)) notes.push(`lacks \`${name}\``);
  return notes;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const given = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  const adminUrl = given ? withDatabase(given, "postgres") : "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `claimbase_bench_http_${randomBytes(4).toString("hex")}`;
  const databaseUrl = withDatabase(adminUrl, dbName);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await admin.query(`CREATE DATABASE "${dbName}"`);
  console.log(`database ${dbName}: migrating and seeding the story`);
  const running: Running[] = [];
  try {
    const seedDb = openDatabase(databaseUrl, { max: 2 });
    try {
      await migrate(seedDb.pool);
      const seeded = await seedStory(seedDb);
      if (!seeded.applied) throw new Error(`the story could not be loaded: ${JSON.stringify(seeded.rejected)}`);
    } finally {
      await seedDb.close();
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "",
      LOG_LEVEL: "warn",
      RESPONSE_CACHE_MB: "0",
      RATE_LIMIT_STORE: "memory",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_KEY_PER_MINUTE: UNLIMITED,
      QUERY_MAX_COST_ANONYMOUS: UNLIMITED,
      QUERY_MAX_COST_KEY: UNLIMITED,
      CORS_ORIGINS: "",
    };
    for (const setup of options.setups) running.push(await start(setup, env));
    const lane = running[0]!;

    // Every setup must give the lane's answer: status, content type, body (statement count included).
    const expected: string[] = [];
    const headerNotes = new Map<Setup, Set<string>>();
    for (const { name, query } of QUERIES) {
      const base = await ask(lane.url, query);
      const parsed = JSON.parse(base.body) as { data?: unknown; errors?: unknown };
      if (base.status !== 200 || parsed.errors || !parsed.data)
        throw new Error(`lane: ${name}: HTTP ${base.status}: ${base.body.slice(0, 1_000)}`);
      expected.push(base.body);
      for (const server of running.slice(1)) {
        const answer = await ask(server.url, query);
        if (answer.status !== base.status || answer.contentType !== base.contentType || answer.body !== base.body) {
          throw new Error(
            `${server.setup}: ${name}: HTTP ${answer.status} ${answer.contentType}\n${answer.body.slice(0, 1_000)}\n` +
              `differs from the lane's HTTP ${base.status} ${base.contentType}\n${base.body.slice(0, 1_000)}`,
          );
        }
        const notes = headerNotes.get(server.setup) ?? new Set<string>();
        for (const note of headerDifferences(base, answer)) notes.add(note);
        headerNotes.set(server.setup, notes);
      }
      console.log(`${name}: the same answer from every setup (${Buffer.byteLength(base.body)} bytes)`);
    }

    const loadBefore = os.loadavg();
    console.log(`warm-up: ${options.warmup} s per setup and query`);
    for (const server of running) {
      for (let q = 0; q < QUERIES.length; q += 1) await load(server, QUERIES[q]!.query, expected[q]!, options.warmup);
    }
    const measures = new Map<string, Measure[]>();
    const key = (setup: Setup, q: number) => `${setup}:${q}`;
    for (let round = 0; round < options.reps; round += 1) {
      for (let q = 0; q < QUERIES.length; q += 1) {
        // Each round and query starts with another setup, so drift in the machine's load spreads evenly.
        const order = running.map((_, i) => running[(i + round + q) % running.length]!);
        for (const server of order) {
          const measure = await load(server, QUERIES[q]!.query, expected[q]!, options.seconds);
          const list = measures.get(key(server.setup, q)) ?? [];
          list.push(measure);
          measures.set(key(server.setup, q), list);
          console.log(
            `  round ${round + 1} ${QUERIES[q]!.name.padEnd(8)} ${server.setup.padEnd(14)} ${measure.rps.toFixed(0).padStart(6)} req/s  p99 ${measure.p99} ms`,
          );
        }
      }
    }
    const loadAfter = os.loadavg();

    // ------------------------------------------------------------------------------------------ report
    const rows: string[] = [];
    for (let q = 0; q < QUERIES.length; q += 1) {
      const laneList = measures.get(key("lane", q))!;
      const laneRps = median(laneList.map((m) => m.rps));
      const laneP99 = median(laneList.map((m) => m.p99));
      for (const server of running) {
        const list = measures.get(key(server.setup, q))!;
        const rps = median(list.map((m) => m.rps));
        const p99 = median(list.map((m) => m.p99));
        const cpus = list.map((m) => m.cpuUs).filter((x): x is number => x !== null);
        rows.push(
          `| ${QUERIES[q]!.name} | ${server.setup} | ${rps.toFixed(0)} | ${(rps / laneRps).toFixed(2)} | ` +
            `${p99.toFixed(0)} | ${(p99 / laneP99).toFixed(2)} | ${cpus.length ? median(cpus).toFixed(0) : "?"} | ` +
            `${list.map((m) => m.rps.toFixed(0)).join(", ")} |`,
        );
      }
    }
    const table = [
      "| request | setup | req/s (median) | req/s ÷ lane | p99 ms (median) | p99 ÷ lane | server CPU µs/req | req/s per round |",
      "|---|---|--:|--:|--:|--:|--:|---|",
      ...rows,
    ].join("\n");
    console.log(`\n${table}\n`);

    const date = new Date().toISOString().slice(0, 10);
    const cpu = os.cpus();
    const lines = [
      `# HTTP frameworks for POST /graphql (${date})`,
      "",
      "`npm run bench:http` (bench/http-frameworks.ts): the same claimbase Apollo Server (src/server.ts createServer, " +
        "response cache off as RESPONSE_CACHE_MB=0, LOG_LEVEL=warn, rate and cost limits out of reach, metrics on, " +
        "statement counts exposed as in `npm run bench`), over the story database, served by each setup in a process " +
        `of its own; autocannon, ${CONNECTIONS} connections, ${options.warmup} s warm-up per setup and query, then ` +
        `${options.reps} rounds of ${options.seconds} s interleaving the setups; medians.`,
      "",
      `Machine: ${cpu.length} × ${cpu[0]?.model ?? "?"}, Node ${process.version}, PostgreSQL ${pgVersion}. ` +
        `Load average before / after the rounds: ${loadBefore.map((x) => x.toFixed(1)).join(" ")} / ` +
        `${loadAfter.map((x) => x.toFixed(1)).join(" ")} (other work shares the machine).`,
      "",
      "## Setups",
      "",
      ...running.map((server) => `- **${server.setup}**: ${SETUPS[server.setup]}`),
      "",
      "Every setup runs the lane's middleware, built from the same factories: security headers (helmet, replayed), " +
        "request metrics, CORS (no origin allowed), access log, rate limiter, request timeout, declared-length check, " +
        "JSON body (body-parser with the UTF-8 check; fastify-parser and lane-parser read it as described above), input depth guard, statement counter; " +
        "then the same context function and the same ApolloServer instance.",
      "",
      "## Requests",
      "",
      ...QUERIES.map(({ name, query }) => `- **${name}**: \`${query}\``),
      "",
      "## Results",
      "",
      table,
      "",
      "## Response headers compared with the lane (bodies are byte-identical)",
      "",
      ...running
        .slice(1)
        .map(
          (server) => `- **${server.setup}**: ${[...(headerNotes.get(server.setup) ?? [])].join("; ") || "the same"}`,
        ),
      "",
    ];
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `http-frameworks-${date}.md`);
    writeFileSync(file, lines.join("\n"));
    console.log(`written to ${path.relative(ROOT, file)}`);
  } finally {
    for (const server of running) await stop(server);
    if (!options.keepDb) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await admin.end();
  }
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt !== -1) {
  serve(process.argv[serveAt + 1] as Setup).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
