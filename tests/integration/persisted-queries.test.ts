import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfig, PERSISTED_QUERY_DEFAULTS, type PersistedQuerySettings } from "../../src/config";
import { createKey } from "../../src/modules/auth";
import { addTrustedDocuments, documentHash } from "../../src/modules/documents";
import { PROJECT_ROOT } from "../../src/shared/paths";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freePort, killIfRunning, type Spawned, spawnNode, waitFor } from "../support/fault-process";
import { startTestServer, type TestServer } from "../support/server";

// Two real service processes start in one test: room for a busy machine.
jest.setTimeout(120_000);

let db: TestDatabase;
const servers: TestServer[] = [];
beforeAll(async () => {
  db = await createTestDatabase("story");
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await db.drop();
});

async function start(persistedQueries?: Partial<PersistedQuerySettings>): Promise<TestServer> {
  const server = await startTestServer(db, {
    persistedQueries: { ...PERSISTED_QUERY_DEFAULTS, ...persistedQueries },
    responseCache: false,
  });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

async function storedRows(hash: string): Promise<{ hash: string; trusted: boolean }[]> {
  return (await db.pool.query(`SELECT hash, trusted FROM persisted_query WHERE hash = $1`, [hash])).rows;
}

describe("automatic persisted queries, stored in PostgreSQL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });

  it("asks for the text of an unknown hash, stores it when sent, then answers the hash alone", async () => {
    const query = `query ViewpointCount { viewpoints { totalCount } }`;
    const hash = documentHash(query);
    const unknown = await send(server.url, { extensions: persisted(hash) });
    expect(codes(unknown)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const registered = await send(server.url, { query, extensions: persisted(hash) });
    expect(registered.body.data).toEqual({ viewpoints: { totalCount: 4 } });
    // Stored before the answer left: no waiting.
    expect(await storedRows(hash)).toEqual([{ hash, trusted: false }]);
    const byHash = await send(server.url, { extensions: persisted(hash) });
    expect(byHash.body).toEqual({ data: { viewpoints: { totalCount: 4 } }, extensions: expect.anything() });
  });

  it("answers a known hash over GET (cacheable by a CDN), with the CSRF preflight header", async () => {
    const query = `query OverGet { viewpoints { totalCount } }`;
    const hash = documentHash(query);
    await send(server.url, { query, extensions: persisted(hash) });
    const url = `${server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(hash)))}`;
    const answer = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Answer["body"]).data).toEqual({ viewpoints: { totalCount: 4 } });
    const simple = await fetch(url);
    expect(simple.status).toBe(400);
    await simple.arrayBuffer();
  });

  it("refuses a hash that is not the query's SHA-256, and stores nothing", async () => {
    const query = `{ entities(first: 1) { totalCount } }`;
    const wrong = documentHash(query + " ");
    const answer = await send(server.url, { query, extensions: persisted(wrong) });
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(["BAD_USER_INPUT"]);
    expect(answer.body.errors![0]!.message).toBe("provided sha does not match query");
    expect(await storedRows(wrong)).toEqual([]);
    expect(await storedRows(documentHash(query))).toEqual([]);
  });

  it("answers a malformed hash or an unknown protocol version with a coded error", async () => {
    const notHex = await send(server.url, { extensions: persisted("../../etc/passwd") });
    expect(codes(notHex)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const version = await send(server.url, { extensions: { persistedQuery: { version: 2, sha256Hash: "a" } } });
    expect(version.status).toBe(400);
    expect(codes(version)).toEqual(["BAD_USER_INPUT"]);
  });

  it("answers hashes of the wrong type with a coded error, never a fault", async () => {
    for (const sha256Hash of [12, null, { $gt: "" }, ["a"], "A".repeat(64), "0".repeat(100_000)]) {
      const answer = await send(server.url, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
      expect([sha256Hash, codes(answer)]).toEqual([
        sha256Hash,
        [expect.stringMatching(/^(PERSISTED_QUERY_NOT_FOUND|BAD_USER_INPUT|BAD_REQUEST)$/)],
      ]);
    }
    const withText = await send(server.url, {
      query: "{ __typename }",
      extensions: { persistedQuery: { version: 1, sha256Hash: { toString: "x" } } },
    });
    expect(withText.status).toBe(400);
    expect(codes(withText)).toEqual(["BAD_USER_INPUT"]);
  });

  it("runs a query over PERSISTED_QUERY_MAX_BYTES but does not store it", async () => {
    // Comments are no tokens, so the document passes the token limit and runs.
    const query = `# ${"x".repeat(PERSISTED_QUERY_DEFAULTS.maxBytes)}\n{ viewpoints { totalCount } }`;
    const hash = documentHash(query);
    const answer = await send(server.url, { query, extensions: persisted(hash) });
    expect(answer.body.data).toEqual({ viewpoints: { totalCount: 4 } });
    expect(await storedRows(hash)).toEqual([]);
    expect(codes(await send(server.url, { extensions: persisted(hash) }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("stores no document that fails validation", async () => {
    const query = `{ viewpoints { noSuchField } }`;
    const hash = documentHash(query);
    const answer = await send(server.url, { query, extensions: persisted(hash) });
    expect(codes(answer)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(await storedRows(hash)).toEqual([]);
  });

  it("keeps one row when 20 requests register the same hash at once, and answers all of them", async () => {
    const query = `query Concurrent { entities(first: 3) { totalCount } }`;
    const hash = documentHash(query);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send(server.url, { query, extensions: persisted(hash) })),
    );
    for (const answer of answers) expect(answer.body.data?.entities.totalCount).toBeGreaterThan(0);
    expect(await storedRows(hash)).toEqual([{ hash, trusted: false }]);
  });

  it("stores no more than PERSISTED_QUERIES_MAX untrusted documents; past it, queries still run", async () => {
    const capped = await start({ maxUntrusted: 0 });
    const query = `query Capped { viewpoints { totalCount } }`;
    const hash = documentHash(query);
    const answer = await send(capped.url, { query, extensions: persisted(hash) });
    expect(answer.body.data).toEqual({ viewpoints: { totalCount: 4 } });
    expect(await storedRows(hash)).toEqual([]);
  });

  it("refuses, in the database too, a row whose hash is not its document's", async () => {
    await expect(
      db.pool.query(`INSERT INTO persisted_query (hash, document) VALUES ($1, $2)`, [documentHash("{ a }"), "{ b }"]),
    ).rejects.toThrow(/persisted_query_hash/);
  });
});

describe("trusted documents (TRUSTED_DOCUMENTS=only)", () => {
  const TRUSTED = `query TrustedViewpoints { viewpoints { totalCount } }`;
  let server: TestServer;
  let admin: string;
  let editor: string;
  beforeAll(async () => {
    server = await start({ trustedDocuments: "only" });
    await addTrustedDocuments(db.pool, [{ hash: documentHash(TRUSTED), document: TRUSTED, name: "TrustedViewpoints" }]);
    admin = (await createKey(db.pool, "pq admin", "ADMIN")).key;
    editor = (await createKey(db.pool, "pq editor", "EDITOR")).key;
  });

  it("runs a trusted document by its hash alone, and by its text", async () => {
    const byHash = await send(server.url, { extensions: persisted(documentHash(TRUSTED)) });
    expect(byHash.body.data).toEqual({ viewpoints: { totalCount: 4 } });
    const byText = await send(server.url, { query: TRUSTED });
    expect(byText.body.data).toEqual({ viewpoints: { totalCount: 4 } });
  });

  it("refuses any other document with DOCUMENT_NOT_TRUSTED, and does not store it", async () => {
    const query = `{ entities(first: 1) { totalCount } }`;
    const plain = await send(server.url, { query });
    expect(plain.status).toBe(400);
    expect(codes(plain)).toEqual(["DOCUMENT_NOT_TRUSTED"]);
    expect(plain.body.errors![0]!.message).toMatch(/claimbase documents add/);
    expect(plain.body.data).toBeUndefined();
    const apq = await send(server.url, { query, extensions: persisted(documentHash(query)) });
    expect(codes(apq)).toEqual(["DOCUMENT_NOT_TRUSTED"]);
    expect(await storedRows(documentHash(query))).toEqual([]);
    const unknownHash = await send(server.url, { extensions: persisted(documentHash(query)) });
    expect(codes(unknownHash)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("refuses a document registered by a client (APQ), which is not trusted", async () => {
    const query = `query ClientRegistered { viewpoints { totalCount } }`;
    const open = await start();
    await send(open.url, { query, extensions: persisted(documentHash(query)) });
    expect(await storedRows(documentHash(query))).toEqual([{ hash: documentHash(query), trusted: false }]);
    expect(codes(await send(server.url, { extensions: persisted(documentHash(query)) }))).toEqual([
      "DOCUMENT_NOT_TRUSTED",
    ]);
  });

  it("lets an ADMIN key run any operation, and nobody else", async () => {
    const query = `{ entities(first: 1) { totalCount } }`;
    const asAdmin = await send(server.url, { query }, { authorization: `Bearer ${admin}` });
    expect(asAdmin.body.data?.entities.totalCount).toBeGreaterThan(0);
    const asEditor = await send(server.url, { query }, { authorization: `Bearer ${editor}` });
    expect(codes(asEditor)).toEqual(["DOCUMENT_NOT_TRUSTED"]);
  });

  it("registers a manifest over POST /documents for ADMIN keys only, all or nothing", async () => {
    const query = `query OverHttp { entities(first: 1) { totalCount } }`;
    const hash = documentHash(query);
    const post = (body: string, key?: string) =>
      fetch(`${server.url}/documents`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body,
      });
    const manifest = JSON.stringify({ [hash]: query });
    const anonymous = await post(manifest);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Answer["body"]).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const asEditor = await post(manifest, editor);
    expect(asEditor.status).toBe(403);
    expect(((await asEditor.json()) as Answer["body"]).errors![0]!.extensions!.code).toBe("FORBIDDEN");

    const invalid = `query Broken { nope }`;
    const bad = await post(
      JSON.stringify({ [hash]: query, [documentHash(invalid)]: invalid, ["0".repeat(64)]: query }),
      admin,
    );
    expect(bad.status).toBe(400);
    const refusal = ((await bad.json()) as { errors: { extensions: { code: string; problems: string[] } }[] })
      .errors[0]!;
    expect(refusal.extensions.code).toBe("BAD_USER_INPUT");
    expect(refusal.extensions.problems).toEqual([
      expect.stringMatching(/not valid for this schema/),
      expect.stringMatching(/the key is not the SHA-256 of its document/),
    ]);
    expect(await storedRows(hash)).toEqual([]);
    const notJson = await post("{ nope", admin);
    expect(notJson.status).toBe(400);
    await notJson.arrayBuffer();
    const notManifest = await post("[1, 2]", admin);
    expect(notManifest.status).toBe(400);
    await notManifest.arrayBuffer();

    const good = await post(manifest, admin);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ added: [hash], promoted: [], unchanged: [] });
    expect((await send(server.url, { extensions: persisted(hash) })).body.data?.entities.totalCount).toBeGreaterThan(0);
  });

  it("takes client preset 6's `sha256:<hex>` names, in a manifest and from a client, as the bare hex", async () => {
    const query = `query PrefixedName { viewpoints { totalCount } }`;
    const hash = documentHash(query);
    const response = await fetch(`${server.url}/documents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ [`sha256:${hash}`]: query }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ added: [hash], promoted: [], unchanged: [] });
    expect(await storedRows(hash)).toEqual([{ hash, trusted: true }]);
    const byPrefixedHash = await send(server.url, { extensions: persisted(`sha256:${hash}`) });
    expect(byPrefixedHash.body.data).toEqual({ viewpoints: { totalCount: 4 } });
    const withText = await send(server.url, { query, extensions: persisted(`sha256:${hash}`) });
    expect(withText.body.data).toEqual({ viewpoints: { totalCount: 4 } });
  });

  it("turns an APQ row into a trusted one when an operator registers the same document", async () => {
    const query = `query Promoted { viewpoints { totalCount } }`;
    const hash = documentHash(query);
    const open = await start();
    await send(open.url, { query, extensions: persisted(hash) });
    const report = await addTrustedDocuments(db.pool, [{ hash, document: query, name: "Promoted" }]);
    expect(report).toEqual({ added: [], promoted: [hash], unchanged: [] });
    expect(await storedRows(hash)).toEqual([{ hash, trusted: true }]);
    const again = await addTrustedDocuments(db.pool, [{ hash, document: query, name: "Promoted" }]);
    expect(again).toEqual({ added: [], promoted: [], unchanged: [hash] });
  });
});

describe("settings", () => {
  it("reads TRUSTED_DOCUMENTS, PERSISTED_QUERY_MAX_BYTES and PERSISTED_QUERIES_MAX", () => {
    expect(loadConfig({}).persistedQueries).toEqual(PERSISTED_QUERY_DEFAULTS);
    expect(
      loadConfig({ TRUSTED_DOCUMENTS: "only", PERSISTED_QUERY_MAX_BYTES: "1024", PERSISTED_QUERIES_MAX: "0" })
        .persistedQueries,
    ).toEqual({ trustedDocuments: "only", maxBytes: 1024, maxUntrusted: 0 });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: "yes" })).toThrow(/TRUSTED_DOCUMENTS must be off or only/);
    expect(() => loadConfig({ PERSISTED_QUERY_MAX_BYTES: "0" })).toThrow(/PERSISTED_QUERY_MAX_BYTES/);
  });
});

describe("two service processes over one database", () => {
  const MAIN = path.join(PROJECT_ROOT, "dist", "src", "main.js");
  const spawned: Spawned[] = [];
  afterAll(async () => {
    for (const process of spawned) await killIfRunning(process);
  });

  async function service(): Promise<string> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: "127.0.0.1" };
    delete env.NODE_ENV;
    const child = spawnNode(MAIN, env, PROJECT_ROOT);
    spawned.push(child);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      "the service to be ready",
      async () => {
        if (child.child.exitCode !== null) throw new Error(`exited:\n${child.output()}`);
        return (await fetch(`${base}/readyz`)).status === 200 ? true : undefined;
      },
      60_000,
    );
    return base;
  }

  it("answers, on the second, a hash registered through the first", async () => {
    const [first, second] = [await service(), await service()];
    const query = `query SharedAcrossReplicas { viewpoints(first: 1) { nodes { title } } }`;
    const hash = documentHash(query);
    expect(codes(await send(second, { extensions: persisted(hash) }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const registered = await send(first, { query, extensions: persisted(hash) });
    expect(registered.body.data?.viewpoints.nodes).toHaveLength(1);
    const shared = await send(second, { extensions: persisted(hash) });
    expect(shared.body.data).toEqual(registered.body.data);
  });
});
