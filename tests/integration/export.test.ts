import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import pino from "pino";
import { importFile } from "../../src/modules/bundle";
import { type ExportFormat, type ExportType, SUPPORTED_FORMATS, exportTo } from "../../src/modules/export";
import { createServer } from "../../src/server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestServer } from "../support/lifecycle";
import { startTestServer, type TestServer } from "../support/server";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/claimbase.js");
const actor = { keyId: null, label: "test" };

let tmp: string;

/** A fact-check, a review, a derived source with a URL and authors, a dated and deprecated claim. */
async function addExtras(target: TestDatabase) {
  const { rows } = await target.pool.query<{ fingerprint: string }>(
    `SELECT fingerprint FROM claim ORDER BY seq LIMIT 1`,
  );
  const records = [
    {
      type: "entity",
      slug: "example-fact-checker",
      kind: "ORGANIZATION",
      name: "Example Fact Checker",
      aliases: ["EFC", "Example Checks"],
      description: "A fact-checking desk (test data).",
      externalIds: { wikidata: "Q123456" },
    },
    {
      type: "entity",
      slug: "example-reporter",
      kind: "PERSON",
      name: "Example Reporter",
    },
    {
      type: "source",
      kind: "REPORT",
      title: "Original report",
      url: "https://reports.example/original",
      text: "The original report says officers helped agents at night. It says nothing else.",
      publisher: "example-fact-checker",
      authors: ["example-reporter"],
      publishedAt: "2025-03-27T12:00:00Z",
      retrievedAt: "2025-04-01T08:30:00Z",
      language: "en",
    },
    {
      type: "source",
      kind: "FACT_CHECK",
      title: "Fact check: did officers help Border Patrol?",
      url: "https://factcheck.example/backup",
      text: "We rate the claim Mostly True. Officers helped agents, as the post said.",
      publisher: "example-fact-checker",
      authors: ["example-reporter", "example-fact-checker"],
      publishedAt: "2025-03-29T00:00:00Z",
      language: "en",
      derivedFrom: "url:https://reports.example/original",
      derivationKind: "QUOTATION",
    },
    {
      type: "claim",
      ref: "night-claim",
      text: "Officers helped agents at night.",
      kind: "FACTUAL",
      claimants: ["example-fact-checker", "example-reporter"],
      subjects: ["border-patrol-agents"],
      statedAt: "2025-03-27T12:00:00Z",
      qualifiers: { place: "sanctuary-city", validFrom: "2025-03-01", validTo: "2025-03-31", condition: "at night" },
      rank: "DEPRECATED",
      deprecationReason: "superseded by the fact check",
      appearances: [
        {
          source: "url:https://reports.example/original",
          exact: "officers helped agents at night",
          speakers: ["example-fact-checker", "example-reporter"],
          attribution: "AUTHOR",
          cue: { exact: "says", prefix: "report " },
        },
      ],
    },
    {
      type: "review",
      claim: `fingerprint:${rows[0]!.fingerprint}`,
      reviewer: "example-fact-checker",
      source: "url:https://factcheck.example/backup",
      originalRating: "Mostly True",
      normalizedRating: "MOSTLY_TRUE",
      reviewedAt: "2025-03-29T00:00:00Z",
    },
    {
      type: "stance",
      holder: { entity: "example-fact-checker" },
      claim: "night-claim",
      position: "NEUTRAL",
      note: "rated elsewhere",
      evidence: [
        {
          source: "url:https://factcheck.example/backup",
          exact: "Officers helped agents",
          speakers: ["example-fact-checker"],
          attribution: "AUTHOR",
        },
      ],
    },
  ];
  const file = path.join(tmp, "extras.ndjson");
  await writeFile(file, records.map((r) => JSON.stringify(r)).join("\n"));
  const report = await importFile(target, file, { actor });
  expect(report.rejected).toEqual([]);
  expect(report.applied).toBe(true);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "claimbase-export-test-"));
});

const suite = useTestServer({ template: "story", prepare: addExtras });

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------------------

function exportPath(type: string, format: string, filter?: unknown): string {
  const query = filter === undefined ? "" : `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
  return `/export/${type}.${format}${query}`;
}

async function get(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    body: await response.text(),
  };
}

/** RFC 4180: quoted cells, doubled quotes, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ""])));
}

function ndjson(text: string): any[] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));
}

/** Column lists per CSV export, as docs/export-format.md documents them. */
function documentedColumns(): Record<string, string[]> {
  const text = readFileSync(path.join(ROOT, "docs/export-format.md"), "utf8");
  const columns: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of text.split("\n")) {
    const heading = /^### (\w+)\.csv\s*$/.exec(line);
    if (heading) {
      current = heading[1]!;
      columns[current] = [];
    } else if (line.startsWith("#")) current = null;
    else {
      const column = /^\| `(\w+)`/.exec(line);
      if (current && column) columns[current]!.push(column[1]!);
    }
  }
  return columns;
}

const ENTITY_TYPES = new Set(["Person", "Organization", "GovernmentOrganization", "Place", "Event", "Thing"]);
const SOURCE_TYPES = new Set(["NewsArticle", "SocialMediaPosting", "Report", "Legislation", "CreativeWork"]);
/** Every schema.org term the export may use (checked by hand: no jsonld processor here). */
const SCHEMA_TYPES = new Set([...ENTITY_TYPES, ...SOURCE_TYPES, "Claim", "ClaimReview", "Rating", "Quotation"]);
const SCHEMA_PROPERTIES = new Set([
  "identifier",
  "name",
  "alternateName",
  "ratingValue",
  "additionalType",
  "bestRating",
  "worstRating",
  "description",
  "sameAs",
  "headline",
  "url",
  "datePublished",
  "inLanguage",
  "publisher",
  "author",
  "text",
  "isBasedOn",
  "genre",
  "creativeWorkStatus",
  "about",
  "spatialCoverage",
  "temporalCoverage",
  "appearance",
  "isPartOf",
  "claimReviewed",
  "itemReviewed",
  "reviewRating",
  // A Quotation's speakers (attribution: additionalType) and its cue.
  "spokenByCharacter",
  "disambiguatingDescription",
]);

/** Walks a JSON-LD node: keywords limited to @type/@id, terms and types from schema.org only. */
function checkTerms(node: unknown, where = "") {
  if (Array.isArray(node)) return node.forEach((item, i) => checkTerms(item, `${where}[${i}]`));
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "@type") expect(SCHEMA_TYPES.has(value as string) ? value : `${where}: ${value}`).toBe(value);
    else if (key === "@id")
      expect(value).toMatch(/^(urn:claimbase:(entity|source|claim|review):[0-9a-f-]{36}|https?:\/\/)/);
    else {
      expect(SCHEMA_PROPERTIES.has(key) ? key : `${where}.${key}`).toBe(key);
      checkTerms(value, `${where}.${key}`);
    }
  }
}

function jsonld(text: string): any[] {
  const doc = JSON.parse(text);
  expect(Object.keys(doc).sort()).toEqual(["@context", "@graph"]);
  expect(doc["@context"]).toBe("https://schema.org");
  expect(Array.isArray(doc["@graph"])).toBe(true);
  for (const node of doc["@graph"]) {
    expect(typeof node["@type"]).toBe("string");
    expect(typeof node["@id"]).toBe("string");
  }
  checkTerms(doc["@graph"]);
  return doc["@graph"];
}

interface Totals {
  entities: number;
  claims: number;
  sources: number;
  viewpoints: number;
  stances: number;
  reviews: number;
  entityRelations: number;
  claimRelations: number;
}

async function totals(target: TestServer): Promise<Totals> {
  const { data, errors } = await target.gql(`{
    entities(first: 100) { totalCount nodes { relationsOut(first: 1) { totalCount } } }
    sources { totalCount }
    viewpoints { totalCount }
    claims(first: 100) { totalCount nodes {
      stances(first: 1) { totalCount } reviews(first: 1) { totalCount } relationsOut(first: 1) { totalCount } } }
  }`);
  expect(errors).toBeUndefined();
  expect(data!.claims.totalCount).toBeLessThanOrEqual(100);
  expect(data!.entities.totalCount).toBeLessThanOrEqual(100);
  const sum = (nodes: any[], f: (n: any) => number) => nodes.reduce((s, n) => s + f(n), 0);
  return {
    entities: data!.entities.totalCount,
    claims: data!.claims.totalCount,
    sources: data!.sources.totalCount,
    viewpoints: data!.viewpoints.totalCount,
    stances: sum(data!.claims.nodes, (n) => n.stances.totalCount),
    reviews: sum(data!.claims.nodes, (n) => n.reviews.totalCount),
    entityRelations: sum(data!.entities.nodes, (n) => n.relationsOut.totalCount),
    claimRelations: sum(data!.claims.nodes, (n) => n.relationsOut.totalCount),
  };
}

const RECORD_TYPES: Record<Exclude<ExportType, "bundle">, string> = {
  entities: "entity",
  claims: "claim",
  sources: "source",
  viewpoints: "viewpoint",
  stances: "stance",
  reviews: "review",
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson",
  csv: "text/csv; charset=utf-8",
  jsonld: "application/ld+json",
};

// ---- every type and format ----------------------------------------------------------------------

describe("GET /export/<type>.<format>", () => {
  const pairs = Object.entries(SUPPORTED_FORMATS).flatMap(([type, formats]) =>
    formats.map((format) => [type as ExportType, format] as const),
  );

  it.each(pairs)("%s.%s: 200, its content type, parseable, as many records as the API counts", async (type, format) => {
    const expected = await totals(suite.server);
    const res = await get(suite.server.url + exportPath(type, format));
    expect(res.status).toBe(200);
    expect(res.contentType).toBe(CONTENT_TYPES[format]);
    expect(res.disposition).toBe(`attachment; filename="claimbase-${type}.${format}"`);
    if (type === "bundle") {
      const [header, ...records] = ndjson(res.body);
      expect(header).toEqual({ format: "claimbase-bundle", version: 1 });
      const count = (t: string) => records.filter((r) => r.type === t).length;
      expect({
        entities: count("entity"),
        claims: count("claim"),
        sources: count("source"),
        viewpoints: count("viewpoint"),
        stances: count("stance"),
        reviews: count("review"),
        entityRelations: count("entityRelation"),
        claimRelations: count("claimRelation"),
      }).toEqual(expected);
      expect(records.length).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      return;
    }
    const want = expected[type];
    expect(want).toBeGreaterThan(0);
    if (format === "ndjson") {
      const records = ndjson(res.body);
      expect(records.length).toBe(want);
      expect(new Set(records.map((r) => r.type))).toEqual(new Set([RECORD_TYPES[type]]));
    } else if (format === "csv") {
      const rows = parseCsv(res.body);
      expect(rows.length - 1).toBe(want);
      for (const row of rows) expect(row.length).toBe(rows[0]!.length);
    } else {
      const graph = jsonld(res.body);
      const main = graph.filter((node) =>
        type === "entities"
          ? ENTITY_TYPES.has(node["@type"])
          : type === "sources"
            ? SOURCE_TYPES.has(node["@type"])
            : node["@type"] === (type === "claims" ? "Claim" : "ClaimReview"),
      );
      expect(main.length).toBe(want);
    }
  });

  it("writes the CSV header docs/export-format.md documents, for every CSV export", async () => {
    const documented = documentedColumns();
    const csvTypes = Object.entries(SUPPORTED_FORMATS)
      .filter(([, formats]) => formats.includes("csv"))
      .map(([type]) => type);
    expect(Object.keys(documented).sort()).toEqual([...csvTypes].sort());
    for (const type of csvTypes) {
      const res = await get(suite.server.url + exportPath(type, "csv"));
      expect([type, parseCsv(res.body)[0]]).toEqual([type, documented[type]]);
    }
  });

  it("fills claim rows: global id, claimants as a JSON array, ISO dates, appearances, first source, review ratings", async () => {
    const { data } = await suite.server
      .gql(`{ claims(first: 100) { nodes { id text statedAt claimants { slug } subjects { slug }
      appearances { id } reviews(first: 10) { nodes { normalizedRating reviewer { slug } } } } } }`);
    const rows = csvObjects((await get(suite.server.url + exportPath("claims", "csv"))).body);
    expect(rows.map((r) => r.id)).toEqual(data!.claims.nodes.map((n: any) => n.id));
    for (const [i, node] of data!.claims.nodes.entries()) {
      const row = rows[i]!;
      expect(row.text).toBe(node.text);
      expect(row.statedAt).toBe(node.statedAt ? new Date(node.statedAt).toISOString() : "");
      expect(JSON.parse(row.claimants!)).toEqual(node.claimants.map((c: any) => c.slug));
      expect(JSON.parse(row.subjects!)).toEqual(node.subjects.map((c: any) => c.slug));
      expect(Number(row.appearanceCount)).toBe(node.appearances.length);
      expect(JSON.parse(row.reviewRatings!)).toEqual(node.reviews.nodes.map((r: any) => r.normalizedRating));
      expect(JSON.parse(row.reviewers!)).toEqual(node.reviews.nodes.map((r: any) => r.reviewer.slug));
    }
    const night = rows.find((r) => r.text === "Officers helped agents at night.")!;
    expect(night).toMatchObject({
      kind: "FACTUAL",
      rank: "DEPRECATED",
      deprecationReason: "superseded by the fact check",
      statedAt: "2025-03-27T12:00:00.000Z",
      claimants: '["example-fact-checker","example-reporter"]',
      place: "sanctuary-city",
      condition: "at night",
      validFrom: "2025-03-01",
      validTo: "2025-03-31",
      appearanceCount: "1",
      firstSource: "Original report",
    });
    expect(rows.some((r) => r.reviewRatings === '["MOSTLY_TRUE"]' && r.reviewers === '["example-fact-checker"]')).toBe(
      true,
    );
    // The deprecated form, still offered: "; "-joined, an empty list an empty cell.
    const joined = csvObjects((await get(suite.server.url + exportPath("claims", "csv") + "?lists=joined")).body);
    expect(joined.find((r) => r.text === "Officers helped agents at night.")).toMatchObject({
      claimants: "example-fact-checker; example-reporter",
      reviewRatings: "",
    });
  });
});

// ---- filters ------------------------------------------------------------------------------------

describe("filters", () => {
  const CLAIM_FILTERS: [string, unknown][] = [
    ["a scalar enum", { kind: { equals: "FACTUAL" } }],
    ["a to-many relation (claimants some)", { claimants: { some: { slug: { equals: "new-york-post" } } } }],
    [
      "a nested to-many relation (stances some, holder viewpoint)",
      {
        stances: { some: { position: { equals: "SUPPORTS" }, holderViewpoint: { slug: { startsWith: "sanctuary" } } } },
      },
    ],
    [
      "OR with a time and a text",
      { OR: [{ statedAt: { gte: "2025-03-28T00:00:00Z" } }, { text: { contains: "POLICY" } }] },
    ],
    ["NOT and every", { NOT: { appearances: { every: { source: { kind: { equals: "NEWS_ARTICLE" } } } } } }],
    ["reviews some", { reviews: { some: { normalizedRating: { in: ["MOSTLY_TRUE", "TRUE"] } } } }],
  ];

  it.each(CLAIM_FILTERS)(
    "claims with %s: the same claims as claims(filter:), in every format",
    async (_label, filter) => {
      const { data, errors } = await suite.server.gql(
        `query($f: ClaimFilter) { claims(filter: $f, first: 100) { totalCount nodes { id text } } }`,
        { f: filter },
      );
      expect(errors).toBeUndefined();
      const ids = data!.claims.nodes.map((n: any) => n.id);
      expect(ids.length).toBe(data!.claims.totalCount);
      expect(ids.length).toBeGreaterThan(0);

      const csv = csvObjects((await get(suite.server.url + exportPath("claims", "csv", filter))).body);
      expect(csv.map((r) => r.id)).toEqual(ids);
      const lines = ndjson((await get(suite.server.url + exportPath("claims", "ndjson", filter))).body);
      expect(lines.map((r) => r.text)).toEqual(data!.claims.nodes.map((n: any) => n.text));
      const graph = jsonld((await get(suite.server.url + exportPath("claims", "jsonld", filter))).body);
      expect(graph.filter((n) => n["@type"] === "Claim").map((n) => n.identifier)).toEqual(ids);
    },
  );

  it("filters the other types the way their connections do", async () => {
    const cases: [string, string, string, unknown][] = [
      ["entities", "EntityFilter", "entities", { kind: { in: ["PERSON", "GOVERNMENT_BODY"] } }],
      ["entities", "EntityFilter", "entities", { claimsMade: { some: { kind: { equals: "NORMATIVE" } } } }],
      ["sources", "SourceFilter", "sources", { derivedFrom: { kind: { equals: "REPORT" } } }],
      ["viewpoints", "ViewpointFilter", "viewpoints", { members: { some: { role: { equals: "SUPPORTER" } } } }],
    ];
    for (const [type, input, field, filter] of cases) {
      const { data, errors } = await suite.server.gql(
        `query($f: ${input}) { ${field}(filter: $f, first: 100) { nodes { id } } }`,
        {
          f: filter,
        },
      );
      expect(errors).toBeUndefined();
      const ids = data![field].nodes.map((n: any) => n.id);
      expect(ids.length).toBeGreaterThan(0);
      const rows = csvObjects((await get(suite.server.url + exportPath(type, "csv", filter))).body);
      expect([type, rows.map((r) => r.id)]).toEqual([type, ids]);
    }
    // Stances and reviews have no root connection: compare with the nested ones, as sets.
    const nested = async (list: string, input: string, filter: unknown) => {
      const { data, errors } = await suite.server.gql(
        `query($f: ${input}) { claims(first: 100) { nodes { ${list}(filter: $f, first: 100) { nodes { id } } } } }`,
        { f: filter },
      );
      expect(errors).toBeUndefined();
      return data!.claims.nodes.flatMap((c: any) => c[list].nodes.map((n: any) => n.id)).sort();
    };
    const stanceFilter = { position: { equals: "OPPOSES" }, holderViewpoint: { slug: { contains: "enforcement" } } };
    const stances = await nested("stances", "StanceFilter", stanceFilter);
    expect(stances.length).toBeGreaterThan(0);
    const stanceRows = csvObjects((await get(suite.server.url + exportPath("stances", "csv", stanceFilter))).body);
    expect(stanceRows.map((r) => r.id).sort()).toEqual(stances);
    const reviewFilter = { reviewer: { slug: { equals: "example-fact-checker" } } };
    const reviews = await nested("reviews", "ReviewFilter", reviewFilter);
    expect(reviews.length).toBe(1);
    const reviewRows = csvObjects((await get(suite.server.url + exportPath("reviews", "csv", reviewFilter))).body);
    expect(reviewRows.map((r) => r.id).sort()).toEqual(reviews);
  });
});

// ---- JSON-LD ------------------------------------------------------------------------------------

describe("JSON-LD", () => {
  it("describes claims as schema.org Claims, followed by their ClaimReviews", async () => {
    const graph = jsonld((await get(suite.server.url + exportPath("claims", "jsonld"))).body);
    const claims = graph.filter((n) => n["@type"] === "Claim");
    const byId = new Map(claims.map((c) => [c["@id"], c]));
    for (const claim of claims) {
      expect(claim["@id"]).toMatch(/^urn:claimbase:claim:[0-9a-f-]{36}$/);
      expect(typeof claim.text).toBe("string");
      expect(claim.author.length).toBeGreaterThan(0);
      for (const author of claim.author)
        expect(["Person", "Organization", "GovernmentOrganization"]).toContain(author["@type"]);
      for (const appearance of claim.appearance ?? []) {
        expect(appearance["@type"]).toBe("Quotation");
        expect(typeof appearance.text).toBe("string");
        expect(SOURCE_TYPES.has(appearance.isPartOf["@type"])).toBe(true);
        expect(appearance.isPartOf["@id"]).toMatch(/^urn:claimbase:source:/);
      }
    }
    const night = claims.find((c) => c.text === "Officers helped agents at night.")!;
    expect(night).toMatchObject({
      datePublished: "2025-03-27T12:00:00.000Z",
      creativeWorkStatus: "DEPRECATED",
      genre: "FACTUAL",
      temporalCoverage: "2025-03-01/2025-03-31",
      spatialCoverage: { "@type": "Place", name: "Sanctuary city (unnamed)" },
      author: [
        { "@type": "Organization", name: "Example Fact Checker" },
        { "@type": "Person", name: "Example Reporter" },
      ],
      appearance: [
        {
          "@type": "Quotation",
          text: "officers helped agents at night",
          isPartOf: {
            "@type": "Report",
            url: "https://reports.example/original",
            headline: "Original report",
            datePublished: "2025-03-27T12:00:00.000Z",
            publisher: { "@type": "Organization", name: "Example Fact Checker" },
          },
        },
      ],
    });

    const reviews = graph.filter((n) => n["@type"] === "ClaimReview");
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    const reviewed = byId.get(review.itemReviewed["@id"]);
    expect(reviewed).toBeDefined();
    expect(graph.indexOf(review)).toBe(graph.indexOf(reviewed) + 1);
    expect(review).toMatchObject({
      claimReviewed: reviewed.text,
      itemReviewed: { "@type": "Claim" },
      author: { "@type": "Organization", name: "Example Fact Checker" },
      reviewRating: {
        "@type": "Rating",
        alternateName: "Mostly True",
        additionalType: "urn:claimbase:verdict:MOSTLY_TRUE",
        ratingValue: 4,
        bestRating: 5,
        worstRating: 1,
      },
      url: "https://factcheck.example/backup",
      datePublished: "2025-03-29T00:00:00.000Z",
    });
  });

  it("maps entities and sources to schema.org types, with one @id per object everywhere", async () => {
    const entities = jsonld((await get(suite.server.url + exportPath("entities", "jsonld"))).body);
    const checker = entities.find((e) => e.name === "Example Fact Checker")!;
    expect(checker).toMatchObject({
      "@type": "Organization",
      alternateName: ["EFC", "Example Checks"],
      sameAs: ["https://www.wikidata.org/wiki/Q123456"],
    });
    const { data } = await suite.server.gql(`{ entity(slug: "example-fact-checker") { id } }`);
    expect(checker.identifier).toBe(data!.entity.id);
    for (const entity of entities) expect(ENTITY_TYPES.has(entity["@type"])).toBe(true);
    expect(entities.find((e) => e.name === "Example Reporter")?.["@type"]).toBe("Person");
    expect(entities.filter((e) => e["@type"] === "Place").length).toBeGreaterThan(0);

    const sources = jsonld((await get(suite.server.url + exportPath("sources", "jsonld"))).body);
    const check = sources.find((s) => s.url === "https://factcheck.example/backup")!;
    const report = sources.find((s) => s.url === "https://reports.example/original")!;
    expect(check).toMatchObject({
      "@type": "CreativeWork",
      headline: "Fact check: did officers help Border Patrol?",
      inLanguage: "en",
      publisher: { "@id": checker["@id"] },
      author: [{ "@type": "Person", name: "Example Reporter" }, { "@id": checker["@id"] }],
      isBasedOn: { "@id": report["@id"] },
    });
    expect(typeof check.text).toBe("string");
    expect(sources.some((s) => s["@type"] === "SocialMediaPosting")).toBe(true);
    expect(sources.some((s) => s["@type"] === "NewsArticle")).toBe(true);
  });
});

// ---- bad requests -------------------------------------------------------------------------------

describe("bad requests", () => {
  it("answers a coded 404 for what is not exported, and a coded 400 for bad filters, then keeps serving", async () => {
    const notFound = [
      "/export/nope.csv",
      "/export/claims.xml",
      "/export/viewpoints.jsonld",
      "/export/stances.jsonld",
      "/export/bundle.csv",
      "/export/bundle.jsonld",
      "/export/claims.csv.gz",
      "/export/claims",
    ];
    for (const url of notFound) {
      const res = await get(suite.server.url + url);
      expect([url, res.status]).toEqual([url, 404]);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe("NOT_FOUND");
    }
    const badFilters = [
      `/export/claims.csv?filter=${encodeURIComponent("{not json")}`,
      `/export/claims.csv?filter=${encodeURIComponent("[1,2]")}`,
      `/export/claims.csv?filter=${encodeURIComponent('"text"')}`,
      `/export/claims.csv?filter=a&filter=b`,
      exportPath("claims", "ndjson", { kind: { equals: "NOPE" } }),
      exportPath("claims", "ndjson", { nope: { equals: 1 } }),
      exportPath("claims", "jsonld", { statedAt: { gt: "yesterday" } }),
      exportPath("claims", "csv", { id: { equals: "not-a-global-id" } }),
      exportPath("entities", "csv", {
        claimsMade: { some: { kind: { equals: "FACTUAL" } } },
        slug: { contains: "x".repeat(1001) },
      }),
      exportPath("sources", "csv", deep(10)),
      exportPath("bundle", "ndjson", {}),
    ];
    for (const url of badFilters) {
      const res = await get(suite.server.url + url);
      expect([url, res.status, res.contentType]).toEqual([url, 400, "application/json; charset=utf-8"]);
      const body = JSON.parse(res.body);
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(body.errors[0].message).not.toMatch(/SELECT|stack|at .*\.ts/);
    }
    expect((await get(`${suite.server.url}/healthz`)).status).toBe(200);
    expect((await get(suite.server.url + exportPath("claims", "csv"))).status).toBe(200);
  });
});

function deep(levels: number): unknown {
  let filter: unknown = { kind: { equals: "NEWS_ARTICLE" } };
  for (let i = 0; i < levels; i += 1) filter = { derivedFrom: filter };
  return filter;
}

// ---- round trip ---------------------------------------------------------------------------------

/** The same read of everything, for both databases. */
const EVERYTHING = `{
  entities(first: 100) { totalCount nodes {
    id slug kind name aliases description externalIds
    viewpoints { role viewpoint { slug } }
    relationsOut(first: 100) { totalCount nodes { id predicate validFrom validTo object { slug }
      evidence { exact start end prefix suffix source { title } } } }
  } }
  sources(first: 100) { totalCount nodes {
    kind title url text textSha256 language publishedAt retrievedAt derivationKind
    publisher { slug } authors { slug } derivedFrom { title url }
    quotes(first: 100) { totalCount nodes { exact start end prefix suffix } }
  } }
  claims(first: 100) { totalCount nodes {
    id text kind rank deprecationReason statedAt
    qualifiers { place { slug } validFrom validTo condition }
    claimants { slug name } subjects { slug }
    appearances { id exact start end prefix suffix source { title url textSha256 }
      attribution speakers { slug } cue { start end exact } }
    relationsOut(first: 100) { nodes { kind to { text } evidence { exact start end source { title } } } }
    reviews(first: 100) { nodes { originalRating normalizedRating reviewedAt reviewer { slug } source { title url } } }
    stances(first: 100) { nodes { position note holder { ... on Entity { slug } ... on Viewpoint { slug } }
      evidence { exact start end source { title } } } }
  } }
  viewpoints(first: 100) { totalCount nodes {
    slug title summary topic { slug }
    members { role entity { slug name } evidence { exact start end attribution speakers { slug } cue { exact } } }
    stances(first: 100) { totalCount nodes { position note claim { text claimants { slug } }
      holder { ... on Entity { slug } ... on Viewpoint { slug } }
      evidence { exact start end source { title } attribution speakers { slug } cue { exact } } } }
  } }
}`;

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "id")
        .map(([key, v]) => [key, withoutIds(v)]),
    );
  }
  return value;
}

describe("round trip", () => {
  let copy: TestDatabase;
  let copyServer: TestServer;

  afterAll(async () => {
    await copyServer?.close();
    await copy?.drop();
  });

  it("imports bundle.ndjson into an empty database: the API then answers the same, and again changes nothing", async () => {
    const res = await get(suite.server.url + exportPath("bundle", "ndjson"));
    expect(res.status).toBe(200);
    const file = path.join(tmp, "bundle.ndjson");
    await writeFile(file, res.body);

    copy = await createTestDatabase("empty");
    const report = await importFile(copy, file, { actor });
    expect(report.rejected).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.unchanged).toBe(false);
    expect(report.records).toBe(ndjson(res.body).length - 1);

    copyServer = await startTestServer(copy);
    const original = await suite.server.gql(EVERYTHING);
    const imported = await copyServer.gql(EVERYTHING);
    expect(original.errors).toBeUndefined();
    expect(imported.errors).toBeUndefined();
    for (const list of ["entities", "sources", "claims", "viewpoints"]) {
      expect(original.data![list].totalCount).toBeLessThanOrEqual(100);
    }
    expect(original.data!.claims.totalCount).toBeGreaterThan(20);
    expect(withoutIds(imported.data)).toEqual(withoutIds(original.data));

    // The copy exports the same bundle, byte for byte.
    expect((await get(copyServer.url + exportPath("bundle", "ndjson"))).body).toBe(res.body);

    const again = await importFile(copy, file, { actor });
    expect(again.rejected).toEqual([]);
    expect(again.unchanged).toBe(true);
  });
});

describe("bundle source order", () => {
  let original: TestDatabase;
  let copy: TestDatabase;

  afterAll(async () => {
    await original?.drop();
    await copy?.drop();
  });

  it("re-imports its own ClaimReviews with the same verdicts, also under a label the rating table lacks", async () => {
    const res = await get(suite.server.url + exportPath("reviews", "jsonld"));
    expect(res.status).toBe(200);
    const reimport = async (name: string, text: string) => {
      const file = path.join(tmp, name);
      await writeFile(file, text);
      const target = await createTestDatabase("empty");
      try {
        const report = await importFile(target, file, { actor });
        expect(report.rejected).toEqual([]);
        expect(report.applied).toBe(true);
        return (
          await target.pool.query<{ original_rating: string; normalized_rating: string }>(
            "SELECT original_rating, normalized_rating::text FROM review",
          )
        ).rows;
      } finally {
        await target.drop();
      }
    };
    // A publisher's own wording, unknown to docs/claimreview-mapping.md: the stated verdict carries it.
    const relabelled = res.body.replaceAll('"alternateName":"Mostly True"', '"alternateName":"Largely Accurate"');
    expect(await reimport("relabelled.jsonld", relabelled)).toEqual([
      { original_rating: "Largely Accurate", normalized_rating: "MOSTLY_TRUE" },
    ]);
    // Without the verdict, the number does; an UNPROVEN verdict needs none.
    const numberOnly = relabelled.replaceAll('"additionalType":"urn:claimbase:verdict:MOSTLY_TRUE",', "");
    expect(await reimport("number-only.jsonld", numberOnly)).toEqual([
      { original_rating: "Largely Accurate", normalized_rating: "MOSTLY_TRUE" },
    ]);
    const unproven = relabelled
      .replaceAll("urn:claimbase:verdict:MOSTLY_TRUE", "urn:claimbase:verdict:UNPROVEN")
      .replaceAll(/,"ratingValue":4,"bestRating":5,"worstRating":1/g, "");
    expect(await reimport("unproven.jsonld", unproven)).toEqual([
      { original_rating: "Largely Accurate", normalized_rating: "UNPROVEN" },
    ]);
  });

  it("puts a source after the one it derives from, even when that one was recorded later", async () => {
    original = await createTestDatabase("empty");
    await original.pool.query(
      `INSERT INTO source (kind, title, url, text, text_sha256)
       SELECT 'NEWS_ARTICLE', 'Source ' || i, 'https://order.example/' || i, 'Text of source ' || i,
              encode(sha256(convert_to('Text of source ' || i, 'UTF8')), 'hex')
       FROM generate_series(1, 3) AS i ORDER BY i`,
    );
    // 1 derives from 3, 3 from 2: dependency order is 2, 3, 1.
    await original.pool.query(`UPDATE source s SET derived_from_id = p.id, derivation_kind = 'REWRITE'
      FROM source p WHERE (s.title, p.title) IN (('Source 1', 'Source 3'), ('Source 3', 'Source 2'))`);
    const chunks: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString("utf8"));
        done();
      },
    });
    expect((await exportTo(original, { type: "bundle", format: "ndjson" }, out)).records).toBe(3);
    const records = ndjson(chunks.join("")).slice(1);
    expect(records.map((r) => [r.title, r.derivedFrom ?? null])).toEqual([
      ["Source 2", null],
      ["Source 3", "url:https://order.example/2"],
      ["Source 1", "url:https://order.example/3"],
    ]);
    const file = path.join(tmp, "order.ndjson");
    await writeFile(file, chunks.join(""));
    copy = await createTestDatabase("empty");
    const report = await importFile(copy, file, { actor });
    expect(report.rejected).toEqual([]);
    expect(report.applied).toBe(true);
  });
});

// ---- many rows: batches, backpressure, disconnects ----------------------------------------------

describe("many rows", () => {
  const N = 5_000;
  let big: TestDatabase;
  let url: string;
  let httpServer: http.Server;
  let stop: () => Promise<void>;
  const logs: { msg: string; records?: number }[] = [];

  beforeAll(async () => {
    big = await createTestDatabase("empty");
    // Long descriptions: ~20 MB of NDJSON, more than the socket buffers hold.
    await big.pool.query(
      `INSERT INTO entity (slug, kind, name, description)
       SELECT 'bulk-' || i, 'PERSON', 'Bulk person ' || i, repeat('d', 4000) FROM generate_series(1, ${N}) AS i`,
    );
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    httpServer = http.createServer();
    const { app, apollo } = await createServer({ db: big, logger, httpServer });
    httpServer.on("request", app);
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    stop = () => apollo.stop();
  });

  afterAll(async () => {
    await stop?.();
    await big?.drop();
  });

  it("reads every row once, in order, across batches, into a slow writer", async () => {
    const chunks: string[] = [];
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        writes += 1;
        chunks.push(chunk.toString("utf8"));
        setImmediate(done);
      },
    });
    const { records } = await exportTo(big, { type: "entities", format: "ndjson" }, slow);
    expect(records).toBe(N);
    const slugs = ndjson(chunks.join("")).map((r) => r.slug);
    expect(slugs).toEqual(Array.from({ length: N }, (_, i) => `bulk-${i + 1}`));
    expect(writes).toBeGreaterThan(100);

    const filter = { slug: { endsWith: "7" } };
    const sink: string[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        sink.push(chunk.toString("utf8"));
        done();
      },
    });
    expect((await exportTo(big, { type: "entities", format: "csv", filter }, out)).records).toBe(N / 10);
    expect(parseCsv(sink.join("")).length).toBe(N / 10 + 1);
  });

  it("stops reading when the client disconnects, and keeps serving", async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/export/entities.ndjson`, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    for (let i = 0; i < 100 && !logs.some((l) => l.msg === "export stopped: the client went away"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logs.some((l) => l.msg === "export stopped: the client went away")).toBe(true);
    expect(logs.some((l) => l.msg === "export")).toBe(false);
    expect(big.pool.waitingCount).toBe(0);

    const full = await get(`${url}/export/entities.csv`);
    expect(parseCsv(full.body).length).toBe(N + 1);
    expect(logs.find((l) => l.msg === "export")?.records).toBe(N);
  });
});

// ---- the command ----------------------------------------------------------------------------------

describe("claimbase export", () => {
  const claimbase = (...args: string[]) =>
    run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: "silent" },
      maxBuffer: 64 * 1024 * 1024,
    });

  beforeAll(() => {
    if (!existsSync(path.join(ROOT, "dist/src/modules/export/index.js"))) {
      throw new Error("dist/ is missing the export module: run `npm run build`");
    }
  });

  it("writes claims as CSV to standard output", async () => {
    const { stdout, stderr } = await claimbase("export", "claims", "--format", "csv");
    const rows = parseCsv(stdout);
    expect(rows[0]).toEqual(documentedColumns().claims);
    const { claims } = await totals(suite.server);
    expect(rows.length - 1).toBe(claims);
    expect(stderr).toMatch(new RegExp(`exported ${claims} record\\(s\\)`));
  });

  it("filters, writes to --out, and exits non-zero on a bad request", async () => {
    const out = path.join(tmp, "factual.ndjson");
    const { stderr } = await claimbase("export", "claims", "--filter", '{"kind":{"equals":"FACTUAL"}}', "--out", out);
    const { data } = await suite.server.gql(`{ claims(filter: { kind: { equals: FACTUAL } }) { totalCount } }`);
    expect(ndjson(await readFile(out, "utf8")).length).toBe(data!.claims.totalCount);
    expect(stderr).toMatch(/exported \d+ record\(s\) to /);

    await expect(claimbase("export", "claims", "--filter", '{"kind":{"equals":"NOPE"}}')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/invalid ClaimFilter: filter\.kind\.equals/),
    });
    // The same hints as GraphQL's: what would have worked.
    await expect(claimbase("export", "claims", "--filter", '{"kind":"FACTUAL"}')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "Hint: ClaimKindFilter takes operators, not a bare value: write { equals: FACTUAL }",
      ),
    });
    const claimants = await fetch(
      `${suite.server.url}/export/claims.csv?filter=${encodeURIComponent('{"claimants":{"slug":{"equals":"x"}}}')}`,
    );
    expect(claimants.status).toBe(400);
    expect(JSON.stringify(await claimants.json())).toContain("filters a list of related items: write { some: { slug:");
    const nowhere = await claimbase("export", "claims", "--out", path.join(tmp, "no-such-folder", "x.csv")).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(nowhere).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot write --out .*its folder does not exist/),
    });
    expect((nowhere as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
    await expect(claimbase("export", "claims", "--filter", "{oops")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--filter is not valid JSON/),
    });
    await expect(claimbase("export", "bundle", "--format", "csv")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/bundle cannot be exported as csv/),
    });
    // A type outside the choices is a wrong command line: exit 2 (docs/cli.md).
    await expect(claimbase("export", "widgets")).rejects.toMatchObject({ code: 2 });
  });
});
