import { createHash } from "node:crypto";
import { createKey } from "../../src/modules/auth";
import { fromGlobalId } from "../../src/shared/global-id";
import { useTestServer } from "../support/lifecycle";

/**
 * The write side pinned through the schema, before it moves (issue #14): mutations that succeed, what a
 * later query and `history` then show, natural keys refused as TAKEN without a trace, evidence on claim
 * links, and lookups `asOf` a past instant. Every test makes the objects it reads, through the API.
 */

const suite = useTestServer({ template: "empty" });
let editor: string;

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "write-side editor", "EDITOR")).key;
});

async function ok(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const body = await suite.server.post(query, variables, editor);
  expect(body.errors).toBeUndefined();
  return body.data;
}

let serial = 0;
/** A slug (or URL part) no other test uses. */
const unique = (prefix: string) => `${prefix}-${(serial += 1)}`;

const TEXT =
  "The council met on Monday. Rents rose by four percent last year, the housing office said. " +
  "Tenants' groups called the rise unbearable. The mayor promised a rent board by spring.";

async function createEntity(slug = unique("person")): Promise<string> {
  const data = await ok(
    `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`,
    { i: { slug, kind: "PERSON", name: `Person ${slug}` } },
  );
  expect(data.createEntity.userErrors).toEqual([]);
  return data.createEntity.entity.id;
}

async function createSource(fields: Record<string, unknown> = {}): Promise<{ id: string; url: string }> {
  const url = `https://news.example/${unique("story")}`;
  const data = await ok(
    `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id url } userErrors { code message } } }`,
    { i: { kind: "NEWS_ARTICLE", title: "Rents rise", url, text: TEXT, ...fields } },
  );
  expect(data.createSource.userErrors).toEqual([]);
  return data.createSource.source;
}

/**
 * A passage in which `speakers` speak (as the source reports it), in a source of its own: claimants,
 * stance holders and viewpoint members speak in their evidence (the attribution rules), and a passage
 * has one attribution, so each gets a fresh one.
 */
async function said(speakers: string[], exact = "The mayor promised a rent board by spring") {
  const source = await createSource();
  return { source: source.id, exact, speakers, attribution: "INDIRECT" };
}

/** A claim; unless `extra` gives appearances, it appears in a passage its claimants speak in. */
async function createClaim(text: string, claimants: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(
    `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { code message } } }`,
    { i: { text, kind: "FACTUAL", claimants, appearances: [await said(claimants)], ...extra } },
  );
  expect(data.createClaim.userErrors).toEqual([]);
  return data.createClaim.claim.id;
}

/** Members with membership evidence (a passage each speaks in). */
async function withEvidence(members: { entity: string; role: string }[]) {
  return Promise.all(members.map(async (m) => ({ ...m, evidence: [await said([m.entity])] })));
}

async function createViewpoint(slug: string, members: { entity: string; role: string }[] = []): Promise<string> {
  const data = await ok(
    `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) { viewpoint { id } userErrors { code message } } }`,
    { i: { slug, title: "Rent control now", summary: "Cap rents.", members: await withEvidence(members) } },
  );
  expect(data.createViewpoint.userErrors).toEqual([]);
  return data.createViewpoint.viewpoint.id;
}

interface RevisionRow {
  seq: number;
  action: string;
  actor: string;
  at: string;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

async function history(id: string): Promise<RevisionRow[]> {
  return (await ok(`query($id: ID!) { history(id: $id) { seq action actor at before after } }`, { id })).history;
}

/** Rows in the tables a refused write must leave alone. */
async function counts() {
  const { rows } = await suite.db.pool.query(
    `SELECT (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM source)::int AS sources,
            (SELECT count(*) FROM claim)::int AS claims, (SELECT count(*) FROM viewpoint)::int AS viewpoints,
            (SELECT count(*) FROM viewpoint_member)::int AS members, (SELECT count(*) FROM quote)::int AS quotes,
            (SELECT count(*) FROM revision)::int AS revisions`,
  );
  return rows[0];
}

/**
 * An instant at or after every revision of the object so far and before any later one: the ceiling,
 * in milliseconds (what DateTimeISO carries), of its last revision's time. Waits on PostgreSQL's own
 * clock until that instant has passed, so the next write is stamped after it whatever the timing.
 */
async function instantAfterLastRevision(globalId: string): Promise<string> {
  const { rows } = await suite.db.pool.query<{ ms: string }>(
    `SELECT ceil(extract(epoch FROM max(at)) * 1000)::bigint::text AS ms FROM revision WHERE subject_id = $1`,
    [fromGlobalId(globalId)!.id],
  );
  const instant = new Date(Number(rows[0]!.ms)).toISOString();
  for (;;) {
    const passed = await suite.db.pool.query<{ passed: boolean }>(
      `SELECT clock_timestamp() > $1::timestamptz AS passed`,
      [instant],
    );
    if (passed.rows[0]!.passed) return instant;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * A revision snapshot with its `...At` times to the millisecond: `before` holds them as JavaScript
 * wrote them (milliseconds, "Z"), `after` as PostgreSQL did (microseconds, "+00:00").
 */
function toMilliseconds(snapshot: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!snapshot) return snapshot;
  return Object.fromEntries(
    Object.entries(snapshot).map(([key, value]) => [
      key,
      key.endsWith("At") && typeof value === "string" ? new Date(value).toISOString() : value,
    ]),
  );
}

/** The substring of TEXT between code point offsets, as the service counts them. */
const slice = (start: number, end: number) => Array.from(TEXT).slice(start, end).join("");

describe("updates that succeed", () => {
  it("updateClaim with the current version changes the claim; the next query and history show it", async () => {
    const speaker = await createEntity();
    const id = await createClaim("Rents rose by four percent last year.", [speaker]);
    const update = `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) {
      claim { id text kind version qualifiers { condition } } userErrors { field code message } } }`;
    const updated = await ok(update, {
      i: { id, version: 1, text: "Rents rose by five percent last year.", kind: "CAUSAL", condition: "downtown" },
    });
    expect(updated.updateClaim).toEqual({
      claim: {
        id,
        text: "Rents rose by five percent last year.",
        kind: "CAUSAL",
        version: 2,
        qualifiers: { condition: "downtown" },
      },
      userErrors: [],
    });

    const read = await ok(`query($id: ID!) { claim(id: $id) { text kind version claimants { id } } }`, { id });
    expect(read.claim).toEqual({
      text: "Rents rose by five percent last year.",
      kind: "CAUSAL",
      version: 2,
      claimants: [{ id: speaker }],
    });

    const revisions = await history(id);
    expect(revisions.map((r) => r.action)).toEqual(["CREATE", "UPDATE"]);
    expect(revisions[1]).toMatchObject({
      actor: "key:write-side editor",
      before: { text: "Rents rose by four percent last year.", kind: "FACTUAL", version: 1 },
      after: { text: "Rents rose by five percent last year.", kind: "CAUSAL", version: 2 },
    });

    // The version it was read at is gone now: a second writer holding it is refused, and nothing changes.
    const before = await counts();
    const stale = await ok(update, { i: { id, version: 1, text: "Lost update." } });
    expect(stale.updateClaim.claim).toBeNull();
    expect(stale.updateClaim.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "version"], code: "STALE_VERSION" }),
    ]);
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { claim(id: $id) { text version } }`, { id })).claim).toEqual({
      text: "Rents rose by five percent last year.",
      version: 2,
    });
  });

  it("updateViewpoint with the current version changes title, summary and members; query and history show it", async () => {
    const first = await createEntity();
    const second = await createEntity();
    const slug = unique("rent-control");
    const id = await createViewpoint(slug, [{ entity: first, role: "PROPONENT" }]);
    const updated = await ok(
      `mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) {
        viewpoint { id slug title summary version members { role entity { id } } } userErrors { field code message } } }`,
      {
        i: {
          id,
          version: 1,
          title: "Rent control by spring",
          summary: "A rent board by spring.",
          // Members given are added, or change role (schema.graphql): the first one stays, as a SUPPORTER now.
          // The first has its membership evidence already; the second brings its own.
          members: [
            { entity: first, role: "SUPPORTER" },
            { entity: second, role: "SPOKESPERSON", evidence: [await said([second])] },
          ],
        },
      },
    );
    expect(updated.updateViewpoint).toEqual({
      viewpoint: {
        id,
        slug,
        title: "Rent control by spring",
        summary: "A rent board by spring.",
        version: 2,
        members: [
          { role: "SUPPORTER", entity: { id: first } },
          { role: "SPOKESPERSON", entity: { id: second } },
        ],
      },
      userErrors: [],
    });

    const read = await ok(
      `query($slug: String!) { viewpoint(slug: $slug) { id title summary version members { role entity { id } } } }`,
      { slug },
    );
    expect(read.viewpoint).toEqual({
      id,
      title: "Rent control by spring",
      summary: "A rent board by spring.",
      version: 2,
      members: [
        { role: "SUPPORTER", entity: { id: first } },
        { role: "SPOKESPERSON", entity: { id: second } },
      ],
    });

    const revisions = await history(id);
    expect(revisions.map((r) => r.action)).toEqual(["CREATE", "UPDATE"]);
    expect(revisions[1]).toMatchObject({
      actor: "key:write-side editor",
      before: { title: "Rent control now", summary: "Cap rents.", version: 1 },
      after: { title: "Rent control by spring", summary: "A rent board by spring.", version: 2 },
    });
  });

  it("addEvidence finds a real quote in the source and attaches it; the claim and history show it", async () => {
    const speaker = await createEntity();
    const source = await createSource();
    const id = await createClaim("Rents went up by four percent.", [speaker]);
    const { claim: created } = await ok(
      `query($id: ID!) { claim(id: $id) { appearances { id exact source { id } } } }`,
      {
        id,
      },
    );
    const exact = "Rents rose by four percent last year";
    const add = `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) {
      quote { id exact start end prefix suffix source { id } attribution speakers { id } cue { exact } }
      userErrors { field code message } } }`;
    const added = await ok(add, {
      i: {
        target: id,
        source: source.id,
        exact,
        speakers: [speaker],
        attribution: "INDIRECT",
        cue: { exact: "said", prefix: "housing office " },
      },
    });
    expect(added.addEvidence.userErrors).toEqual([]);
    const quote = added.addEvidence.quote;
    expect(quote).toMatchObject({
      exact,
      source: { id: source.id },
      attribution: "INDIRECT",
      speakers: [{ id: speaker }],
      cue: { exact: "said" },
    });
    expect(slice(quote.start, quote.end)).toBe(exact);
    expect(quote.prefix).toBe(slice(Math.max(0, quote.start - 32), quote.start));
    expect(quote.suffix).toBe(slice(quote.end, quote.end + 32));

    const read = await ok(`query($id: ID!) { claim(id: $id) { appearances { id exact source { id } } } }`, { id });
    expect(read.claim.appearances).toEqual([
      ...created.appearances,
      { id: quote.id, exact, source: { id: source.id } },
    ]);
    const revisions = await history(id);
    expect(revisions.map((r) => r.action)).toEqual(["CREATE", "UPDATE"]);
    expect(revisions[1]!.after).toMatchObject({ evidenceAdded: [fromGlobalId(quote.id)!.id] });
    expect((await history(quote.id)).map((r) => r.action)).toEqual(["CREATE"]);

    // The same quote again is the same evidence: no second quote, no second revision.
    const before = await counts();
    // Given without speakers it is still the same quote, attributed as it was.
    const again = await ok(add, { i: { target: id, source: source.id, exact } });
    expect(again.addEvidence).toMatchObject({ quote: { id: quote.id }, userErrors: [] });
    expect(await counts()).toEqual(before);
    expect(await history(id)).toHaveLength(2);
  });
});

describe("creates, and natural keys already taken", () => {
  it("createSource stores the source with its text's hash; the same URL again is TAKEN and changes nothing", async () => {
    const url = `https://news.example/${unique("created")}`;
    const create = `mutation($i: CreateSourceInput!) { createSource(input: $i) {
      source { id kind title url text textSha256 publishedAt version } userErrors { field code message } } }`;
    const created = await ok(create, {
      i: { kind: "NEWS_ARTICLE", title: "Rents rise", url, text: TEXT, publishedAt: "2024-03-01T08:00:00.000Z" },
    });
    expect(created.createSource.userErrors).toEqual([]);
    expect(created.createSource.source).toMatchObject({
      kind: "NEWS_ARTICLE",
      title: "Rents rise",
      url,
      text: TEXT,
      textSha256: createHash("sha256").update(Buffer.from(TEXT, "utf8")).digest("hex"),
      publishedAt: "2024-03-01T08:00:00.000Z",
      version: 1,
    });
    const { id } = created.createSource.source;
    expect((await ok(`query($url: String!) { source(url: $url) { id title } }`, { url })).source).toEqual({
      id,
      title: "Rents rise",
    });
    expect((await history(id)).map((r) => r.action)).toEqual(["CREATE"]);

    const before = await counts();
    const taken = await ok(create, { i: { kind: "REPORT", title: "Another title", url } });
    expect(taken.createSource.source).toBeNull();
    expect(taken.createSource.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "url"], code: "TAKEN" }),
    ]);
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { source(id: $id) { kind title version } }`, { id })).source).toEqual({
      kind: "NEWS_ARTICLE",
      title: "Rents rise",
      version: 1,
    });
  });

  it("createSource without a URL is keyed by its text: the same text again is TAKEN and changes nothing", async () => {
    const text = `A leaflet without an address, number ${unique("leaflet")}.`;
    const create = `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } userErrors { field code } } }`;
    const created = await ok(create, { i: { kind: "OTHER", title: "Leaflet", text } });
    expect(created.createSource.userErrors).toEqual([]);
    const before = await counts();
    const taken = await ok(create, { i: { kind: "OTHER", title: "The same leaflet", text } });
    expect(taken.createSource).toEqual({ source: null, userErrors: [{ field: ["input", "text"], code: "TAKEN" }] });
    expect(await counts()).toEqual(before);
  });

  it("createViewpoint stores the viewpoint and its members; the same slug again is TAKEN and changes nothing", async () => {
    const member = await createEntity();
    const slug = unique("tenants-first");
    const create = `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) {
      viewpoint { id slug title summary version members { role entity { id } } } userErrors { field code message } } }`;
    const created = await ok(create, {
      i: {
        slug,
        title: "Tenants first",
        summary: "Freeze rents.",
        members: await withEvidence([{ entity: member, role: "SUPPORTER" }]),
      },
    });
    expect(created.createViewpoint.userErrors).toEqual([]);
    expect(created.createViewpoint.viewpoint).toMatchObject({
      slug,
      title: "Tenants first",
      summary: "Freeze rents.",
      version: 1,
      members: [{ role: "SUPPORTER", entity: { id: member } }],
    });
    const { id } = created.createViewpoint.viewpoint;
    expect((await ok(`query($slug: String!) { viewpoint(slug: $slug) { id } }`, { slug })).viewpoint).toEqual({ id });
    expect((await history(id)).map((r) => r.action)).toEqual(["CREATE"]);

    const before = await counts();
    const taken = await ok(create, { i: { slug, title: "Someone else's", members: [] } });
    expect(taken.createViewpoint.viewpoint).toBeNull();
    expect(taken.createViewpoint.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "slug"], code: "TAKEN" }),
    ]);
    expect(await counts()).toEqual(before);
    expect((await ok(`query($id: ID!) { viewpoint(id: $id) { title version } }`, { id })).viewpoint).toEqual({
      title: "Tenants first",
      version: 1,
    });
  });
});

describe("evidence on claim links", () => {
  it("linkClaims attaches quotes to the link; linking again adds evidence only; both read back", async () => {
    const speaker = await createEntity();
    const source = await createSource();
    const rise = await createClaim("Rents rose sharply.", [speaker]);
    const protest = await createClaim("Tenants object to the rise.", [speaker]);
    const link = `mutation($i: LinkClaimsInput!) { linkClaims(input: $i) {
      claimRelation { id kind from { id } to { id } evidence { exact start end source { id } } } userErrors { field code message } } }`;
    const first = await ok(link, {
      i: {
        from: rise,
        to: protest,
        kind: "SUPPORTS",
        evidence: [{ source: source.id, exact: "Tenants' groups called the rise unbearable" }],
      },
    });
    expect(first.linkClaims.userErrors).toEqual([]);
    const relation = first.linkClaims.claimRelation;
    expect(relation).toMatchObject({ kind: "SUPPORTS", from: { id: rise }, to: { id: protest } });
    expect(relation.evidence).toHaveLength(1);
    const [quote] = relation.evidence;
    expect(quote).toMatchObject({ exact: "Tenants' groups called the rise unbearable", source: { id: source.id } });
    expect(slice(quote.start, quote.end)).toBe(quote.exact);

    const second = await ok(link, {
      i: { from: rise, to: protest, kind: "SUPPORTS", evidence: [{ source: source.id, exact: "Rents rose by four" }] },
    });
    expect(second.linkClaims.userErrors).toEqual([]);
    expect(second.linkClaims.claimRelation.id).toBe(relation.id);

    const read = await ok(
      `query($id: ID!) { claim(id: $id) { relationsOut { totalCount nodes { id kind to { id } evidence { exact } } } } }`,
      { id: rise },
    );
    expect(read.claim.relationsOut.totalCount).toBe(1);
    const [node] = read.claim.relationsOut.nodes;
    expect(node).toMatchObject({ id: relation.id, kind: "SUPPORTS", to: { id: protest } });
    expect(node.evidence.map((e: { exact: string }) => e.exact).sort()).toEqual([
      "Rents rose by four",
      "Tenants' groups called the rise unbearable",
    ]);
    const incoming = await ok(
      `query($id: ID!) { claim(id: $id) { relationsIn { nodes { id from { id } evidence { exact } } } } }`,
      { id: protest },
    );
    expect(incoming.claim.relationsIn.nodes).toEqual([
      { id: relation.id, from: { id: rise }, evidence: expect.arrayContaining(node.evidence) },
    ]);
  });
});

describe("lookups asOf a past instant", () => {
  it("claim(asOf:) answers the claim as it was before an update, and null before it existed", async () => {
    const speaker = await createEntity();
    const id = await createClaim("The rent board meets monthly.", [speaker]);
    const between = await instantAfterLastRevision(id);
    await ok(`mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { userErrors { code } } }`, {
      i: { id, version: 1, text: "The rent board meets weekly." },
    });
    const data = await ok(
      `query($id: ID!, $t: DateTimeISO, $early: DateTimeISO) {
        now: claim(id: $id) { text version } then: claim(id: $id, asOf: $t) { id text version }
        never: claim(id: $id, asOf: $early) { id } }`,
      { id, t: between, early: "2000-01-01T00:00:00.000Z" },
    );
    expect(data.now).toEqual({ text: "The rent board meets weekly.", version: 2 });
    expect(data.then).toEqual({ id, text: "The rent board meets monthly.", version: 1 });
    expect(data.never).toBeNull();
  });

  it("source(asOf:) answers the source as it was before an update, by ID and by URL", async () => {
    const { id, url } = await createSource();
    const between = await instantAfterLastRevision(id);
    const updated = await ok(
      `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { title version } userErrors { code } } }`,
      { i: { id, version: 1, title: "Rents rise again" } },
    );
    expect(updated.updateSource).toEqual({ source: { title: "Rents rise again", version: 2 }, userErrors: [] });
    const data = await ok(
      `query($id: ID!, $url: String!, $t: DateTimeISO, $early: DateTimeISO) {
        now: source(id: $id) { title version } byId: source(id: $id, asOf: $t) { id title version }
        byUrl: source(url: $url, asOf: $t) { id title version } never: source(id: $id, asOf: $early) { id } }`,
      { id, url, t: between, early: "2000-01-01T00:00:00.000Z" },
    );
    expect(data.now).toEqual({ title: "Rents rise again", version: 2 });
    expect(data.byId).toEqual({ id, title: "Rents rise", version: 1 });
    expect(data.byUrl).toEqual({ id, title: "Rents rise", version: 1 });
    expect(data.never).toBeNull();
  });

  it("viewpoint(asOf:) answers the viewpoint as it was before an update, by ID and by slug", async () => {
    const slug = unique("rent-board");
    const id = await createViewpoint(slug);
    const between = await instantAfterLastRevision(id);
    await ok(`mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) { userErrors { code } } }`, {
      i: { id, version: 1, title: "Rent board now", summary: "Now, not by spring." },
    });
    const data = await ok(
      `query($id: ID!, $slug: String!, $t: DateTimeISO, $early: DateTimeISO) {
        now: viewpoint(id: $id) { title summary version } byId: viewpoint(id: $id, asOf: $t) { id title summary version }
        bySlug: viewpoint(slug: $slug, asOf: $t) { id title version } never: viewpoint(slug: $slug, asOf: $early) { id } }`,
      { id, slug, t: between, early: "2000-01-01T00:00:00.000Z" },
    );
    expect(data.now).toEqual({ title: "Rent board now", summary: "Now, not by spring.", version: 2 });
    expect(data.byId).toEqual({ id, title: "Rent control now", summary: "Cap rents.", version: 1 });
    expect(data.bySlug).toEqual({ id, title: "Rent control now", version: 1 });
    expect(data.never).toBeNull();
  });
});

describe("asOf over a whole answer", () => {
  it("reads to-one references as of the same time: a source's publisher under its old name", async () => {
    const publisher = await createEntity();
    const { id } = await createSource({ publisher });
    const between = await instantAfterLastRevision(id);
    const renamed = await ok(
      `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { name } userErrors { code } } }`,
      { i: { id: publisher, version: 1, name: "The Rent Gazette" } },
    );
    expect(renamed.updateEntity.entity.name).toBe("The Rent Gazette");
    const data = await ok(
      `query($id: ID!, $t: DateTimeISO) {
        now: source(id: $id) { title publisher { name version } }
        then: source(id: $id, asOf: $t) { title publisher { name version } } }`,
      { id, t: between },
    );
    expect(data.now.publisher).toEqual({ name: "The Rent Gazette", version: 2 });
    expect(data.then).toEqual({
      title: "Rents rise",
      publisher: { name: expect.stringMatching(/^Person /), version: 1 },
    });
  });

  it("refuses, naming them, nested lists and computed fields it cannot answer as of then", async () => {
    const speaker = await createEntity();
    const id = await createClaim("The rent board meets on Fridays.", [speaker]);
    const t = await instantAfterLastRevision(id);
    const query = `query($id: ID!, $t: DateTimeISO) {
      claim(id: $id, asOf: $t) { text qualifiers { condition place { name } } claimants { slug }
        ... on Claim { stances(first: 5) { totalCount } } coverage { sources } } }`;
    const refused = await suite.server.post(query, { id, t }, editor);
    expect(refused.data?.claim).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "asOf",
      fields: ["Claim.claimants", "Claim.stances", "Claim.coverage"],
    });
    expect(refused.errors![0]!.message).toContain(
      "`Claim.claimants`, `Claim.stances`, `Claim.coverage` cannot be answered as of",
    );
    // The same selection without asOf answers; with asOf, the claim's own fields and groups do.
    const now = await ok(query.replace(", asOf: $t", "").replace(", $t: DateTimeISO", ""), { id });
    expect(now.claim.claimants).toHaveLength(1);
    const own = await ok(
      `query($id: ID!, $t: DateTimeISO) { claim(id: $id, asOf: $t) { text qualifiers { condition place { name } } } }`,
      { id, t },
    );
    expect(own.claim).toEqual({
      text: "The rent board meets on Fridays.",
      qualifiers: { condition: null, place: null },
    });
  });
});

describe("history beyond entities", () => {
  const cases: [string, () => Promise<string>, (id: string, version: number, n: number) => Promise<unknown>, string][] =
    [
      [
        "claim",
        async () => createClaim(`Rents will fall, number ${unique("forecast")}.`, [await createEntity()]),
        (id, version, n) =>
          ok(`mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { userErrors { code } } }`, {
            i: { id, version, text: `Rents will fall, revision ${n}.` },
          }),
        "text",
      ],
      [
        "source",
        async () => (await createSource()).id,
        (id, version, n) =>
          ok(`mutation($i: UpdateSourceInput!) { updateSource(input: $i) { userErrors { code } } }`, {
            i: { id, version, title: `Rents rise, revision ${n}` },
          }),
        "title",
      ],
      [
        "viewpoint",
        async () => createViewpoint(unique("history-viewpoint")),
        (id, version, n) =>
          ok(`mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) { userErrors { code } } }`, {
            i: { id, version, title: `Rent control, revision ${n}` },
          }),
        "title",
      ],
    ];

  it.each(cases)(
    "lists a %s's creation and each update, oldest first, each before the after of the one preceding it",
    async (_type, create, update, field) => {
      const id = await create();
      await update(id, 1, 1);
      await update(id, 2, 2);
      const revisions = await history(id);
      expect(revisions.map((r) => r.action)).toEqual(["CREATE", "UPDATE", "UPDATE"]);
      expect(revisions.map((r) => r.actor)).toEqual(Array(3).fill("key:write-side editor"));
      expect(revisions[0]!.before).toBeNull();
      expect(revisions.map((r) => r.after!.version)).toEqual([1, 2, 3]);
      for (let i = 1; i < revisions.length; i += 1) {
        expect(revisions[i]!.seq).toBeGreaterThan(revisions[i - 1]!.seq);
        expect(Date.parse(revisions[i]!.at)).toBeGreaterThanOrEqual(Date.parse(revisions[i - 1]!.at));
        expect(toMilliseconds(revisions[i]!.before)).toEqual(toMilliseconds(revisions[i - 1]!.after));
      }
      expect(String(revisions[2]!.after![field])).toMatch(/revision 2/);
    },
  );
});
