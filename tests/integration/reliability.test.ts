import net from "node:net";
import type pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { createKey } from "../../src/modules/auth";
import { toGlobalId } from "../../src/shared/global-id";
import { makeQuote, makeSource } from "../support/builders";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { bearer, codesOf, leaksOf, postGraphQL, rowCounts, send } from "../support/hostile-http";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The classes of issue #13's hostile findings that live in the GraphQL path, over real HTTP: writes
 * and the pool, who pays for a bad key, inputs deep enough to overflow a recursive walk, answers
 * measured in bytes, opposing merges, and cursors of one search replayed in another.
 */

let db: TestDatabase;
/** A pool of 3 connections over the same database, so that pool exhaustion shows with few requests. */
let small: Database;
let server: TestServer;
let editor: string;
let admin: string;

beforeAll(async () => {
  db = await createTestDatabase("story");
  small = openDatabase(db.url, { max: 3, connectTimeoutMs: 3_000 });
  server = await startTestServer(Object.assign(Object.create(db) as TestDatabase, { pool: small.pool }), {
    responseMaxBytes: 256 * 1024,
    production: true,
  });
  editor = (await createKey(db.pool, "reliability editor", "EDITOR")).key;
  admin = (await createKey(db.pool, "reliability admin", "ADMIN")).key;
});

afterAll(async () => {
  await server?.close();
  await small?.close();
  await db?.drop();
});

/** Sends `request` over a raw socket as it is, and resolves with everything received once the server closes. */
function rawExchange(url: string, request: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

const gql = (body: unknown, headers: Record<string, string> = {}) => postGraphQL(server.url, body, headers);

/** Polls `check` every 20 ms until it holds; fails after 30 s. */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Transactions open in the test database other than the asking connection's own (those waiting for a
 * lock only, with `waiting = "Lock"`).
 */
async function transactions(on: Pick<pg.PoolClient, "query">, waiting?: "Lock"): Promise<number> {
  const { rows } = await on.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND xact_start IS NOT NULL AND query NOT LIKE 'SELECT 1%' AND ($1::text IS NULL OR wait_event_type = $1)`,
    [waiting ?? null],
  );
  return rows[0]!.n;
}

const CREATE = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id slug version } userErrors { code message } } }`;
const UPDATE = `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { id name version } userErrors { code } } }`;

describe("writes and the pool", () => {
  it("answers 12 concurrent createEntity and updateEntity calls on a pool of 3, each told the truth", async () => {
    const targets = [];
    for (let i = 0; i < 4; i += 1) {
      const made = await gql(
        { query: CREATE, variables: { i: { slug: `pool-target-${i}`, kind: "PERSON", name: `Target ${i}` } } },
        bearer(editor),
      );
      targets.push(made.body?.data.createEntity.entity as { id: string; version: number });
    }
    const creates = Array.from({ length: 8 }, (_, i) =>
      gql(
        { query: CREATE, variables: { i: { slug: `pool-${i}`, kind: "PERSON", name: `Pool ${i}` } } },
        bearer(editor),
      ),
    );
    const updates = targets.map((target, i) =>
      gql(
        { query: UPDATE, variables: { i: { id: target.id, name: `Renamed ${i}`, version: target.version } } },
        bearer(editor),
      ),
    );
    const answers = await Promise.all([...creates, ...updates]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body?.errors).toBeUndefined();
    }
    const created = answers.slice(0, 8).map((a) => a.body?.data.createEntity);
    for (const c of created) expect(c.userErrors).toEqual([]);
    const { rows } = await db.pool.query<{ slug: string }>(
      `SELECT slug FROM entity WHERE slug ~ '^pool-[0-9]+$' ORDER BY slug`,
    );
    // Every committed row was reported as created, and nothing reported created is missing.
    expect(created.map((c) => c.entity.slug).sort()).toEqual(rows.map((r) => r.slug));
    const names = await db.pool.query<{ name: string }>(
      `SELECT name FROM entity WHERE slug LIKE 'pool-target-%' ORDER BY slug`,
    );
    expect(names.rows.map((r) => r.name)).toEqual(["Renamed 0", "Renamed 1", "Renamed 2", "Renamed 3"]);
    answers.slice(8).forEach((update, i) => expect(update.body?.data.updateEntity.entity.name).toBe(`Renamed ${i}`));
  });

  it("never commits a write after its caller was told 503 TIMEOUT, and never times out a committed one", async () => {
    const quick = await startTestServer(db, { requestTimeoutMs: 400 });
    const lockHolder = await db.pool.connect();
    try {
      const made = await gql(
        { query: CREATE, variables: { i: { slug: "slow-write", kind: "PERSON", name: "Before" } } },
        bearer(editor),
      );
      const { id, version } = made.body?.data.createEntity.entity as { id: string; version: number };
      await lockHolder.query("BEGIN");
      await lockHolder.query("SELECT 1 FROM entity WHERE slug = 'slow-write' FOR UPDATE");
      const pending = postGraphQL(
        quick.url,
        { query: UPDATE, variables: { i: { id, name: "After", version } } },
        bearer(editor),
      );
      const answer = await pending;
      expect(answer.status).toBe(503);
      expect(codesOf(answer)).toEqual(["TIMEOUT"]);
      expect(answer.headers.get("retry-after")).toBe("1");
      // The write still runs after its caller was told 503: wait until it waits for the row, however slow.
      await until(async () => (await transactions(lockHolder, "Lock")) === 1);
      await lockHolder.query("ROLLBACK");
      // The blocked write now gets its lock; it must roll back, not commit behind the caller's back.
      // Wait until its transaction has ended either way, rather than for a fixed time.
      await until(async () => (await transactions(lockHolder)) === 0);
      const { rows } = await db.pool.query<{ name: string }>(`SELECT name FROM entity WHERE slug = 'slow-write'`);
      expect(rows[0]!.name).toBe("Before");
    } finally {
      lockHolder.release();
      await quick.close();
    }
  });

  it("keeps readiness about the database while the pool is fully busy", async () => {
    const held = await Promise.all([small.pool.connect(), small.pool.connect(), small.pool.connect()]);
    try {
      const ready = await send(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: "ready" });
    } finally {
      for (const client of held) client.release();
    }
  });

  it("ends a session left idle inside a transaction (DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS)", async () => {
    const { rows } = await small.pool.query<{ idle_in_transaction_session_timeout: string }>(
      "SHOW idle_in_transaction_session_timeout",
    );
    expect(rows[0]!.idle_in_transaction_session_timeout).toBe("1min");
  });
});

describe("who pays for an API key", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer(db, {
      rateLimit: { store: "memory", anonymousPerMinute: 5, keyPerMinute: 1_000 },
    });
  });
  afterAll(async () => limited.close());

  it("charges unknown keys to the IP: past its budget, garbage keys get 429, a real key still passes", async () => {
    const ask = (headers: Record<string, string> = {}) =>
      postGraphQL(limited.url, { query: "{ __typename }" }, headers);
    for (let i = 0; i < 5; i += 1) expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(429);
    const garbage = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ask({ authorization: `Bearer nonsense-${i}-${Math.random()}` })),
    );
    expect(new Set(garbage.map((a) => a.status))).toEqual(new Set([429]));
    // Not seen on this server yet: looked up within the IP's small allowance of lookups.
    expect((await ask(bearer(editor))).status).toBe(200);
    const wellFormed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ask({ authorization: `Bearer cbk_${String(i).padStart(12, "A")}_${"B".repeat(40)}` }),
      ),
    );
    expect(new Set(wellFormed.map((a) => a.status))).toEqual(new Set([429]));
    // Known valid now: still served from the exhausted address.
    expect((await ask(bearer(editor))).status).toBe(200);
  });

  it("authenticates /export like every route: a garbage key is 401, not an export", async () => {
    const answer = await send(`${server.url}/export/claims.ndjson`, {
      headers: { authorization: "Bearer nonsense-1" },
    });
    expect(answer.status).toBe(401);
    expect(codesOf(answer)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("inputs deep enough to overflow a recursive walk", () => {
  const nest = (levels: number, leaf: unknown, key = "a") => {
    let value: unknown = leaf;
    for (let i = 0; i < levels; i += 1) value = { [key]: value };
    return value;
  };

  it.each([5_000, 20_000])(
    "refuses a variable nested %i levels (even undeclared) with BAD_USER_INPUT",
    async (levels) => {
      // Written out by hand: JSON.stringify itself overflows at this depth.
      const deep = `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
      const answer = await gql(`{"query":"{ __typename }","variables":{"deep":${deep}}}`);
      expect(answer.status).toBe(400);
      expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
      expect(leaksOf(answer)).toEqual([]);
    },
  );

  it("refuses a filter 3,000 levels deep in variables with BAD_USER_INPUT", async () => {
    const filter = nest(3_000, { slug: { equals: "x" } }, "NOT");
    const answer = await gql({
      query: "query($f: EntityFilter) { entities(filter: $f) { totalCount } }",
      variables: { f: filter },
    });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses deep variables in a GET query too", async () => {
    // Node refuses URLs past 16 KB (431), which bounds a GET's depth; 1,000 levels fit.
    const variables = encodeURIComponent(`{"deep":${"[".repeat(1_000)}${"]".repeat(1_000)}}`);
    const answer = await send(
      `${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}&variables=${variables}`,
      {
        headers: { "apollo-require-preflight": "true" },
      },
    );
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses externalIds deeper than 4 levels or over 16 KiB, so no stored value can break reads", async () => {
    const deep = await gql(
      {
        query: CREATE,
        variables: { i: { slug: "deep-ids", kind: "PERSON", name: "Deep", externalIds: nest(40, "Q1") } },
      },
      bearer(editor),
    );
    expect(deep.body?.data.createEntity.userErrors).toEqual([
      expect.objectContaining({ code: "INVALID", message: expect.stringMatching(/at most 4 levels/) }),
    ]);
    const big = await gql(
      {
        query: CREATE,
        variables: { i: { slug: "big-ids", kind: "PERSON", name: "Big", externalIds: { blob: "x".repeat(20_000) } } },
      },
      bearer(editor),
    );
    expect(big.body?.data.createEntity.userErrors[0].code).toBe("INVALID");
    const line = JSON.stringify({
      type: "entity",
      slug: "deep-import",
      kind: "PERSON",
      name: "D",
      externalIds: nest(4_100, 1),
    });
    const imported = await send(`${server.url}/import`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", ...bearer(editor) },
      body: `${line}\n`,
    });
    expect(imported.status).toBe(422);
    expect(imported.body?.rejected).toEqual([expect.objectContaining({ code: "INVALID", path: "line 1/externalIds" })]);
    const list = await gql({ query: "{ entities(first: 100) { nodes { externalIds } } }" });
    expect(list.status).toBe(200);
    expect(list.body?.errors).toBeUndefined();
  });

  it("refuses first: 2^63 as BAD_USER_INPUT, not as a cost of 9223372036854776000", async () => {
    const answer = await gql({
      query: "query($n: Int) { claims(first: $n) { totalCount } }",
      variables: { n: 2 ** 63 },
    });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
    expect(answer.text).not.toContain("9223372036854776000 objects");
  });
});

describe("bodies refused before they are used", () => {
  it("refuses a GraphQL body that is not valid UTF-8 with 400 BAD_REQUEST and writes nothing", async () => {
    const before = await rowCounts(db.pool);
    const head = Buffer.from(
      `{"query":"mutation { createEntity(input: { slug: \\"bad-utf8\\", kind: PERSON, name: \\"Caf`,
    );
    const body = Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from(`\\" }) { entity { id } } }"}`)]);
    const answer = await gql(body, bearer(editor));
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["BAD_REQUEST"]);
    expect(answer.body?.errors?.[0]?.message).toMatch(/UTF-8/);
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("refuses a declared 1 TB GraphQL body at once with 413 and closes the connection", async () => {
    const answer = await rawExchange(
      server.url,
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{"query":`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain("PAYLOAD_TOO_LARGE");
  });
});

describe("a fault outside Apollo's pipeline", () => {
  it("answers it with a masked 500 that is counted in claimbase_graphql_errors_total", async () => {
    const broken = await createTestDatabase("empty");
    const faulty = await startTestServer(broken, { production: true });
    const errorsCounted = async () => {
      const text = await (await fetch(`${faulty.url}/metrics`)).text();
      const line = text
        .split("\n")
        .find((l) => l.startsWith('claimbase_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}'));
      return line ? Number(line.split(" ").pop()) : 0;
    };
    try {
      // A real fault: the keys' table is gone, so checking a key fails in the access middleware.
      await broken.pool.query("DROP TABLE api_key CASCADE");
      const before = await errorsCounted();
      const answer = await postGraphQL(
        faulty.url,
        { query: "{ __typename }" },
        bearer(`cbk_${"A".repeat(12)}_${"B".repeat(40)}`),
      );
      expect(answer.status).toBe(500);
      expect(codesOf(answer)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(leaksOf(answer)).toEqual([]);
      expect(await errorsCounted()).toBe(before + 1);
    } finally {
      await faulty.close();
      await broken.drop();
    }
  });
});

describe("values the database itself would refuse", () => {
  const SOURCE = `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } userErrors { code message } } }`;

  it("refuses year 0000 (JavaScript takes it, PostgreSQL has no year 0) as an INVALID userError", async () => {
    const answer = await gql(
      {
        query: SOURCE,
        variables: {
          i: {
            kind: "NEWS_ARTICLE",
            title: "Year zero",
            url: "https://example.org/y0",
            publishedAt: "0000-01-01T00:00:00Z",
          },
        },
      },
      bearer(editor),
    );
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data.createSource.userErrors).toEqual([expect.objectContaining({ code: "INVALID" })]);
  });

  it("answers a date past year 9999 in UTC with data or BAD_USER_INPUT, never a 500", async () => {
    const t = "9999-12-31T23:59:59-12:00";
    const asOf = await gql({
      query: `query($t: DateTimeISO) { x: entity(slug: "sanctuary-city", asOf: $t) { name } }`,
      variables: { t },
    });
    expect(asOf.status).toBe(200);
    expect(asOf.body?.errors).toBeUndefined();
    expect(asOf.body?.data.x.name).toBeTruthy();
    const filtered = await gql({
      query: `query($t: DateTimeISO) { sources(filter: { publishedAt: { gte: $t } }) { totalCount } }`,
      variables: { t },
    });
    expect(filtered.status).toBe(200);
    expect(codesOf(filtered).filter((code) => code !== "BAD_USER_INPUT")).toEqual([]);
    expect(leaksOf(filtered)).toEqual([]);
  });

  it("refuses a lone surrogate in externalIds and in a name as INVALID, not a 500", async () => {
    for (const i of [
      { slug: "lone-ids", kind: "PERSON", name: "Lone", externalIds: { wikidata: "Q\ud800" } },
      { slug: "lone-name", kind: "PERSON", name: "Lone \udfff name" },
    ]) {
      const answer = await gql({ query: CREATE, variables: { i } }, bearer(editor));
      expect(answer.body?.errors).toBeUndefined();
      expect(answer.body?.data.createEntity.userErrors).toEqual([expect.objectContaining({ code: "INVALID" })]);
    }
  });

  it("refuses a fractional quote offset in an import as a rejected record, not a 500", async () => {
    const source = JSON.stringify({
      type: "source",
      kind: "NEWS_ARTICLE",
      title: "Offsets",
      url: "https://example.org/offsets",
      text: "The quick brown fox.",
    });
    const claim = JSON.stringify({
      type: "claim",
      text: "Foxes are quick.",
      kind: "FACTUAL",
      claimants: ["sanctuary-city-mayor"],
      appearances: [{ source: "url:https://example.org/offsets", exact: "quick", start: 0.5, end: 9 }],
    });
    const answer = await send(`${server.url}/import`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", ...bearer(editor) },
      body: `${source}\n${claim}\n`,
    });
    expect(answer.status).toBe(422);
    expect(answer.body?.applied).toBe(false);
    expect(answer.body?.rejected).toEqual([
      expect.objectContaining({ at: "line 2", code: "INVALID", path: "line 2/appearances/0/start" }),
    ]);
  });
});

describe("answers measured in bytes", () => {
  it("does not echo a 200 kB operation name back whole", async () => {
    const answer = await gql({ query: "query A { __typename }", operationName: "B".repeat(200_000) });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(2_000);
  });

  it("refuses an answer past RESPONSE_MAX_BYTES with RESPONSE_TOO_LARGE, and serves the same source alone", async () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `Sentence number ${i} of the long source.`).join(" ");
    const source = await makeSource(db.prisma, text, "A long source");
    for (let i = 0; i < 20; i += 1) await makeQuote(db.prisma, source, `Sentence number ${i * 50} of`);
    const id = toGlobalId("Source", source.id);
    const many = await gql({
      query: `query($id: ID) { source(id: $id) { quotes(first: 20) { nodes { source { text } } } } }`,
      variables: { id },
    });
    expect(codesOf(many)).toEqual(["RESPONSE_TOO_LARGE"]);
    expect(many.body?.data).toBeNull();
    expect(many.text.length).toBeLessThan(10_000);
    const one = await gql({ query: `query($id: ID) { source(id: $id) { text } }`, variables: { id } });
    expect(one.body?.errors).toBeUndefined();
    expect(one.body?.data.source.text).toBe(text);
  });
});

describe("opposing writes", () => {
  it("never answers a deadlock: X<-Y and Y<-X merged at once, ten times", async () => {
    for (let round = 0; round < 10; round += 1) {
      const make = async (slug: string) =>
        (await gql({ query: CREATE, variables: { i: { slug, kind: "ORGANIZATION", name: slug } } }, bearer(editor)))
          .body?.data.createEntity.entity.id as string;
      const x = await make(`merge-x-${round}`);
      const y = await make(`merge-y-${round}`);
      const MERGE = `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { entity { id } userErrors { code } } }`;
      const [a, b] = await Promise.all([
        gql({ query: MERGE, variables: { i: { survivor: x, merged: [y] } } }, bearer(admin)),
        gql({ query: MERGE, variables: { i: { survivor: y, merged: [x] } } }, bearer(admin)),
      ]);
      for (const answer of [a, b]) {
        expect(answer.status).toBe(200);
        expect(answer.body?.errors).toBeUndefined();
      }
      const outcomes = [a, b].map((answer) =>
        answer.body?.data.mergeEntities.userErrors.map((e: { code: string }) => e.code),
      );
      // One merge wins; the other finds its survivor already merged away.
      expect(outcomes.sort()).toEqual([[], ["NOT_FOUND"]]);
    }
  });
});

describe("merges racing other writes", () => {
  it("leaves no claimant, stance or merge chain on a merged entity when writes race the merge", async () => {
    const make = async (slug: string) =>
      (await gql({ query: CREATE, variables: { i: { slug, kind: "PERSON", name: slug } } }, bearer(editor))).body?.data
        .createEntity.entity.id as string;
    /** A source of its own per round: the old one speaks in its two passages (the attribution rules). */
    const source = async (round: string) =>
      (
        await gql(
          {
            query: `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } } }`,
            variables: {
              i: {
                kind: "NEWS_ARTICLE",
                title: `Round ${round}`,
                url: `https://race.example/${round}`,
                text: `Round ${round}: the old one said so. The old one said it again.`,
              },
            },
          },
          bearer(editor),
        )
      ).body?.data.createSource.source.id as string;
    const says = (sourceId: string, exact: string, speaker: string) => ({
      source: sourceId,
      exact,
      speakers: [speaker],
      attribution: "INDIRECT",
    });
    const anchor = await make("race-anchor");
    const anchorSource = await source("anchor");
    const claim = await gql(
      {
        query: `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } } }`,
        variables: {
          i: {
            text: "Race anchor claim.",
            kind: "FACTUAL",
            claimants: [anchor],
            appearances: [says(anchorSource, "the old one said so", anchor)],
          },
        },
      },
      bearer(editor),
    );
    const claimId = claim.body?.data.createClaim.claim.id as string;
    for (let round = 0; round < 8; round += 1) {
      const survivor = await make(`race-survivor-${round}`);
      const old = await make(`race-old-${round}`);
      const third = await make(`race-third-${round}`);
      const roundSource = await source(String(round));
      const answers = await Promise.all([
        gql(
          {
            query: `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { userErrors { code } } }`,
            variables: { i: { survivor, merged: [old] } },
          },
          bearer(admin),
        ),
        gql(
          {
            query: `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { userErrors { code } } }`,
            variables: { i: { survivor: old, merged: [third] } },
          },
          bearer(admin),
        ),
        gql(
          {
            query: `mutation($i: RecordStanceInput!) { recordStance(input: $i) { userErrors { code } } }`,
            variables: {
              i: {
                holder: old,
                claim: claimId,
                position: "SUPPORTS",
                evidence: [says(roundSource, "the old one said so", old)],
              },
            },
          },
          bearer(editor),
        ),
        gql(
          {
            query: `mutation($i: CreateClaimInput!) { createClaim(input: $i) { userErrors { code } } }`,
            variables: {
              i: {
                text: `Said by the old one, round ${round}.`,
                kind: "FACTUAL",
                claimants: [old],
                appearances: [says(roundSource, "The old one said it again", old)],
              },
            },
          },
          bearer(editor),
        ),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body?.errors).toBeUndefined();
        const [errors] = Object.values(answer.body?.data as Record<string, { userErrors: { code: string }[] }>);
        // A merge may find its survivor merged away; the writes that race it succeed.
        for (const error of errors!.userErrors) expect(error.code).toBe("NOT_FOUND");
      }
    }
    const { rows } = await db.pool.query<{ claimants: number; stances: number; speakers: number; chains: number }>(`
      SELECT
        (SELECT count(*) FROM claim_claimant c JOIN entity e ON e.id = c.entity_id WHERE e.merged_into_id IS NOT NULL)::int AS claimants,
        (SELECT count(*) FROM stance s JOIN entity e ON e.id = s.holder_entity_id WHERE e.merged_into_id IS NOT NULL)::int AS stances,
        (SELECT count(*) FROM quote_speaker q JOIN entity e ON e.id = q.entity_id WHERE e.merged_into_id IS NOT NULL)::int AS speakers,
        (SELECT count(*) FROM entity a JOIN entity b ON a.merged_into_id = b.id WHERE b.merged_into_id IS NOT NULL)::int AS chains`);
    expect(rows[0]).toEqual({ claimants: 0, stances: 0, speakers: 0, chains: 0 });
    // And the rules still hold after the merges: every claimant and holder speaks in its evidence.
    const violations = await db.pool.query(`SELECT rule FROM attribution_violations`);
    expect(violations.rows).toEqual([]);
  });
});

describe("answers nobody reads", () => {
  it("refuses a large answer with 503 while others wait on stalled clients, and serves it once they go", async () => {
    const budgeted = await startTestServer(db, { answersInFlightMaxBytes: 20 * 1024 * 1024 });
    const text = "A long sentence that fills the source. ".repeat(200_000); // 7.8 MB
    const source = await makeSource(db.prisma, text, "Eight megabytes");
    const body = JSON.stringify({
      query: `query($id: ID) { source(id: $id) { text } }`,
      variables: { id: toGlobalId("Source", source.id) },
    });
    const { port } = new URL(budgeted.url);
    const stalled: net.Socket[] = [];
    try {
      // One at a time, each read only until its answer starts (the server reserves its share before it
      // writes a byte), then never again: a condition to wait on rather than a fixed time, and no race
      // between the two for the budget.
      for (let i = 0; i < 2; i += 1) {
        const socket = net.connect(Number(port), "127.0.0.1");
        stalled.push(socket);
        const head = new Promise<string>((resolve) =>
          socket.once("data", (chunk: Buffer) => {
            socket.pause(); // never reads again
            resolve(chunk.toString("latin1", 0, 12));
          }),
        );
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        expect(await head).toBe("HTTP/1.1 200");
      }
      const refused = await postGraphQL(budgeted.url, JSON.parse(body));
      expect(refused.status).toBe(503);
      expect(codesOf(refused)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      for (const socket of stalled) socket.destroy();
      // Their shares come back as the server sees the sockets close: ask until then.
      let served = await postGraphQL(budgeted.url, JSON.parse(body));
      while (served.status === 503) served = await postGraphQL(budgeted.url, JSON.parse(body));
      expect(served.status).toBe(200);
      expect(served.body?.data.source.text.length).toBe(text.length);
    } finally {
      for (const socket of stalled) socket.destroy();
      await budgeted.close();
    }
  });
});

describe("the stranger's second round", () => {
  it("refuses a misspelled dryRun instead of importing for real", async () => {
    const line = `${JSON.stringify({ type: "entity", slug: "dry-run-typo", kind: "PERSON", name: "D" })}\n`;
    for (const query of [
      "dryRun=maybe",
      "dryRun=true&dryRun=false",
      "dryrun=true",
      "dryRun[]=true",
      "dry-run=true",
      "dry_run=true",
      "validate=true",
    ]) {
      const answer = await send(`${server.url}/import?${query}`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", ...bearer(editor) },
        body: line,
      });
      expect([query, answer.status, codesOf(answer)]).toEqual([query, 400, ["BAD_USER_INPUT"]]);
    }
    const yes = await send(`${server.url}/import?dryRun=TRUE`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", ...bearer(editor) },
      body: line,
    });
    expect(yes.body?.dryRun).toBe(true);
    const { rows } = await db.pool.query(`SELECT 1 FROM entity WHERE slug = 'dry-run-typo'`);
    expect(rows).toEqual([]);
  });

  it("refuses an export filter spelled as query-string keys instead of exporting everything", async () => {
    const answer = await send(`${server.url}/export/claims.ndjson?filter[kind][equals]=NORMATIVE`);
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses a viewpoint with more than 500 members as INVALID", async () => {
    const entity = (await gql({ query: "{ entities(first: 1) { nodes { id } } }" })).body?.data.entities.nodes[0].id;
    const answer = await gql(
      {
        query: `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) { userErrors { code field } } }`,
        variables: {
          i: {
            slug: "vp-many",
            title: "Many",
            members: Array.from({ length: 501 }, () => ({ entity, role: "SUPPORTER" })),
          },
        },
      },
      bearer(editor),
    );
    expect(answer.body?.data.createViewpoint.userErrors).toEqual([{ code: "INVALID", field: ["input", "members"] }]);
  });

  it("keeps enum suggestions out of production errors, also for variables", async () => {
    const answer = await gql({
      query: "query($o: [ClaimOrder!]) { claims(orderBy: $o) { totalCount } }",
      variables: { o: [{ field: "TEX" }] },
    });
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
    expect(answer.text).not.toMatch(/Did you mean/);
  });

  it("answers a GraphQL body that never finishes arriving with 408, not a server-side 503", async () => {
    const quick = await startTestServer(db, { requestTimeoutMs: 300 });
    try {
      const answer = await rawExchange(
        quick.url,
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"qu`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain("REQUEST_TIMEOUT");
    } finally {
      await quick.close();
    }
  });

  it("answers an unsupported charset with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const answer = await send(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=latin1" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(answer.status).toBe(415);
    expect(codesOf(answer)).toEqual(["UNSUPPORTED_MEDIA_TYPE"]);
  });

  it("still finds entities by full text with a search longer than a name (no fuzzy matching there)", async () => {
    const search = `police chief ${"and the people around the mayor ".repeat(8)}`;
    const answer = await gql({
      query: "query($s: String) { entities(search: $s, first: 5) { nodes { slug } } }",
      variables: { s: search },
    });
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
  });
});

describe("cursors bound to their search", () => {
  it.each([
    [
      "claims(search:)",
      `query($s: String, $a: String) { claims(search: $s, first: 1, after: $a) { edges { cursor } } }`,
      "claims",
    ],
    [
      "search(query:)",
      `query($s: String!, $a: String) { search(query: $s, first: 1, after: $a) { edges { cursor } } }`,
      "search",
    ],
  ])("refuses a RELEVANCE cursor of one search in another (%s)", async (_name, query, field) => {
    const first = await gql({ query, variables: { s: "sanctuary" } });
    const cursor = first.body?.data[field].edges[0].cursor as string;
    expect(cursor).toBeTruthy();
    const same = await gql({ query, variables: { s: "sanctuary", a: cursor } });
    expect(same.body?.errors).toBeUndefined();
    const other = await gql({ query, variables: { s: "police", a: cursor } });
    expect(codesOf(other)).toEqual(["BAD_USER_INPUT"]);
    expect(other.body?.errors?.[0]?.message).toMatch(/not a valid cursor/);
  });
});

it("leaves every table as it was after the refusals above (row counts unchanged by refused writes)", async () => {
  const before = await rowCounts(db.pool);
  await gql(
    {
      query: CREATE,
      variables: { i: { slug: "x", kind: "PERSON", name: "x", externalIds: { a: { b: { c: { d: { e: 1 } } } } } } },
    },
    bearer(editor),
  );
  expect(await rowCounts(db.pool)).toEqual(before);
});
