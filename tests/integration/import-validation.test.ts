import { createKey } from "../../src/modules/auth";
import { useTestServer } from "../support/lifecycle";

/**
 * Imports validated at the edge (bundle.validate.ts): every record is checked against its type's
 * definition in the bundle schema before it reaches the writer. A record that fails is rejected with
 * its JSON pointer and the field's, and the code and words a mutation would get; records that pass
 * import as they always did. Over real HTTP and GraphQL, on a real database.
 */

let editor: string;

const suite = useTestServer({ template: "empty" });

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "validated importer", "EDITOR")).key;
});

interface Report {
  applied: boolean;
  unchanged: boolean;
  records: number;
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  rejected: { at: string; path: string; code: string; reason: string }[];
}

async function post(body: string, type: string): Promise<{ status: number; body: Report }> {
  const response = await fetch(`${suite.server.url}/import`, {
    method: "POST",
    headers: { "content-type": type, authorization: `Bearer ${editor}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as Report };
}

const postBundle = (bundle: object) => post(JSON.stringify(bundle, null, 2), "application/json");
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

async function rows(): Promise<number> {
  const { rows } = await suite.db.pool.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM entity) + (SELECT count(*) FROM source) + (SELECT count(*) FROM claim)
            + (SELECT count(*) FROM revision))::int AS n`,
  );
  return rows[0]!.n;
}

const TEXT = "The mayor said: Crime fell. The chief said: Crime rose.";

/** A bundle of every record type, each field of each kind given at least once. */
function story(suffix: string) {
  const url = `https://example.org/${suffix}`;
  const review = `https://checker.example/${suffix}`;
  const slug = (name: string) => `${name}-${suffix}`;
  return {
    format: "claimbase-bundle",
    version: 1,
    entities: [
      { slug: slug("mayor"), kind: "PERSON", name: "The mayor", aliases: ["Mayor"], externalIds: { wikidata: "Q1" } },
      { slug: slug("chief"), kind: "PERSON", name: "The police chief", description: null },
      { slug: slug("council"), kind: "GOVERNMENT_BODY", name: "The city council" },
      { slug: slug("city"), kind: "PLACE", name: "The city" },
      { slug: slug("crime"), kind: "TOPIC", name: "Crime" },
      { slug: slug("checker"), kind: "ORGANIZATION", name: "A fact checker" },
    ],
    sources: [
      {
        ref: "post",
        kind: "NEWS_ARTICLE",
        title: "A post",
        url,
        publisher: slug("checker"),
        authors: [slug("chief")],
        publishedAt: "2025-03-28T10:00:00Z",
        language: "en-us",
        text: TEXT,
      },
      {
        kind: "FACT_CHECK",
        title: "A review",
        url: review,
        publisher: slug("checker"),
        derivedFrom: "post",
        derivationKind: "QUOTATION",
      },
    ],
    entityRelations: [
      {
        subject: slug("mayor"),
        predicate: "MEMBER_OF",
        object: slug("council"),
        validFrom: "2020-01-01",
        evidence: [{ source: "post", exact: "The mayor" }],
      },
    ],
    claims: [
      {
        ref: "fell",
        text: "Crime fell.",
        kind: "FACTUAL",
        claimants: [slug("mayor")],
        subjects: [slug("crime")],
        statedAt: "2025-03-28",
        qualifiers: { place: slug("city"), condition: "in 2024", validFrom: "2024-01-01", validTo: null },
        language: "en",
        appearances: [
          {
            source: `url:${url}`,
            exact: "Crime fell",
            suffix: ".",
            speakers: [slug("mayor")],
            attribution: "DIRECT",
            cue: { exact: "said", prefix: "mayor " },
          },
        ],
      },
      {
        ref: "rose",
        text: "Crime rose.",
        kind: "FACTUAL",
        claimants: [slug("chief")],
        appearances: [
          {
            source: "post",
            exact: "Crime rose.",
            start: TEXT.indexOf("Crime rose."),
            end: TEXT.length,
            speakers: [slug("chief")],
            attribution: "DIRECT",
          },
        ],
      },
    ],
    claimRelations: [{ from: "fell", to: "rose", kind: "CONTRADICTS" }],
    viewpoints: [
      {
        slug: slug("safer"),
        title: "The city is safer",
        summary: "Crime fell.",
        topic: slug("crime"),
        members: [
          {
            entity: slug("mayor"),
            role: "PROPONENT",
            evidence: [{ source: "post", exact: "Crime fell.", speakers: [slug("mayor")], attribution: "DIRECT" }],
          },
        ],
      },
    ],
    stances: [
      {
        holder: { viewpoint: slug("safer") },
        claim: "fell",
        position: "SUPPORTS",
        note: "Its proponent said it.",
        // The passage the member's evidence attributes: cited again, it keeps its speakers.
        evidence: [{ source: "post", exact: "Crime fell." }],
      },
      {
        holder: { entity: slug("chief") },
        claim: "rose",
        position: "SUPPORTS",
        evidence: [{ source: "post", exact: "Crime rose." }],
      },
    ],
    reviews: [
      {
        claim: "fell",
        reviewer: slug("checker"),
        source: `url:${review}`,
        originalRating: "Mostly False",
        normalizedRating: "MOSTLY_FALSE",
        reviewedAt: "2025-04-01",
      },
    ],
  };
}

describe("imports validated against the bundle schema", () => {
  it("imports a bundle whose records all pass the schema as before, and finds nothing to change the second time", async () => {
    const bundle = story("whole");
    const first = await postBundle(bundle);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, unchanged: false, records: 16, rejected: [] });
    const created = Object.fromEntries(Object.entries(first.body.counts).map(([type, c]) => [type, c.created]));
    expect(created).toEqual({
      Entity: 6,
      Source: 2,
      EntityRelation: 1,
      Quote: 4,
      Claim: 2,
      ClaimRelation: 1,
      Viewpoint: 1,
      Stance: 2,
      Review: 1,
    });
    // What the writer still does after the schema: normalizing (a canonical language tag, UTC times).
    const { rows: sources } = await suite.db.pool.query(
      `SELECT language, published_at FROM source WHERE url = 'https://example.org/whole'`,
    );
    expect(sources[0]).toMatchObject({ language: "en-US", published_at: new Date("2025-03-28T10:00:00Z") });
    const before = await rows();
    const second = await postBundle(bundle);
    expect(second.body).toMatchObject({ applied: true, unchanged: true, rejected: [] });
    expect(await rows()).toBe(before);
  });

  it("rejects a record that fails its schema with the record's JSON pointer and the field's, and applies nothing", async () => {
    const before = await rows();
    const bundle = {
      format: "claimbase-bundle",
      version: 1,
      entities: [{ slug: "pointer-speaker", kind: "PERSON", name: "Speaker" }],
      sources: [{ ref: "one", kind: "SOCIAL_POST", title: "One", text: "One.", authors: ["pointer-speaker"] }],
      claims: [
        {
          text: "One.",
          kind: "FACTUAL",
          claimants: ["pointer-speaker"],
          appearances: [{ source: "one", exact: "One.", speakers: ["pointer-speaker"], attribution: "AUTHOR" }],
        },
        { text: "Two.", kind: "OPINION", claimants: ["pointer-speaker"] },
      ],
    };
    const { status, body } = await postBundle(bundle);
    expect(status).toBe(422);
    expect(body.applied).toBe(false);
    expect(body.rejected).toEqual([
      {
        at: "/claims/1",
        path: "/claims/1/kind",
        code: "INVALID",
        reason: "must be one of FACTUAL, CAUSAL, NORMATIVE, PREDICTIVE, EVALUATIVE",
      },
    ]);
    expect(await rows()).toBe(before);
  });

  it("reports a type error deep inside a record at its JSON pointer (/claims/2/appearances/1/exact)", async () => {
    const bundle = story("deep");
    const claims = [
      ...bundle.claims,
      {
        text: "Crime fell, and rose.",
        kind: "FACTUAL",
        claimants: ["mayor-deep"],
        appearances: [
          { source: "post", exact: "Crime fell." },
          { source: "post", exact: 42 },
        ],
      },
    ];
    const before = await rows();
    const { status, body } = await postBundle({ ...bundle, claims });
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      {
        at: "/claims/2",
        path: "/claims/2/appearances/1/exact",
        code: "REQUIRED",
        reason: "must be a non-empty string",
      },
    ]);
    expect(await rows()).toBe(before);
    // The same record on an NDJSON line.
    const lines = await post(
      ndjson([
        { type: "entity", slug: "mayor-deep", kind: "PERSON", name: "M" },
        { type: "claim", ...claims[2] },
      ]),
      "application/x-ndjson",
    );
    expect(lines.body.rejected).toEqual([
      expect.objectContaining({ at: "line 2", path: "line 2/appearances/1/exact", code: "REQUIRED" }),
    ]);
  });

  it("tells what only the writer can check in the same form: NUL, an impossible month", async () => {
    const { status, body } = await postBundle({
      format: "claimbase-bundle",
      version: 1,
      entities: [{ slug: "nul-name", kind: "PERSON", name: "a\u0000b" }],
    });
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      { at: "/entities/0", path: "/entities/0/name", code: "INVALID", reason: "must not contain NUL characters" },
    ]);
    const month = await post(
      ndjson([
        { type: "entity", slug: "month-speaker", kind: "PERSON", name: "M" },
        {
          type: "claim",
          text: "Month thirteen.",
          kind: "FACTUAL",
          claimants: ["month-speaker"],
          statedAt: "2024-13-01",
        },
      ]),
      "application/x-ndjson",
    );
    expect(month.body.rejected).toEqual([
      { at: "line 2", path: "line 2/statedAt", code: "INVALID", reason: "must be an ISO 8601 date or date-time" },
    ]);
  });

  it("validates importBundle's records the same way, by their pointer in `records`", async () => {
    const body = await suite.server.post(
      `mutation($i: ImportBundleInput!) { importBundle(input: $i) { applied rejected { at path code reason } } }`,
      {
        i: {
          records: [
            { type: "entity", slug: "graphql-import", kind: "PERSON", name: "G" },
            { type: "stance", holder: { entity: "graphql-import", viewpoint: "v" }, claim: "c", position: "SUPPORTS" },
          ],
        },
      },
      editor,
    );
    expect(body.data).toEqual({
      importBundle: {
        applied: false,
        rejected: [
          {
            at: "/records/1",
            path: "/records/1/holder",
            code: "INVALID",
            reason: "must name exactly one of entity and viewpoint",
          },
        ],
      },
    });
  });

  it("refuses a field a record type does not have (a misspelling), naming the record's fields, in both formats", async () => {
    const before = await rows();
    const lines = await post(
      ndjson([
        { type: "entity", slug: "misspelt", kind: "PERSON", name: "M", alias: ["Em"] },
        { type: "claimRelation", from: "a", to: "b", kind: "SUPPORTS", evidense: [] },
      ]),
      "application/x-ndjson",
    );
    expect(lines.status).toBe(422);
    expect(lines.body.rejected[0]).toMatchObject({ at: "line 1", path: "line 1/alias", code: "INVALID" });
    expect(lines.body.rejected[0]!.reason).toMatch(/^is not a field of an entity record \(.*aliases.*\)$/);
    expect(lines.body.rejected[1]).toMatchObject({ path: "line 2/evidense", code: "INVALID" });
    const sections = await postBundle({
      format: "claimbase-bundle",
      version: 1,
      claims: [{ text: "A claim.", kind: "FACTUAL", claimants: ["misspelt"], claimant: ["misspelt"] }],
    });
    expect(sections.body.rejected[0]).toMatchObject({ path: "/claims/0/claimant", code: "INVALID" });
    expect(await rows()).toBe(before);
  });

  it("refuses hostile records cleanly and serves on: huge lists, deep nesting, wrong types at every level", async () => {
    const before = await rows();
    // 4,000 levels, written out: JSON.stringify would recurse as deep.
    const deep = `${"[".repeat(4_000)}"x"${"]".repeat(4_000)}`;
    const { status, body } = await post(
      ndjson([
        {
          type: "claim",
          text: "Many.",
          kind: "FACTUAL",
          claimants: Array.from({ length: 200_000 }, (_, i) => `e-${i}`),
        },
        { type: "entity", slug: "deep", kind: "PERSON", name: "DEEP" },
        { type: "entity", slug: "deep-ids", kind: "PERSON", name: "D", externalIds: { a: "DEEP" } },
        { type: "source", kind: "REPORT", title: { text: "T" }, url: "https://example.org/t" },
        { type: "viewpoint", slug: "v-types", title: "V", members: [{ entity: ["x"], role: "PROPONENT" }] },
        { type: "claim", text: "Q.", kind: "FACTUAL", claimants: ["x"], appearances: { source: "post" } },
        {
          type: "claimRelation",
          from: "a",
          to: "b",
          kind: "SUPPORTS",
          evidence: [{ source: "s", exact: "e", start: -1, end: 2 }],
        },
        { type: "entity", slug: "astral", kind: "PERSON", name: "😀".repeat(501) },
      ]).replaceAll('"DEEP"', deep),
      "application/x-ndjson",
    );
    expect(status).toBe(422);
    expect(body.rejected.map(({ path, code }) => [path, code])).toEqual([
      ["line 1/claimants", "INVALID"],
      ["line 2/name", "REQUIRED"],
      // externalIds may be any object to the schema; its depth is the writer's to refuse.
      ["line 3/externalIds", "INVALID"],
      ["line 4/title", "REQUIRED"],
      ["line 5/members/0/entity", "REQUIRED"],
      ["line 6/appearances", "INVALID"],
      ["line 7/evidence/0/start", "INVALID"],
      ["line 8/name", "INVALID"],
    ]);
    expect(body.rejected[0]!.reason).toBe("must list at most 100 values");
    expect(body.rejected[7]!.reason).toBe("must be at most 1000 characters");
    expect(await rows()).toBe(before);
    const { data } = await suite.server.gql(`{ entities(first: 1) { totalCount } }`);
    expect(data!.entities.totalCount).toBeGreaterThan(0);
  });

  it("refuses a JSON bundle's section element nested past 64 levels where it starts, without assembling it", async () => {
    const before = await rows();
    // 30,000 levels in 60 kB: stream-json's assemblers once took 20 s over it, holding the event loop.
    const levels = 30_000;
    const deep = `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const ids = `{"a":`.repeat(levels) + "1" + "}".repeat(levels);
    const bundle = [
      '{"format":"claimbase-bundle","version":1,',
      '"entities":[',
      '{"slug":"fine-entity","kind":"PERSON","name":"Fine"},',
      `${deep},`,
      `{"slug":"deep-ids","kind":"PERSON","name":"D","externalIds":${ids}}`,
      "]}",
    ].join("\n");
    const [{ status, body }, health] = await Promise.all([
      post(bundle, "application/json"),
      fetch(`${suite.server.url}/readyz`).then((response) => response.status),
    ]);
    expect(health).toBe(200);
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      { at: "/entities/1", path: "/entities/1", code: "INVALID", reason: "nests more than 64 levels deep" },
    ]);
    expect(await rows()).toBe(before);
  });
});
