import { createKey } from "../../src/modules/auth";
import { toGlobalId } from "../../src/shared/global-id";
import { useTestServer } from "../support/lifecycle";

/*
 * Merging duplicate claims (issue #16): mergeClaims, and mergeEntities' duplicateClaims merged on
 * request; both histories kept, natural keys (fingerprints) kept right after either merge.
 */

const suite = useTestServer();
let editor: string;
let admin: string;

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
  admin = (await createKey(suite.db.pool, "admin", "ADMIN")).key;
});

const TEXT = "The city hired 50 new police officers in 2024. Critics say the city hired 50 officers. Others disagree.";

/** Two speakers (one a twin of the other), the same claim by each, with stances, reviews and links. */
function bundle(tag: string) {
  const source = `src-${tag}`;
  const quote = (exact: string, speaker: string) => ({
    source,
    exact,
    speakers: [speaker],
    attribution: "AUTHOR",
  });
  return [
    { type: "entity", slug: `mayor-${tag}`, name: `Mayor ${tag}`, kind: "PERSON" },
    { type: "entity", slug: `mayor-${tag}-twin`, name: `Mayor ${tag} (twin)`, kind: "PERSON" },
    { type: "entity", slug: `checker-${tag}`, name: `Checker ${tag}`, kind: "ORGANIZATION" },
    {
      type: "source",
      ref: source,
      kind: "NEWS_ARTICLE",
      title: `Hiring ${tag}`,
      url: `https://news.example/${tag}`,
      authors: [`mayor-${tag}`, `mayor-${tag}-twin`],
      text: TEXT,
    },
    {
      type: "source",
      ref: `review-${tag}`,
      kind: "FACT_CHECK",
      title: `Check ${tag}`,
      url: `https://check.example/${tag}`,
      text: "Rated true.",
    },
    {
      type: "claim",
      ref: "a",
      text: `The city hired 50 new police officers in 2024 (${tag}).`,
      kind: "FACTUAL",
      claimants: [`mayor-${tag}`],
      appearances: [quote("The city hired 50 new police officers in 2024.", `mayor-${tag}`)],
    },
    {
      type: "claim",
      ref: "b",
      text: `The city hired 50 new police officers in 2024 (${tag}).`,
      kind: "FACTUAL",
      claimants: [`mayor-${tag}-twin`],
      appearances: [quote("Critics say the city hired 50 officers.", `mayor-${tag}-twin`)],
    },
    {
      type: "claim",
      ref: "other",
      text: `Others disagree (${tag}).`,
      kind: "EVALUATIVE",
      claimants: [`mayor-${tag}-twin`],
      appearances: [quote("Others disagree.", `mayor-${tag}-twin`)],
    },
    {
      type: "stance",
      holder: { entity: `mayor-${tag}` },
      claim: "a",
      position: "SUPPORTS",
      evidence: [quote("The city hired 50 new police officers in 2024.", `mayor-${tag}`)],
    },
    {
      type: "stance",
      holder: { entity: `mayor-${tag}-twin` },
      claim: "b",
      position: "SUPPORTS",
      evidence: [quote("Critics say the city hired 50 officers.", `mayor-${tag}-twin`)],
    },
    {
      type: "review",
      claim: "b",
      reviewer: `checker-${tag}`,
      source: `review-${tag}`,
      originalRating: "True",
      normalizedRating: "TRUE",
    },
    { type: "claimRelation", from: "other", to: "b", kind: "ATTACKS" },
  ];
}

async function load(tag: string) {
  const { data, errors } = await suite.server.post<any>(
    `mutation($i: ImportBundleInput!) { importBundle(input: $i) { applied rejected { path code reason } } }`,
    { i: { records: bundle(tag) } },
    editor,
  );
  expect(errors).toBeUndefined();
  expect(data.importBundle.rejected).toEqual([]);
  const { rows } = await suite.db.pool.query(
    `SELECT c.id, e.slug FROM claim c JOIN claim_claimant cc ON cc.claim_id = c.id JOIN entity e ON e.id = cc.entity_id
     WHERE c.text LIKE $1 ORDER BY c.seq`,
    [`%(${tag}).`],
  );
  const claim = (slug: string, prefix: string) =>
    toGlobalId("Claim", rows.find((r) => r.slug === slug && r.id && prefix)!.id);
  const ids = rows.map((r) => ({ id: r.id as string, slug: r.slug as string }));
  return {
    a: toGlobalId("Claim", ids[0]!.id),
    b: toGlobalId("Claim", ids[1]!.id),
    other: toGlobalId("Claim", ids[2]!.id),
    claim,
  };
}

const entityId = async (slug: string) => {
  const { data } = await suite.server.gql<any>(`query($s: String!) { entity(slug: $s) { id } }`, { s: slug });
  return data.entity.id as string;
};

const MERGE_CLAIMS = `mutation($i: MergeClaimsInput!) {
  mergeClaims(input: $i) {
    claim { id rank text claimants { slug } appearances { exact } stances(first: 10) { nodes { position } }
            reviews(first: 10) { nodes { originalRating } } }
    userErrors { field code message }
  }
}`;

const CLAIM = `query($id: ID!) { claim(id: $id) { id rank deprecationReason mergedInto { id } claimants { slug } } }`;

describe("mergeClaims", () => {
  it("moves appearances, stances, reviews and links to the survivor; the merged claim stays, deprecated", async () => {
    const { a, b, other } = await load("m1");
    const { data, errors } = await suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: a, merged: [b] } }, admin);
    expect(errors).toBeUndefined();
    expect(data.mergeClaims.userErrors).toEqual([]);
    const survivor = data.mergeClaims.claim;
    expect(survivor.rank).toBe("NORMAL");
    expect(survivor.claimants.map((c: { slug: string }) => c.slug).sort()).toEqual(["mayor-m1", "mayor-m1-twin"]);
    expect(survivor.appearances.map((q: { exact: string }) => q.exact).sort()).toEqual([
      "Critics say the city hired 50 officers.",
      "The city hired 50 new police officers in 2024.",
    ]);
    expect(survivor.stances.nodes).toHaveLength(2);
    expect(survivor.reviews.nodes).toEqual([{ originalRating: "True" }]);

    const merged = (await suite.server.gql<any>(CLAIM, { id: b })).data.claim;
    expect(merged).toMatchObject({ rank: "DEPRECATED", mergedInto: { id: a } });
    expect(merged.claimants.map((c: { slug: string }) => c.slug)).toEqual(["mayor-m1-twin"]);

    const link = await suite.server.gql<any>(
      `query($id: ID!) { claim(id: $id) { relationsOut: relations(direction: OUT, first: 5) { nodes { to { id } } } } }`,
      { id: other },
    );
    if (!link.errors) expect(link.data.claim.relationsOut.nodes[0].to.id).toBe(a);
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM claim_relation WHERE to_id = $1`, [
      Buffer.from(a, "base64url").toString().split(":")[1],
    ]);
    expect(rows[0].n).toBe(1);

    const history = await suite.db.pool.query(
      `SELECT action::text FROM revision WHERE subject_type = 'Claim' AND action = 'MERGE' ORDER BY seq`,
    );
    expect(history.rows.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps the natural key: importing the merged claim's text and claimants again finds the survivor", async () => {
    const { a, b } = await load("m2");
    await suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: a, merged: [b] } }, admin);
    const before = (await suite.db.pool.query(`SELECT count(*)::int AS n FROM claim`)).rows[0].n;
    const again = await suite.server.post<any>(
      `mutation($i: ImportBundleInput!) { importBundle(input: $i) { rejected { reason } } }`,
      {
        i: {
          records: [
            {
              type: "claim",
              text: "The city hired 50 new police officers in 2024 (m2).",
              kind: "FACTUAL",
              claimants: ["mayor-m2", "mayor-m2-twin"],
            },
          ],
        },
      },
      editor,
    );
    expect(again.data.importBundle.rejected).toEqual([]);
    expect((await suite.db.pool.query(`SELECT count(*)::int AS n FROM claim`)).rows[0].n).toBe(before);
  });

  it.each([
    ["itself", (ids: { a: string }) => ({ survivor: ids.a, merged: [ids.a] }), "INVALID"],
    ["nothing", (ids: { a: string }) => ({ survivor: ids.a, merged: [] }), "REQUIRED"],
    [
      "an unknown claim",
      (ids: { a: string }) => ({
        survivor: ids.a,
        merged: [toGlobalId("Claim", "00000000-0000-4000-8000-000000000000")],
      }),
      "NOT_FOUND",
    ],
    [
      "an entity ID",
      (ids: { a: string }) => ({
        survivor: ids.a,
        merged: [toGlobalId("Entity", "00000000-0000-4000-8000-000000000000")],
      }),
      "INVALID",
    ],
  ])("refuses a merge of %s (%#) and changes nothing", async (_what, input, code) => {
    const ids = await load(`r-${code.toLowerCase().replace(/_/g, "-")}-${_what.length}`);
    const revisions = (await suite.db.pool.query(`SELECT count(*)::int AS n FROM revision`)).rows[0].n;
    const { data } = await suite.server.post<any>(MERGE_CLAIMS, { i: input(ids) }, admin);
    expect(data.mergeClaims.userErrors[0].code).toBe(code);
    expect((await suite.db.pool.query(`SELECT count(*)::int AS n FROM revision`)).rows[0].n).toBe(revisions);
  });

  it("refuses a merge where a holder would hold opposite positions, and changes nothing", async () => {
    const { a, b } = await load("opp");
    // The twin opposes claim a too: merging b (which the twin supports) into a would give it two positions.
    const { data: stance } = await suite.server.post<any>(
      `mutation($i: ImportBundleInput!) { importBundle(input: $i) { rejected { reason } } }`,
      {
        i: {
          records: [
            {
              type: "stance",
              holder: { entity: "mayor-opp-twin" },
              claim: `id:${Buffer.from(a, "base64url").toString().split(":")[1]}`,
              position: "OPPOSES",
              evidence: [
                {
                  source: "url:https://news.example/opp",
                  exact: "Others disagree.",
                  speakers: ["mayor-opp-twin"],
                  attribution: "AUTHOR",
                },
              ],
            },
          ],
        },
      },
      editor,
    );
    expect(stance.importBundle.rejected).toEqual([]);
    const { data } = await suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: a, merged: [b] } }, admin);
    expect(data.mergeClaims.userErrors[0]).toMatchObject({ code: "INVALID", field: ["input", "merged", "0"] });
    expect((await suite.server.gql<any>(CLAIM, { id: b })).data.claim.rank).toBe("NORMAL");
  });

  it("needs the ADMIN role", async () => {
    const { a, b } = await load("role");
    const { errors } = await suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: a, merged: [b] } }, editor);
    expect(errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("lets one of two opposing merges win, with no deadlock", async () => {
    const { a, b } = await load("race");
    const [one, two] = await Promise.all([
      suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: a, merged: [b] } }, admin),
      suite.server.post<any>(MERGE_CLAIMS, { i: { survivor: b, merged: [a] } }, admin),
    ]);
    expect(one.errors).toBeUndefined();
    expect(two.errors).toBeUndefined();
    const outcomes = [one, two].map((r) => r.data.mergeClaims.userErrors.length === 0);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect([one, two].find((r) => r.data.mergeClaims.userErrors.length > 0)!.data.mergeClaims.userErrors[0].code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("mergeEntities and the claims it makes identical", () => {
  const MERGE_ENTITIES = `mutation($i: MergeEntitiesInput!) {
    mergeEntities(input: $i) { entity { slug } duplicateClaims { id } userErrors { code message } } }`;

  it("reports the twins' identical claims without merging them, and refingerprints the others", async () => {
    const { a, b } = await load("e1");
    const merge = await suite.server.post<any>(
      MERGE_ENTITIES,
      { i: { survivor: await entityId("mayor-e1"), merged: [await entityId("mayor-e1-twin")] } },
      admin,
    );
    expect(merge.errors).toBeUndefined();
    const data = merge.data;
    expect(data.mergeEntities.userErrors).toEqual([]);
    expect(data.mergeEntities.duplicateClaims.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    // "Others disagree" was the twin's alone: its natural key now names the survivor.
    const before = (await suite.db.pool.query(`SELECT count(*)::int AS n FROM claim`)).rows[0].n;
    const again = await suite.server.post<any>(
      `mutation($i: ImportBundleInput!) { importBundle(input: $i) { rejected { reason } } }`,
      {
        i: { records: [{ type: "claim", text: "Others disagree (e1).", kind: "EVALUATIVE", claimants: ["mayor-e1"] }] },
      },
      editor,
    );
    expect(again.data.importBundle.rejected).toEqual([]);
    expect((await suite.db.pool.query(`SELECT count(*)::int AS n FROM claim`)).rows[0].n).toBe(before);
  });

  it("merges them on request (mergeDuplicateClaims), into the earliest, keeping both histories", async () => {
    const { a, b } = await load("e2");
    const merge = await suite.server.post<any>(
      MERGE_ENTITIES,
      {
        i: {
          survivor: await entityId("mayor-e2"),
          merged: [await entityId("mayor-e2-twin")],
          mergeDuplicateClaims: true,
        },
      },
      admin,
    );
    expect(merge.errors).toBeUndefined();
    const data = merge.data;
    expect(data.mergeEntities.userErrors).toEqual([]);
    // Reported as found, then merged: the later claim points at the earlier.
    expect(data.mergeEntities.duplicateClaims.map((c: { id: string }) => c.id)).toEqual([a, b]);
    const merged = (await suite.server.gql<any>(CLAIM, { id: b })).data.claim;
    expect(merged).toMatchObject({ rank: "DEPRECATED", mergedInto: { id: a } });
    const survivor = (await suite.server.gql<any>(CLAIM, { id: a })).data.claim;
    expect(survivor.rank).toBe("NORMAL");
  });
});
