import { parse } from "csv-parse/sync";
import { createKey } from "../../src/modules/auth";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Claim.language, the field added through claim.model.ts alone: written by createClaim/updateClaim and
 * imports, validated as BCP 47 and stored canonical, filterable, orderable, and in every export format.
 */

let db: TestDatabase;
let server: TestServer;
let editor: string;

beforeAll(async () => {
  db = await createTestDatabase("story");
  server = await startTestServer(db);
  editor = (await createKey(db.pool, "editor", "EDITOR")).key;
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** The mayor's words as the article quotes them (the story's passage, spoken by the mayor and the police chief). */
const AGAINST = 'declaring that they were "against our policy."';

/** Where the mayor speaks, as createClaim's appearance: the claimant speaks in it (the attribution rule). */
async function mayorSays() {
  const { data } = await server.gql<any>(
    `{ mayor: entity(slug: "sanctuary-city-mayor") { id } chief: entity(slug: "sanctuary-city-police-chief") { id }
       sources(filter: { kind: { equals: NEWS_ARTICLE } }) { nodes { id } } }`,
  );
  return {
    mayor: data!.mayor.id as string,
    appearance: {
      source: data!.sources.nodes[0].id,
      exact: AGAINST,
      speakers: [data!.mayor.id, data!.chief.id],
      attribution: "DIRECT",
    },
  };
}

async function createClaim(text: string, language: string | null) {
  const { mayor, appearance } = await mayorSays();
  return server.post<any>(
    `mutation($input: CreateClaimInput!) { createClaim(input: $input) {
       claim { id version language } userErrors { field code message } } }`,
    { input: { text, kind: "FACTUAL", claimants: [mayor], language, appearances: [appearance] } },
    editor,
  );
}

const claimCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM claim`)).rows[0].n as number;
const languageOf = async (text: string) =>
  (await db.pool.query(`SELECT language FROM claim WHERE text = $1`, [text])).rows[0]?.language as string | null;

describe("Claim.language", () => {
  it("is stored in canonical BCP 47 form when createClaim gives it, and read back", async () => {
    const { data, errors } = await createClaim("Los policías ayudaron a los agentes.", "es-mx");
    expect(errors).toBeUndefined();
    expect(data!.createClaim.userErrors).toEqual([]);
    expect(data!.createClaim.claim.language).toBe("es-MX");
    expect(await languageOf("Los policías ayudaron a los agentes.")).toBe("es-MX");
  });

  it("is null when not given", async () => {
    const { data } = await createClaim("A claim in no recorded language.", null);
    expect(data!.createClaim.claim.language).toBeNull();
  });

  it.each([["not a tag!"], ["en_US"], ["x".repeat(40)], [""]])(
    "refuses %j with an INVALID userError at input/language and changes nothing",
    async (tag) => {
      const before = await claimCount();
      const { data, errors } = await createClaim(`A claim tagged ${JSON.stringify(tag)}.`, tag);
      expect(errors).toBeUndefined();
      expect(data!.createClaim.claim).toBeNull();
      expect(data!.createClaim.userErrors).toEqual([
        expect.objectContaining({ field: ["input", "language"], code: expect.stringMatching(/INVALID|REQUIRED/) }),
      ]);
      expect(await claimCount()).toBe(before);
    },
  );

  it("is changed by updateClaim, which bumps the version; left out, it stays", async () => {
    const created = (await createClaim("Officers spoke in English.", "en")).data!.createClaim.claim;
    const update = (input: Record<string, unknown>) =>
      server.post<any>(
        `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) {
           claim { version language } userErrors { code field } } }`,
        { input },
        editor,
      );
    const changed = (await update({ id: created.id, version: created.version, language: "en-GB" })).data!.updateClaim;
    expect(changed).toEqual({ claim: { version: created.version + 1, language: "en-GB" }, userErrors: [] });
    const kept = (await update({ id: created.id, version: changed.claim.version, text: "Officers spoke in English!" }))
      .data!.updateClaim;
    expect(kept.claim.language).toBe("en-GB");
    const { data } = await server.gql<any>(`query($id: ID!) { node(id: $id) { ... on Claim { language } } }`, {
      id: created.id,
    });
    expect(data!.node.language).toBe("en-GB");
  });

  it("filters and orders claims", async () => {
    const { data } = await server.gql<any>(
      `{ tagged: claims(filter: { language: { equals: "es-MX" } }) { nodes { text language } }
         ordered: claims(first: 3, orderBy: [{ field: LANGUAGE, direction: ASC }]) { nodes { language } } }`,
    );
    expect(data!.tagged.nodes).toEqual([{ text: "Los policías ayudaron a los agentes.", language: "es-MX" }]);
    expect(data!.ordered.nodes.map((n: any) => n.language)).toEqual(["en-GB", "es-MX", null]);
  });

  it("is imported from a bundle record (canonicalized) and refused there when malformed", async () => {
    const post = (records: object[]) =>
      fetch(`${server.url}/import`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
        body: records.map((r) => JSON.stringify(r)).join("\n"),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
    const { rows } = await db.pool.query(`SELECT text_sha256 FROM source WHERE kind = 'NEWS_ARTICLE'`);
    const record = (text: string, language: string) => ({
      type: "claim",
      text,
      kind: "FACTUAL",
      claimants: ["sanctuary-city-mayor"],
      language,
      appearances: [
        {
          source: `sha256:${rows[0].text_sha256}`,
          exact: AGAINST,
          speakers: ["sanctuary-city-mayor", "sanctuary-city-police-chief"],
          attribution: "DIRECT",
        },
      ],
    });
    const ok = await post([record("Imported in French.", "FR-ca")]);
    expect(ok.status).toBe(200);
    expect(await languageOf("Imported in French.")).toBe("fr-CA");
    const before = await claimCount();
    const bad = await post([record("Imported badly.", "fr ca")]);
    expect(bad.body.rejected).toEqual([expect.objectContaining({ path: "line 1/language", code: "INVALID" })]);
    expect(await claimCount()).toBe(before);
  });

  it("is in all three export formats, and a bundle export imports back with it", async () => {
    const ndjson = await (await fetch(`${server.url}/export/claims.ndjson`)).text();
    const records = ndjson
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.find((r) => r.text === "Imported in French.")).toMatchObject({ language: "fr-CA" });
    expect(records.filter((r) => r.language === undefined).length).toBeGreaterThan(0);

    const rows = parse(await (await fetch(`${server.url}/export/claims.csv`)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((row) => row.text === "Imported in French.")?.language).toBe("fr-CA");

    const jsonld = JSON.parse(await (await fetch(`${server.url}/export/claims.jsonld`)).text());
    const node = jsonld["@graph"].find((n: any) => n["@type"] === "Claim" && n.text === "Imported in French.");
    expect(node.inLanguage).toBe("fr-CA");

    const copy = await createTestDatabase("empty");
    try {
      const target = await startTestServer(copy);
      try {
        const key = (await createKey(copy.pool, "editor", "EDITOR")).key;
        const bundle = await (await fetch(`${server.url}/export/bundle.ndjson`)).text();
        const res = await fetch(`${target.url}/import`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${key}` },
          body: bundle,
        });
        expect(res.status).toBe(200);
        const { rows } = await copy.pool.query(`SELECT language FROM claim WHERE text = 'Imported in French.'`);
        expect(rows).toEqual([{ language: "fr-CA" }]);
      } finally {
        await target.close();
      }
    } finally {
      await copy.drop();
    }
  });
});

describe("language tags, on claims and sources alike", () => {
  it("refuses grandfathered and private-use-only tags with one message, and canonicalizes the rest", async () => {
    for (const tag of ["i-klingon", "x-private", "de-DE-1901-1901"]) {
      const { data } = await createClaim(`A claim tagged ${tag}.`, tag);
      expect(data!.createClaim.userErrors).toEqual([
        {
          field: ["input", "language"],
          code: "INVALID",
          message: expect.stringMatching(/^must be a BCP 47 language tag such as en or es-MX/),
        },
      ]);
    }
    const { data } = await createClaim("A claim in Lojban.", "art-lojban");
    expect(data!.createClaim.claim.language).toBe("jbo");
  });

  it("stores a source's tag canonical too, and refuses the same tags there", async () => {
    const create = (url: string, language: string) =>
      server.post<any>(
        `mutation($input: CreateSourceInput!) { createSource(input: $input) {
           source { language } userErrors { field code } } }`,
        { input: { kind: "NEWS_ARTICLE", title: "A source", url, language } },
        editor,
      );
    expect((await create("https://example.org/es", "es-mx")).data!.createSource).toEqual({
      source: { language: "es-MX" },
      userErrors: [],
    });
    expect((await create("https://example.org/klingon", "i-klingon")).data!.createSource).toEqual({
      source: null,
      userErrors: [{ field: ["input", "language"], code: "INVALID" }],
    });
  });
});

describe("updateClaim", () => {
  it("changes no version and writes no revision when nothing changes", async () => {
    const created = (await createClaim("A claim nobody edits.", "en")).data!.createClaim.claim;
    const revisions = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM revision`)).rows[0].n as number;
    const before = await revisions();
    const { data } = await server.post<any>(
      `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { version language } userErrors { code } } }`,
      { input: { id: created.id, version: created.version, text: "A claim nobody edits.", language: "EN" } },
      editor,
    );
    expect(data!.updateClaim).toEqual({ claim: { version: created.version, language: "en" }, userErrors: [] });
    expect(await revisions()).toBe(before);
  });

  it("sets the validFrom/validTo qualifiers, and names a qualifier's input field in its userError", async () => {
    const created = (await createClaim("A claim with a period.", null)).data!.createClaim.claim;
    const update = (input: Record<string, unknown>) =>
      server.post<any>(
        `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) {
           claim { version qualifiers { validFrom validTo condition } } userErrors { field code } } }`,
        { input: { id: created.id, version: created.version, ...input } },
        editor,
      );
    const ok = (await update({ validFrom: "2025-03-01", validTo: "2025-03-31" })).data!.updateClaim;
    expect(ok).toEqual({
      claim: {
        version: created.version + 1,
        qualifiers: { validFrom: "2025-03-01", validTo: "2025-03-31", condition: null },
      },
      userErrors: [],
    });
    const bad = (await update({ version: created.version + 1, condition: "x".repeat(2001) })).data!.updateClaim;
    expect(bad).toEqual({ claim: null, userErrors: [{ field: ["input", "condition"], code: "INVALID" }] });
  });
});
