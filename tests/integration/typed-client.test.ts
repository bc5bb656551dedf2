import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PERSISTED_QUERY_DEFAULTS } from "../../src/config";
import { createClient, GraphQLRequestError } from "../../examples/typed-client/src/client";
import {
  ClaimsOfKindDocument,
  EntityBySlugDocument,
  ViewpointsDocument,
} from "../../examples/typed-client/src/gql/graphql";
import { printClaimbaseSchema } from "../../src/schema";
import { PROJECT_ROOT } from "../../src/shared/paths";
import { TYPED_CLIENT, typedClientFiles } from "../../scripts/typed-client-codegen";
import { useTestServer } from "../support/lifecycle";
import { startTestServer } from "../support/server";

/**
 * The frontend developer's path (docs/frontend.md): download the schema, generate types with GraphQL
 * Code Generator, call the API with the typed example client; persisted and trusted documents.
 */

// Code generation, a type check of the example and a CLI run: a few seconds each, more on a busy machine.
jest.setTimeout(120_000);

const run = promisify(execFile);
const suite = useTestServer({ template: "story", server: { responseCache: false } });

describe("GET /schema.graphql and /schema.json", () => {
  it("serves the SDL of schema.graphql as text, with an ETag that answers 304", async () => {
    const response = await fetch(`${suite.server.url}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const text = await response.text();
    expect(text).toBe(printClaimbaseSchema());
    expect(text).toBe(await readFile(path.join(PROJECT_ROOT, "schema.graphql"), "utf8"));
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    const again = await fetch(`${suite.server.url}/schema.graphql`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const changed = await fetch(`${suite.server.url}/schema.graphql`, { headers: { "if-none-match": '"other"' } });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
  });

  it("serves the introspection result as JSON, the same as an introspection query answers", async () => {
    const response = await fetch(`${suite.server.url}/schema.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("etag")).toBeTruthy();
    const body = (await response.json()) as { data: { __schema: { queryType: { name: string }; types: unknown[] } } };
    expect(body.data.__schema.queryType).toMatchObject({ name: "Query" });
    const live = await suite.server.gql<{ __schema: { types: { name: string }[] } }>(`{ __schema { types { name } } }`);
    const names = (types: { name: string }[]) => types.map((t) => t.name).sort();
    expect(names(body.data.__schema.types as { name: string }[])).toEqual(names(live.data!.__schema.types));
  });
});

describe("the typed example client (examples/typed-client)", () => {
  it("has generated types and a manifest that match what codegen writes from the live schema", async () => {
    const files = await typedClientFiles(`${suite.server.url}/schema.graphql`);
    expect(files.map((f) => path.relative(TYPED_CLIENT, f.file))).toEqual([
      "src/gql/gql.ts",
      "src/gql/graphql.ts",
      "src/gql/index.ts",
      "src/gql/persisted-documents.json",
    ]);
    for (const { file, content } of files) {
      // On failure: `npm run schema` regenerates them (and schema.graphql).
      expect([path.relative(PROJECT_ROOT, file), await readFile(file, "utf8")]).toEqual([
        path.relative(PROJECT_ROOT, file),
        content,
      ]);
    }
  });

  it("type-checks on its own (tsc -p examples/typed-client)", async () => {
    const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    await expect(run(process.execPath, [tsc, "-p", TYPED_CLIENT], { cwd: PROJECT_ROOT })).resolves.toMatchObject({
      stdout: "",
    });
  });

  it("reads the story through typed operations", async () => {
    const client = createClient({ url: `${suite.server.url}/graphql` });
    const { viewpoints } = await client.request(ViewpointsDocument, { first: 4 });
    expect(viewpoints.totalCount).toBe(4);
    expect(viewpoints.nodes.map((v) => v.title)).toContain(
      "Sanctuary policies protect vulnerable populations and promote public safety",
    );
    const stance = viewpoints.nodes.flatMap((v) => v.stances.nodes)[0]!;
    expect(["SUPPORTS", "OPPOSES", "QUALIFIES", "NEUTRAL"]).toContain(stance.position);
    expect(stance.claim.text.length).toBeGreaterThan(10);

    const first = await client.request(ClaimsOfKindDocument, { kind: "NORMATIVE", first: 2 });
    expect(first.claims.nodes).toHaveLength(2);
    expect(first.claims.nodes.every((c) => c.kind === "NORMATIVE")).toBe(true);
    const next = await client.request(ClaimsOfKindDocument, {
      kind: "NORMATIVE",
      first: 2,
      after: first.claims.pageInfo.endCursor,
    });
    expect(next.claims.nodes[0]!.id).not.toBe(first.claims.nodes[0]!.id);

    expect(await client.request(EntityBySlugDocument, { slug: "no-such-entity" })).toEqual({ entity: null });
  });

  it("runs as a program (npm run example:typed-client) and prints the story", async () => {
    const main = path.join(PROJECT_ROOT, "dist", "examples", "typed-client", "src", "main.js");
    const { stdout } = await run(process.execPath, [main, `${suite.server.url}/graphql`], { cwd: PROJECT_ROOT });
    expect(stdout).toContain("Sanctuary policies protect vulnerable populations and promote public safety (");
    expect(stdout).toMatch(/^\d+ normative claims; the first 3:$/m);
  });

  it("turns a refused request into a GraphQLRequestError with the server's codes", async () => {
    const client = createClient({ url: `${suite.server.url}/graphql` });
    const failure = await client.request(ClaimsOfKindDocument, { kind: "NORMATIVE", first: 500 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect((failure as GraphQLRequestError).codes).toEqual(["BAD_USER_INPUT"]);
  });

  it("sends automatic persisted queries: the text once, then the hash alone", async () => {
    const sent: { query?: string; extensions?: unknown }[] = [];
    const client = createClient({
      url: `${suite.server.url}/graphql`,
      persisted: "automatic",
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    });
    // A document no other test sends in this mode (the program above sends the other two).
    const one = await client.request(EntityBySlugDocument, { slug: "no-such-entity" });
    const two = await client.request(EntityBySlugDocument, { slug: "no-such-entity" });
    expect(one).toEqual({ entity: null });
    expect(two).toEqual(one);
    // Unknown hash, then hash + text, then the hash alone.
    expect(sent.map((body) => body.query !== undefined)).toEqual([false, true, false]);
  });

  it("runs by hash alone on a TRUSTED_DOCUMENTS=only server once the manifest is registered with the CLI", async () => {
    const manifest = path.join(TYPED_CLIENT, "src", "gql", "persisted-documents.json");
    const bin = path.join(PROJECT_ROOT, "bin", "claimbase.js");
    const env = { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: "silent" };
    const added = await run(process.execPath, [bin, "documents", "add", manifest], { cwd: PROJECT_ROOT, env });
    expect(added.stdout).toMatch(/^3 document\(s\) added, 0 already known .*, 0 already trusted$/m);
    const again = await run(process.execPath, [bin, "documents", "add", manifest], { cwd: PROJECT_ROOT, env });
    expect(again.stdout).toMatch(/0 document\(s\) added, 0 already known .*, 3 already trusted/);
    const listed = await run(process.execPath, [bin, "documents", "list"], { cwd: PROJECT_ROOT, env });
    expect(listed.stdout.split("\n")[0]).toMatch(/^hash\s+trusted\s+bytes\s+created\s+operations$/);
    expect(listed.stdout).toContain("ClaimsOfKind");

    const trusted = await startTestServer(suite.db, {
      persistedQueries: { ...PERSISTED_QUERY_DEFAULTS, trustedDocuments: "only" },
      responseCache: false,
    });
    try {
      const client = createClient({ url: `${trusted.url}/graphql`, persisted: "trusted" });
      const { viewpoints } = await client.request(ViewpointsDocument, { first: 4 });
      expect(viewpoints.totalCount).toBe(4);
      // The same operation sent as text by a client that did not use the manifest's printing: refused.
      const adHoc = await createClient({ url: `${trusted.url}/graphql` })
        .request(ViewpointsDocument, { first: 4 })
        .catch((error: GraphQLRequestError) => error.codes);
      expect(adHoc).toEqual(["DOCUMENT_NOT_TRUSTED"]);

      const viewpointsHash = ViewpointsDocument.__meta__!.hash as string;
      await run(process.execPath, [bin, "documents", "remove", viewpointsHash], { cwd: PROJECT_ROOT, env });
      const after = await run(process.execPath, [bin, "documents", "list"], { cwd: PROJECT_ROOT, env });
      expect(after.stdout).not.toContain(viewpointsHash);
    } finally {
      await trusted.close();
    }
  });

  it("refuses, all or nothing, a manifest whose hash is not its document's", async () => {
    const bin = path.join(PROJECT_ROOT, "bin", "claimbase.js");
    const env = { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: "silent" };
    const bad = path.join(PROJECT_ROOT, "tests", "support", "fixtures", "bad-persisted-documents.json");
    const failure = await run(process.execPath, [bin, "documents", "add", bad], { cwd: PROJECT_ROOT, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/nothing was registered/);
    expect(failure?.stderr).toMatch(/the key is not the SHA-256 of its document/);
    expect(failure?.stderr).toMatch(/not valid for this schema/);
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM persisted_query WHERE name = 'Fine'`);
    expect(rows[0].n).toBe(0);
  });
});
