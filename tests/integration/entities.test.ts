import { createKey } from "../../src/modules/auth";
import { fromGlobalId } from "../../src/shared/global-id";
import { claimFingerprint } from "../../src/shared/text";
import { useTestServer } from "../support/lifecycle";

/** One entity per actor (issue 16, item 4): lookups, per-name filters and complete merges. */

let editor: string;
let admin: string;

const suite = useTestServer({ template: "story" });

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
  admin = (await createKey(suite.db.pool, "admin", "ADMIN")).key;
});

async function ok(query: string, variables: Record<string, unknown> = {}, key = editor) {
  const response = await fetch(`${suite.server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: any[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const CREATE = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id slug } userErrors { code message } } }`;
async function create(input: Record<string, unknown>): Promise<string> {
  const data = await ok(CREATE, { i: input });
  expect(data.createEntity.userErrors).toEqual([]);
  return data.createEntity.entity.id;
}

const MERGE = `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) {
  entity { id slug } duplicateClaims { id text } userErrors { code } } }`;

describe("external IDs", () => {
  it("finds an entity by external ID, in a filter and in entity(externalId:)", async () => {
    const id = await create({
      slug: "ext-agency",
      kind: "GOVERNMENT_BODY",
      name: "Ext Agency",
      externalIds: { wikidata: "Q9990001" },
    });
    await create({
      slug: "ext-other",
      kind: "GROUP",
      name: "Ext Other",
      externalIds: { wikidata: ["Q9990002", "Q9990003"] },
    });
    const data = await ok(
      `{ list: entities(filter: { externalId: { system: "wikidata", value: "Q9990001" } }) { nodes { slug } }
         inList: entities(filter: { externalId: { system: "wikidata", value: "Q9990003" } }) { nodes { slug } }
         none: entities(filter: { externalId: { system: "viaf", value: "Q9990001" } }) { nodes { slug } }
         one: entity(externalId: { system: "wikidata", value: "Q9990001" }) { id slug }
         missing: entity(externalId: { system: "wikidata", value: "Q0" }) { id } }`,
    );
    expect(data.list.nodes).toEqual([{ slug: "ext-agency" }]);
    expect(data.inList.nodes).toEqual([{ slug: "ext-other" }]);
    expect(data.none.nodes).toEqual([]);
    expect(data.one).toEqual({ id, slug: "ext-agency" });
    expect(data.missing).toBeNull();
  });
});

describe("nameOrAlias", () => {
  it("matches equals and startsWith per name or alias, not on a joined string", async () => {
    await create({ slug: "noa-patrol", kind: "GOVERNMENT_BODY", name: "Noa Customs", aliases: ["Noa Patrol", "NP"] });
    const data = await ok(
      `{ byAlias: entities(filter: { nameOrAlias: { equals: "Noa Patrol" } }) { nodes { slug } }
         byName: entities(filter: { nameOrAlias: { equals: "Noa Customs" } }) { nodes { slug } }
         joined: entities(filter: { nameOrAlias: { equals: "Noa Customs Noa Patrol" } }) { nodes { slug } }
         starts: entities(filter: { nameOrAlias: { startsWith: "noa pat" } }) { nodes { slug } }
         inAlias: entities(filter: { nameOrAlias: { in: ["NP"] } }) { nodes { slug } } }`,
    );
    expect(data.byAlias.nodes).toEqual([{ slug: "noa-patrol" }]);
    expect(data.byName.nodes).toEqual([{ slug: "noa-patrol" }]);
    expect(data.joined.nodes).toEqual([]);
    expect(data.starts.nodes).toEqual([{ slug: "noa-patrol" }]);
    expect(data.inAlias.nodes).toEqual([{ slug: "noa-patrol" }]);
  });
});

describe("merges are complete", () => {
  let survivor: string;
  let twin: string;
  let mergedPayload: any;

  beforeAll(async () => {
    survivor = await create({ slug: "twin-watchers", kind: "GROUP", name: "Zyxwatchers of the river" });
    twin = await create({ slug: "twin-watchers-2", kind: "GROUP", name: "zyxwatchers of the River" });
    for (const [text, claimant] of [
      ["The river is rising fast.", survivor],
      ["The river is rising fast", twin],
      ["The bridge is closed.", twin],
    ]) {
      // Written directly: the twins' claims as two imports left them (with appearances, in real life).
      const entity = fromGlobalId(claimant!)!.id;
      const slug = (await suite.db.pool.query(`SELECT slug FROM entity WHERE id = $1`, [entity])).rows[0].slug;
      await suite.db.pool.query(
        `WITH c AS (INSERT INTO claim (text, fingerprint, kind) VALUES ($1, $2, 'FACTUAL') RETURNING id)
         INSERT INTO claim_claimant (claim_id, entity_id) SELECT c.id, $3 FROM c`,
        [text, claimFingerprint(text!, [slug]), entity],
      );
    }
    const before = await ok(
      `{ search(query: "zyxwatchers", types: [ENTITY]) { nodes { node { ... on Entity { slug } } } } }`,
    );
    expect(before.search.nodes.length).toBe(2);
    mergedPayload = (await ok(MERGE, { i: { survivor, merged: [twin] } }, admin)).mergeEntities;
  });

  it("reports the claims the merge brought together, and merges nothing else", () => {
    expect(mergedPayload.userErrors).toEqual([]);
    expect(mergedPayload.entity).toEqual({ id: survivor, slug: "twin-watchers" });
    expect(mergedPayload.duplicateClaims.map((c: { text: string }) => c.text)).toEqual([
      "The river is rising fast.",
      "The river is rising fast",
    ]);
  });

  it("node and nodes of a merged ID return the survivor", async () => {
    const data = await ok(
      `query($old: ID!, $new: ID!) { node(id: $old) { id ... on Entity { slug } }
         nodes(ids: [$old, $new]) { id } }`,
      { old: twin, new: survivor },
    );
    expect(data.node).toEqual({ id: survivor, slug: "twin-watchers" });
    expect(data.nodes).toEqual([{ id: survivor }, { id: survivor }]);
  });

  it("leaves one entity in lists and search; includeMerged shows the merged one with mergedInto", async () => {
    const data = await ok(
      `{ list: entities(filter: { slug: { startsWith: "twin-watchers" } }) { nodes { slug mergedInto { slug } } }
         all: entities(filter: { slug: { startsWith: "twin-watchers" } }, includeMerged: true) { nodes { slug mergedInto { slug } } }
         search(query: "zyxwatchers", types: [ENTITY]) { nodes { node { ... on Entity { slug } } } } }`,
    );
    expect(data.list.nodes).toEqual([{ slug: "twin-watchers", mergedInto: null }]);
    expect(data.all.nodes).toEqual([
      { slug: "twin-watchers", mergedInto: null },
      { slug: "twin-watchers-2", mergedInto: { slug: "twin-watchers" } },
    ]);
    expect(data.search.nodes.map((n: { node: unknown }) => n.node)).toEqual([{ slug: "twin-watchers" }]);
  });
});

describe("imports resolve entities to the one actor", () => {
  const IMPORT = `mutation($r: [JSONObject!]!) { importBundle(input: { records: $r }) {
    applied rejected { at reason } entityMatchesTruncated
    entityMatches { at slug name entity { slug name } by used } } }`;
  const review = (claimant: string, n: number) => ({
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: `https://factcheck.example/sanctuary/${n}`,
    claimReviewed: "Sanctuary policies make cities less safe.",
    datePublished: "2024-03-01",
    author: { "@type": "Organization", name: "Example Fact Check", url: "https://factcheck.example/" },
    itemReviewed: { "@type": "Claim", author: { "@type": "Organization", name: claimant } },
    reviewRating: { "@type": "Rating", alternateName: "Mostly False" },
  });
  const ONE_ACTOR = `{ entities(filter: { nameOrAlias: { in: ["Opponents of sanctuary policies"] } }, includeMerged: true) { nodes { slug } }
    named: entities(filter: { slug: { startsWith: "opponents-of" } }, includeMerged: true) { nodes { slug } } }`;

  it("importing the same ClaimReview twice under other spellings (case, accents) leaves one entity", async () => {
    for (const [n, claimant] of ["opponents of Sanctuary Policies", "Opponents of sanctuary pólicies"].entries()) {
      const result = (await ok(IMPORT, { r: [review(claimant, n)] })).importBundle;
      expect(result.rejected).toEqual([]);
      expect(result.applied).toBe(true);
      expect(result.entityMatches).toEqual([
        {
          at: "/records/0",
          slug: "opponents-of-sanctuary-policies",
          name: claimant,
          entity: { slug: "sanctuary-policy-opponents", name: "Opponents of sanctuary policies" },
          by: "name",
          used: true,
        },
      ]);
    }
    const data = await ok(ONE_ACTOR);
    expect(data.entities.nodes).toEqual([{ slug: "sanctuary-policy-opponents" }]);
    expect(data.named.nodes).toEqual([]);
    const claims = await ok(
      `{ claims(filter: { text: { equals: "Sanctuary policies make cities less safe." } }) { nodes { claimants { slug } reviews { totalCount } } } }`,
    );
    expect(claims.claims.nodes).toEqual([
      { claimants: [{ slug: "sanctuary-policy-opponents" }], reviews: { totalCount: 2 } },
    ]);
  });

  it("a bundle record with its own slug is created, and the same-name entity reported as a near miss", async () => {
    const result = (
      await ok(IMPORT, {
        r: [{ type: "entity", slug: "sanctuary-foes", kind: "GROUP", name: "OPPONENTS of sanctuary policies" }],
      })
    ).importBundle;
    expect(result.applied).toBe(true);
    expect(result.entityMatches).toEqual([
      {
        at: "/records/0",
        slug: "sanctuary-foes",
        name: "OPPONENTS of sanctuary policies",
        entity: { slug: "sanctuary-policy-opponents", name: "Opponents of sanctuary policies" },
        by: "name",
        used: false,
      },
    ]);
    expect((await ok(`{ entity(slug: "sanctuary-foes") { slug } }`)).entity).toEqual({ slug: "sanctuary-foes" });
  });

  it("a record with an existing entity's external ID resolves to it, in the rest of the import too", async () => {
    await create({
      slug: "ext-bureau",
      kind: "GOVERNMENT_BODY",
      name: "Ext Bureau",
      externalIds: { wikidata: "Q9990010" },
    });
    const result = (
      await ok(IMPORT, {
        r: [
          {
            type: "entity",
            slug: "the-bureau",
            kind: "GOVERNMENT_BODY",
            name: "The Bureau",
            externalIds: { wikidata: "Q9990010" },
          },
          {
            type: "entityRelation",
            subject: "the-bureau",
            predicate: "LOCATED_IN",
            object: "sanctuary-policy-opponents",
          },
        ],
      })
    ).importBundle;
    expect(result.rejected).toEqual([]);
    expect(result.entityMatches).toEqual([
      {
        at: "/records/0",
        slug: "the-bureau",
        name: "The Bureau",
        entity: { slug: "ext-bureau", name: "Ext Bureau" },
        by: "externalId",
        used: true,
      },
    ]);
    const data = await ok(
      `{ entity(slug: "ext-bureau") { relationsOut { nodes { object { slug } } } } gone: entity(slug: "the-bureau") { slug } }`,
    );
    expect(data.gone).toBeNull();
    expect(data.entity.relationsOut.nodes).toEqual([{ object: { slug: "sanctuary-policy-opponents" } }]);
  });
});
