import { createKey, revokeKey } from "../../src/modules/auth";
import { toGlobalId } from "../../src/shared/global-id";
import { useTestServer } from "../support/lifecycle";

let editor: string;
let admin: string;
let revoked: string;

const suite = useTestServer({ template: "story" });

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
  admin = (await createKey(suite.db.pool, "admin", "ADMIN")).key;
  const old = await createKey(suite.db.pool, "old", "EDITOR");
  revoked = old.key;
  await revokeKey(suite.db.pool, old.info.prefix);
});

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string) {
  const response = await fetch(`${suite.server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

async function ok(query: string, variables: Record<string, unknown> = {}, key = editor) {
  const { body } = await gql(query, variables, key);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const gid = async (type: "Entity" | "Claim" | "Source" | "Viewpoint", where: string) => {
  const table = { Entity: "entity", Claim: "claim", Source: "source", Viewpoint: "viewpoint" }[type];
  const { rows } = await suite.db.pool.query(`SELECT id::text FROM ${table} WHERE ${where} LIMIT 1`);
  return toGlobalId(type, rows[0].id);
};

async function rowCounts() {
  const { rows } = await suite.db.pool.query(
    `SELECT (SELECT count(*) FROM entity)::int e, (SELECT count(*) FROM source)::int s, (SELECT count(*) FROM claim)::int c,
            (SELECT count(*) FROM quote)::int q, (SELECT count(*) FROM stance)::int st, (SELECT count(*) FROM revision)::int r`,
  );
  return rows[0];
}

describe("the auth matrix", () => {
  const mayor = () => gid("Entity", "slug = 'sanctuary-city-mayor'");
  const anyClaim = () => gid("Claim", "true ORDER BY seq");
  const article = () => gid("Source", "kind = 'NEWS_ARTICLE'");
  const cases: [string, "EDITOR" | "ADMIN", () => Promise<[string, Record<string, unknown>]>][] = [
    [
      "createEntity",
      "EDITOR",
      async () => [
        `mutation($i: CreateEntityInput!) { createEntity(input: $i) { userErrors { code } } }`,
        { i: { slug: `auth-${Math.random().toString(36).slice(2)}`, kind: "GROUP", name: "A group" } },
      ],
    ],
    [
      "updateEntity",
      "EDITOR",
      async () => [
        `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { userErrors { code } } }`,
        { i: { id: await mayor(), version: 999, name: "x" } },
      ],
    ],
    [
      "mergeEntities",
      "ADMIN",
      async () => [
        `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { userErrors { code } } }`,
        { i: { survivor: await mayor(), merged: [] } },
      ],
    ],
    [
      "createSource",
      "EDITOR",
      async () => [
        `mutation($i: CreateSourceInput!) { createSource(input: $i) { userErrors { code } } }`,
        { i: { kind: "OTHER", title: "t", url: `https://example.org/${Math.random()}` } },
      ],
    ],
    [
      "updateSource",
      "EDITOR",
      async () => [
        `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { userErrors { code } } }`,
        { i: { id: await article(), version: 999 } },
      ],
    ],
    [
      "createClaim",
      "EDITOR",
      async () => [
        `mutation($i: CreateClaimInput!) { createClaim(input: $i) { userErrors { code } } }`,
        { i: { text: `Auth ${Math.random()}`, kind: "FACTUAL", claimants: [await mayor()] } },
      ],
    ],
    [
      "updateClaim",
      "EDITOR",
      async () => [
        `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { userErrors { code } } }`,
        { i: { id: await anyClaim(), version: 999 } },
      ],
    ],
    [
      "deprecateClaim",
      "EDITOR",
      async () => [
        `mutation($i: DeprecateClaimInput!) { deprecateClaim(input: $i) { userErrors { code } } }`,
        { i: { id: await anyClaim(), version: 999, reason: "r" } },
      ],
    ],
    [
      "createViewpoint",
      "EDITOR",
      async () => [
        `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) { userErrors { code } } }`,
        { i: { slug: `vp-${Math.random().toString(36).slice(2)}`, title: "t" } },
      ],
    ],
    [
      "updateViewpoint",
      "EDITOR",
      async () => [
        `mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) { userErrors { code } } }`,
        { i: { id: await gid("Viewpoint", "true"), version: 999 } },
      ],
    ],
    [
      "addEvidence",
      "EDITOR",
      async () => [
        `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { userErrors { code } } }`,
        { i: { target: await anyClaim(), source: await article(), exact: "no such text" } },
      ],
    ],
    [
      "recordStance",
      "EDITOR",
      async () => [
        `mutation($i: RecordStanceInput!) { recordStance(input: $i) { userErrors { code } } }`,
        { i: { holder: await mayor(), claim: await anyClaim(), position: "SUPPORTS" } },
      ],
    ],
    [
      "linkClaims",
      "EDITOR",
      async () => [
        `mutation($i: LinkClaimsInput!) { linkClaims(input: $i) { userErrors { code } } }`,
        { i: { from: await anyClaim(), to: await anyClaim(), kind: "SUPPORTS" } },
      ],
    ],
    [
      "addReview",
      "EDITOR",
      async () => [
        `mutation($i: AddReviewInput!) { addReview(input: $i) { userErrors { code } } }`,
        {
          i: {
            claim: await anyClaim(),
            reviewer: await mayor(),
            source: await article(),
            originalRating: "nonsense label",
          },
        },
      ],
    ],
    [
      "relateEntities",
      "EDITOR",
      async () => [
        `mutation($i: RelateEntitiesInput!) { relateEntities(input: $i) { userErrors { code } } }`,
        { i: { subject: await mayor(), predicate: "MEMBER_OF", object: await mayor() } },
      ],
    ],
    [
      "importBundle",
      "EDITOR",
      async () => [
        `mutation($i: ImportBundleInput!) { importBundle(input: $i) { applied } }`,
        { i: { records: [], dryRun: true } },
      ],
    ],
  ];

  it.each(cases)(
    "%s: anonymous and revoked keys are UNAUTHENTICATED; the right role gets through",
    async (_name, role, build) => {
      const [query, variables] = await build();
      const before = await rowCounts();
      const anonymous = await gql(query, variables);
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const bad = await gql(query, variables, revoked);
      expect(bad.status).toBe(401);
      expect(bad.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const garbage = await gql(query, variables, "cbk_garbage");
      expect(garbage.status).toBe(401);
      expect(await rowCounts()).toEqual(before);
      if (role === "ADMIN") {
        const wrong = await gql(query, variables, editor);
        expect(wrong.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(await rowCounts()).toEqual(before);
      }
      const right = await gql(query, variables, role === "ADMIN" ? admin : editor);
      expect(right.body.errors).toBeUndefined();
    },
  );

  it("keeps reads public, also with a valid key", async () => {
    expect((await gql(`{ claims { totalCount } }`)).body.data.claims.totalCount).toBeGreaterThan(0);
    expect((await gql(`{ claims { totalCount } }`, {}, editor)).body.data.claims.totalCount).toBeGreaterThan(0);
  });
});

describe("writes", () => {
  it("creates an entity, refuses its slug again (TAKEN), and refuses a stale update", async () => {
    const created =
      await ok(`mutation { createEntity(input: { slug: "city-council", kind: GOVERNMENT_BODY, name: "City council" }) {
      entity { id version name } userErrors { field code } } }`);
    const { id } = created.createEntity.entity;
    expect(created.createEntity.entity.version).toBe(1);
    const taken = await ok(
      `mutation { createEntity(input: { slug: "city-council", kind: GROUP, name: "Other" }) { entity { id } userErrors { field code } } }`,
    );
    expect(taken.createEntity).toEqual({ entity: null, userErrors: [{ field: ["input", "slug"], code: "TAKEN" }] });
    const update = `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { name version } userErrors { field code message } } }`;
    const first = await ok(update, { i: { id, version: 1, name: "The city council" } });
    expect(first.updateEntity.entity).toEqual({ name: "The city council", version: 2 });
    const stale = await ok(update, { i: { id, version: 1, name: "Lost update" } });
    expect(stale.updateEntity.entity).toBeNull();
    expect(stale.updateEntity.userErrors[0]).toMatchObject({ field: ["input", "version"], code: "STALE_VERSION" });
    expect((await ok(`query($id: ID!) { entity(id: $id) { name } }`, { id })).entity.name).toBe("The city council");
  });

  it("records history, and reads the past with asOf", async () => {
    const { createEntity } = await ok(
      `mutation { createEntity(input: { slug: "history-probe", kind: GROUP, name: "First name" }) { entity { id } } }`,
    );
    const id = createEntity.entity.id;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ok(`mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { userErrors { code } } }`, {
      i: { id, version: 1, name: "Second name" },
    });
    const data = await ok(
      `query($id: ID!, $t: DateTimeISO, $before: DateTimeISO) {
      now: entity(id: $id) { name version } then: entity(id: $id, asOf: $t) { name version }
      never: entity(id: $id, asOf: $before) { name }
      history(id: $id) { action actor before after } }`,
      { id, t: between, before: "2000-01-01T00:00:00Z" },
    );
    expect(data.now).toEqual({ name: "Second name", version: 2 });
    expect(data.then).toEqual({ name: "First name", version: 1 });
    expect(data.never).toBeNull();
    expect(data.history.map((r: { action: string }) => r.action)).toEqual(["CREATE", "UPDATE"]);
    expect(data.history[1]).toMatchObject({
      actor: "key:editor",
      before: { name: "First name" },
      after: { name: "Second name" },
    });
  });

  it("creates a claim with evidence found by its text, and refuses ambiguous or missing quotes", async () => {
    const mayor = await gid("Entity", "slug = 'sanctuary-city-mayor'");
    const article = await gid("Source", "kind = 'NEWS_ARTICLE'");
    const create = `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id text claimants { slug } appearances { exact start end } } userErrors { field code message } } }`;
    const ambiguous = await ok(create, {
      i: {
        text: "Sanctuary cities limit cooperation.",
        kind: "FACTUAL",
        claimants: [mayor],
        appearances: [{ source: article, exact: "sanctuary cities" }],
      },
    });
    expect(ambiguous.createClaim.userErrors[0]).toMatchObject({
      code: "QUOTE_AMBIGUOUS",
      field: ["input", "appearances", "0", "exact"],
    });
    const missing = await ok(create, {
      i: {
        text: "X.",
        kind: "FACTUAL",
        claimants: [mayor],
        appearances: [{ source: article, exact: "words the article never uses" }],
      },
    });
    expect(missing.createClaim.userErrors[0].code).toBe("QUOTE_NOT_FOUND");
    // The article's own voice: its author is the claimant, and speaks in the appearance (AUTHOR).
    const author = await gid("Entity", "slug = 'summary-article-author'");
    const created = await ok(create, {
      i: {
        text: "Officers must balance their duty with community trust.",
        kind: "NORMATIVE",
        claimants: [author],
        appearances: [
          {
            source: article,
            exact: "Officers must balance their duty to enforce the law",
            prefix: "questions. ",
            speakers: [author],
            attribution: "AUTHOR",
          },
        ],
      },
    });
    expect(created.createClaim.userErrors).toEqual([]);
    const quote = created.createClaim.claim.appearances[0];
    const { rows } = await suite.db.pool.query(
      `SELECT substr(text, $1 + 1, $2 - $1) AS s FROM source WHERE kind = 'NEWS_ARTICLE'`,
      [quote.start, quote.end],
    );
    expect(rows[0].s).toBe(quote.exact);
  });

  it("records stances, links claims, adds reviews with a derived rating, relates entities, deprecates claims", async () => {
    const mayor = await gid("Entity", "slug = 'sanctuary-city-mayor'");
    const post = await gid("Entity", "slug = 'new-york-post'");
    const c1 = await gid("Claim", "true ORDER BY seq");
    const c2 = await gid("Claim", "true ORDER BY seq OFFSET 1");
    const source = await gid("Source", "kind = 'SOCIAL_POST'");
    const stance = await ok(
      `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { position note holder { ... on Entity { slug } } } userErrors { code } } }`,
      {
        i: {
          holder: post,
          claim: c2,
          position: "NEUTRAL",
          note: "reports it",
          evidence: [{ source, exact: "Sanctuary city mayor", speakers: [post], attribution: "AUTHOR" }],
        },
      },
    );
    expect(stance.recordStance.stance).toEqual({
      position: "NEUTRAL",
      note: "reports it",
      holder: { slug: "new-york-post" },
    });
    const again = await ok(
      `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { position version } } }`,
      {
        i: { holder: post, claim: c2, position: "SUPPORTS" },
      },
    );
    expect(again.recordStance.stance).toEqual({ position: "SUPPORTS", version: 2 });
    const link = await ok(
      `mutation($i: LinkClaimsInput!) { linkClaims(input: $i) { claimRelation { kind from { id } to { id } } userErrors { code } } }`,
      {
        i: { from: c1, to: c2, kind: "QUALIFIES" },
      },
    );
    expect(link.linkClaims.claimRelation).toEqual({ kind: "QUALIFIES", from: { id: c1 }, to: { id: c2 } });
    const self = await ok(`mutation($i: LinkClaimsInput!) { linkClaims(input: $i) { userErrors { code } } }`, {
      i: { from: c1, to: c1, kind: "SUPPORTS" },
    });
    expect(self.linkClaims.userErrors[0].code).toBe("INVALID");
    const review = await ok(
      `mutation($i: AddReviewInput!) { addReview(input: $i) { review { originalRating normalizedRating } userErrors { code } } }`,
      {
        i: { claim: c1, reviewer: post, source, originalRating: "Pants on Fire!" },
      },
    );
    expect(review.addReview.review).toEqual({ originalRating: "Pants on Fire!", normalizedRating: "FALSE" });
    const relate = await ok(
      `mutation($i: RelateEntitiesInput!) { relateEntities(input: $i) { entityRelation { predicate subject { slug } object { slug } } } }`,
      {
        i: {
          subject: post,
          predicate: "PARTICIPANT_IN",
          object: await gid("Entity", "slug = 'sanctuary-policy-debate'"),
        },
      },
    );
    expect(relate.relateEntities.entityRelation).toMatchObject({
      predicate: "PARTICIPANT_IN",
      subject: { slug: "new-york-post" },
    });
    const { claim } = await ok(`query($id: ID!) { claim(id: $id) { version } }`, { id: c1 });
    const deprecated = await ok(
      `mutation($i: DeprecateClaimInput!) { deprecateClaim(input: $i) { claim { rank deprecationReason } userErrors { code } } }`,
      {
        i: { id: c1, version: claim.version, reason: "superseded by a better formulation" },
      },
    );
    expect(deprecated.deprecateClaim.claim).toEqual({
      rank: "DEPRECATED",
      deprecationReason: "superseded by a better formulation",
    });
    void mayor;
  });

  it("refuses a source text change that would break a quote, and accepts one that keeps them", async () => {
    const post = await gid("Source", "kind = 'SOCIAL_POST'");
    const { source } = await ok(`query($id: ID!) { source(id: $id) { text version } }`, { id: post });
    const update = `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { text version } userErrors { code message } } }`;
    const broken = await ok(update, { i: { id: post, version: source.version, text: "Completely different." } });
    expect(broken.updateSource.source).toBeNull();
    expect(broken.updateSource.userErrors[0].code).toBe("INVALID");
    const kept = await ok(update, { i: { id: post, version: source.version, text: `${source.text} (archived)` } });
    expect(kept.updateSource.source.text).toBe(`${source.text} (archived)`);
  });

  it("merges entities: references move, names become aliases, old slugs and IDs keep resolving", async () => {
    const dup = await ok(
      `mutation { createEntity(input: { slug: "ny-post-duplicate", kind: ORGANIZATION, name: "N.Y. Post" }) { entity { id } } }`,
    );
    const dupId = dup.createEntity.entity.id;
    const post = await gid("Source", "kind = 'SOCIAL_POST'");
    const claim = await ok(
      `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id appearances { id } } userErrors { code } } }`,
      {
        i: {
          text: "A claim by the duplicate.",
          kind: "FACTUAL",
          claimants: [dupId],
          appearances: [{ source: post, exact: "pic.twitter.com", speakers: [dupId], attribution: "INDIRECT" }],
        },
      },
    );
    const survivor = await gid("Entity", "slug = 'new-york-post'");
    const merge = `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { entity { slug aliases } userErrors { code } } }`;
    const merged = await ok(merge, { i: { survivor, merged: [dupId] } }, admin);
    expect(merged.mergeEntities.entity.aliases).toContain("N.Y. Post");
    const data = await ok(
      `query($id: ID!, $c: ID!) { bySlug: entity(slug: "ny-post-duplicate") { slug } byId: entity(id: $id) { slug }
      claim(id: $c) { claimants { slug } appearances { speakers { slug } } } history(id: $id) { action } }`,
      { id: dupId, c: claim.createClaim.claim.id },
    );
    expect(data.bySlug).toEqual({ slug: "new-york-post" });
    expect(data.byId).toEqual({ slug: "new-york-post" });
    expect(data.claim.claimants).toEqual([{ slug: "new-york-post" }]);
    // Who speaks moves too: the claimant still speaks in its appearance.
    expect(data.claim.appearances).toEqual([{ speakers: [{ slug: "new-york-post" }] }]);
    expect(data.history.map((r: { action: string }) => r.action)).toEqual(["CREATE", "MERGE"]);
    const self = await ok(merge, { i: { survivor, merged: [survivor] } }, admin);
    expect(self.mergeEntities.userErrors[0].code).toBe("INVALID");
  });

  it("turns invalid IDs in inputs into userErrors, not crashes", async () => {
    const bad = await ok(
      `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { field code } } }`,
      {
        i: { text: "x", kind: "FACTUAL", claimants: ["not-an-id"] },
      },
    );
    expect(bad.createClaim.userErrors).toEqual([{ field: ["input", "claimants", "0"], code: "INVALID" }]);
  });
});

describe("concurrency", () => {
  it("leaves one row when 50 imports of one natural key race", async () => {
    const record = { type: "entity", slug: "raced-entity", kind: "GROUP", name: "Raced" };
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        gql(
          `mutation($i: ImportBundleInput!) { importBundle(input: $i) { applied rejected { code } } }`,
          { i: { records: [record] } },
          editor,
        ),
      ),
    );
    for (const { body } of results) {
      expect(body.errors).toBeUndefined();
      expect(body.data.importBundle).toEqual({ applied: true, rejected: [] });
    }
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM entity WHERE slug = 'raced-entity'`);
    expect(rows[0].n).toBe(1);
    const revisions = await suite.db.pool.query(
      `SELECT count(*)::int AS n FROM revision r JOIN entity e ON e.id = r.subject_id WHERE e.slug = 'raced-entity'`,
    );
    expect(revisions.rows[0].n).toBe(1);
  });

  it("leaves one claim when 50 createClaim calls race: one created, the rest TAKEN", async () => {
    const mayor = await gid("Entity", "slug = 'sanctuary-city-mayor'");
    const chief = await gid("Entity", "slug = 'sanctuary-city-police-chief'");
    const article = await gid("Source", "kind = 'NEWS_ARTICLE'");
    // The passage is one quote for all 50: they race on it too, with the same attribution.
    const appearance = {
      source: article,
      exact: "The mayor and police chief expressed their discontent",
      speakers: [mayor, chief],
      attribution: "INDIRECT",
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        gql(
          `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { code } } }`,
          {
            i: { text: "Raced claim.", kind: "FACTUAL", claimants: [mayor], appearances: [appearance] },
          },
          editor,
        ),
      ),
    );
    const created = results.filter((r) => r.body.data?.createClaim.claim);
    const taken = results.filter((r) => r.body.data?.createClaim.userErrors[0]?.code === "TAKEN");
    expect(created).toHaveLength(1);
    expect(taken).toHaveLength(49);
  });
});
