import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createKey } from "../../src/modules/auth";
import { DEFAULT_IMPORT_LIMITS } from "../../src/modules/bundle";
import { useTestServer } from "../support/lifecycle";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "../..");
/**
 * The LIAR data set (valid.tsv): LIAR_DIR, else `../shared/datasets/liar` beside the repository, else
 * the shared folder of these machines (a clone made elsewhere, as CI's may be, has no sibling folder).
 */
const LIAR = path.join(
  process.env.LIAR_DIR ??
    [path.join(ROOT, "../shared/datasets/liar"), "/work/shared/datasets/liar"].find((dir) => existsSync(dir)) ??
    path.join(ROOT, "../shared/datasets/liar"),
  "valid.tsv",
);

let editor: string;

const suite = useTestServer({
  template: "empty",
  // The race test sends 50 imports at once; the default cap (4) would refuse most of them with 503.
  server: { importLimits: { ...DEFAULT_IMPORT_LIMITS, maxConcurrent: 64 } },
});

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "importer", "EDITOR")).key;
});

async function post(body: string, type: string, query = "", key: string | null = editor) {
  const response = await fetch(`${suite.server.url}/import${query}`, {
    method: "POST",
    headers: { "content-type": type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function counts() {
  const { rows } = await suite.db.pool.query(
    `SELECT (SELECT count(*) FROM entity)::int e, (SELECT count(*) FROM source)::int s, (SELECT count(*) FROM claim)::int c,
            (SELECT count(*) FROM review)::int r, (SELECT count(*) FROM revision)::int v`,
  );
  return rows[0];
}

const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

const RECORDS = [
  { format: "claimbase-bundle", version: 1 },
  { type: "entity", slug: "speaker-one", kind: "PERSON", name: "Speaker One" },
  { type: "entity", slug: "checker", kind: "ORGANIZATION", name: "Checker" },
  {
    type: "source",
    kind: "SOCIAL_POST",
    title: "A post",
    url: "https://example.org/post",
    text: "Taxes are too high. Taxes are too high!",
  },
  {
    type: "claim",
    text: "Taxes are too high.",
    kind: "EVALUATIVE",
    claimants: ["speaker-one"],
    appearances: [
      {
        source: "url:https://example.org/post",
        exact: "Taxes are too high",
        suffix: ".",
        speakers: ["speaker-one"],
        attribution: "DIRECT",
      },
    ],
  },
];

describe("POST /import", () => {
  it("imports NDJSON all at once, then finds nothing to change on the second run", async () => {
    const first = await post(ndjson(RECORDS), "application/x-ndjson");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, unchanged: false, records: 4, rejected: [] });
    expect(first.body.counts.Claim).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const before = await counts();
    const second = await post(ndjson(RECORDS), "application/x-ndjson");
    expect(second.body).toMatchObject({ applied: true, unchanged: true, rejected: [] });
    expect(await counts()).toEqual(before); // not even a revision
  });

  it("writes nothing when one record is bad, and names it by line", async () => {
    const before = await counts();
    const bad = [
      { type: "entity", slug: "speaker-two", kind: "PERSON", name: "Speaker Two" },
      { type: "claim", text: "Something.", kind: "FACTUAL", claimants: ["nobody-known"] },
      { type: "entity", slug: "Not A Slug", kind: "PERSON", name: "x" },
    ];
    const { status, body } = await post(`${ndjson(bad)}{not json}\n`, "application/x-ndjson");
    expect(status).toBe(422);
    expect(body.applied).toBe(false);
    expect(body.rejected).toEqual([
      expect.objectContaining({ at: "line 2", path: "line 2/claimants/0", code: "UNKNOWN_REFERENCE" }),
      expect.objectContaining({ at: "line 3", path: "line 3/slug", code: "INVALID" }),
      expect.objectContaining({ at: "line 4", code: "INVALID", reason: "not valid JSON" }),
    ]);
    expect(await counts()).toEqual(before); // speaker-two on line 1 was rolled back too
  });

  it("refuses records that leave out a reference they need, or name both stance holders, and writes nothing", async () => {
    const before = await counts();
    const bad = [
      { type: "entity", slug: "member-one", kind: "PERSON", name: "Member One" },
      { type: "entityRelation", subject: "member-one", predicate: "MEMBER_OF" },
      { type: "viewpoint", slug: "one-view", title: "One view", members: [null] },
      { type: "stance", holder: { entity: "member-one" }, position: "SUPPORTS" },
      { type: "stance", holder: { entity: "member-one", viewpoint: "one-view" }, claim: "x", position: "SUPPORTS" },
      { type: "review", reviewer: "member-one", originalRating: "False", normalizedRating: "FALSE" },
    ];
    const { status, body } = await post(ndjson(bad), "application/x-ndjson");
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      expect.objectContaining({ path: "line 2/object", code: "REQUIRED" }),
      expect.objectContaining({ path: "line 3/members/0/entity", code: "REQUIRED" }),
      expect.objectContaining({ path: "line 4/claim", code: "REQUIRED" }),
      expect.objectContaining({ path: "line 5/holder", code: "INVALID" }),
      expect.objectContaining({ path: "line 6/claim", code: "REQUIRED" }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it("reports what a dry run would change without writing it", async () => {
    const before = await counts();
    const { status, body } = await post(
      ndjson([{ type: "entity", slug: "dry-run-only", kind: "GROUP", name: "Dry" }]),
      "application/x-ndjson",
      "?dryRun=true",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, applied: false, unchanged: false, counts: { Entity: { created: 1 } } });
    expect(await counts()).toEqual(before);
  });

  it("imports schema.org ClaimReview JSON-LD (@graph), normalizing ratings", async () => {
    const doc = {
      "@context": "https://schema.org",
      "@graph": [
        {
          "@type": "ClaimReview",
          url: "https://factcheck.example/reviews/1",
          claimReviewed: "Crime doubled last year.",
          datePublished: "2024-02-01",
          author: { "@type": "Organization", name: "Example Fact Check", url: "https://factcheck.example/" },
          itemReviewed: {
            "@type": "Claim",
            author: { "@type": "Person", name: "Jane Roe" },
            appearance: { "@type": "NewsArticle", url: "https://news.example/story", headline: "Roe speaks" },
          },
          reviewRating: { "@type": "Rating", alternateName: "Pants on Fire!" },
        },
        { "@type": "WebPage", name: "not a review: skipped" },
      ],
    };
    const { status, body } = await post(JSON.stringify(doc), "application/ld+json");
    expect(status).toBe(200);
    expect(body.rejected).toEqual([]);
    const { data } = await suite.server
      .gql(`{ claims(filter: { text: { equals: "Crime doubled last year." } }) { nodes {
      claimants { name } reviews { nodes { originalRating normalizedRating reviewedAt reviewer { name } source { url kind } } } } } }`);
    expect(data!.claims.nodes[0]).toEqual({
      claimants: [{ name: "Jane Roe" }],
      reviews: {
        nodes: [
          {
            originalRating: "Pants on Fire!",
            normalizedRating: "FALSE",
            reviewedAt: "2024-02-01T00:00:00.000Z",
            reviewer: { name: "Example Fact Check" },
            source: { url: "https://factcheck.example/reviews/1", kind: "FACT_CHECK" },
          },
        ],
      },
    });
    // The claim appears in the review's statement, spoken by itemReviewed.author; the appearance URL
    // is the source that statement quotes, so it is linked to the claim, not an orphan.
    const appeared = await suite.server.gql(`{
      claims(filter: { text: { equals: "Crime doubled last year." } }) { nodes {
        appearances { exact attribution speakers { name } source { kind url publisher { name } derivedFrom { url } } } } }
      source(url: "https://news.example/story") { derivatives { nodes { quotes { nodes { claims { text } } } } } } }`);
    expect(appeared.data!.claims.nodes[0].appearances).toEqual([
      {
        exact: "Crime doubled last year.",
        attribution: "INDIRECT",
        speakers: [{ name: "Jane Roe" }],
        source: {
          kind: "FACT_CHECK",
          url: null,
          publisher: { name: "Example Fact Check" },
          derivedFrom: { url: "https://news.example/story" },
        },
      },
    ]);
    expect(appeared.data!.source.derivatives.nodes).toEqual([
      { quotes: { nodes: [{ claims: [{ text: "Crime doubled last year." }] }] } },
    ]);
    const again = await post(JSON.stringify(doc), "application/ld+json");
    expect(again.body.unchanged).toBe(true);
  });

  it("streams a JSON bundle body", async () => {
    const bundle = {
      format: "claimbase-bundle",
      version: 1,
      entities: [{ slug: "bundle-entity", kind: "GROUP", name: "From a bundle" }],
    };
    const { status, body } = await post(JSON.stringify(bundle), "application/json");
    expect(status).toBe(200);
    expect(body.counts.Entity.created).toBe(1);
  });

  it.each([
    [
      "a section that is not a list",
      { claims: { text: "Lost", kind: "FACTUAL", claimants: ["bundle-entity"] } },
      "/claims",
    ],
    ["a misspelled section", { claim: [{ text: "Lost", kind: "FACTUAL", claimants: ["bundle-entity"] }] }, "/claim"],
    ["another format version", { version: 99 }, "/version"],
  ])("refuses a JSON bundle with %s, and applies none of it", async (_what, extra, pointer) => {
    const before = await counts();
    const bundle = {
      format: "claimbase-bundle",
      version: 1,
      entities: [{ slug: "half-applied", kind: "GROUP", name: "Must not be created" }],
      ...extra,
    };
    const { status, body } = await post(JSON.stringify(bundle), "application/json");
    expect(status).toBe(422);
    expect(body.rejected).toEqual([expect.objectContaining({ path: `line 1${pointer}`, code: "INVALID" })]);
    expect(await counts()).toEqual(before);
  });

  it("refuses requests without an editor key, and unknown content types", async () => {
    expect((await post(ndjson(RECORDS), "application/x-ndjson", "", null)).status).toBe(401);
    expect((await post(ndjson(RECORDS), "application/x-ndjson", "", "cbk_nope")).status).toBe(401);
    const wrongType = await post("a,b", "text/csv");
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.errors[0].extensions.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("leaves one row when 50 imports of the same record race over HTTP", async () => {
    const record = ndjson([{ type: "entity", slug: "http-race", kind: "GROUP", name: "Race" }]);
    const results = await Promise.all(Array.from({ length: 50 }, () => post(record, "application/x-ndjson")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.counts.Entity.created === 1)).toHaveLength(1);
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM entity WHERE slug = 'http-race'`);
    expect(rows[0].n).toBe(1);
  });

  it("loads a slice of LIAR through the ClaimReview importer twice; the second run is a no-op", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "liar-"));
    const out = path.join(dir, "liar.ndjson");
    const slice = path.join(dir, "slice.tsv");
    writeFileSync(slice, readFileSync(LIAR, "utf8").split("\n").slice(0, 300).join("\n") + "\n");
    await run(process.execPath, [path.join(ROOT, "dist/bench/liar-to-claimreview.js"), "--out", out, slice]);
    const body = readFileSync(out, "utf8");
    const first = await post(body, "application/x-ndjson");
    expect(first.body.rejected).toEqual([]);
    expect(first.body.counts.Review.created).toBe(300);
    const second = await post(body, "application/x-ndjson");
    expect(second.body).toMatchObject({ applied: true, unchanged: true });
    rmSync(dir, { recursive: true, force: true });
  });
});
