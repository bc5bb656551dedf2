import { useTestServer } from "../support/lifecycle";

const suite = useTestServer({ template: "story" });

async function post(body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await fetch(`${suite.server.url}/graphql`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

describe("HTTP surface", () => {
  it("answers /healthz and /readyz when the database is migrated", async () => {
    const health = await fetch(`${suite.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${suite.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("reports not ready while a migration is pending", async () => {
    await suite.db.pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now()`);
    try {
      const ready = await fetch(`${suite.server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "unavailable", reason: "migrations pending" });
    } finally {
      await suite.db.pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`);
    }
  });

  it("masks unexpected errors: no SQL, no stack, a generic message and INTERNAL_SERVER_ERROR", async () => {
    await suite.db.pool.query(`ALTER TABLE viewpoint RENAME TO viewpoint_hidden`);
    try {
      const { data, errors } = await suite.server.gql(`{ viewpoints { totalCount } }`);
      expect(data).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]!.message).toBe("Internal server error");
      expect(errors![0]!.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(JSON.stringify(errors)).not.toMatch(/relation|does not exist|SELECT|\.ts|stack/i);
    } finally {
      await suite.db.pool.query(`ALTER TABLE viewpoint_hidden RENAME TO viewpoint`);
    }
    const after = await suite.server.gql(`{ viewpoints { totalCount } }`);
    expect(after.data).toEqual({ viewpoints: { totalCount: 4 } });
  });

  it("answers malformed JSON with a coded 400 and no internals", async () => {
    const { status, text } = await post("{ not json");
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: "Malformed request body", extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("reads a plain JSON body as body-parser reads any other: same answers to odd bodies", async () => {
    // `application/json` is read by src/http/json-body.ts; with its parameter spelled otherwise the body
    // goes to body-parser. Both must answer alike, down to the message.
    const bodies: Buffer[] = [
      Buffer.from('\uFEFF{"query":"{ __typename }"}'), // a byte order mark
      Buffer.from(' \n\t{"query":"{ __typename }"}'), // JSON whitespace before the object
      Buffer.from("1"), // a top-level scalar
      Buffer.from("null"),
      Buffer.from('"x"'),
      Buffer.from('{"query":"{ __typename }"} x'), // trailing garbage
      Buffer.from([0xa0, ...Buffer.from('{"query":"{ __typename }"}')]), // not UTF-8
      Buffer.from("{}"),
      Buffer.from('[{"query":"{ __typename }"}]'), // a batch (refused by Apollo)
    ];
    const answer = async (body: Buffer, type: string) => {
      const response = await fetch(`${suite.server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      return { status: response.status, text: await response.text() };
    };
    for (const body of bodies) {
      const direct = await answer(body, "application/json");
      const viaBodyParser = await answer(body, "application/json;  charset=utf-8");
      expect([body.toString("latin1"), direct]).toEqual([body.toString("latin1"), viaBodyParser]);
    }
    expect((await answer(bodies[0]!, "application/json")).status).toBe(200);
    expect(JSON.parse((await answer(bodies[2]!, "application/json")).text)).toEqual({
      errors: [{ message: "Malformed request body", extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const { status, text } = await post(JSON.stringify({ query: `{ __typename }`, padding: "x".repeat(1_100_000) }));
    expect(status).toBe(413);
    expect(JSON.parse(text).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("reports a syntax error as GRAPHQL_PARSE_FAILED", async () => {
    const { data, errors } = await suite.server.gql(`{ entities { `);
    expect(data).toBeUndefined();
    expect(errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("blocks simple cross-site GET requests (CSRF prevention) but serves GET queries with a header", async () => {
    const blocked = await fetch(`${suite.server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(blocked.status).toBe(400);
    const allowed = await fetch(`${suite.server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ data: { __typename: "Query" } });
  });

  it("answers POST (served without Express) and GET (served by Express) with the same headers and body", async () => {
    const query = "{ entities(first: 2) { totalCount nodes { slug } } }";
    const post = await fetch(`${suite.server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "same-headers-post" },
      body: JSON.stringify({ query }),
    });
    const get = await fetch(`${suite.server.url}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { "apollo-require-preflight": "true", "x-request-id": "same-headers-get" },
    });
    expect(post.status).toBe(200);
    expect(get.status).toBe(200);
    const { extensions: _postExtensions, ...postBody } = (await post.json()) as Record<string, unknown>;
    const { extensions: _getExtensions, ...getBody } = (await get.json()) as Record<string, unknown>;
    void _postExtensions;
    void _getExtensions;
    expect(postBody).toEqual(getBody);
    expect(post.headers.get("x-request-id")).toBe("same-headers-post");
    expect(get.headers.get("x-request-id")).toBe("same-headers-get");
    // Cache-Status too: the POST ran and stored its answer, the GET was answered from the cache.
    expect(post.headers.get("cache-status")).toBe("claimbase; fwd=miss; stored");
    expect(get.headers.get("cache-status")).toBe("claimbase; hit");
    const varying = new Set([
      "date",
      "content-length",
      "x-request-id",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
      "cache-status",
    ]);
    const names = (response: Response) => [...response.headers.keys()].filter((name) => !varying.has(name)).sort();
    expect(names(post)).toEqual(names(get));
    for (const name of names(post)) expect([name, post.headers.get(name)]).toEqual([name, get.headers.get(name)]);
    for (const header of ["x-content-type-options", "x-frame-options", "referrer-policy", "x-ratelimit-limit"]) {
      expect(post.headers.get(header)).toBeTruthy();
    }
  });

  it("returns a coded 404 for unknown paths", async () => {
    const response = await fetch(`${suite.server.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("keeps introspection on: the schema describes every type and field", async () => {
    const { data, errors } = await suite.server.gql(
      `{ __schema { types { name kind description fields { name description } } } }`,
    );
    expect(errors).toBeUndefined();
    const undocumented: string[] = [];
    for (const type of data!.__schema.types) {
      if (type.name.startsWith("__") || ["String", "Int", "Boolean", "ID", "Float"].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      for (const field of type.fields ?? []) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
    }
    expect(undocumented).toEqual([]);
  });
});
