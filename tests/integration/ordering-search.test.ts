import { buildQueryFixture } from "../support/query-fixture";
import { useTestServer } from "../support/lifecycle";

let fx: Awaited<ReturnType<typeof buildQueryFixture>>;
const label = new Map<string, string>();

const suite = useTestServer({
  template: "empty",
  prepare: async (db) => {
    fx = await buildQueryFixture(db.prisma);
    for (const name of ["c1", "c2", "c3", "c4", "c5"] as const) label.set(fx[name].text, name);
  },
});

interface Page {
  nodes: { text: string }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean; startCursor: string | null; hasPreviousPage: boolean };
}

async function claimsPage(variables: Record<string, unknown>): Promise<Page> {
  const { data, errors } = await suite.server.gql<{ claims: Page }>(
    `query($orderBy: [ClaimOrder!], $first: Int, $after: String, $last: Int, $before: String, $search: String, $count: Boolean = false) {
      claims(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, search: $search) {
        totalCount @include(if: $count)
        nodes { text } pageInfo { endCursor hasNextPage startCursor hasPreviousPage } } }`,
    variables,
  );
  expect(errors).toBeUndefined();
  return data!.claims;
}

const names = (page: Page) => page.nodes.map((n) => label.get(n.text));

/**
 * Walks an ordering two items at a time, forwards and backwards; both walks must equal the full list.
 * Under a search, again with totalCount asked (a searched page with its count finds its matches once,
 * pagination.ts's matchOnce, and pages them by the same cursors).
 */
async function walk(orderBy: unknown, search?: string): Promise<string[]> {
  const all = names(await claimsPage({ orderBy, first: 100, search }));
  for (const count of search ? [false, true] : [false]) {
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await claimsPage({ orderBy, first: 2, after, search, count });
      forward.push(...(names(page) as string[]));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = await claimsPage({ orderBy, last: 2, before, search, count });
      backward.unshift(...(names(page) as string[]));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(forward).toEqual(all);
    expect(backward).toEqual(all);
  }
  return all as string[];
}

describe("ordering", () => {
  it("defaults to insertion order", async () => {
    expect(await walk(null)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
  });

  it("orders by text both ways, with keyset pages that agree", async () => {
    expect(await walk([{ field: "TEXT" }])).toEqual(["c3", "c2", "c5", "c1", "c4"]); // "fifty" < "five"
    expect(await walk([{ field: "TEXT", direction: "DESC" }])).toEqual(["c4", "c1", "c5", "c2", "c3"]);
  });

  it("puts claims without a date last ascending and first descending", async () => {
    expect(await walk([{ field: "STATED_AT" }])).toEqual(["c3", "c1", "c2", "c4", "c5"]);
    expect(await walk([{ field: "STATED_AT", direction: "DESC" }])).toEqual(["c5", "c4", "c2", "c1", "c3"]);
  });

  it("orders by several keys, mixed directions, with insertion order breaking ties", async () => {
    expect(await walk([{ field: "KIND" }, { field: "TEXT", direction: "DESC" }])).toEqual([
      "c1",
      "c5",
      "c3",
      "c2",
      "c4",
    ]);
    expect(await walk([{ field: "RANK", direction: "DESC" }, { field: "STATED_AT" }])).toEqual([
      "c5",
      "c3",
      "c1",
      "c2",
      "c4",
    ]);
  });

  it("orders nested lists and other types", async () => {
    const { data, errors } = await suite.server.gql(`{
      entities(orderBy: [{ field: NAME, direction: DESC }], first: 3) { nodes { name } }
      sources(orderBy: [{ field: PUBLISHED_AT, direction: DESC }]) { nodes { title } }
      entity(slug: "bob") { claimsMade(orderBy: [{ field: TEXT }]) { nodes { text } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.entities.nodes.map((n: { name: string }) => n.name)).toEqual([
      "Springfield",
      "Fact Checker 100%_sure",
      "Daily Post",
    ]);
    expect(data!.sources.nodes.map((n: { title: string }) => n.title)).toEqual([
      "Check 1",
      "Growth blog",
      "Tax debate",
      "Taxes and crime",
    ]);
    expect(data!.entity.claimsMade.nodes.map((n: { text: string }) => label.get(n.text))).toEqual(["c3", "c2", "c5"]);
  });

  it("refuses a cursor from another ordering, and RELEVANCE without a search", async () => {
    const byText = await claimsPage({ orderBy: [{ field: "TEXT" }], first: 1 });
    const { errors } = await suite.server.gql(
      `query($after: String) { claims(after: $after, orderBy: [{ field: STATED_AT }]) { totalCount } }`,
      {
        after: byText.pageInfo.endCursor,
      },
    );
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const relevance = await suite.server.gql(`{ claims(orderBy: [{ field: RELEVANCE }]) { totalCount } }`);
    expect(relevance.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const tooMany = await suite.server.gql(
      `{ claims(orderBy: [${Array(6).fill("{ field: TEXT }").join(",")}]) { totalCount } }`,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("search on connections", () => {
  const search = async (text: string, extra = "") => {
    const { data, errors } = await suite.server.gql(
      `query($s: String) { claims(search: $s ${extra}) { totalCount nodes { text } } }`,
      { s: text },
    );
    expect(errors).toBeUndefined();
    return data!.claims.nodes.map((n: { text: string }) => label.get(n.text));
  };

  it("matches words by stem, ranks by relevance, and pages by relevance", async () => {
    expect((await search("tax")).sort()).toEqual(["c1", "c2", "c5"]);
    expect(await walk(null, "taxes percent")).toEqual(["c1", "c5"]);
    // Another ordering under a search: a timestamp key, kept to the microsecond through the match set.
    expect(await walk([{ field: "STATED_AT", direction: "DESC" }], "tax")).toEqual(
      (await walk([{ field: "STATED_AT", direction: "DESC" }])).filter((c) => ["c1", "c2", "c5"].includes(c)),
    );
  });

  it("supports phrases, OR and exclusion", async () => {
    expect(await search('"five percent"')).toEqual(["c1"]);
    expect((await search("crime OR grow")).sort()).toEqual(["c3", "c4"]);
    expect((await search("taxes -fifty")).sort()).toEqual(["c1", "c2"]);
  });

  it("treats a blank search as no search, and combines search with filters and ordering", async () => {
    expect((await search("   ")).length).toBe(5);
    expect(await search("taxes", `, filter: { rank: { equals: NORMAL } }, orderBy: [{ field: TEXT }]`)).toEqual([
      "c2",
      "c1",
    ]);
  });

  it("finds entities by misspelled names and aliases", async () => {
    const { data } = await suite.server.gql(`{
      a: entities(search: "alice jonson") { nodes { slug } }
      d: entities(search: "springfeld") { nodes { slug } }
      b: entities(search: "the post") { nodes { slug } }
      c: entities(search: "councillor") { nodes { slug } } }`);
    expect(data!.a.nodes).toEqual([{ slug: "alice" }]);
    expect(data!.b.nodes[0]).toEqual({ slug: "daily-post" });
    expect(data!.c.nodes).toEqual([{ slug: "alice" }]);
    expect(data!.d.nodes).toEqual([{ slug: "springfield" }]);
  });
});

describe("root search", () => {
  it("returns ranked hits of several types with highlighted snippets", async () => {
    const { data, errors } = await suite.server.gql(`{ search(query: "crime policy") { totalCount
      nodes { rank snippet node { __typename ... on Claim { text } ... on Quote { exact } ... on Source { title } } } } }`);
    expect(errors).toBeUndefined();
    const types = data!.search.nodes.map((n: { node: { __typename: string } }) => n.node.__typename);
    expect(types).toEqual(expect.arrayContaining(["Claim", "Quote", "Source"]));
    expect(data!.search.totalCount).toBe(data!.search.nodes.length);
    const ranks = data!.search.nodes.map((n: { rank: number }) => n.rank);
    expect(ranks).toEqual([...ranks].sort((x, y) => y - x));
    for (const hit of data!.search.nodes) expect(hit.snippet).toMatch(/<mark>(Crime|policy)<\/mark>/i);
  });

  it("limits results to the types asked and pages through them with cursors", async () => {
    const all = await suite.server.gql(
      `{ search(query: "taxes", types: [CLAIM, QUOTE]) { totalCount nodes { node { __typename } } } }`,
    );
    const total = all.data!.search.totalCount;
    expect(
      all.data!.search.nodes.every((n: { node: { __typename: string } }) =>
        ["Claim", "Quote"].includes(n.node.__typename),
      ),
    ).toBe(true);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const page: any = await suite.server.gql(
        `query($after: String) { search(query: "taxes", types: [CLAIM, QUOTE], first: 2, after: $after) {
          pageInfo { hasNextPage endCursor } nodes { node { ... on Claim { id } ... on Quote { id } } } } }`,
        { after },
      );
      seen.push(...page.data.search.nodes.map((n: { node: { id: string } }) => n.node.id));
      if (!page.data.search.pageInfo.hasNextPage) break;
      after = page.data.search.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("refuses an empty query", async () => {
    const { errors } = await suite.server.gql(`{ search(query: "  ") { totalCount } }`);
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("statement counts", () => {
  it("do not grow with page size for a filtered, searched, 3-level query", async () => {
    for (let i = 0; i < 30; i += 1) {
      const entity = await suite.db.prisma.entity.create({
        data: { slug: `extra-${i}`, kind: "PERSON", name: `Extra tax person ${i}` },
      });
      await suite.db.prisma.claim.create({
        data: {
          text: `Extra claim about taxes ${i}`,
          kind: "FACTUAL",
          fingerprint: String(i).padStart(64, "a"),
          claimants: { create: [{ entityId: entity.id }] },
          stances: { create: [{ position: "SUPPORTS", holderEntityId: entity.id }] },
        },
      });
    }
    const query = `query($n: Int!) {
      entities(first: $n, search: "tax", filter: { kind: { equals: PERSON } }, orderBy: [{ field: NAME }]) {
        totalCount
        nodes { name
          claimsMade(first: $n, filter: { kind: { in: [FACTUAL, CAUSAL] } }, search: "taxes") {
            totalCount
            nodes { text claimants { name } stances(first: $n, filter: { position: { equals: SUPPORTS } }) { nodes { position } } }
          }
        }
      }
    }`;
    const small = await suite.server.gqlCounted(query, { n: 5 });
    const large = await suite.server.gqlCounted(query, { n: 100 });
    expect(small.response.errors).toBeUndefined();
    expect(large.response.errors).toBeUndefined();
    expect(large.response.data!.entities.nodes.length).toBeGreaterThan(small.response.data!.entities.nodes.length);
    expect(large.statements).toBe(small.statements);
  });
});
