import { Writable } from "node:stream";
import { loadConfig } from "../../src/config";
import { createKey } from "../../src/modules/auth";
import { createLogger } from "../../src/shared/logger";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startTestServer, type TestServer } from "../support/server";

let db: TestDatabase;
const servers: TestServer[] = [];

async function start(overrides: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const server = await startTestServer(db, overrides);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  db = await createTestDatabase("story");
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await db.drop();
});

function post(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The value of one series in Prometheus text output (labels in any order), or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return 0;
}

async function scrape(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

describe("Prometheus metrics at /metrics", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });

  it("exposes the service's metrics, the pool gauges and Node's process metrics", async () => {
    const text = await scrape(server);
    for (const name of [
      "claimbase_http_requests_total",
      "claimbase_graphql_request_duration_seconds",
      "claimbase_graphql_errors_total",
      "claimbase_rate_limit_rejections_total",
      "claimbase_db_pool_connections",
      "claimbase_db_pool_idle_connections",
      "claimbase_db_pool_waiting_queries",
      "process_cpu_user_seconds_total",
      "nodejs_heap_size_used_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^claimbase_db_pool_connections \d+$/m);
    expect(text).toMatch(/^claimbase_db_pool_idle_connections \d+$/m);
    expect(text).toMatch(/^claimbase_db_pool_waiting_queries \d+$/m);
  });

  it("counts HTTP requests and GraphQL latency per operation type", async () => {
    const before = await scrape(server);
    const requests = { route: "/graphql", method: "POST", status: "200" };
    for (let i = 0; i < 3; i++) {
      const response = await post(server, { query: "{ viewpoints { totalCount } }" });
      expect(response.status).toBe(200);
    }
    const after = await scrape(server);
    expect(sample(after, "claimbase_http_requests_total", requests)).toBe(
      sample(before, "claimbase_http_requests_total", requests) + 3,
    );
    const latency = { operation_type: "query" };
    expect(sample(after, "claimbase_graphql_request_duration_seconds_count", latency)).toBe(
      sample(before, "claimbase_graphql_request_duration_seconds_count", latency) + 3,
    );
    expect(sample(after, "claimbase_graphql_request_duration_seconds_bucket", { ...latency, le: "+Inf" })).toBe(
      sample(after, "claimbase_graphql_request_duration_seconds_count", latency),
    );
    // The queries went through the pool, which keeps its connections open for a while.
    expect(sample(after, "claimbase_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(sample(after, "claimbase_http_requests_total", { route: "/metrics", method: "GET", status: "200" })).toBe(
      sample(before, "claimbase_http_requests_total", { route: "/metrics", method: "GET", status: "200" }) + 1,
    );
  });

  it("counts GraphQL errors by the code clients see", async () => {
    const before = await scrape(server);
    expect((await post(server, { query: "{ noSuchField }" })).status).toBe(400);
    expect((await post(server, { query: "{ claims(first: 500) { totalCount } }" })).status).toBe(200);
    expect((await post(server, { query: "{ entities { " })).status).toBe(400);
    const after = await scrape(server);
    for (const code of ["GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED"]) {
      expect(sample(after, "claimbase_graphql_errors_total", { code })).toBe(
        sample(before, "claimbase_graphql_errors_total", { code }) + 1,
      );
    }
    // The two refused before execution have no operation type; counted from this test's own requests.
    const unknown = { operation_type: "unknown" };
    expect(sample(after, "claimbase_graphql_request_duration_seconds_count", unknown)).toBeGreaterThanOrEqual(2);
    expect(sample(after, "claimbase_graphql_request_duration_seconds_count", unknown)).toBe(
      sample(before, "claimbase_graphql_request_duration_seconds_count", unknown) + 2,
    );
  });

  it("counts a refused API key as an UNAUTHENTICATED error", async () => {
    const before = await scrape(server);
    const response = await post(
      server,
      { query: "{ __typename }" },
      { authorization: `Bearer cbk_AAAAAAAAAAAA_${"B".repeat(40)}` },
    );
    expect(response.status).toBe(401);
    const after = await scrape(server);
    const code = { code: "UNAUTHENTICATED" };
    expect(sample(after, "claimbase_graphql_errors_total", code)).toBe(
      sample(before, "claimbase_graphql_errors_total", code) + 1,
    );
  });

  it("counts requests to unknown paths under one route label", async () => {
    // A server of its own: no earlier test's 404 is in its count.
    const fresh = await start();
    await fetch(`${fresh.url}/wp-admin/${Math.random()}`);
    const text = await scrape(fresh);
    expect(sample(text, "claimbase_http_requests_total", { route: "other", method: "GET", status: "404" })).toBe(1);
    expect(text).not.toContain("wp-admin");
  });

  it("counts rate-limit refusals", async () => {
    const limited = await start({ rateLimit: { store: "memory", anonymousPerMinute: 2, keyPerMinute: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(limited, { query: "{ __typename }" })).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const text = await scrape(limited);
    expect(sample(text, "claimbase_rate_limit_rejections_total", { caller: "anonymous" })).toBe(2);
    expect(sample(text, "claimbase_http_requests_total", { route: "/graphql", method: "POST", status: "429" })).toBe(2);
  });

  it("serves no /metrics when metrics are disabled", async () => {
    const quiet = await start({ metrics: false });
    expect((await fetch(`${quiet.url}/metrics`)).status).toBe(404);
    expect((await post(quiet, { query: "{ __typename }" })).status).toBe(200);
  });

  it("reads METRICS_ENABLED and CORS_ORIGINS from the environment", () => {
    expect(loadConfig({}).metricsEnabled).toBe(true);
    expect(loadConfig({}).corsOrigins).toEqual(["*"]);
    expect(loadConfig({ CORS_ORIGINS: "" }).corsOrigins).toEqual(["*"]);
    expect(loadConfig({ CORS_ORIGINS: "none" }).corsOrigins).toEqual([]);
    expect(loadConfig({ METRICS_ENABLED: "false" }).metricsEnabled).toBe(false);
    expect(() => loadConfig({ METRICS_ENABLED: "sometimes" })).toThrow(/METRICS_ENABLED/);
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.org/, http://localhost:3000" }).corsOrigins).toEqual([
      "https://app.example.org",
      "http://localhost:3000",
    ]);
    expect(loadConfig({ CORS_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://app.example.org/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "app.example.org" })).toThrow(/CORS_ORIGINS/);
  });
});

describe("security headers", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });

  function expectBrowserHeaders(headers: Headers) {
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("x-powered-by")).toBeNull();
  }

  it("are on GraphQL answers, probes, metrics and 404s, without HSTS outside production", async () => {
    const responses = [
      await post(server, { query: "{ __typename }" }),
      await fetch(`${server.url}/healthz`),
      await fetch(`${server.url}/metrics`),
      await fetch(`${server.url}/nowhere`),
      await fetch(`${server.url}/export/claims.ndjson`),
    ];
    for (const response of responses) {
      expectBrowserHeaders(response.headers);
      expect(response.headers.get("strict-transport-security")).toBeNull();
      // helmet's own CSP is off: JSON needs none, and the playground sets its own.
      expect(response.headers.get("content-security-policy")).toBeNull();
      await response.arrayBuffer();
    }
  });

  it("leave the playground its own Content-Security-Policy, and its assets load", async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expectBrowserHeaders(page.headers);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const html = await page.text();
    for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const asset = await fetch(`${server.url}${url}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
      await asset.arrayBuffer();
    }
  });

  it("add Strict-Transport-Security in production", async () => {
    const production = await start({ production: true });
    const response = await post(production, { query: "{ __typename }" });
    expectBrowserHeaders(response.headers);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("CORS", () => {
  const ALLOWED = "https://app.example.org";
  let open: TestServer;
  let closed: TestServer;
  beforeAll(async () => {
    open = await start({ corsOrigins: [ALLOWED, "http://localhost:3000"] });
    closed = await start({ corsOrigins: [] });
  });

  it("lets an allowed origin read GraphQL answers, and no other origin", async () => {
    const allowed = await post(open, { query: "{ __typename }" }, { origin: ALLOWED });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    expect(allowed.headers.get("vary")).toMatch(/Origin/i);
    expect(allowed.headers.get("access-control-expose-headers")).toMatch(/X-Request-Id/);
    const other = await post(open, { query: "{ __typename }" }, { origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers preflights for allowed origins, with the methods and headers the API needs", async () => {
    const preflight = await fetch(`${open.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: ALLOWED,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    expect(preflight.headers.get("access-control-max-age")).toBe("600");
    const refused = await fetch(`${open.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("covers /export, but not /import", async () => {
    const exported = await fetch(`${open.url}/export/viewpoints.ndjson`, { headers: { origin: ALLOWED } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    await exported.arrayBuffer();
    const preflight = await fetch(`${open.url}/import`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    await preflight.arrayBuffer();
  });

  it("allows no cross-origin reads with CORS_ORIGINS=none", async () => {
    const response = await post(closed, { query: "{ __typename }" }, { origin: ALLOWED });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${closed.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows any origin by default, without credentials, and answers its preflights", async () => {
    const any = await start();
    const response = await post(any, { query: "{ __typename }" }, { origin: "https://anywhere.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toMatch(/X-Request-Id/);
    const preflight = await fetch(`${any.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: "https://anywhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,apollo-require-preflight",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST,OPTIONS");
    const allowed = preflight.headers.get("access-control-allow-headers")?.toLowerCase().split(",");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "apollo-require-preflight"]));
    // A page on another origin sends its key in a header; nothing rides on cookies.
    const withKey = await post(
      any,
      { query: "{ __typename }" },
      { origin: "https://anywhere.example", authorization: "Bearer cbk_000000000000_" + "0".repeat(40) },
    );
    expect(withKey.status).toBe(401);
    expect(withKey.headers.get("access-control-allow-origin")).toBe("*");
    const schema = await fetch(`${any.url}/schema.graphql`, { headers: { origin: "https://anywhere.example" } });
    expect(schema.headers.get("access-control-allow-origin")).toBe("*");
    await schema.arrayBuffer();
  });

  it("still refuses simple cross-site GET queries (CSRF prevention) when any origin may read", async () => {
    const any = await start();
    const url = `${any.url}/graphql?query=${encodeURIComponent("{ __typename }")}`;
    const simple = await fetch(url, { headers: { origin: "https://anywhere.example" } });
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("production mode", () => {
  let production: TestServer;
  beforeAll(async () => {
    // startTestServer asks for statement counts; production must win.
    production = await start({ production: true, exposeStatementCount: true });
  });

  it("reports no sqlStatements", async () => {
    const body = (await (await post(production, { query: "{ viewpoints { totalCount } }" })).json()) as any;
    expect(body.data).toEqual({ viewpoints: { totalCount: 4 } });
    expect(body.extensions?.sqlStatements).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain("sqlStatements");
  });

  it("hides stack traces and field suggestions", async () => {
    const typo = (await (await post(production, { query: "{ viewpoint { totalCount } }" })).json()) as any;
    expect(typo.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean|stacktrace/);
    // A schema change by hand notifies no one (migrations do): a question not asked before, so that the
    // response cache has no answer for it.
    await db.pool.query(`ALTER TABLE viewpoint RENAME TO viewpoint_hidden`);
    try {
      const broken = (await (
        await post(production, { query: "{ viewpoints(first: 3) { totalCount } }" })
      ).json()) as any;
      expect(broken.errors).toHaveLength(1);
      expect(broken.errors[0].message).toBe("Internal server error");
      expect(broken.errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(JSON.stringify(broken)).not.toMatch(/stacktrace|sqlStatements|relation|\.ts:/);
    } finally {
      await db.pool.query(`ALTER TABLE viewpoint_hidden RENAME TO viewpoint`);
    }
  });
});

describe("logs", () => {
  const lines: string[] = [];
  let server: TestServer;
  let key: string;
  const marker = "body-marker-7f3a9c";

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    });
    server = await start({ logger: createLogger("info", stream) });
    key = (await createKey(db.pool, "log test", "EDITOR")).key;
  });

  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

  async function until(predicate: () => boolean) {
    for (let i = 0; i < 100 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(predicate()).toBe(true);
  }

  it("write one GraphQL line per request with every field, and an access line for other requests", async () => {
    await post(server, { query: "query Sides { viewpoints { totalCount } }" }, { "x-request-id": "req-sides" });
    await post(server, { query: "{ nope }" }, { "x-request-id": "req-bad" });
    const unnamed = await post(server, { query: "{ __typename }" });
    const malformed = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "req-malformed" },
      body: "{ not json",
    });
    expect(malformed.status).toBe(400);
    expect((await post(server, { query: 42 }, { "x-request-id": "req-shape" })).status).toBe(400);
    await (await fetch(`${server.url}/export/claims.ndjson?filter=${encodeURIComponent("{}")}`)).arrayBuffer();
    await until(() => parsed().some((line) => line.path === "/export/claims.ndjson"));
    await until(() => parsed().some((line) => line.requestId === "req-malformed"));
    await until(() => parsed().some((line) => line.requestId === "req-shape"));
    const graphql = parsed().filter((line) => line.msg === "graphql request");
    for (const line of graphql) {
      for (const field of [
        "requestId",
        "operationName",
        "operationType",
        "cost",
        "durationMs",
        "statements",
        "outcome",
        "errorCodes",
      ]) {
        expect(line).toHaveProperty(field);
      }
    }
    expect(graphql.find((line) => line.requestId === "req-sides")).toMatchObject({
      operationName: "Sides",
      operationType: "query",
      outcome: "ok",
      errorCodes: [],
      cost: expect.any(Number),
      statements: expect.any(Number),
    });
    expect(graphql.find((line) => line.requestId === "req-bad")).toMatchObject({
      operationName: null,
      outcome: "error",
      errorCodes: ["GRAPHQL_VALIDATION_FAILED"],
    });
    // One line per request: the GraphQL line, not an access line as well.
    const generated = unnamed.headers.get("x-request-id");
    expect(parsed().filter((line) => line.requestId === generated)).toEqual([
      expect.objectContaining({ msg: "graphql request", operationType: "query" }),
    ]);
    // Refused before GraphQL: an access line.
    for (const requestId of ["req-malformed", "req-shape"]) {
      expect(parsed().filter((line) => line.requestId === requestId)).toEqual([
        expect.objectContaining({ msg: "http request", method: "POST", path: "/graphql", status: 400 }),
      ]);
    }
    expect(parsed().find((line) => line.path === "/export/claims.ndjson")).toMatchObject({
      method: "GET",
      path: "/export/claims.ndjson",
      status: 200,
      aborted: false,
      durationMs: expect.any(Number),
      requestId: expect.any(String),
    });
  });

  it("never contain an API key, an Authorization header, a query string or a request body", async () => {
    // Only this test's own lines are counted below: the log is shared with the test before.
    const from = lines.length;
    const own = () => parsed().slice(from);
    const bearer = { authorization: `Bearer ${key}` };
    const wrong = `cbk_AAAAAAAAAAAA_${"Z".repeat(40)}`;
    await post(
      server,
      { query: "query Q($s: String) { claims(search: $s) { totalCount } }", variables: { s: marker } },
      bearer,
    );
    await post(
      server,
      { query: `{ claims(search: "${marker}") { totalCount } }` },
      { authorization: `Bearer ${wrong}` },
    );
    await post(
      server,
      { query: "{ __typename }" },
      { authorization: `Basic ${Buffer.from(`u:${marker}`).toString("base64")}` },
    );
    await post(server, { query: `{ noSuch(${marker}: 1) }` }, bearer);
    await post(server, {
      query: "query S($s: String) { entities(search: $s) { totalCount } }",
      variables: { s: marker },
    });
    // A 503 with Retry-After is the service shedding load (a full CI machine once timed this out); a
    // client retries it, and so does this test, which is about what the logs keep, not about capacity.
    let viaGet: Response | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      viaGet = await fetch(
        `${server.url}/graphql?query=${encodeURIComponent(`{ claims(search: "${marker}") { totalCount } }`)}`,
        { headers: { "apollo-require-preflight": "true", ...bearer } },
      );
      if (viaGet.status !== 503 || !viaGet.headers.get("retry-after")) break;
      await viaGet.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect({ status: viaGet!.status, body: viaGet!.status === 200 ? "" : await viaGet!.clone().text() }).toEqual({
      status: 200,
      body: "",
    });
    await viaGet!.arrayBuffer();
    const imported = await fetch(`${server.url}/import?dryRun=true&token=${marker}`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", ...bearer },
      body: `{"format":"claimbase-bundle","version":1}\n{"type":"entity","slug":"${marker}","kind":"PERSON","name":"${marker}"}\n`,
    });
    await imported.arrayBuffer();
    const filter = encodeURIComponent(JSON.stringify({ text: { contains: marker } }));
    await (await fetch(`${server.url}/export/claims.csv?filter=${filter}`, { headers: bearer })).arrayBuffer();
    await until(() => parsed().some((line) => line.path === "/import"));
    await until(() => parsed().some((line) => line.path === "/export/claims.csv"));

    const text = lines.join("\n");
    // Six GraphQL requests above, each with its line (refused keys included).
    expect(own().filter((line) => line.msg === "graphql request").length).toBeGreaterThanOrEqual(6);
    // Refused for its unknown parameter (the only one is dryRun); its line still leaves the query string out.
    expect(parsed().find((line) => line.path === "/import")).toMatchObject({ method: "POST", status: 400 });
    expect(parsed().some((line) => (line.errorCodes ?? []).includes("UNAUTHENTICATED"))).toBe(true);
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.split("_")[2]!);
    expect(text).not.toContain(wrong);
    expect(text).not.toMatch(/Bearer|Basic |cbk_/i);
    expect(text).not.toContain(marker);
  });
});
