import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../../src/config";
import { CHANGE_CHANNEL, CHANGE_FEED_APPLICATION } from "../../src/db/changes";
import { migrate } from "../../src/db/migrate";
import { freePort } from "../../src/shared/free-port";
import { createKey } from "../../src/modules/auth";
import { useTestServer } from "../support/lifecycle";
import { startTestServer } from "../support/server";

/**
 * The response cache (src/cache/response-cache.ts) over real HTTP and a real PostgreSQL: repeated
 * queries are answered without SQL, and no write, wherever it comes from, leaves a stale answer behind.
 */

let editor: string;
const MAYOR = "sanctuary-city-mayor";
const NAME = `query($slug: String!) { entity(slug: $slug) { name version } }`;

const suite = useTestServer({ template: "story" });

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
});

/** The whole answer (with `extensions.sqlStatements`), as the holder of `key` when one is given. */
async function post(query: string, variables: Record<string, unknown> = {}, key?: string) {
  return suite.server.post<any>(query, variables, key);
}

/** The mayor's name and version, and how many SQL statements answering took (0: from the cache). */
async function mayor(key?: string) {
  const body = await post(NAME, { slug: MAYOR }, key);
  expect(body.errors).toBeUndefined();
  return { ...(body.data.entity as { name: string; version: number }), statements: body.extensions!.sqlStatements };
}

/** A write from outside this server: another replica, the import CLI or psql. */
async function writeElsewhere(sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: suite.db.url });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Change-feed (LISTEN) connections to the test database: one per server with a response cache. */
async function changeFeedConnections(): Promise<number> {
  const { rows } = await suite.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [CHANGE_FEED_APPLICATION],
  );
  return rows[0]!.n;
}

async function rename(name: string, key = editor) {
  const { version } = await mayor();
  const { rows } = await suite.db.pool.query(`SELECT id::text FROM entity WHERE slug = $1`, [MAYOR]);
  const id = Buffer.from(`Entity:${rows[0].id}`, "utf8").toString("base64url");
  const body = await post(
    `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { name } userErrors { code message } } }`,
    { i: { id, version, name } },
    key,
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.updateEntity.userErrors).toEqual([]);
}

describe("the response cache", () => {
  beforeEach(async () => {
    await until(() => suite.server.responseCache!.usable);
  });

  it("answers a repeated query without SQL, with the same body", async () => {
    const query = `{ entities(first: 5) { totalCount nodes { slug name } } }`;
    const first = await post(query);
    const second = await post(query);
    expect(first.extensions!.sqlStatements).toBeGreaterThan(0);
    expect(second.extensions!.sqlStatements).toBe(0);
    expect(second.data).toEqual(first.data);
    // Other variables are another question.
    const other = await post(`query($n: Int!) { entities(first: $n) { nodes { slug } } }`, { n: 2 });
    const otherAgain = await post(`query($n: Int!) { entities(first: $n) { nodes { slug } } }`, {
      n: 3,
    });
    expect(other.extensions!.sqlStatements).toBeGreaterThan(0);
    expect(otherAgain.extensions!.sqlStatements).toBeGreaterThan(0);
    expect(otherAgain.data.entities.nodes).toHaveLength(3);
  });

  it("counts hits and misses in /metrics", async () => {
    // Counted from what this test sends: the earlier tests' hits and misses are in the totals too.
    const metrics = async () => (await fetch(`${suite.server.url}/metrics`)).text();
    const value = (text: string, outcome: string) =>
      Number(
        new RegExp(`claimbase_response_cache_requests_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
      );
    const query = `{ claims(first: 3) { nodes { text } } }`;
    const before = await metrics();
    expect((await post(query)).extensions!.sqlStatements).toBeGreaterThan(0);
    expect((await post(query)).extensions!.sqlStatements).toBe(0);
    const text = await metrics();
    expect(value(text, "hit")).toBe(value(before, "hit") + 1);
    expect(value(text, "miss")).toBe(value(before, "miss") + 1);
    expect(value(text, "hit")).toBeGreaterThanOrEqual(1);
    expect(value(text, "miss")).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/claimbase_response_cache_listening 1/);
    expect(Number(/claimbase_response_cache_entries (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it("shows this server's own mutation to the very next read", async () => {
    await mayor();
    expect((await mayor()).statements).toBe(0);
    await rename("Mayor Renamed Here");
    const after = await mayor();
    expect(after.name).toBe("Mayor Renamed Here");
    expect(after.statements).toBeGreaterThan(0);
  });

  it("drops answers when another connection writes (another replica, the CLI, psql)", async () => {
    const before = await mayor();
    expect((await mayor()).statements).toBe(0);
    await writeElsewhere(`UPDATE entity SET name = $2, version = version + 1 WHERE slug = $1`, [
      MAYOR,
      "Mayor From psql",
    ]);
    // The notification arrives at commit; this polls until it has been applied.
    await until(async () => (await mayor()).name === "Mayor From psql");
    const after = await mayor();
    expect(after.version).toBe(before.version + 1);
  });

  it("ignores rolled-back writes and still serves what was committed", async () => {
    // A server of its own, listening from now on: PostgreSQL sends a listener only the notifications
    // of commits after its LISTEN, so no earlier test's write can drop this server's cache meanwhile.
    const own = await startTestServer(suite.db);
    try {
      await until(() => own.responseCache!.usable);
      const ask = async () => {
        const body = await own.post<any>(NAME, { slug: MAYOR });
        expect(body.errors).toBeUndefined();
        return { name: body.data.entity.name as string, statements: body.extensions!.sqlStatements };
      };
      const before = await ask();
      expect(before.statements).toBeGreaterThan(0);
      expect((await ask()).statements).toBe(0);
      const stamp = own.responseCache!.stamp;
      const client = new pg.Client({ connectionString: suite.db.url });
      await client.connect();
      await client.query("BEGIN");
      await client.query(`UPDATE entity SET name = 'Never Committed' WHERE slug = $1`, [MAYOR]);
      await client.query("ROLLBACK");
      await client.end();
      const after = await ask();
      expect(after.name).toBe(before.name);
      // Answered from the cache: the rolled-back write dropped nothing.
      expect(after.statements).toBe(0);
      expect(own.responseCache!.stamp).toBe(stamp);
      expect((await mayor()).name).toBe(before.name);
    } finally {
      await own.close();
      // Its LISTEN connection gone, as the change-feed count in "settings" below expects.
      await until(async () => (await changeFeedConnections()) === 1);
    }
  });

  it("with notifications off, this server's own writes (mutations and /import) still invalidate", async () => {
    // Only the local invalidation is left: nothing else could make these reads fresh.
    const { rows } = await suite.db.pool.query<{ table: string; trigger: string }>(
      `SELECT c.relname AS table, t.tgname AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname LIKE '%\\_notify\\_change'`,
    );
    const toggle = (state: "ENABLE" | "DISABLE") =>
      Promise.all(
        rows.map((row) => suite.db.pool.query(`ALTER TABLE "${row.table}" ${state} TRIGGER "${row.trigger}"`)),
      );
    await toggle("DISABLE");
    try {
      await mayor();
      expect((await mayor()).statements).toBe(0);
      await rename("Mayor Without Notifications");
      expect((await mayor()).name).toBe("Mayor Without Notifications");

      const list = `{ entities(filter: { slug: { equals: "cache-imported" } }) { nodes { name } } }`;
      expect((await post(list)).data.entities.nodes).toEqual([]);
      const imported = await fetch(`${suite.server.url}/import`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
        body:
          [
            { format: "claimbase-bundle", version: 1 },
            { type: "entity", slug: "cache-imported", kind: "PERSON", name: "Imported Person" },
          ]
            .map((record) => JSON.stringify(record))
            .join("\n") + "\n",
      });
      expect(imported.status).toBe(200);
      expect((await post(list)).data.entities.nodes).toEqual([{ name: "Imported Person" }]);
    } finally {
      await toggle("ENABLE");
    }
  });

  it("keeps no answer a write may have overtaken while it ran", () => {
    const cache = suite.server.responseCache!;
    const stamp = cache.stamp;
    cache.invalidate(); // a change notified while the request ran
    expect(cache.store("race", { value: 1 }, stamp)).toBe(false);
    expect(cache.get("race")).toBeUndefined();
    expect(cache.store("race", { value: 2 }, cache.stamp)).toBe(true);
    expect(cache.get("race")).toEqual({ value: 2 });
  });

  it("keeps answers per caller: an API key does not get anonymous answers, nor the other way round", async () => {
    const query = `{ viewpoints(first: 2) { nodes { slug summary } } }`;
    expect((await post(query)).extensions!.sqlStatements).toBeGreaterThan(0);
    expect((await post(query, {}, editor)).extensions!.sqlStatements).toBeGreaterThan(0);
    expect((await post(query, {}, editor)).extensions!.sqlStatements).toBe(0);
    expect((await post(query)).extensions!.sqlStatements).toBe(0);
  });

  it("never caches an answer with errors", async () => {
    const query = `{ entity(slug: "${MAYOR}") { name } broken: entity(slug: "x", id: "y") { name } }`;
    const first = await post(query);
    expect(first.errors?.length).toBeGreaterThan(0);
    const second = await post(query);
    expect(second.errors?.length).toBeGreaterThan(0);
    expect(second.extensions!.sqlStatements).toBeGreaterThan(0);
  });

  it("stands aside while its change feed is down, and comes back empty", async () => {
    await mayor();
    expect((await mayor()).statements).toBe(0);
    await suite.db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [CHANGE_FEED_APPLICATION],
    );
    await until(() => !suite.server.responseCache!.usable);
    // Down: every read runs its SQL, and a write now cannot be notified to this server.
    expect((await mayor()).statements).toBeGreaterThan(0);
    expect((await mayor()).statements).toBeGreaterThan(0);
    await writeElsewhere(`UPDATE entity SET name = 'Renamed While Deaf' WHERE slug = $1`, [MAYOR]);
    await until(() => suite.server.responseCache!.usable);
    expect((await mayor()).name).toBe("Renamed While Deaf");
  });

  it("is on every content table: each announces inserts, updates and deletes with their rows, and truncations (only api_key, rate_limit and persisted_query are left out)", async () => {
    // One statement trigger per event (transition tables need that), each running claimbase_notify_change:
    // INSERT with NEW TABLE, UPDATE with OLD and NEW TABLE, DELETE with OLD TABLE, and TRUNCATE.
    const { rows } = await suite.db.pool.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
          AND c.relname NOT IN ('api_key', 'rate_limit', 'persisted_query', '_prisma_migrations')
          AND (SELECT count(DISTINCT e.event) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid,
                 LATERAL (VALUES
                   (CASE WHEN t.tgtype & 4 = 4 AND t.tgnewtable IS NOT NULL THEN 'insert' END),
                   (CASE WHEN t.tgtype & 8 = 8 AND t.tgoldtable IS NOT NULL THEN 'delete' END),
                   (CASE WHEN t.tgtype & 16 = 16 AND t.tgoldtable IS NOT NULL AND t.tgnewtable IS NOT NULL THEN 'update' END),
                   (CASE WHEN t.tgtype & 32 = 32 THEN 'truncate' END)) e(event)
                WHERE t.tgrelid = c.oid AND p.proname = 'claimbase_notify_change' AND t.tgenabled <> 'D'
                  AND t.tgtype & 1 = 0 -- FOR EACH STATEMENT
                  AND e.event IS NOT NULL) < 4`,
    );
    expect(rows.map((row) => row.table)).toEqual([]);
  });
});

describe("without the response cache", () => {
  it("runs every request (RESPONSE_CACHE_MB=0)", async () => {
    const plain = await startTestServer(suite.db, { responseCache: false });
    try {
      expect(plain.responseCache).toBeUndefined();
      const query = `{ claims(first: 2) { nodes { text } } }`;
      const ask = async () => (await plain.gqlCounted(query)).statements;
      expect(await ask()).toBeGreaterThan(0);
      expect(await ask()).toBeGreaterThan(0);
    } finally {
      await plain.close();
    }
  });
});

describe("settings", () => {
  it("reads RESPONSE_CACHE_MB, RESPONSE_CACHE_TTL_SECONDS and CHANGE_FEED_URL, and refuses bad values", () => {
    expect(loadConfig({})).toMatchObject({
      responseCacheMb: 64,
      responseCacheTtlSeconds: 300,
      changeFeedUrl: undefined,
    });
    expect(
      loadConfig({ RESPONSE_CACHE_MB: "0", RESPONSE_CACHE_TTL_SECONDS: "30", CHANGE_FEED_URL: "postgresql://db/x" }),
    ).toMatchObject({ responseCacheMb: 0, responseCacheTtlSeconds: 30, changeFeedUrl: "postgresql://db/x" });
    expect(() => loadConfig({ RESPONSE_CACHE_MB: "-1" })).toThrow(/RESPONSE_CACHE_MB/);
    expect(() => loadConfig({ RESPONSE_CACHE_MB: "lots" })).toThrow(/RESPONSE_CACHE_MB/);
    expect(() => loadConfig({ RESPONSE_CACHE_TTL_SECONDS: "0" })).toThrow(/RESPONSE_CACHE_TTL_SECONDS/);
  });

  it("listens where CHANGE_FEED_URL says, apart from the pool", async () => {
    const elsewhere = await startTestServer(suite.db, {
      responseCache: { maxBytes: 1024 * 1024, ttlMs: 60_000, listenUrl: suite.db.url },
    });
    try {
      await until(() => elsewhere.responseCache!.usable);
      const { rows } = await suite.db.pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
        [CHANGE_FEED_APPLICATION],
      );
      expect(rows[0].n).toBe(2); // this server's and the suite's main server's
    } finally {
      await elsewhere.close();
    }
  });

  it("uses CHANGE_FEED_URL, not the pool's URL: where nothing listens there, the cache stays off", async () => {
    const nowhere = new URL(suite.db.url);
    nowhere.port = String(await freePort());
    const deaf = await startTestServer(suite.db, {
      responseCache: { maxBytes: 1024 * 1024, ttlMs: 60_000, listenUrl: nowhere.toString() },
    });
    try {
      const query = `{ claims(first: 2) { nodes { text } } }`;
      // The pool answers (its URL works); the change feed cannot connect, so every request runs its SQL.
      expect((await deaf.gqlCounted(query)).statements).toBeGreaterThan(0);
      expect((await deaf.gqlCounted(query)).statements).toBeGreaterThan(0);
      expect(deaf.responseCache!.usable).toBe(false);
    } finally {
      await deaf.close();
    }
  });
});

describe("migrations", () => {
  it("notify the change channel after applying, since DDL fires no row trigger", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-migrations-"));
    try {
      cpSync(path.join(__dirname, "../../prisma/migrations"), dir, { recursive: true });
      mkdirSync(path.join(dir, "20991231000000_cache_probe"));
      writeFileSync(
        path.join(dir, "20991231000000_cache_probe", "migration.sql"),
        `COMMENT ON TABLE entity IS 'probe';\n`,
      );
      const listener = new pg.Client({ connectionString: suite.db.url });
      await listener.connect();
      const heard: string[] = [];
      listener.on("notification", (message) => heard.push(`${message.channel}:${message.payload}`));
      await listener.query(`LISTEN ${CHANGE_CHANNEL}`);
      try {
        const report = await migrate(suite.db.pool, dir);
        expect(report.applied).toEqual(["20991231000000_cache_probe"]);
        await until(() => heard.length > 0);
        expect(heard).toEqual([`${CHANGE_CHANNEL}:_prisma_migrations`]);
      } finally {
        await listener.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
