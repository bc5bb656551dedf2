import { randomUUID } from "node:crypto";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import { createKey, revokeKey } from "../../src/modules/auth";
import { toGlobalId } from "../../src/shared/global-id";
import {
  type Answer,
  bearer,
  codesOf,
  forgeCursor,
  forgeId,
  leaksOf,
  median,
  postGraphQL,
  rowCounts,
  send,
} from "../support/hostile-http";
import { useTestServer } from "../support/lifecycle";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Bad input over real HTTP against a server with the production defaults (query limits, cost limits,
 * rate limits). Every case checks the exact coded answer, that no table changed, and that the server
 * still answers an ordinary query right after.
 */

/** The production rate limits (src/config.ts defaults): the test server raises them otherwise. */
const PRODUCTION_RATE_LIMIT = { store: "memory" as const, anonymousPerMinute: 300, keyPerMinute: 3_000 };

let editor: string;
let admin: string;
let revoked: string;
let entityCount: number;

const suite = useTestServer({
  template: "story",
  server: { limits: DEFAULT_LIMITS, rateLimit: PRODUCTION_RATE_LIMIT, production: true },
});

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "hostile editor", "EDITOR")).key;
  admin = (await createKey(suite.db.pool, "hostile admin", "ADMIN")).key;
  const old = await createKey(suite.db.pool, "hostile revoked", "EDITOR");
  revoked = old.key;
  await revokeKey(suite.db.pool, old.info.prefix);
  entityCount = (await rowCounts(suite.db.pool)).entity;
});

const gql = (body: unknown, headers: Record<string, string> = {}) => postGraphQL(suite.server.url, body, headers);

/** The answer is refused with exactly this code (every error carries it), and leaks nothing. */
function expectRefused(answer: Answer, code: string, status?: number) {
  expect(answer.body?.errors?.length).toBeGreaterThan(0);
  expect([...new Set(codesOf(answer))]).toEqual([code]);
  expect(leaksOf(answer)).toEqual([]);
  if (status !== undefined) expect(answer.status).toBe(status);
  expect(answer.status).not.toBe(500);
}

async function expectOrdinaryQueryAnswered(url = suite.server.url) {
  const answer = await postGraphQL(url, { query: `{ entities(first: 1) { totalCount nodes { slug } } }` });
  expect(answer.status).toBe(200);
  expect(answer.body?.errors).toBeUndefined();
  expect(answer.body?.data.entities.totalCount).toBe(entityCount);
}

/** A hostile case: the attack's own assertions, then no table changed and the server still answers. */
function hostile(name: string, attack: () => Promise<void>) {
  it(name, async () => {
    const before = await rowCounts(suite.db.pool);
    await attack();
    expect(await rowCounts(suite.db.pool)).toEqual(before);
    await expectOrdinaryQueryAnswered();
  });
}

/** A query nested `levels` times through entity.claimsMade.claimants: depth 3 per level. */
function deepQuery(levels: number): string {
  let selection = "id";
  for (let i = 0; i < levels; i += 1) selection = `claimsMade(first: 1) { nodes { claimants { ${selection} } } }`;
  return `{ entities(first: 1) { nodes { ${selection} } } }`;
}

const CLAIMS_TEXT_CONTAINS = `query($s: String) { claims(filter: { text: { contains: $s } }, first: 100) { totalCount } }`;

describe("query shape limits (GraphQL Armor and the cost estimate)", () => {
  hostile("refuses a depth bomb with QUERY_TOO_COMPLEX and HTTP 400", async () => {
    const answer = await gql({ query: deepQuery(12) });
    expectRefused(answer, "QUERY_TOO_COMPLEX", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/i);
  });

  hostile("refuses an alias bomb of 500 aliases with QUERY_TOO_COMPLEX", async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: id`).join(" ");
    const answer = await gql({ query: `{ entities(first: 1) { nodes { ${aliases} } } }` });
    expectRefused(answer, "QUERY_TOO_COMPLEX", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/aliases limit of 15 exceeded/i);
  });

  hostile("refuses a directive bomb with QUERY_TOO_COMPLEX", async () => {
    const fields = Array.from({ length: 50 }, () => `id @include(if: true)`).join(" ");
    const answer = await gql({ query: `{ entities(first: 1) { nodes { ${fields} } } }` });
    expectRefused(answer, "QUERY_TOO_COMPLEX", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/directives limit of 20 exceeded/i);
  });

  hostile("refuses a token bomb (a 55 kB document of 5,000 fields) with QUERY_TOO_COMPLEX", async () => {
    const answer = await gql({ query: `{ ${"__typename ".repeat(5_000)} }` });
    expectRefused(answer, "QUERY_TOO_COMPLEX", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/token limit of 2000 exceeded/i);
  });

  hostile("refuses a fragment cycle with GRAPHQL_VALIDATION_FAILED", async () => {
    const answer = await gql({
      query: `{ entities(first: 1) { nodes { ...A } } }
        fragment A on Entity { slug ...B }
        fragment B on Entity { name ...A }`,
    });
    expectRefused(answer, "GRAPHQL_VALIDATION_FAILED", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  hostile("counts the depth of deeply nested fragments: QUERY_TOO_COMPLEX", async () => {
    let fragments = "fragment F0 on Entity { id }";
    for (let i = 1; i < 20; i += 1) {
      fragments += ` fragment F${i} on Entity { claimsMade(first: 1) { nodes { claimants { ...F${i - 1} } } } }`;
    }
    const answer = await gql({ query: `{ entities(first: 1) { nodes { ...F19 } } } ${fragments}` });
    expectRefused(answer, "QUERY_TOO_COMPLEX", 400);
  });

  hostile("refuses first: 100000 for anonymous callers as QUERY_TOO_COSTLY (the cost check runs first)", async () => {
    const answer = await gql({ query: `{ claims(first: 100000) { nodes { id } } }` });
    expectRefused(answer, "QUERY_TOO_COSTLY", 400);
    expect(answer.body?.errors?.[0]?.extensions).toMatchObject({ cost: 100_000, limit: 25_000 });
  });

  hostile("refuses first: 100000 for a key (under its cost limit) as BAD_USER_INPUT on `first`", async () => {
    const answer = await gql({ query: `{ claims(first: 100000) { nodes { id } } }` }, bearer(editor));
    expectRefused(answer, "BAD_USER_INPUT");
    expect(answer.body?.errors?.[0]?.extensions?.argument).toBe("first");
    expect(answer.body?.data).toBeNull();
  });

  hostile("refuses nested pages over the anonymous cost limit, and runs the same query for an EDITOR key", async () => {
    const query = `{ entities(first: 100) { nodes { claimsMade(first: 100) { nodes { stances(first: 5) { nodes { id } } } } } } }`;
    const anonymous = await gql({ query });
    expectRefused(anonymous, "QUERY_TOO_COSTLY", 400);
    expect(anonymous.body?.errors?.[0]?.extensions).toMatchObject({ cost: 60_100, limit: 25_000 });
    const keyed = await gql({ query }, bearer(editor));
    expect(keyed.status).toBe(200);
    expect(keyed.body?.errors).toBeUndefined();
    expect(keyed.body?.data.entities.nodes.length).toBe(Math.min(100, entityCount));
  });

  hostile("counts page sizes hidden in variables (first: $n, n = 100 at three levels)", async () => {
    const query = `query($n: Int) { entities(first: $n) { nodes { claimsMade(first: $n) { nodes {
      stances(first: $n) { nodes { id } } } } } } }`;
    const anonymous = await gql({ query, variables: { n: 100 } });
    expectRefused(anonymous, "QUERY_TOO_COSTLY", 400);
    expect(anonymous.body?.errors?.[0]?.extensions?.cost).toBe(1_010_100);
    // Over the key limit too.
    expectRefused(await gql({ query, variables: { n: 100 } }, bearer(editor)), "QUERY_TOO_COSTLY", 400);
  });

  it("counts page sizes given as variable defaults", async () => {
    const query = `query($n: Int = 100) { entities(first: $n) { nodes { claimsMade(first: $n) { nodes {
      stances(first: $n) { nodes { id } } } } } } }`;
    expectRefused(await gql({ query }), "QUERY_TOO_COSTLY", 400);
  });

  it("counts argumentGraph as up to 500 claims", async () => {
    // Worst case 100 claims x 500 graph nodes x 10 stances; estimated as 100 x 20 x 10 = 22,100.
    const query = `{ claims(first: 100) { nodes { argumentGraph(depth: 5) { nodes { claim {
      stances(first: 10) { nodes { id } } } } } } } }`;
    expectRefused(await gql({ query }), "QUERY_TOO_COSTLY", 400);
  });

  hostile("refuses nodes(ids:) with 1,000 IDs as BAD_USER_INPUT without loading any", async () => {
    const ids = Array.from({ length: 1_000 }, () => toGlobalId("Claim", randomUUID()));
    const answer = await gql({ query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids } });
    expectRefused(answer, "BAD_USER_INPUT");
    expect(answer.body?.errors?.[0]?.extensions?.argument).toBe("ids");
  });
});

describe("malformed HTTP requests", () => {
  hostile("refuses a body over 1 MB with HTTP 413 PAYLOAD_TOO_LARGE", async () => {
    const answer = await gql({ query: `{ __typename }`, variables: { padding: "x".repeat(1_100_000) } });
    expectRefused(answer, "PAYLOAD_TOO_LARGE", 413);
  });

  hostile("refuses malformed JSON with HTTP 400 BAD_REQUEST and a fixed message", async () => {
    const answer = await gql(`{"query": "{ __typename }",`);
    expectRefused(answer, "BAD_REQUEST", 400);
    expect(answer.body?.errors?.[0]?.message).toBe("Malformed request body");
  });

  hostile("refuses a text/plain POST as a CSRF risk: HTTP 400 BAD_REQUEST", async () => {
    const answer = await gql(JSON.stringify({ query: `{ __typename }` }), { "content-type": "text/plain" });
    expectRefused(answer, "BAD_REQUEST", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
  });

  hostile("blocks a form-urlencoded POST (CSRF prevention): HTTP 400 BAD_REQUEST", async () => {
    const answer = await gql("query=%7B__typename%7D", { "content-type": "application/x-www-form-urlencoded" });
    expectRefused(answer, "BAD_REQUEST", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
  });

  hostile("refuses a non-JSON content type that passed the preflight: HTTP 400 BAD_REQUEST", async () => {
    const answer = await gql("<query/>", { "content-type": "application/xml", "apollo-require-preflight": "true" });
    expectRefused(answer, "BAD_REQUEST", 400);
  });

  hostile("blocks a GET query without a preflight header (CSRF prevention): HTTP 400", async () => {
    const answer = await send(`${suite.server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expectRefused(answer, "BAD_REQUEST", 400);
  });

  hostile("refuses a mutation sent over GET with HTTP 405, even with a preflight header", async () => {
    const mutation = `mutation { createEntity(input: { slug: "via-get", kind: GROUP, name: "x" }) { entity { id } } }`;
    const answer = await send(`${suite.server.url}/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { "apollo-require-preflight": "true", ...bearer(editor) },
    });
    expectRefused(answer, "BAD_REQUEST", 405);
  });

  hostile("refuses a batched array body with HTTP 400 BAD_REQUEST", async () => {
    const answer = await gql([{ query: `{ __typename }` }, { query: `{ __typename }` }]);
    expectRefused(answer, "BAD_REQUEST", 400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/batching disabled/i);
  });

  hostile("refuses an empty body, an empty object and a bare JSON value with HTTP 400 BAD_REQUEST", async () => {
    for (const body of ["", "{}", "null", "42", `"{ __typename }"`]) {
      expectRefused(await gql(body), "BAD_REQUEST", 400);
    }
  });

  hostile("refuses a `query` that is not a string with HTTP 400 BAD_REQUEST", async () => {
    for (const query of [42, { a: 1 }, ["{ __typename }"], null, true]) {
      expectRefused(await gql({ query }), "BAD_REQUEST", 400);
    }
  });

  hostile("refuses `variables` that are not an object with HTTP 400 BAD_REQUEST", async () => {
    for (const variables of ["{}", [1, 2], 42, true]) {
      expectRefused(await gql({ query: `{ __typename }`, variables }), "BAD_REQUEST", 400);
    }
  });

  hostile("refuses an unknown operationName with HTTP 400 OPERATION_RESOLUTION_FAILURE", async () => {
    const answer = await gql({ query: `query A { __typename } query B { __typename }`, operationName: "C" });
    expectRefused(answer, "OPERATION_RESOLUTION_FAILURE", 400);
    const unnamed = await gql({ query: `query A { __typename } query B { __typename }` });
    expectRefused(unnamed, "OPERATION_RESOLUTION_FAILURE", 400);
  });

  hostile("reports a syntax error as GRAPHQL_PARSE_FAILED with HTTP 400", async () => {
    expectRefused(await gql({ query: `{ entities(first: ) {` }), "GRAPHQL_PARSE_FAILED", 400);
  });

  hostile("refuses an unknown persisted query hash with a coded error", async () => {
    const answer = await gql({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expectRefused(answer, "PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("hostile filter, search and argument values", () => {
  const count = async (sql: string, params: unknown[]) =>
    Number((await suite.db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  hostile("treats quotes, %, _ and backslashes in filter strings as plain characters", async () => {
    for (const s of [`'`, `"`, `%`, `_`, `\\`, `%_%`, `\\%`, `'%' OR 1=1 --`]) {
      const answer = await gql({ query: CLAIMS_TEXT_CONTAINS, variables: { s } });
      expect(answer.body?.errors).toBeUndefined();
      const expected = await count(`SELECT count(*) AS n FROM claim WHERE strpos(lower(text), lower($1)) > 0`, [s]);
      expect({ s, n: answer.body?.data.claims.totalCount }).toEqual({ s, n: expected });
    }
  });

  hostile("treats SQL in filter and search strings as text: nothing runs, nothing matches", async () => {
    const sql = `'; DROP TABLE claim; --`;
    const filtered = await gql({ query: CLAIMS_TEXT_CONTAINS, variables: { s: sql } });
    expect(filtered.body).toEqual({ data: { claims: { totalCount: 0 } } });
    const searched = await gql({
      query: `query($s: String!) { search(query: $s) { totalCount } claims(search: $s) { totalCount } }`,
      variables: { s: `${sql} & | ! :* <-> ( "` },
    });
    expect(searched.body?.errors).toBeUndefined();
  });

  hostile("refuses a NUL character in a filter string or a search with BAD_USER_INPUT", async () => {
    const filtered = await gql({ query: CLAIMS_TEXT_CONTAINS, variables: { s: "a\u0000b" } });
    expectRefused(filtered, "BAD_USER_INPUT");
    expect(filtered.body?.errors?.[0]?.extensions?.argument).toBe("filter.text");
    const searched = await gql({
      query: `query($s: String!) { search(query: $s) { totalCount } }`,
      variables: { s: "\u0000" },
    });
    expectRefused(searched, "BAD_USER_INPUT");
  });

  hostile("refuses a lone surrogate in a filter string with BAD_USER_INPUT", async () => {
    // JSON.stringify would escape it the same way; spelled out so the bytes on the wire are certain.
    const body = `{"query":${JSON.stringify(CLAIMS_TEXT_CONTAINS)},"variables":{"s":"a\\ud800b"}}`;
    expectRefused(await gql(body), "BAD_USER_INPUT");
  });

  hostile(
    "refuses invalid UTF-8 bytes in a body with 400 BAD_REQUEST (they were read as U+FFFD and stored)",
    async () => {
      const body = Buffer.concat([
        Buffer.from(`{"query":${JSON.stringify(CLAIMS_TEXT_CONTAINS)},"variables":{"s":"`),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(`"}}`),
      ]);
      const answer = await gql(body);
      expectRefused(answer, "BAD_REQUEST", 400);
      expect(answer.body?.errors?.[0]?.message).toBe("The request body is not valid UTF-8");
    },
  );

  hostile("refuses 5,000-character filter strings and searches with BAD_USER_INPUT", async () => {
    const s = "x".repeat(5_000);
    expectRefused(await gql({ query: CLAIMS_TEXT_CONTAINS, variables: { s } }), "BAD_USER_INPUT");
    expectRefused(
      await gql({ query: `query($s: String) { entities(search: $s) { totalCount } }`, variables: { s } }),
      "BAD_USER_INPUT",
    );
  });

  hostile("refuses filters past the nesting and size limits with BAD_USER_INPUT", async () => {
    let deep: Record<string, unknown> = { kind: { equals: "FACTUAL" } };
    for (let i = 0; i < 12; i += 1) deep = { NOT: deep };
    const nested = await gql({
      query: `query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`,
      variables: { f: deep },
    });
    expectRefused(nested, "BAD_USER_INPUT");
    const wide = { OR: Array.from({ length: 300 }, (_, i) => ({ text: { equals: `t${i}` } })) };
    const many = await gql({
      query: `query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`,
      variables: { f: wide },
    });
    expectRefused(many, "BAD_USER_INPUT");
    const list = { text: { in: Array.from({ length: 500 }, (_, i) => `t${i}`) } };
    const long = await gql({
      query: `query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`,
      variables: { f: list },
    });
    expectRefused(long, "BAD_USER_INPUT");
  });

  hostile("refuses out-of-range page sizes and first with last as BAD_USER_INPUT", async () => {
    for (const args of ["first: 0", "first: -5", "last: 101", "first: 1, last: 1"]) {
      expectRefused(await gql({ query: `{ claims(${args}) { totalCount } }` }), "BAD_USER_INPUT");
    }
    expectRefused(
      await gql({ query: `{ claims(first: 99999999999) { totalCount } }` }),
      "GRAPHQL_VALIDATION_FAILED",
      400,
    );
  });

  it("refuses a LocalDate of year 0000 in a filter as BAD_USER_INPUT", async () => {
    const answer = await gql({
      query: `query($d: LocalDate) { claims(filter: { validFrom: { gt: $d } }) { totalCount } }`,
      variables: { d: "0000-01-01" },
    });
    expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
  });

  it("answers asOf in year 0000 with null, not an internal error", async () => {
    const answer = await gql({
      query: `{ entity(slug: "sanctuary-city-mayor", asOf: "0000-06-01T00:00:00Z") { id } }`,
    });
    // Nothing existed before year 1: the answer is "no such object then", not an error.
    expect(codesOf(answer)).toEqual([]);
    expect(answer.body?.data).toEqual({ entity: null });
  });

  it("refuses an explicit null for an argument declared `Int! = default` as BAD_USER_INPUT", async () => {
    const facets = await gql({
      query: `query($n: Int) { claimFacets { byKind(limit: $n) { key } } }`,
      variables: { n: null },
    });
    expect(codesOf(facets)).toEqual(["BAD_USER_INPUT"]);
    const graph = await gql({
      query: `query($n: Int) { claims(first: 1) { nodes { argumentGraph(depth: $n) { truncated } } } }`,
      variables: { n: null },
    });
    expect(codesOf(graph)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("forged cursors and IDs", () => {
  hostile("refuses garbage cursors with BAD_USER_INPUT", async () => {
    for (const after of ["!!!", "not a cursor", "%00", "A".repeat(5_000), "", "e30"]) {
      const answer = await gql({
        query: `query($c: String) { claims(after: $c) { totalCount } }`,
        variables: { c: after },
      });
      expect({ after: after.slice(0, 20), codes: codesOf(answer) }).toEqual({
        after: after.slice(0, 20),
        codes: ["BAD_USER_INPUT"],
      });
    }
  });

  hostile("refuses another list's cursor with BAD_USER_INPUT", async () => {
    const entities = await gql({ query: `{ entities(first: 1) { pageInfo { endCursor } } }` });
    const cursor = entities.body?.data.entities.pageInfo.endCursor as string;
    const answer = await gql({
      query: `query($c: String) { claims(after: $c) { totalCount } }`,
      variables: { c: cursor },
    });
    expectRefused(answer, "BAD_USER_INPUT");
    // The same list in another ordering is another list too.
    const ordered = await gql({
      query: `query($c: String) { claims(after: $c, orderBy: [{ field: TEXT }]) { totalCount } }`,
      variables: { c: forgeCursor(["claims/seq", 1]) },
    });
    expectRefused(ordered, "BAD_USER_INPUT");
  });

  hostile("refuses cursors with values of the wrong type or out of range with BAD_USER_INPUT", async () => {
    const forged = [
      ["claims/seq", "1"],
      ["claims/seq", true],
      ["claims/seq", null],
      ["claims/seq", 1.5],
      ["claims/seq", 1e300],
      ["claims/seq", 2_147_483_648],
      ["claims/seq", -1e20],
      ["claims/seq", { $gt: 0 }],
      ["claims/seq", 1, 2],
      ["claims/seq"],
      { ordering: "claims/seq", values: [1] },
    ];
    for (const value of forged) {
      const answer = await gql({
        query: `query($c: String) { claims(before: $c) { totalCount } }`,
        variables: { c: forgeCursor(value) },
      });
      expect({ value, codes: codesOf(answer) }).toEqual({ value, codes: ["BAD_USER_INPUT"] });
    }
  });

  hostile("refuses an ID of another type with BAD_USER_INPUT", async () => {
    const entity = await suite.db.pool.query<{ id: string }>(`SELECT id::text FROM entity LIMIT 1`);
    const answer = await gql({
      query: `query($id: ID!) { claim(id: $id) { id } }`,
      variables: { id: toGlobalId("Entity", entity.rows[0]!.id) },
    });
    expectRefused(answer, "BAD_USER_INPUT");
    expect(answer.body?.data).toEqual({ claim: null });
  });

  hostile("answers garbage IDs with null from node(id:) and BAD_USER_INPUT from typed lookups", async () => {
    for (const id of [
      "garbage",
      forgeId("Claim:not-a-uuid"),
      forgeId("Nope:00000000-0000-0000-0000-000000000000"),
      "x".repeat(500),
    ]) {
      const node = await gql({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id } });
      expect(node.body).toEqual({ data: { node: null } });
      expectRefused(
        await gql({ query: `query($id: ID!) { claim(id: $id) { id } }`, variables: { id } }),
        "BAD_USER_INPUT",
      );
    }
  });

  hostile("answers a well-formed ID of nothing with null, not an error", async () => {
    const nothing = toGlobalId("Claim", "00000000-0000-4000-8000-000000000000");
    const answer = await gql({
      query: `query($id: ID!) { claim(id: $id) { id } node(id: $id) { id } nodes(ids: [$id, $id]) { id } }`,
      variables: { id: nothing },
    });
    expect(answer.body).toEqual({ data: { claim: null, node: null, nodes: [null, null] } });
  });

  hostile("answers lookups by a slug or URL holding NUL with null or BAD_USER_INPUT", async () => {
    const answer = await gql({
      query: `query($s: String!, $v: ID!) { entity(slug: $s) { id } viewpoint(slug: $s) { id } source(url: $s) { id }
        compareViewpoints(a: $v, b: $v) { onlyA { claim { id } } } }`,
      variables: { s: "a\u0000b", v: "a\u0000b" },
    });
    expect(codesOf(answer)).not.toContain("INTERNAL_SERVER_ERROR");
    // compareViewpoints is non-null: its refusal nulls the whole answer.
    expectRefused(answer, "BAD_USER_INPUT");
    expect(answer.body?.errors?.[0]?.extensions?.argument).toBe("a");
    expect(answer.body?.data).toBeNull();
    // Alone, each lookup finds nothing.
    const lookups = await gql({
      query: `query($s: String!) { entity(slug: $s) { id } viewpoint(slug: $s) { id } source(url: $s) { id } }`,
      variables: { s: "a\u0000b" },
    });
    expect(lookups.body).toEqual({ data: { entity: null, viewpoint: null, source: null } });
  });
});

describe("prototype pollution", () => {
  const polluted = () =>
    Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined;

  hostile("refuses __proto__ and constructor keys in a filter variable with BAD_USER_INPUT", async () => {
    const body = `{"query":"query($f: ClaimFilter) { claims(filter: $f) { totalCount } }",
      "variables":{"f":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}}`;
    expectRefused(await gql(body), "BAD_USER_INPUT", 400);
    expect(polluted()).toBe(false);
  });

  hostile("refuses __proto__ in a filter written in the document with BAD_USER_INPUT and a hint", async () => {
    const answer = await gql({
      query: `{ claims(filter: { __proto__: { kind: { equals: FACTUAL } } }) { totalCount } }`,
    });
    // An unknown filter field: refused in validation, coded like every filter error (shared/filter-hints.ts).
    expectRefused(answer, "BAD_USER_INPUT", 400);
    expect(answer.body?.errors?.[0]?.extensions?.hint).toMatch(/^ClaimFilter has these fields: /);
    expect(polluted()).toBe(false);
  });

  hostile("ignores __proto__ and constructor among the request's variables, and pollutes nothing", async () => {
    const body = `{"query":"{ entities(first: 1) { totalCount } }",
      "variables":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}},
      "extensions":{"__proto__":{"polluted":true}}}`;
    const answer = await gql(body);
    expect(answer.body).toEqual({ data: { entities: { totalCount: entityCount } } });
    expect(polluted()).toBe(false);
  });

  hostile("refuses an anonymous mutation carrying __proto__ in its input, and pollutes nothing", async () => {
    const body = `{"query":"mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } } }",
      "variables":{"i":{"slug":"proto-anon","kind":"GROUP","name":"x","externalIds":{"__proto__":{"polluted":true}}}}}`;
    expectRefused(await gql(body), "UNAUTHENTICATED", 401);
    expect(polluted()).toBe(false);
  });
});

describe("authentication and roles", () => {
  const create = (slug: string) => ({
    query: `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code } } }`,
    variables: { i: { slug, kind: "GROUP", name: "Hostile group" } },
  });

  hostile("refuses an anonymous write with UNAUTHENTICATED (HTTP 401)", async () => {
    expectRefused(await gql(create("anonymous-write")), "UNAUTHENTICATED", 401);
  });

  hostile("refuses a garbage key with HTTP 401, on reads too", async () => {
    for (const authorization of [
      "Bearer garbage",
      "Basic YWRtaW46YWRtaW4=",
      `Bearer cbk_000000000000_${"0".repeat(40)}`,
      "Bearer",
    ]) {
      expectRefused(await gql({ query: `{ __typename }` }, { authorization }), "UNAUTHENTICATED", 401);
      expectRefused(await gql(create("garbage-key-write"), { authorization }), "UNAUTHENTICATED", 401);
    }
  });

  hostile("refuses a revoked key with HTTP 401", async () => {
    expectRefused(await gql({ query: `{ __typename }` }, bearer(revoked)), "UNAUTHENTICATED", 401);
    expectRefused(await gql(create("revoked-key-write"), bearer(revoked)), "UNAUTHENTICATED", 401);
  });

  hostile("refuses an EDITOR's mergeEntities with FORBIDDEN, and an ADMIN may reach it", async () => {
    const { rows } = await suite.db.pool.query<{ id: string }>(`SELECT id::text FROM entity ORDER BY seq LIMIT 1`);
    const merge = {
      query: `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { userErrors { code } } }`,
      variables: { i: { survivor: toGlobalId("Entity", rows[0]!.id), merged: [] } },
    };
    expectRefused(await gql(merge, bearer(editor)), "FORBIDDEN");
    const asAdmin = await gql(merge, bearer(admin));
    expect(codesOf(asAdmin)).not.toContain("FORBIDDEN");
    expect(codesOf(asAdmin)).not.toContain("INTERNAL_SERVER_ERROR");
    // Past the role check, the empty merge is the admin's own mistake: a userError, and (as every
    // hostile case checks) no table changed.
    expect(asAdmin.body?.data).toEqual({ mergeEntities: { userErrors: [{ code: "REQUIRED" }] } });
  });

  hostile("refuses NUL in an entity's externalIds as a userError", async () => {
    const answer = await gql(
      {
        query: `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { field code } } }`,
        variables: { i: { slug: "nul-external-id", kind: "GROUP", name: "x", externalIds: { wiki: "a\u0000" } } },
      },
      bearer(editor),
    );
    expect(codesOf(answer)).not.toContain("INTERNAL_SERVER_ERROR");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { createEntity: { entity: null, userErrors: [{ field: ["input", "externalIds"], code: "INVALID" }] } },
    });
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM entity WHERE slug = 'nul-external-id'`);
    expect(rows[0].n).toBe(0);
  });
});

describe("bulk endpoints", () => {
  const importWith = (body: string, headers: Record<string, string>) =>
    send(`${suite.server.url}/import`, { method: "POST", headers, body });

  hostile("refuses POST /import without a key, or with a garbage one, with HTTP 401 UNAUTHENTICATED", async () => {
    expectRefused(
      await importWith(`{"type":"entity"}\n`, { "content-type": "application/x-ndjson" }),
      "UNAUTHENTICATED",
      401,
    );
    expectRefused(
      await importWith(`{"type":"entity"}\n`, { "content-type": "application/x-ndjson", authorization: "Bearer nope" }),
      "UNAUTHENTICATED",
      401,
    );
  });

  hostile("answers invalid NDJSON on POST /import with a 422 report and writes nothing", async () => {
    const answer = await importWith(`{not json\n{"type":"nope"}\n[1,2]\n"str"\n`, {
      "content-type": "application/x-ndjson",
      ...bearer(editor),
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ applied: false, unchanged: true });
    const rejected = answer.body?.rejected as { code: string }[];
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(rejected.map((r) => r.code))).toEqual(new Set(["INVALID"]));
  });

  hostile("refuses POST /import of an unsupported type with HTTP 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    for (const type of ["text/csv", "text/plain", "application/x-www-form-urlencoded", ""]) {
      const headers: Record<string, string> = { ...bearer(editor) };
      if (type) headers["content-type"] = type;
      expectRefused(await importWith("a,b\n", headers), "UNSUPPORTED_MEDIA_TYPE", 415);
    }
  });

  hostile("refuses GET /export with an invalid filter with HTTP 400 BAD_USER_INPUT", async () => {
    const base = `${suite.server.url}/export/claims.ndjson?filter=`;
    for (const filter of [
      "{nope",
      "[1]",
      `{"__proto__":{"x":1}}`,
      `{"text":{"contains":"a\\u0000"}}`,
      `{"kind":{"equals":"NOPE"}}`,
    ]) {
      expectRefused(await send(base + encodeURIComponent(filter)), "BAD_USER_INPUT", 400);
    }
    expectRefused(
      await send(`${suite.server.url}/export/claims.ndjson?filter=%7B%7D&filter=%7B%7D`),
      "BAD_USER_INPUT",
      400,
    );
    expectRefused(await send(`${suite.server.url}/export/nothing.ndjson`), "NOT_FOUND", 404);
  });

  it("refuses GET /export with a year-0000 date filter with HTTP 400", async () => {
    const filter = encodeURIComponent(JSON.stringify({ validFrom: { gt: "0000-01-01" } }));
    expectRefused(await send(`${suite.server.url}/export/claims.ndjson?filter=${filter}`), "BAD_USER_INPUT", 400);
  });
});

describe("rate limiting (a server with a low limit)", () => {
  const LIMIT = 5;
  let limited: TestServer;

  beforeAll(async () => {
    limited = await startTestServer(suite.db, {
      limits: DEFAULT_LIMITS,
      rateLimit: { store: "memory", anonymousPerMinute: LIMIT, keyPerMinute: 1_000 },
    });
  });

  afterAll(async () => {
    await limited?.close();
  });

  it("answers the (limit+1)-th request from one IP with 429, Retry-After and X-RateLimit-* headers", async () => {
    const before = await rowCounts(suite.db.pool);
    const query = { query: `{ entities(first: 1) { totalCount } }` };
    for (let i = 1; i <= LIMIT; i += 1) {
      const answer = await postGraphQL(limited.url, query);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
      expect(answer.headers.get("x-ratelimit-remaining")).toBe(String(LIMIT - i));
    }
    const refused = await postGraphQL(limited.url, query);
    expectRefused(refused, "RATE_LIMITED", 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.body?.errors?.[0]?.extensions?.retryAfter).toBe(retryAfter);
    expect(refused.headers.get("x-ratelimit-limit")).toBe(String(LIMIT));
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    // The limit covers the bulk endpoints too.
    expectRefused(await send(`${limited.url}/export/claims.ndjson`), "RATE_LIMITED", 429);
    expect(await rowCounts(suite.db.pool)).toEqual(before);
  });

  it("counts an API key apart from its IP: a keyed request still passes", async () => {
    const answer = await postGraphQL(limited.url, { query: `{ entities(first: 1) { totalCount } }` }, bearer(editor));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("answers a normal query from a fresh server afterwards", async () => {
    const fresh = await startTestServer(suite.db, {
      limits: DEFAULT_LIMITS,
      rateLimit: { store: "memory", anonymousPerMinute: LIMIT, keyPerMinute: 1_000 },
    });
    try {
      await expectOrdinaryQueryAnswered(fresh.url);
    } finally {
      await fresh.close();
    }
  });
});

describe("rejection latency", () => {
  it("refuses 50 depth bombs in a row; prints the median latency", async () => {
    const measured = await startTestServer(suite.db, { limits: DEFAULT_LIMITS });
    try {
      const query = deepQuery(12);
      const durations: number[] = [];
      for (let i = 0; i < 50; i += 1) {
        const started = performance.now();
        const answer = await postGraphQL(measured.url, { query });
        durations.push(performance.now() - started);
        expect(codesOf(answer)).toEqual(["QUERY_TOO_COMPLEX"]);
      }
      console.log(`depth-bomb rejection latency over HTTP: median ${median(durations).toFixed(2)} ms (n = 50)`);
    } finally {
      await measured.close();
    }
  });
});
