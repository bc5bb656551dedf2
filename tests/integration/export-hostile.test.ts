import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import pino from "pino";
import { openDatabase, type Database } from "../../src/db/database";
import { createKey } from "../../src/modules/auth";
import { type ExportRouteOptions, exportRouter, exportTo } from "../../src/modules/export";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startTestServer } from "../support/server";
import { requestState } from "../../src/http/request-state";

/**
 * GET /export against clients that do not play along: readers that stop, readers that crawl, many
 * exports from one caller, an exhausted or absent database, filters built to crash the parser. The
 * route is mounted on its own small app (as server.ts mounts it) so each suite can give it small limits.
 */

interface LogLine {
  level: number;
  msg: string;
  records?: number;
}

interface Mounted {
  url: string;
  logs: LogLine[];
  close(): Promise<void>;
}

/**
 * The route on an HTTP server of its own. `x-test-key` stands in for the authentication middleware:
 * it makes the request an API key's. `maxHeaderSize` lets a test send URLs longer than Node's default.
 */
async function mount(db: Database, options: ExportRouteOptions, maxHeaderSize?: number): Promise<Mounted> {
  const logs: LogLine[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const app = express();
  app.use((req, res, next) => {
    const key = req.headers["x-test-key"];
    if (typeof key === "string") requestState(req, res).viewer = { kind: "key", keyId: key, role: "EDITOR", name: key };
    next();
  });
  app.use(exportRouter(db, logger, options));
  const server = http.createServer(maxHeaderSize ? { maxHeaderSize } : {}, app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits for a condition, polling; fails with `what` if it never holds. A bound, not a timing check. */
async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  for (let waited = 0; waited <= limitMs; waited += 50) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request, its own connection, the whole answer read (only for answers that are small). */
function request(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function errorOf(answer: Answer): { message: string; extensions: { code: string; retryAfter?: number } } {
  return (JSON.parse(answer.body) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
}

interface Unread {
  status: number;
  headers: http.IncomingHttpHeaders;
  /**
   * Reads the rest of the answer; resolves with whether it arrived whole. (A paused socket never sees
   * the server close it: the close comes after the data the client has not read.)
   */
  readRest(): Promise<{ complete: boolean }>;
  destroy(): void;
}

/** A client that opens an export, takes the status line and headers, and reads nothing more. */
function openUnread(url: string, headers: Record<string, string> = {}): Promise<Unread> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.get(url, { headers, agent: false }, (res) => {
      answered = true;
      res.pause();
      const ended = new Promise<{ complete: boolean }>((done) => {
        res.on("end", () => done({ complete: res.complete }));
        res.on("aborted", () => done({ complete: false }));
        res.on("error", () => done({ complete: false }));
        res.on("close", () => done({ complete: res.complete }));
      });
      resolve({
        status: res.statusCode!,
        headers: res.headers,
        readRest: () => {
          res.on("data", () => undefined);
          res.resume();
          return ended;
        },
        destroy: () => req.destroy(),
      });
    });
    req.on("error", (error) => {
      // After the answer began, a reset connection is what readRest reports.
      if (!answered) reject(error);
    });
  });
}

const busy = (db: Database) => db.pool.totalCount - db.pool.idleCount;

async function idleInTransaction(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
    [db.name],
  );
  return rows[0]!.n;
}

function ndjsonLines(text: string): number {
  return text.split("\n").filter((line) => line.length > 0).length;
}

/** Rows of `size` characters each: far more NDJSON than loopback socket buffers hold (~4 MB). */
async function fillEntities(db: TestDatabase, rows: number, size: number) {
  await db.pool.query(
    `INSERT INTO entity (slug, kind, name, description)
     SELECT 'bulk-' || i, 'PERSON', 'Bulk person ' || i, repeat('d', ${size}) FROM generate_series(1, ${rows}) AS i`,
  );
}

const N = 5_000;
let big: TestDatabase;

beforeAll(async () => {
  big = await createTestDatabase("empty");
  await fillEntities(big, N, 4_000);
});

afterAll(async () => {
  await big?.drop();
});

// ---- clients that stop reading ----------------------------------------------------------------

describe("a client that stops reading", () => {
  let mounted: Mounted;
  const clients: Unread[] = [];

  beforeAll(async () => {
    // 5 s: the four slow clients must all be open before the first one stalls out, on a loaded CI machine too.
    mounted = await mount(big, { maxConcurrent: 4, maxPerClient: 2, stallTimeoutMs: 5_000 });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await mounted?.close();
  });

  it("is abandoned after the stall deadline: rolled back, its connection and slot freed, its socket closed", async () => {
    // Four callers fill every slot and never read.
    for (let i = 1; i <= 4; i += 1) {
      const client = await openUnread(`${mounted.url}/export/entities.ndjson`, { "x-forwarded-for": `203.0.113.${i}` });
      expect(client.status).toBe(200);
      clients.push(client);
    }
    const refused = await request(`${mounted.url}/export/entities.ndjson`, { "x-forwarded-for": "203.0.113.99" });
    expect(refused.status).toBe(503);
    expect(errorOf(refused).extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    const abandoned = () => mounted.logs.filter((line) => line.msg === "export abandoned: the client stopped reading");
    await until("the server to abandon the four unread exports", () => abandoned().length === 4);
    await until("the abandoned exports to give their connections back", () => busy(big) === 0);
    expect(await idleInTransaction(big)).toBe(0);
    expect(mounted.logs.some((line) => line.msg === "export failed")).toBe(false);
    // Their sockets were closed: reading on now finds a truncated answer, not the rest of the export.
    for (const client of clients) expect(await client.readRest()).toEqual({ complete: false });

    // Everyone is served again, the four callers included.
    const again = await request(
      `${mounted.url}/export/entities.csv?filter=${encodeURIComponent('{"slug":{"equals":"bulk-7"}}')}`,
      {
        "x-forwarded-for": "203.0.113.1",
      },
    );
    expect(again.status).toBe(200);
    expect(again.body.split("\n").filter((line) => line.length > 0)).toHaveLength(2);
  });
});

// ---- one caller, many exports -------------------------------------------------------------------

describe("per-caller export slots", () => {
  let mounted: Mounted;
  const clients: Unread[] = [];

  beforeAll(async () => {
    // A stall deadline far beyond the test: these exports end only when their clients leave.
    mounted = await mount(big, { maxConcurrent: 6, maxPerClient: 2, stallTimeoutMs: 60_000 });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await mounted?.close();
  });

  const open = async (headers: Record<string, string>) => {
    const client = await openUnread(`${mounted.url}/export/entities.ndjson`, headers);
    clients.push(client);
    return client;
  };

  it("refuses a caller's export beyond EXPORT_MAX_PER_CLIENT with 429 RATE_LIMITED, keyed by IP or by API key", async () => {
    const a = { "x-forwarded-for": "198.51.100.1" };
    const mine = [await open(a), await open(a)];
    expect(mine.map((client) => client.status)).toEqual([200, 200]);

    const third = await request(`${mounted.url}/export/entities.ndjson`, a);
    expect(third.status).toBe(429);
    expect(errorOf(third).extensions.code).toBe("RATE_LIMITED");
    const retryAfter = Number(third.headers["retry-after"]);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(errorOf(third).extensions.retryAfter).toBe(retryAfter);
    expect(third.headers["content-disposition"]).toBeUndefined();

    // Another address, and an API key on the same address, each have slots of their own.
    expect((await open({ "x-forwarded-for": "198.51.100.2" })).status).toBe(200);
    expect((await open({ ...a, "x-test-key": "key-1" })).status).toBe(200);
    expect((await open({ "x-forwarded-for": "198.51.100.3", "x-test-key": "key-1" })).status).toBe(200);
    const keyThird = await request(`${mounted.url}/export/entities.ndjson`, { "x-test-key": "key-1" });
    expect(keyThird.status).toBe(429);
    expect(errorOf(keyThird).extensions.code).toBe("RATE_LIMITED");

    // A client that leaves gives its slot and its connection back at once.
    const before = mounted.logs.filter((line) => line.msg === "export stopped: the client went away").length;
    for (const client of mine) client.destroy();
    await until(
      "the server to notice the two disconnects",
      () => mounted.logs.filter((line) => line.msg === "export stopped: the client went away").length === before + 2,
    );
    expect(busy(big)).toBe(clients.length - mine.length);
    expect((await open(a)).status).toBe(200);
  });
});

describe("per-caller export slots in the service", () => {
  it("counts an API key's exports apart from its address, behind the service's own authentication", async () => {
    const server = await startTestServer(big);
    const clients: Unread[] = [];
    const open = async (headers: Record<string, string> = {}) => {
      const client = await openUnread(`${server.url}/export/entities.ndjson`, headers);
      clients.push(client);
      return client.status;
    };
    try {
      const { key } = await createKey(big.pool, "export slots", "EDITOR");
      // The defaults: two exports per caller, four in all.
      expect([await open(), await open()]).toEqual([200, 200]);
      expect((await request(`${server.url}/export/entities.ndjson`)).status).toBe(429);
      expect(await open({ authorization: `Bearer ${key}` })).toBe(200);
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
    }
  });
});

// ---- clients that read slowly ---------------------------------------------------------------------

describe("a client that reads slowly but steadily", () => {
  let slow: TestDatabase;
  let pool: Database;
  let mounted: Mounted;
  const ROWS = 1_100;

  beforeAll(async () => {
    slow = await createTestDatabase("empty");
    // 16 KB rows: the first batch of 1,000 is ~16 MB, far more than the socket buffers take at once.
    await fillEntities(slow, ROWS, 16_000);
    // As in production, PostgreSQL ends sessions idle in a transaction; here after 2 s, not 60.
    pool = openDatabase(slow.url, { max: 2, idleInTransactionTimeoutMs: 2_000 });
    // A stall deadline the steady reader never comes near, even on a busy machine.
    mounted = await mount(pool, { stallTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    await mounted?.close();
    await pool?.close();
    await slow?.drop();
  });

  it("is served to the end, however long a batch takes to go out", async () => {
    // About 3 MB/s, steadily: yet the first batch takes seconds to go out, longer than PostgreSQL
    // lets a transaction sit idle.
    const { complete, body } = await new Promise<{ complete: boolean; body: string }>((resolve, reject) => {
      const req = http.get(`${mounted.url}/export/entities.ndjson`, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          res.pause();
          setTimeout(() => res.resume(), Math.ceil(chunk.length / 3_000));
        });
        res.on("end", () => resolve({ complete: res.complete, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("aborted", () => resolve({ complete: false, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", () => resolve({ complete: false, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
    });
    expect(mounted.logs.filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([]);
    expect(complete).toBe(true);
    expect(ndjsonLines(body)).toBe(ROWS);
    expect(mounted.logs.find((line) => line.msg === "export")?.records).toBe(ROWS);
  });
});

// ---- the database cannot serve ----------------------------------------------------------------------

describe("no database connection to be had", () => {
  it("answers 503 SERVICE_UNAVAILABLE with Retry-After when the pool is exhausted, then serves again", async () => {
    const small = openDatabase(big.url, { max: 1, connectTimeoutMs: 300 });
    const mounted = await mount(small, {});
    try {
      const held = await small.pool.connect();
      try {
        const answer = await request(`${mounted.url}/export/entities.csv`);
        expect(answer.status).toBe(503);
        expect(answer.headers["content-type"]).toMatch(/^application\/json/);
        expect(answer.headers["content-disposition"]).toBeUndefined();
        expect(errorOf(answer).extensions.code).toBe("SERVICE_UNAVAILABLE");
        expect(Number(answer.headers["retry-after"])).toBeGreaterThanOrEqual(1);
        expect(errorOf(answer).message).not.toMatch(/timeout exceeded|pool/i);
      } finally {
        held.release();
      }
      const served = await request(
        `${mounted.url}/export/entities.csv?filter=${encodeURIComponent('{"slug":{"equals":"bulk-1"}}')}`,
      );
      expect(served.status).toBe(200);
      expect(mounted.logs.some((line) => line.msg === "export failed")).toBe(false);
    } finally {
      await mounted.close();
      await small.close();
    }
  });

  it("answers 503 SERVICE_UNAVAILABLE with Retry-After when the database is unreachable", async () => {
    const nowhere = openDatabase("postgresql://postgres@127.0.0.1:9/nothing", { max: 1, connectTimeoutMs: 2_000 });
    const mounted = await mount(nowhere, {});
    try {
      const answer = await request(`${mounted.url}/export/claims.ndjson`);
      expect(answer.status).toBe(503);
      expect(errorOf(answer).extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect(Number(answer.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(errorOf(answer).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(mounted.logs.some((line) => line.msg === "export failed")).toBe(false);
    } finally {
      await mounted.close();
      await nowhere.close();
    }
  });
});

// ---- what the client is told -------------------------------------------------------------------

describe("error messages", () => {
  let production: Mounted;
  let development: Mounted;

  beforeAll(async () => {
    production = await mount(big, { production: true });
    development = await mount(big, {});
  });

  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  const filtered = (base: string, filter: unknown) =>
    request(`${base}/export/claims.ndjson?filter=${encodeURIComponent(JSON.stringify(filter))}`);

  it("carry no schema suggestions in production", async () => {
    const mistakes = [
      { kind: { equals: "FACTUL" } },
      { txt: { contains: "police" } },
      { AND: [{ rnk: { equals: "NORMAL" } }, { kind: { in: ["CASUAL"] } }] },
      { claimants: { some: { nme: { contains: "x" } } } },
    ];
    for (const filter of mistakes) {
      const answer = await filtered(production.url, filter);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).extensions.code).toBe("BAD_USER_INPUT");
      expect(errorOf(answer).message).not.toMatch(/did you mean/i);
    }
    // Development keeps them: they help whoever is writing the filter.
    expect(errorOf(await filtered(development.url, { txt: { contains: "police" } })).message).toMatch(
      /Did you mean "text"/,
    );
  });
});

// ---- filters built to hurt --------------------------------------------------------------------------

describe("hostile filters", () => {
  let mounted: Mounted;

  beforeAll(async () => {
    // As a deployment that allows long URLs would: Node's own limit (16 KB) would refuse these first.
    mounted = await mount(big, { production: true }, 1024 * 1024);
  });

  afterAll(async () => {
    await mounted?.close();
  });

  const withFilter = (raw: string) => request(`${mounted.url}/export/claims.ndjson?filter=${encodeURIComponent(raw)}`);
  const leaf = '{"kind":{"equals":"FACTUAL"}}';

  it("refuses a filter nested 5,000 levels deep with a coded 400, then keeps serving", async () => {
    for (const raw of [
      '{"AND":['.repeat(5_000) + leaf + "]}".repeat(5_000),
      '{"OR":['.repeat(5_000) + leaf + "]}".repeat(5_000),
      '{"NOT":'.repeat(5_000) + leaf + "}".repeat(5_000),
      '{"claimants":{"some":{"claimsMade":{"some":'.repeat(2_000) + leaf + "}}}}".repeat(2_000),
      "[".repeat(50_000) + "]".repeat(50_000),
    ]) {
      const answer = await withFilter(raw);
      expect([raw.slice(0, 20), answer.status]).toEqual([raw.slice(0, 20), 400]);
      expect(errorOf(answer).extensions.code).toBe("BAD_USER_INPUT");
    }
    expect(mounted.logs.filter((line) => line.level >= 50)).toEqual([]);
    expect((await request(`${mounted.url}/export/claims.ndjson`)).status).toBe(200);
  });

  it("refuses a 100 KB filter with a coded 400 and a short message", async () => {
    const huge = [
      JSON.stringify({ text: { contains: "x".repeat(100_000) } }),
      JSON.stringify({ kind: { in: Array.from({ length: 10_000 }, () => "FACTUAL") } }),
      JSON.stringify({ kind: { equals: "N".repeat(100_000) } }),
      JSON.stringify({ OR: Array.from({ length: 5_000 }, () => ({ text: { contains: "police" } })) }),
    ];
    for (const raw of huge) {
      const answer = await withFilter(raw);
      expect([raw.slice(0, 20), answer.status]).toEqual([raw.slice(0, 20), 400]);
      expect(errorOf(answer).extensions.code).toBe("BAD_USER_INPUT");
      expect(answer.body.length).toBeLessThan(4_000);
    }
    expect(mounted.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

// ---- HEAD ---------------------------------------------------------------------------------------------

describe("HEAD /export", () => {
  it("answers with the export's headers and status without reading the database", async () => {
    const own = openDatabase(big.url, { max: 1 });
    const mounted = await mount(own, {});
    try {
      const head = await request(`${mounted.url}/export/entities.csv`, {}, "HEAD");
      expect(head.status).toBe(200);
      expect(head.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(head.headers["content-disposition"]).toBe('attachment; filename="claimbase-entities.csv"');
      expect((await request(`${mounted.url}/export/entities.csv?filter=%7Bnope`, {}, "HEAD")).status).toBe(400);
      expect((await request(`${mounted.url}/export/widgets.csv`, {}, "HEAD")).status).toBe(404);
      // The pool opens connections on demand: none was ever asked for.
      expect(own.pool.totalCount).toBe(0);
    } finally {
      await mounted.close();
      await own.close();
    }
  });
});

// ---- the command's export: no stall deadline --------------------------------------------------------

describe("an export without a stall deadline (claimbase export)", () => {
  it("waits for a paused output longer than the idle-in-transaction timeout, and completes", async () => {
    // `claimbase export ... | less`: the reader may sit on one screen for minutes.
    const own = openDatabase(big.url, { max: 1, idleInTransactionTimeoutMs: 1_000 });
    try {
      let bytes = 0;
      let paused = false;
      const pager = new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (paused) return done();
          paused = true;
          setTimeout(done, 2_500);
        },
      });
      const { records } = await exportTo(own, { type: "entities", format: "ndjson" }, pager);
      expect(records).toBe(N);
      expect(paused).toBe(true);
      expect(bytes).toBeGreaterThan(N * 4_000);
    } finally {
      await own.close();
    }
  });
});
