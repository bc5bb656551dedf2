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

  it("says what it did in the Cache-Status header (RFC 9211), readable by browser pages", async () => {
    const status = async (query: string, key?: string) => {
      const response = await fetch(`${suite.server.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://reader.example",
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query }),
      });
      expect(response.headers.get("access-control-expose-headers")).toContain("Cache-Status");
      return response.headers.get("cache-status");
    };
    const query = `{ entities(first: 2) { nodes { slug } } cacheStatusProbe: claims(first: 1) { totalCount } }`;
    expect(await status(query)).toBe("claimbase; fwd=miss; stored");
    expect(await status(query)).toBe("claimbase; hit");
    expect(await status(`mutation { __typename }`, editor)).toBe("claimbase; fwd=bypass");
    // An answer with errors runs, and is not kept.
    expect(await status(`{ entity(id: "not-an-id") { slug } }`)).toBe("claimbase; fwd=miss");
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
      // Its commit marker reported rows written with no notification: everything was dropped, and why.
      const metrics = await (await fetch(`${suite.server.url}/metrics`)).text();
      expect(metrics).toMatch(/^claimbase_response_cache_dropped_total\{cause="commit-unannounced"\} [1-9]/m);

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

/** A global ID, as the API gives them. */
const gid = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`, "utf8").toString("base64url");

/** Two seeded entities (their ids), neither the mayor. */
async function someEntities(n: number): Promise<{ id: string; slug: string; version: number }[]> {
  const { rows } = await suite.db.pool.query<{ id: string; slug: string; version: number }>(
    `SELECT id::text, slug, version FROM entity WHERE slug <> $1 AND merged_into_id IS NULL ORDER BY seq LIMIT $2`,
    [MAYOR, n],
  );
  return rows;
}

const LOOKUP = `query($id: ID!) { entity(id: $id) { slug name version } }`;

/** Runs `query` on the suite's server: its data and how many statements it took (0: from the cache). */
async function ask(query: string, variables: Record<string, unknown> = {}) {
  const body = await post(query, variables);
  expect(body.errors).toBeUndefined();
  return { data: body.data, statements: body.extensions!.sqlStatements as number };
}

/** Asks twice, so the answer is cached, and checks that the second came from the cache. */
async function cached(query: string, variables: Record<string, unknown> = {}) {
  await ask(query, variables);
  const again = await ask(query, variables);
  expect(again.statements).toBe(0);
  return again.data;
}

/**
 * Writes from another connection (psql), then waits until the suite's server has applied every
 * notification it sent: the cache's stamp counts changes applied, one per statement that changed rows.
 */
async function writeAndWait(statements: string[], values: unknown[][] = []) {
  const cache = suite.server.responseCache!;
  const before = cache.stamp;
  const client = new pg.Client({ connectionString: suite.db.url });
  await client.connect();
  let changed = 0;
  try {
    for (const [i, statement] of statements.entries()) {
      const result = await client.query(statement, values[i] ?? []);
      if ((result.rowCount ?? 0) > 0 || /^\s*TRUNCATE/i.test(statement)) changed += 1;
    }
  } finally {
    await client.end();
  }
  await until(() => cache.stamp >= before + changed);
}

async function updateEntity(id: string, fields: Record<string, unknown>, server = suite.server) {
  const { rows } = await suite.db.pool.query<{ version: number }>(`SELECT version FROM entity WHERE id = $1`, [id]);
  const body = await server.post<any>(
    `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { version } userErrors { code message } } }`,
    { i: { id: gid("Entity", id), version: rows[0]!.version, ...fields } },
    editor,
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.updateEntity.userErrors).toEqual([]);
}

describe("invalidation by what an answer read", () => {
  beforeEach(async () => {
    await until(() => suite.server.responseCache!.usable);
  });

  it("a mutation through this server drops the lookup of the row it changed, not the lookup of another", async () => {
    const [a, b] = await someEntities(2);
    await cached(LOOKUP, { id: gid("Entity", a!.id) });
    await cached(LOOKUP, { id: gid("Entity", b!.id) });
    await updateEntity(a!.id, { name: "Renamed By Mutation" });
    // Read-your-writes: the very next read sees it.
    const after = await ask(LOOKUP, { id: gid("Entity", a!.id) });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity.name).toBe("Renamed By Mutation");
    expect((await ask(LOOKUP, { id: gid("Entity", b!.id) })).statements).toBe(0);
  });

  it("a mutation through another server on the same database drops what it changed here", async () => {
    const other = await startTestServer(suite.db);
    try {
      const [a, b] = await someEntities(2);
      await cached(LOOKUP, { id: gid("Entity", a!.id) });
      await cached(LOOKUP, { id: gid("Entity", b!.id) });
      const before = suite.server.responseCache!.stamp;
      await updateEntity(a!.id, { name: "Renamed Elsewhere" }, other);
      await until(
        async () => (await ask(LOOKUP, { id: gid("Entity", a!.id) })).data.entity.name === "Renamed Elsewhere",
      );
      expect(suite.server.responseCache!.stamp).toBeGreaterThan(before);
      expect((await ask(LOOKUP, { id: gid("Entity", b!.id) })).statements).toBe(0);
    } finally {
      await other.close();
      await until(async () => (await changeFeedConnections()) === 1);
    }
  });

  it("a psql update of an unrelated row leaves an entity lookup cached; of its own row, drops it", async () => {
    const [a, b] = await someEntities(2);
    await cached(LOOKUP, { id: gid("Entity", a!.id) });
    await writeAndWait([`UPDATE entity SET description = 'psql was here' WHERE id = $1`], [[b!.id]]);
    expect((await ask(LOOKUP, { id: gid("Entity", a!.id) })).statements).toBe(0);
    await writeAndWait([`UPDATE entity SET name = 'Renamed In psql' WHERE id = $1`], [[a!.id]]);
    const after = await ask(LOOKUP, { id: gid("Entity", a!.id) });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity.name).toBe("Renamed In psql");
  });

  it("a lookup that fetches a nested connection in its own statement is dropped by a change of a claim it shows, not of another entity", async () => {
    // The entity with the most claims made, and another entity.
    const { rows } = await suite.db.pool.query<{ id: string }>(
      `SELECT l.entity_id::text AS id FROM claim_claimant l JOIN entity e ON e.id = l.entity_id
       WHERE e.merged_into_id IS NULL GROUP BY l.entity_id, e.seq ORDER BY count(*) DESC, e.seq LIMIT 1`,
    );
    const id = rows[0]!.id;
    const [other] = (await someEntities(2)).filter((entity) => entity.id !== id);
    const query = `query($id: ID!) { entity(id: $id) { slug claimsMade(first: 5) { nodes { id text } } } }`;
    const first = await ask(query, { id: gid("Entity", id) });
    // The lookup and its nested page are one statement (prefetch.ts), whose reads include the page's.
    expect(first.statements).toBe(1);
    const nodes = first.data.entity.claimsMade.nodes as { id: string; text: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    await cached(query, { id: gid("Entity", id) });
    await writeAndWait([`UPDATE entity SET description = 'psql was here too' WHERE id = $1`], [[other!.id]]);
    expect((await ask(query, { id: gid("Entity", id) })).statements).toBe(0);
    const claim = Buffer.from(nodes[0]!.id, "base64url")
      .toString("utf8")
      .replace(/^Claim:/, "");
    await writeAndWait([`UPDATE claim SET text = 'Changed in psql under a nested page' WHERE id = $1`], [[claim]]);
    const after = await ask(query, { id: gid("Entity", id) });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity.claimsMade.nodes[0]).toEqual({
      id: nodes[0]!.id,
      text: "Changed in psql under a nested page",
    });
  });

  it("an update of a column no list shows, filters or orders by leaves the list cached", async () => {
    const [a] = await someEntities(1);
    const list = `{ entities(first: 50, filter: { kind: { in: [PERSON, ORGANIZATION, GOVERNMENT_BODY, GROUP] } }) { totalCount nodes { slug name } } }`;
    await cached(list);
    await updateEntity(a!.id, { description: "A description no list shows" });
    expect((await ask(list)).statements).toBe(0);
  });

  it("an update of a shown, filtered or ordered column drops the list", async () => {
    const [a] = await someEntities(1);
    const shown = `{ entities(first: 3) { nodes { slug description } } }`;
    const filtered = `{ entities(first: 3, filter: { description: { contains: "marker" } }) { nodes { slug } } }`;
    const ordered = `{ entities(first: 3, orderBy: [{ field: UPDATED_AT, direction: DESC }]) { nodes { slug } } }`;
    for (const query of [shown, filtered, ordered]) await cached(query);
    await writeAndWait([`UPDATE entity SET description = 'a marker', updated_at = now() WHERE id = $1`], [[a!.id]]);
    for (const query of [shown, filtered, ordered]) expect((await ask(query)).statements).toBeGreaterThan(0);
    expect((await ask(filtered)).data.entities.nodes).toEqual([{ slug: a!.slug }]);
    expect((await ask(ordered)).data.entities.nodes[0]).toEqual({ slug: a!.slug });
  });

  it("an update of seq alone (every list's order, or its tie-breaker) drops the lists of that table", async () => {
    const plain = `{ viewpoints(first: 4) { nodes { slug } } }`;
    const byName = `{ entities(first: 3, orderBy: [{ field: NAME }]) { nodes { slug } } }`;
    const last = `{ entities(last: 2) { nodes { slug } } }`;
    for (const query of [plain, byName, last]) await cached(query);
    await writeAndWait([`UPDATE viewpoint SET seq = seq + 1000000 WHERE seq = (SELECT min(seq) FROM viewpoint)`]);
    await writeAndWait([`UPDATE entity SET seq = seq + 1000000 WHERE seq = (SELECT min(seq) FROM entity)`]);
    for (const query of [plain, byName, last]) expect((await ask(query)).statements).toBeGreaterThan(0);
  });

  it("an insert drops a list it could join: a new claimant link drops the claims filtered by claimant", async () => {
    const [a] = await someEntities(1);
    const query = `query($s: String!) { claims(first: 20, filter: { claimants: { some: { slug: { equals: $s } } } }) { totalCount nodes { text } } }`;
    const before = await cached(query, { s: a!.slug });
    const { rows } = await suite.db.pool.query<{ id: string; text: string }>(
      `SELECT c.id::text, c.text FROM claim c WHERE NOT EXISTS (SELECT 1 FROM claim_claimant l WHERE l.claim_id = c.id AND l.entity_id = $1) ORDER BY c.seq LIMIT 1`,
      [a!.id],
    );
    await writeAndWait(
      [`INSERT INTO claim_claimant (claim_id, entity_id, position) VALUES ($1, $2, 99)`],
      [[rows[0]!.id, a!.id]],
    );
    const after = await ask(query, { s: a!.slug });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.claims.totalCount).toBe(before.claims.totalCount + 1);
  });

  it("a delete drops a lookup of that row, and an insert drops a lookup that found nothing under its id", async () => {
    const { rows } = await suite.db.pool.query<{ id: string }>(`SELECT gen_random_uuid()::text AS id`);
    const id = rows[0]!.id;
    const missing = await cached(LOOKUP, { id: gid("Entity", id) });
    expect(missing.entity).toBeNull();
    await writeAndWait([
      `INSERT INTO entity (id, slug, kind, name, updated_at) VALUES ('${id}', 'cache-short-lived', 'PERSON', 'Short Lived', now())`,
    ]);
    expect((await ask(LOOKUP, { id: gid("Entity", id) })).data.entity).toMatchObject({ slug: "cache-short-lived" });
    await cached(LOOKUP, { id: gid("Entity", id) });
    await writeAndWait([`DELETE FROM entity WHERE id = '${id}'`]);
    const after = await ask(LOOKUP, { id: gid("Entity", id) });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity).toBeNull();
  });

  it("a bulk import elsewhere drops the lists of its table; a statement past a message's size (no row ids) drops its lookups too", async () => {
    const other = await startTestServer(suite.db);
    try {
      const [a] = await someEntities(1);
      const list = `{ entities(first: 1, filter: { slug: { startsWith: "cache-bulk-" } }) { totalCount } }`;
      await cached(list);
      await cached(LOOKUP, { id: gid("Entity", a!.id) });
      const claimsList = `{ claims(first: 2) { nodes { text } } }`;
      await cached(claimsList);
      const records = [{ format: "claimbase-bundle", version: 1 }];
      for (let i = 0; i < 200; i += 1) {
        records.push({ type: "entity", slug: `cache-bulk-${i}`, kind: "PERSON", name: `Bulk ${i}` } as never);
      }
      const imported = await fetch(`${other.url}/import`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
        body: records.map((record) => JSON.stringify(record)).join("\n") + "\n",
      });
      expect(imported.status).toBe(200);
      await until(async () => (await ask(list)).data.entities.totalCount === 200);
      expect((await ask(claimsList)).statements).toBe(0);
      // A statement over more rows than a message can name (here 200) names none: every lookup of its
      // table goes too, and lists of other tables stay.
      await cached(LOOKUP, { id: gid("Entity", a!.id) });
      await writeAndWait([`UPDATE entity SET description = 'bulk' WHERE slug LIKE 'cache-bulk-%'`]);
      expect((await ask(LOOKUP, { id: gid("Entity", a!.id) })).statements).toBeGreaterThan(0);
      expect((await ask(claimsList)).statements).toBe(0);
    } finally {
      await other.close();
      await until(async () => (await changeFeedConnections()) === 1);
    }
  });

  it("a merge drops the lookups and lists of every table it wrote", async () => {
    const admin = (await createKey(suite.db.pool, "cache-admin", "ADMIN")).key;
    const [a, b] = await someEntities(2);
    await cached(LOOKUP, { id: gid("Entity", b!.id) });
    const list = `{ entities(first: 100) { totalCount } }`;
    const before = await cached(list);
    const body = await post(
      `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { entity { slug } userErrors { code message } } }`,
      { i: { survivor: gid("Entity", a!.id), merged: [gid("Entity", b!.id)] } },
      admin,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.mergeEntities.userErrors).toEqual([]);
    // The merged entity's ID resolves to the survivor now; the list of current entities lost one.
    expect((await ask(LOOKUP, { id: gid("Entity", b!.id) })).data.entity.slug).toBe(a!.slug);
    expect((await ask(list)).data.entities.totalCount).toBe(before.entities.totalCount - 1);
  });

  it("stores no answer when a relevant change arrived during its request, and stores it past an irrelevant one", () => {
    const cache = suite.server.responseCache!;
    const tags = {
      everything: false as const,
      tables: new Map([["entity", { scan: new Set(["name"]) as Set<string> | "*", keys: null }]]),
    };
    const update = (cols: string[]) => ({
      kind: "table" as const,
      table: "entity",
      op: "U" as const,
      ids: new Set(["00000000-0000-0000-0000-000000000001"]),
      cols,
    });
    let stamp = cache.stamp;
    cache.apply(update(["description"]));
    expect(cache.store("during-1", { value: 1 }, stamp, tags)).toBe(true);
    expect(cache.get("during-1")).toEqual({ value: 1 });
    stamp = cache.stamp;
    cache.apply(update(["name"]));
    expect(cache.store("during-2", { value: 2 }, stamp, tags)).toBe(false);
    expect(cache.get("during-2")).toBeUndefined();
    // And a stored one went when the change it read arrived.
    expect(cache.get("during-1")).toBeUndefined();
  });

  it("keeps other answers through this server's own mutation (no longer drops everything)", async () => {
    const [a] = await someEntities(1);
    const claimsList = `{ claims(first: 3) { nodes { text kind } } }`;
    await cached(claimsList);
    await updateEntity(a!.id, { description: "Nothing a claim list reads" });
    expect((await ask(claimsList)).statements).toBe(0);
  });

  it("keeps every answer through a mutation that changed nothing or was refused, and says why it drops everything in /metrics", async () => {
    // An editorial tool saving a form twice: the second save finds nothing to change, but its FOR UPDATE
    // lock gave its transaction an id, so its commit marker is sent with no change notification before it.
    // A refused write (a stale version) rolls back. Neither may empty the cache.
    const [a, b] = await someEntities(2);
    await updateEntity(a!.id, { description: "Saved once" });
    const claimsList = `{ claims(first: 3) { nodes { text kind } } }`;
    await cached(claimsList);
    await cached(LOOKUP, { id: gid("Entity", b!.id) });
    const dropped = async () => {
      const text = await (await fetch(`${suite.server.url}/metrics`)).text();
      return Object.fromEntries(
        [...text.matchAll(/^claimbase_response_cache_dropped_total\{cause="([\w-]+)"\} (\d+)/gm)].map((m) => [
          m[1],
          Number(m[2]),
        ]),
      );
    };
    const before = await dropped();
    await updateEntity(a!.id, { description: "Saved once" });
    expect((await ask(claimsList)).statements).toBe(0);
    const stale = await post(
      `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { version } userErrors { code } } }`,
      { i: { id: gid("Entity", a!.id), version: 1_000_000, description: "Too late" } },
      editor,
    );
    expect(stale.data.updateEntity.userErrors).toEqual([{ code: "STALE_VERSION" }]);
    expect((await ask(claimsList)).statements).toBe(0);
    expect((await ask(LOOKUP, { id: gid("Entity", b!.id) })).statements).toBe(0);
    // Nothing was dropped all at once; a real change drops what read it, counted as "change".
    const after = await dropped();
    for (const cause of Object.keys(after).filter((c) => c !== "change")) expect(after[cause]).toBe(before[cause]);
    await updateEntity(b!.id, { name: "Renamed To Count A Drop" });
    expect((await dropped()).change).toBeGreaterThan(after.change ?? 0);
  });

  it("keeps every answer through requests that wrote nothing: refused mutations, unchanged or rejected imports", async () => {
    // A stranger's check found that anyone without a key emptied every caller's cache with one request.
    const [a] = await someEntities(1);
    const claimsList = `{ claims(first: 4) { nodes { text } } }`;
    await cached(claimsList);
    const alive = async (what: string) => {
      const again = await ask(claimsList);
      if (again.statements !== 0) throw new Error(`${what} dropped the cached answer`);
    };
    const mutate = (query: string, variables: Record<string, unknown>, key?: string) =>
      fetch(`${suite.server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    const update = `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { version } userErrors { code } } }`;
    expect((await mutate(`mutation { __typename }`, {})).status).toBe(200);
    await alive("mutation { __typename }");
    expect((await mutate(update, { i: { id: gid("Entity", a!.id), version: 1, name: "No Key" } })).status).toBe(401);
    await alive("an unauthenticated mutation");
    expect((await mutate(update, { i: { id: gid("Entity", a!.id), version: "x" } }, editor)).status).toBe(400);
    await alive("a mutation with a variable of the wrong type");
    const merge = `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { userErrors { code } } }`;
    const forbidden = (await (
      await mutate(merge, { i: { survivor: gid("Entity", a!.id), merged: [gid("Entity", a!.id)] } }, editor)
    ).json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await alive("a forbidden mutation");

    // Imports: one that changes nothing, one whose records are rejected, through the mutation and the route.
    const { rows } = await suite.db.pool.query<{ slug: string; kind: string; name: string }>(
      `SELECT slug, kind::text AS kind, name FROM entity WHERE id = $1`,
      [a!.id],
    );
    const same = { type: "entity", slug: rows[0]!.slug, kind: rows[0]!.kind, name: rows[0]!.name };
    const bad = { type: "entity", slug: "NOT A SLUG", kind: "NOPE", name: "" };
    const importBundle = `mutation($r: [JSONObject!]!) { importBundle(input: { records: $r }) { unchanged userErrors { code } } }`;
    const unchanged = (await (await mutate(importBundle, { r: [same] }, editor)).json()) as any;
    expect(unchanged.data.importBundle.unchanged).toBe(true);
    await alive("an importBundle that changed nothing");
    const rejected = (await (await mutate(importBundle, { r: [bad] }, editor)).json()) as any;
    expect(rejected.data.importBundle.userErrors.length).toBeGreaterThan(0);
    await alive("a rejected importBundle");
    const upload = (records: unknown[]) =>
      fetch(`${suite.server.url}/import`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
        body: [{ format: "claimbase-bundle", version: 1 }, ...records].map((r) => JSON.stringify(r)).join("\n") + "\n",
      });
    expect((await upload([same])).status).toBe(200);
    await alive("POST /import of unchanged records");
    expect((await upload([bad])).status).toBe(422);
    await alive("POST /import of rejected records");
  });

  it("keeps a lookup by slug through edits of other rows, and drops it for its own row or its slug", async () => {
    const [a, b] = await someEntities(2);
    const bySlug = `query($s: String!) { entity(slug: $s) { name description version } }`;
    await cached(bySlug, { s: a!.slug });
    await updateEntity(b!.id, { description: "Another entity's new description" });
    expect((await ask(bySlug, { s: a!.slug })).statements).toBe(0);
    await updateEntity(a!.id, { description: "Its own new description" });
    const after = await ask(bySlug, { s: a!.slug });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity.description).toBe("Its own new description");
    // A lookup that found nothing is dropped when a row takes the slug.
    const free = `cache-slug-taken-${Date.now()}`;
    await cached(bySlug, { s: free });
    expect((await ask(bySlug, { s: free })).data.entity).toBeNull();
    await updateEntity(b!.id, { slug: free });
    const taken = await ask(bySlug, { s: free });
    expect(taken.statements).toBeGreaterThan(0);
    expect(taken.data.entity).not.toBeNull();
    await updateEntity(b!.id, { slug: b!.slug });

    // Inserts and slug changes of other rows leave it cached: notifications name the slugs they touched.
    await cached(bySlug, { s: a!.slug });
    const other = `cache-slug-other-${Date.now()}`;
    await writeAndWait([`INSERT INTO entity (slug, kind, name) VALUES ($1, 'PERSON', 'Someone Else')`], [[other]]);
    expect((await ask(bySlug, { s: a!.slug })).statements).toBe(0);
    await writeAndWait([`UPDATE entity SET slug = $1 WHERE slug = $2`], [[`${other}-renamed`, other]]);
    expect((await ask(bySlug, { s: a!.slug })).statements).toBe(0);
    // An insert that takes a looked-up slug drops that lookup, and the new row is found.
    const next = `cache-slug-next-${Date.now()}`;
    await cached(bySlug, { s: next });
    await writeAndWait([`INSERT INTO entity (slug, kind, name) VALUES ($1, 'PERSON', 'Came Later')`], [[next]]);
    const found = await ask(bySlug, { s: next });
    expect(found.statements).toBeGreaterThan(0);
    expect(found.data.entity.name).toBe("Came Later");
    // A delete of the row found drops it too (by its id, and by its slug).
    await writeAndWait([`DELETE FROM entity WHERE slug = $1`], [[next]]);
    expect((await ask(bySlug, { s: next })).data.entity).toBeNull();
  });

  it("keeps a viewpoint's members page through an edit of an entity that is no member, and drops it for a member's rename", async () => {
    // A member's entity is looked up by id under the page, so any edit of a member drops the page (as
    // for every lookup by key); an entity outside the page does not (the page used to read "everything").
    const members = `{ viewpoints(first: 4) { nodes { slug membersConnection(first: 20) { nodes { entity { name } } } } } }`;
    await cached(members);
    const { rows } = await suite.db.pool.query<{ id: string; member: boolean }>(
      `SELECT e.id::text AS id, EXISTS (SELECT 1 FROM viewpoint_member m WHERE m.entity_id = e.id) AS member
         FROM entity e WHERE e.merged_into_id IS NULL ORDER BY e.seq`,
    );
    const outsider = rows.find((row) => !row.member)!;
    const member = (
      await suite.db.pool.query<{ id: string }>(
        `SELECT m.entity_id::text AS id FROM viewpoint_member m JOIN viewpoint v ON v.id = m.viewpoint_id
          ORDER BY v.seq, m.position LIMIT 1`,
      )
    ).rows[0]!;
    await updateEntity(outsider.id, { description: "An entity no viewpoint lists" });
    expect((await ask(members)).statements).toBe(0);
    await updateEntity(member.id, { name: "A Renamed Member" });
    const after = await ask(members);
    expect(after.statements).toBeGreaterThan(0);
    expect(JSON.stringify(after.data)).toContain("A Renamed Member");
  });

  it("drops everything after a webhook settings mutation, which writes without a commit marker", async () => {
    const admin = (await createKey(suite.db.pool, "cache-admin", "ADMIN")).key;
    const claimsList = `{ claims(first: 5) { nodes { text } } }`;
    await cached(claimsList);
    const created = await post(
      `mutation { createWebhook(input: { url: "https://example.org/hook", events: [], secret: "a-secret-of-at-least-24-chars" }) { userErrors { code } } }`,
      {},
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect((await ask(claimsList)).statements).toBeGreaterThan(0);
  });

  it("drops everything after a mutation while one table's change trigger is off, though the others notified", async () => {
    // A maintenance script disabled the entity table's update trigger: the mutation's revision and event
    // inserts still notify, but its entity update does not, so nothing cached can be trusted.
    const [a] = await someEntities(1);
    const lookup = { id: gid("Entity", a!.id) };
    await cached(LOOKUP, lookup);
    await suite.db.pool.query(`ALTER TABLE entity DISABLE TRIGGER entity_update_notify_change`);
    try {
      await updateEntity(a!.id, { name: "Renamed In Silence" });
    } finally {
      await suite.db.pool.query(`ALTER TABLE entity ENABLE TRIGGER entity_update_notify_change`);
    }
    const after = await ask(LOOKUP, lookup);
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.entity.name).toBe("Renamed In Silence");
  });

  it("answers random reads between random writes exactly as a server without a cache does", async () => {
    const plain = await startTestServer(suite.db, { responseCache: false });
    try {
      let seed = 21;
      const random = () => {
        // mulberry32: a seeded sequence, so a failure can be replayed.
        seed = (seed + 0x6d2b79f5) | 0;
        let t = seed;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
      const entities = await someEntities(6);
      const { rows: claims } = await suite.db.pool.query<{ id: string }>(
        `SELECT id::text FROM claim ORDER BY seq LIMIT 6`,
      );
      const { rows: stances } = await suite.db.pool.query<{ id: string; claim: string }>(
        `SELECT id::text, claim_id::text AS claim FROM stance ORDER BY seq LIMIT 6`,
      );
      const queries: [string, () => Record<string, unknown>][] = [
        [LOOKUP, () => ({ id: gid("Entity", pick(entities).id) })],
        [`query($s: String!) { entity(slug: $s) { name description kind } }`, () => ({ s: pick(entities).slug })],
        [`{ entities(first: 10) { totalCount nodes { slug name } } }`, () => ({})],
        [`{ entities(first: 5, orderBy: [{ field: NAME, direction: DESC }]) { nodes { slug } } }`, () => ({})],
        [
          `query($s: String!) { entities(first: 5, filter: { name: { contains: $s } }) { nodes { slug kind } } }`,
          () => ({ s: pick(["a", "e", "Rand"]) }),
        ],
        [
          `query($id: ID!) { entity(id: $id) { slug claimsMade(first: 5) { totalCount nodes { text kind } } } }`,
          () => ({ id: gid("Entity", pick(entities).id) }),
        ],
        [
          `query($s: String!) { claims(first: 5, filter: { claimants: { some: { slug: { equals: $s } } } }) { totalCount nodes { text } } }`,
          () => ({ s: pick(entities).slug }),
        ],
        [`{ claims(first: 5) { nodes { text kind claimants { slug name } } } }`, () => ({})],
        [
          `query($id: ID!) { claim(id: $id) { text stances(first: 5) { totalCount nodes { position } } reviews(first: 3) { nodes { originalRating } } } }`,
          () => ({ id: gid("Claim", pick(stances).claim) }),
        ],
        [
          `query($id: ID!) { entity(id: $id) { stances(first: 5) { nodes { position } } relationsOut(first: 3) { nodes { predicate } } } }`,
          () => ({ id: gid("Entity", pick(entities).id) }),
        ],
      ];
      const writes: (() => Promise<void>)[] = [
        () =>
          writeAndWait(
            [`UPDATE stance SET position = $2 WHERE id = $1`],
            [[pick(stances).id, pick(["SUPPORTS", "OPPOSES", "QUALIFIES", "NEUTRAL"])]],
          ),
        () =>
          writeAndWait(
            [
              `UPDATE stance SET (retracted_at, retraction_reason) = (SELECT CASE WHEN retracted_at IS NULL THEN now() END, CASE WHEN retracted_at IS NULL THEN 'cache test' END) WHERE id = $1`,
            ],
            [[pick(stances).id]],
          ),
        () => updateEntity(pick(entities).id, { name: `Rand ${Math.floor(random() * 1000)}` }),
        () => updateEntity(pick(entities).id, { description: `Rand ${Math.floor(random() * 1000)}` }),
        () =>
          writeAndWait(
            [`UPDATE entity SET kind = $2 WHERE id = $1`],
            [[pick(entities).id, pick(["PERSON", "ORGANIZATION", "GROUP"])]],
          ),
        () => writeAndWait([`UPDATE claim SET text = text || '.' WHERE id = $1`], [[pick(claims).id]]),
        () =>
          writeAndWait(
            [`INSERT INTO claim_claimant (claim_id, entity_id, position) VALUES ($1, $2, 50) ON CONFLICT DO NOTHING`],
            [[pick(claims).id, pick(entities).id]],
          ),
        () =>
          writeAndWait(
            [`DELETE FROM claim_claimant WHERE claim_id = $1 AND entity_id = $2`],
            [[pick(claims).id, pick(entities).id]],
          ),
      ];
      let hits = 0;
      for (let step = 0; step < 120; step += 1) {
        if (random() < 0.25) {
          await pick(writes)();
          continue;
        }
        const [query, variables] = pick(queries);
        const vars = variables();
        const cachedAnswer = await post(query, vars);
        const plainAnswer = await plain.post<any>(query, vars);
        expect(cachedAnswer.errors).toBeUndefined();
        if (cachedAnswer.extensions!.sqlStatements === 0) hits += 1;
        expect({ step, query, vars, data: cachedAnswer.data }).toEqual({ step, query, vars, data: plainAnswer.data });
      }
      // Some answers came from the cache, or the comparison proved nothing.
      expect(hits).toBeGreaterThan(10);
    } finally {
      await plain.close();
    }
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
