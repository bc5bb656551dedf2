import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createKey } from "../../src/modules/auth";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { rowCounts } from "../support/hostile-http";
import { startTestServer, type TestServer } from "../support/server";

/**
 * POST /import against a hostile client, over real HTTP on a real database: lines and records too
 * large to hold, declared lengths never sent, bodies that trickle in, more uploads than the service
 * takes at once, deadlocks, byte-order marks and broken UTF-8, and uploads with nothing in them.
 * The limits come from IMPORT_* settings, read when the route is made; each server here gets its own.
 */

const MiB = 1024 * 1024;

let db: TestDatabase;
let editor: string;
let monitor: pg.Client;
/** Small limits, so that the tests stay quick: 1 MiB records, 2 s idle, 6 s per upload. */
let small: TestServer;
let smallSpool: string;
/** Two uploads at a time. */
let capped: TestServer;
let cappedSpool: string;
/** No IMPORT_* setting: the defaults. */
let defaults: TestServer;
const sockets: net.Socket[] = [];

async function serverWith(settings: Record<string, string>): Promise<TestServer> {
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    return await startTestServer(db);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

beforeAll(async () => {
  db = await createTestDatabase("empty");
  editor = (await createKey(db.pool, "hostile importer", "EDITOR")).key;
  // Its own connection, so that what it watches cannot take it away.
  monitor = new pg.Client({ connectionString: db.url });
  await monitor.connect();
  smallSpool = await mkdtemp(path.join(os.tmpdir(), "claimbase-spool-small-"));
  cappedSpool = await mkdtemp(path.join(os.tmpdir(), "claimbase-spool-capped-"));
  small = await serverWith({
    IMPORT_MAX_BYTES: String(8 * MiB),
    IMPORT_MAX_RECORD_BYTES: String(MiB),
    IMPORT_IDLE_TIMEOUT_MS: "2000",
    IMPORT_UPLOAD_TIMEOUT_MS: "6000",
    IMPORT_MAX_CONCURRENT: "16",
    IMPORT_SPOOL_DIR: smallSpool,
  });
  capped = await serverWith({
    IMPORT_MAX_CONCURRENT: "2",
    IMPORT_IDLE_TIMEOUT_MS: "1500",
    IMPORT_SPOOL_DIR: cappedSpool,
  });
  defaults = await startTestServer(db);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

afterAll(async () => {
  await small?.close();
  await capped?.close();
  await defaults?.close();
  await monitor?.end();
  await db?.drop();
  await rm(smallSpool, { recursive: true, force: true });
  await rm(cappedSpool, { recursive: true, force: true });
});

interface ErrorBody {
  errors?: { message: string; extensions: { code: string } }[];
  applied?: boolean;
  records?: number;
  counts?: Record<string, { created: number; updated: number; unchanged: number }>;
  rejected?: { at: string; path: string; code: string; reason: string }[];
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

const NDJSON = "application/x-ndjson";
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const entity = (slug: string, name = slug, extra: Record<string, unknown> = {}) => ({
  type: "entity",
  slug,
  kind: "GROUP",
  name,
  ...extra,
});

async function post(server: TestServer, body: string | Buffer, type = NDJSON, query = ""): Promise<Answer> {
  const response = await fetch(`${server.url}/import${query}`, {
    method: "POST",
    headers: { "content-type": type, authorization: `Bearer ${editor}` },
    body: body as RequestInit["body"],
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: parse(text) };
}

function parse(text: string): ErrorBody {
  try {
    return JSON.parse(text) as ErrorBody;
  } catch {
    return {};
  }
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions.code;
const messageOf = (answer: Answer) => answer.body.errors?.[0]?.message ?? "";

async function graphqlStatus(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ entities(first: 1) { totalCount } }" }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function names(...slugs: string[]): Promise<(string | null)[]> {
  const { rows } = await db.pool.query<{ slug: string; name: string }>(
    "SELECT slug, name FROM entity WHERE slug = ANY($1)",
    [slugs],
  );
  return slugs.map((slug) => rows.find((row) => row.slug === slug)?.name ?? null);
}

/** Sessions of the service (not this test's own) waiting for a row lock. */
async function lockWaiters(): Promise<number> {
  const { rows } = await monitor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = $1 AND application_name = 'claimbase' AND wait_event_type = 'Lock'`,
    [db.name],
  );
  return rows[0]!.n;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polling), or fails the test after `tries` polls. */
async function until(check: () => Promise<boolean> | boolean, what: string, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never happened: ${what}`);
}

/** The spool folders an import route has open right now. */
async function spooling(dir: string): Promise<number> {
  return (await readdir(dir)).filter((name) => name.startsWith("claimbase-import-")).length;
}

interface RawAnswer extends Answer {
  /** The server closed the connection (rather than the test giving up waiting). */
  closed: boolean;
}

/**
 * One request over a raw socket: the test chooses every byte and when it goes (a declared length the
 * body never meets, chunks a second apart), and sees whether the server closes the connection. The
 * answer is what arrived by the time the server closed, or by `patienceMs` if it never did.
 */
class RawUpload {
  private readonly socket: net.Socket;
  private received = Buffer.alloc(0);
  readonly answer: Promise<RawAnswer>;

  constructor(server: TestServer, headers: Record<string, string>, patienceMs = 15_000) {
    const url = new URL(server.url);
    this.socket = net.connect(Number(url.port), url.hostname);
    sockets.push(this.socket);
    this.socket.on("data", (data: Buffer) => (this.received = Buffer.concat([this.received, data])));
    this.socket.on("error", () => undefined); // writes after the server closed: expected here
    this.answer = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.read(false)), patienceMs);
      this.socket.on("close", () => {
        clearTimeout(timer);
        resolve(this.read(true));
      });
    });
    const head = Object.entries({ host: url.host, authorization: `Bearer ${editor}`, ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    this.socket.write(`POST /import HTTP/1.1\r\n${head}\r\n`);
  }

  /** Body bytes as they are (for a declared Content-Length). */
  write(data: string | Buffer): void {
    if (this.socket.writable) this.socket.write(data);
  }

  /** One chunk of a chunked body. */
  chunk(data: string | Buffer): void {
    const bytes = Buffer.from(data);
    this.write(Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from("\r\n")]));
  }

  end(): void {
    this.write("0\r\n\r\n");
  }

  private read(closed: boolean): RawAnswer {
    const text = this.received.toString("utf8");
    const split = text.indexOf("\r\n\r\n");
    if (split === -1) return { status: 0, headers: {}, body: {}, closed };
    const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    return { status: Number(statusLine!.split(" ")[1]), headers, body: parse(text.slice(split + 4)), closed };
  }
}

describe("POST /import, record sizes", () => {
  it("refuses a 2 MiB NDJSON line past a 1 MiB cap with 413 PAYLOAD_TOO_LARGE naming the line", async () => {
    const before = await rowCounts(db.pool);
    const body = ndjson([
      entity("before-the-long-line"),
      entity("long-line", "x", { description: "x".repeat(2 * MiB) }),
    ]);
    const answer = await post(small, body);
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(messageOf(answer)).toMatch(/^line 2 /);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("refuses a line past the cap while the upload still arrives, without waiting for the rest", async () => {
    const before = await rowCounts(db.pool);
    const upload = new RawUpload(small, { "content-type": NDJSON, "transfer-encoding": "chunked" });
    const piece = `{"type":"entity","slug":"endless","kind":"PERSON","name":"${"x".repeat(MiB)}`;
    // Two mebibytes of one line, and the request is never finished: only the cap can answer it.
    for (let i = 0; i < 2; i += 1) upload.chunk(piece);
    const answer = await upload.answer;
    expect(answer.status).toBe(413);
    expect(messageOf(answer)).toMatch(/line 1 is larger than/);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("removes spool folders left by a process that died, and keeps those of live ones", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "claimbase-spool-stale-"));
    const dead = path.join(dir, "claimbase-import-999999999-1-abcdef");
    const live = path.join(dir, `claimbase-import-${process.ppid}-1-abcdef`);
    await mkdir(dead);
    await mkdir(live);
    const server = await serverWith({ IMPORT_SPOOL_DIR: dir });
    try {
      await until(async () => !(await readdir(dir)).includes(path.basename(dead)), "the dead process's folder to go");
      expect(await readdir(dir)).toEqual([path.basename(live)]);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads NDJSON whose first line is longer than 64 KiB as NDJSON, whatever its content type", async () => {
    const source = {
      type: "source",
      kind: "REPORT",
      title: "L",
      url: "https://long.example/70k",
      text: "m".repeat(70_000),
    };
    const body = ndjson([source, entity("after-the-long-first-line")]);
    const answer = await post(defaults, body, "application/json", "?dryRun=true");
    expect(answer.status).toBe(200);
    expect(answer.body.records).toBe(2);
  });

  it("refuses a JSON string past the cap while the upload still arrives", async () => {
    const before = await rowCounts(db.pool);
    const upload = new RawUpload(small, { "content-type": "application/json", "transfer-encoding": "chunked" });
    upload.chunk(`[{"type":"entity","slug":"endless-json","kind":"PERSON","name":"`);
    for (let i = 0; i < 2; i += 1) upload.chunk("x".repeat(MiB));
    const answer = await upload.answer;
    expect(answer.status).toBe(413);
    expect(messageOf(answer)).toMatch(/JSON string at byte \d+ is larger than/);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("refuses a 40 MB line under the default cap without crashing, and serves on", async () => {
    const line = JSON.stringify(entity("forty-megabytes", "x", { description: "x".repeat(40_000_000) }));
    const answer = await post(defaults, `${line}\n`);
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(messageOf(answer)).toMatch(/^line 1 .*IMPORT_MAX_RECORD_BYTES/);
    expect(await names("forty-megabytes")).toEqual([null]);
    expect(await graphqlStatus(defaults)).toBe(200);
    expect((await post(defaults, ndjson([entity("after-forty-megabytes")]))).status).toBe(200);
  });

  it("imports a source whose text is 10 MB under the default cap", async () => {
    const text = "word ".repeat(2_000_000);
    const source = { type: "source", kind: "NEWS_ARTICLE", title: "Long", url: "https://long.example/", text };
    const answer = await post(defaults, ndjson([source]));
    expect(answer.status).toBe(200);
    expect(answer.body.counts?.Source?.created).toBe(1);
  });

  it("refuses a JSON array element past the cap with 413 naming its pointer", async () => {
    const before = await rowCounts(db.pool);
    const body = JSON.stringify([
      entity("array-small"),
      // Many strings, none past the cap alone: measured as the element is read.
      entity("array-big", "x", { aliases: Array.from({ length: 60 }, (_, i) => `${i}${"x".repeat(30_000)}`) }),
    ]);
    const answer = await post(small, body, "application/json");
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(messageOf(answer)).toMatch(/^\/1 /);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("refuses a string past the cap in a bundle section, and a document read whole, before assembling them", async () => {
    const before = await rowCounts(db.pool);
    const bundle = {
      format: "claimbase-bundle",
      version: 1,
      entities: [
        {
          slug: "bundle-big",
          kind: "GROUP",
          name: "x",
          aliases: Array.from({ length: 60 }, (_, i) => `${i}${"x".repeat(30_000)}`),
        },
      ],
    };
    const inBundle = await post(small, JSON.stringify(bundle, null, 1), "application/json");
    expect(inBundle.status).toBe(413);
    expect(messageOf(inBundle)).toMatch(/^\/entities\/0 /);
    const review = { "@context": "https://schema.org", "@type": "ClaimReview", claimReviewed: "x".repeat(2 * MiB) };
    const whole = await post(small, JSON.stringify(review, null, 1), "application/ld+json");
    expect(whole.status).toBe(413);
    expect(codeOf(whole)).toBe("PAYLOAD_TOO_LARGE");
    // One string past the cap: refused while it arrives, before the document is even complete.
    expect(messageOf(whole)).toMatch(/^the JSON string at byte \d+ is larger than/);
    expect(await rowCounts(db.pool)).toEqual(before);
  });
});

describe("POST /import, upload sizes and times", () => {
  it("refuses a declared Content-Length of 1 TB at once with 413, and closes the connection", async () => {
    const before = await rowCounts(db.pool);
    const upload = new RawUpload(small, { "content-type": NDJSON, "content-length": String(10 ** 12) });
    upload.write('{"type":"entity","slug":"terabyte"');
    const answer = await upload.answer;
    expect(answer).toMatchObject({ status: 413, closed: true, headers: { connection: "close" } });
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("stops a chunked upload at IMPORT_MAX_BYTES with 413, and closes the connection", async () => {
    const before = await rowCounts(db.pool);
    const upload = new RawUpload(small, { "content-type": NDJSON, "transfer-encoding": "chunked" });
    const line = JSON.stringify(entity("filler", "x".repeat(900))) + "\n";
    for (let i = 0; i < 9; i += 1) upload.chunk(line.repeat(Math.ceil(MiB / line.length)));
    const answer = await upload.answer;
    expect(answer).toMatchObject({ status: 413, closed: true, headers: { connection: "close" } });
    expect(codeOf(answer)).toBe("PAYLOAD_TOO_LARGE");
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("keeps ten trickling uploads out of the database, and stops them with 408 REQUEST_TIMEOUT", async () => {
    const before = await rowCounts(db.pool);
    const uploads = Array.from(
      { length: 10 },
      () => new RawUpload(small, { "content-type": NDJSON, "transfer-encoding": "chunked" }),
    );
    // The first five send three lines and then nothing (idle); the others keep going (the deadline).
    let ticks = 0;
    const tick = () => {
      ticks += 1;
      uploads.forEach((upload, i) => {
        if (i >= 5 || ticks <= 3) upload.chunk(ndjson([entity(`trickle-${i}-${ticks}`)]));
      });
    };
    tick();
    const ticker = setInterval(tick, 500);
    try {
      await until(() => ticks >= 3, "three lines sent");
      const { rows } = await monitor.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state LIKE 'idle in transaction%'`,
        [db.name],
      );
      expect(rows[0]!.n).toBe(0);
      expect(await graphqlStatus(small)).toBe(200);
      const answers = await Promise.all(uploads.map((upload) => upload.answer));
      for (const [i, answer] of answers.entries()) {
        expect(answer).toMatchObject({ status: 408, closed: true, headers: { connection: "close" } });
        expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
        expect(messageOf(answer)).toMatch(i < 5 ? /no data/ : /longer than/);
      }
    } finally {
      clearInterval(ticker);
    }
    expect(await rowCounts(db.pool)).toEqual(before);
    await until(async () => (await spooling(smallSpool)) === 0, "spooled uploads removed");
  });

  it("answers an upload past IMPORT_MAX_CONCURRENT with 503 at once, without waiting for its body", async () => {
    const open = [0, 1].map((i) => {
      const upload = new RawUpload(capped, { "content-type": NDJSON, "transfer-encoding": "chunked" });
      upload.chunk(ndjson([entity(`capped-${i}`)]));
      return upload;
    });
    await until(async () => (await spooling(cappedSpool)) === 2, "two uploads spooling");
    const third = new RawUpload(capped, { "content-type": NDJSON, "content-length": "1000" });
    const refused = await third.answer;
    expect(refused).toMatchObject({ status: 503, closed: true, headers: { connection: "close" } });
    expect(codeOf(refused)).toBe("SERVICE_UNAVAILABLE");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    for (const upload of open) expect((await upload.answer).status).toBe(408);
    expect(await names("capped-0", "capped-1")).toEqual([null, null]);
    expect((await post(capped, ndjson([entity("capped-after")]))).status).toBe(200);
  });
});

describe("POST /import and the database", () => {
  it("lets two imports at a time hold a database connection; the others wait their turn", async () => {
    expect((await post(small, ndjson([entity("gate-held", "Held")]))).status).toBe(200);
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    let imports: Promise<Answer>[] = [];
    try {
      await locker.query("BEGIN");
      await locker.query("SELECT 1 FROM entity WHERE slug = 'gate-held' FOR UPDATE");
      imports = Array.from({ length: 5 }, (_, i) => post(small, ndjson([entity("gate-held", `Held ${i}`)])));
      await until(async () => (await lockWaiters()) >= 2, "two imports waiting for the row");
      const seen: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        seen.push(await lockWaiters());
        await sleep(100);
      }
      expect(Math.max(...seen)).toBe(2);
      expect(await graphqlStatus(small)).toBe(200);
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    expect((await Promise.all(imports)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("retries an import that loses a deadlock, and applies it", async () => {
    expect((await post(small, ndjson([entity("deadlock-a", "A"), entity("deadlock-b", "B")]))).status).toBe(200);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      // The import checks for the deadlock first (after PostgreSQL's default 1 s), so it is the one aborted.
      await other.query("SET deadlock_timeout = '60s'");
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM entity WHERE slug = 'deadlock-b' FOR UPDATE");
      const imported = post(small, ndjson([entity("deadlock-a", "A2"), entity("deadlock-b", "B2")]));
      await until(async () => (await lockWaiters()) === 1, "the import waiting for deadlock-b");
      await other.query("SELECT 1 FROM entity WHERE slug = 'deadlock-a' FOR UPDATE");
      await other.query("COMMIT");
      const answer = await imported;
      expect(answer.status).toBe(200);
      expect(answer.body.applied).toBe(true);
      expect(await names("deadlock-a", "deadlock-b")).toEqual(["A2", "B2"]);
    } finally {
      await other.end();
    }
  });

  it("retries a serialization failure, and answers 503 after the third", async () => {
    await db.pool.query(`
      CREATE SEQUENCE import_failures;
      CREATE FUNCTION fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- nextval is not rolled back with the import, so it counts the attempts
        IF nextval('import_failures') <= 3 OR NEW.slug = 'always-fails' THEN
          RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_import BEFORE INSERT ON entity FOR EACH ROW
        WHEN (NEW.slug IN ('fails-twice', 'always-fails')) EXECUTE FUNCTION fail_import();
      SELECT setval('import_failures', 1);`);
    try {
      const twice = await post(small, ndjson([entity("fails-twice")]));
      expect(twice.status).toBe(200);
      expect(twice.body.counts?.Entity?.created).toBe(1);
      const always = await post(small, ndjson([entity("always-fails")]));
      expect(always.status).toBe(503);
      expect(codeOf(always)).toBe("SERVICE_UNAVAILABLE");
      expect(Number(always.headers["retry-after"])).toBeGreaterThan(0);
      const { rows } = await db.pool.query<{ n: string }>("SELECT last_value AS n FROM import_failures");
      expect(Number(rows[0]!.n)).toBe(7); // from 1: two failed attempts and a good one (2-4), then three failed (5-7)
      expect(await names("fails-twice", "always-fails")).toEqual(["fails-twice", null]);
    } finally {
      await db.pool.query(
        "DROP TRIGGER fail_import ON entity; DROP FUNCTION fail_import(); DROP SEQUENCE import_failures",
      );
    }
  });

  it("answers 503 SERVICE_UNAVAILABLE when the database drops the import's connection", async () => {
    expect((await post(small, ndjson([entity("dropped-held")]))).status).toBe(200);
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("SELECT 1 FROM entity WHERE slug = 'dropped-held' FOR UPDATE");
      const imported = post(small, ndjson([entity("dropped-held", "Renamed")]));
      await until(async () => (await lockWaiters()) === 1, "the import waiting for the row");
      await monitor.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'claimbase' AND wait_event_type = 'Lock'`,
        [db.name],
      );
      const answer = await imported;
      expect(answer.status).toBe(503);
      expect(codeOf(answer)).toBe("SERVICE_UNAVAILABLE");
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    expect(await names("dropped-held")).toEqual(["dropped-held"]);
    expect(await graphqlStatus(small)).toBe(200);
  });
});

describe("POST /import, text and shape", () => {
  it("ignores a UTF-8 byte order mark at the start of NDJSON and of JSON", async () => {
    const lines = await post(small, `\uFEFF${ndjson([entity("bom-ndjson")])}`);
    expect(lines.status).toBe(200);
    const bundle = {
      format: "claimbase-bundle",
      version: 1,
      entities: [{ slug: "bom-json", kind: "GROUP", name: "x" }],
    };
    const json = await post(small, `\uFEFF${JSON.stringify(bundle, null, 2)}`, "application/json");
    expect(json.status).toBe(200);
    expect(await names("bom-ndjson", "bom-json")).toEqual(["bom-ndjson", "x"]);
  });

  it("refuses invalid UTF-8 with a 422 naming the line or byte, and writes nothing", async () => {
    const before = await rowCounts(db.pool);
    const broken = Buffer.concat([
      Buffer.from(ndjson([entity("utf8-fine")])),
      Buffer.from('{"type":"entity","slug":"utf8-broken","kind":"GROUP","name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const lines = await post(small, broken);
    expect(lines.status).toBe(422);
    expect(lines.body.rejected).toEqual([
      expect.objectContaining({
        at: "line 2",
        code: "INVALID",
        reason: expect.stringMatching(/UTF-8.*byte 61 of the line/),
      }),
    ]);
    const prefix = Buffer.from(
      '{\n "format": "claimbase-bundle",\n "version": 1,\n "entities": [{"slug": "x", "name": "',
    );
    const json = await post(
      small,
      Buffer.concat([prefix, Buffer.from([0xff]), Buffer.from('", "kind": "GROUP"}]\n}\n')]),
      "application/json",
    );
    expect(json.status).toBe(422);
    expect(json.body.rejected).toEqual([
      expect.objectContaining({ at: `byte ${prefix.length}`, code: "INVALID", reason: expect.stringMatching(/UTF-8/) }),
    ]);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("rejects a @graph of nested arrays with a 422 naming where, on one line or pretty-printed", async () => {
    const before = await rowCounts(db.pool);
    const review = {
      "@type": "ClaimReview",
      url: "https://factcheck.example/nested",
      claimReviewed: "Nested arrays hide reviews.",
      author: { "@type": "Organization", name: "Nested Checker" },
      itemReviewed: { "@type": "Claim", author: { "@type": "Person", name: "Nested Speaker" } },
      reviewRating: { "@type": "Rating", alternateName: "False" },
    };
    const doc = { "@context": "https://schema.org", "@graph": [[review]] };
    const oneLine = await post(small, JSON.stringify(doc), "application/ld+json");
    expect(oneLine.status).toBe(422);
    expect(oneLine.body.rejected).toEqual([expect.objectContaining({ at: "line 1/@graph/0", code: "INVALID" })]);
    const pretty = await post(small, JSON.stringify(doc, null, 2), "application/ld+json");
    expect(pretty.status).toBe(422);
    expect(pretty.body.rejected).toEqual([expect.objectContaining({ at: "/@graph/0", code: "INVALID" })]);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("answers 422 EMPTY when an upload holds no record at all", async () => {
    const uploads: [string, string][] = [
      ["", NDJSON],
      ["\n\n  \n", NDJSON],
      [ndjson([{ format: "claimbase-bundle", version: 1 }]), NDJSON],
      ["  \n", "application/json"],
      [JSON.stringify({ "@context": "https://schema.org", "@graph": [{ "@type": "WebPage" }] }), "application/ld+json"],
    ];
    for (const [body, type] of uploads) {
      const answer = await post(small, body, type, "?dryRun=true");
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ applied: false, records: 0 });
      expect(answer.body.rejected).toEqual([expect.objectContaining({ code: "EMPTY" })]);
    }
  });
});
