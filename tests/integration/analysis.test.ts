import { toGlobalId } from "../../src/shared/global-id";
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

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const { data, errors } = await suite.server.gql(query, variables);
  expect(errors).toBeUndefined();
  return data;
}

const buckets = (list: { key: string; label: string; count: number }[], by: "key" | "label" = "key") =>
  list.map((b) => [b[by], b.count]);

describe("coverage", () => {
  const COVERAGE = { c1: [1, 1, 0], c2: [1, 1, 2], c3: [2, 1, 2], c4: [1, 0, 2], c5: [0, 0, 0] };
  const triple = (c: { sources: number; publishers: number; viewpoints: number }) => [
    c.sources,
    c.publishers,
    c.viewpoints,
  ];

  it("counts each claim's sources, publishers and viewpoints in the page's one statement", async () => {
    const { response, statements } = await suite.server.gqlCounted(
      `{ claims(first: 10) { totalCount nodes { text coverage { sources publishers viewpoints } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(statements).toBe(1);
    const got = Object.fromEntries(
      response.data!.claims.nodes.map((n: any) => [label.get(n.text), triple(n.coverage)]),
    );
    expect(got).toEqual(COVERAGE);
  });

  it("answers a single lookup the same, and counts the coverage of claims asked one by one in their lookup's statement", async () => {
    const { response, statements } = await suite.server.gqlCounted(
      `query($a: ID!, $b: ID!) { a: claim(id: $a) { coverage { sources publishers viewpoints } }
        b: claim(id: $b) { coverage { sources publishers viewpoints } } }`,
      { a: toGlobalId("Claim", fx.c3.id), b: toGlobalId("Claim", fx.c4.id) },
    );
    expect(response.errors).toBeUndefined();
    expect(triple(response.data!.a.coverage)).toEqual(COVERAGE.c3);
    expect(triple(response.data!.b.coverage)).toEqual(COVERAGE.c4);
    // Two lookups batched into one statement, which counts both claims' coverage too (prefetch.ts).
    expect(statements).toBe(1);
  });

  it("orders claims by coverage, with pages that continue where they stopped", async () => {
    const order = async (field: string, direction: string) =>
      (
        await ok(`{ claims(first: 10, orderBy: [{ field: ${field}, direction: ${direction} }]) { nodes { text } } }`)
      ).claims.nodes.map((n: { text: string }) => label.get(n.text));
    expect(await order("COVERAGE_PUBLISHERS", "ASC")).toEqual(["c4", "c5", "c1", "c2", "c3"]);
    expect(await order("COVERAGE_SOURCES", "DESC")).toEqual(["c3", "c4", "c2", "c1", "c5"]);
    expect((await order("COVERAGE_VIEWPOINTS", "DESC")).slice(3)).toEqual(["c5", "c1"]);
    const first = await ok(
      `{ claims(first: 2, orderBy: [{ field: COVERAGE_SOURCES, direction: DESC }]) { nodes { text } pageInfo { endCursor } } }`,
    );
    const next = await ok(
      `query($after: String) { claims(first: 10, after: $after, orderBy: [{ field: COVERAGE_SOURCES, direction: DESC }]) { nodes { text } } }`,
      { after: first.claims.pageInfo.endCursor },
    );
    expect(next.claims.nodes.map((n: { text: string }) => label.get(n.text))).toEqual(["c2", "c1", "c5"]);
  });
});

describe("facets", () => {
  it("counts claims by every facet, exactly", async () => {
    const data = await ok(`{ claimFacets {
      byKind { key label count } byRank { key count } byRating { key count } byMonth { key count }
      byClaimant { key label count nodeId } byViewpoint { key label count } byStancePosition { key count }
      byPublisher { label count } } }`);
    const f = data.claimFacets;
    expect(buckets(f.byKind)).toEqual([
      ["FACTUAL", 2],
      ["CAUSAL", 1],
      ["NORMATIVE", 1],
      ["PREDICTIVE", 1],
    ]);
    expect(buckets(f.byRank)).toEqual([
      ["NORMAL", 4],
      ["DEPRECATED", 1],
    ]);
    expect(buckets(f.byRating)).toEqual([
      ["FALSE", 1],
      ["TRUE", 1],
    ]);
    expect(buckets(f.byMonth)).toEqual([
      ["2019-07", 1],
      ["2021-03", 1],
      ["2024-05", 1],
      ["undated", 2],
    ]);
    expect(buckets(f.byClaimant, "label")).toEqual([
      ["Bob Smith", 3],
      ["Alice Johnson", 2],
      ["Daily Post", 1],
    ]);
    expect(f.byClaimant[0].key).toBe(toGlobalId("Entity", fx.bob.id));
    expect(f.byClaimant[0].nodeId).toBe(f.byClaimant[0].key);
    expect(buckets(f.byViewpoint, "label")).toEqual([
      ["Low taxes", 3],
      ["Public spending", 3],
    ]);
    expect(buckets(f.byStancePosition)).toEqual([
      ["SUPPORTS", 4],
      ["OPPOSES", 2],
      ["QUALIFIES", 1],
    ]);
    // c4 appears only in a source without a publisher; c5 appears nowhere.
    expect(buckets(f.byPublisher, "label")).toEqual([
      ["Daily Post", 3],
      ["No publisher", 1],
    ]);
    expect(f.byKind[0].nodeId).toBeUndefined();
  });

  it("counts under the same filter and search as the list, in one request", async () => {
    const data = await ok(
      `query($f: ClaimFilter, $s: String) {
        claims(filter: $f, search: $s) { totalCount }
        claimFacets(filter: $f, search: $s) { byKind { key count } byClaimant { label count } } }`,
      { f: { rank: { equals: "NORMAL" } }, s: "taxes" },
    );
    expect(data.claims.totalCount).toBe(2);
    expect(buckets(data.claimFacets.byKind)).toEqual([
      ["FACTUAL", 1],
      ["NORMATIVE", 1],
    ]);
    const total = data.claimFacets.byKind.reduce((sum: number, b: { count: number }) => sum + b.count, 0);
    expect(total).toBe(data.claims.totalCount);
    expect(buckets(data.claimFacets.byClaimant, "label")).toEqual([
      ["Alice Johnson", 1],
      ["Bob Smith", 1],
    ]);
  });

  it("limits buckets and refuses limits out of range", async () => {
    const data = await ok(`{ claimFacets { byClaimant(limit: 1) { label } } }`);
    expect(data.claimFacets.byClaimant).toEqual([{ label: "Bob Smith" }]);
    const { errors } = await suite.server.gql(`{ claimFacets { byKind(limit: 0) { key } } }`);
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("counts sources by kind, publisher, month and language", async () => {
    const data = await ok(
      `{ sourceFacets { byKind { key count } byPublisher { label count } byMonth { key count } byLanguage { key count } } }`,
    );
    const f = data.sourceFacets;
    expect(buckets(f.byKind)).toEqual([
      ["NEWS_ARTICLE", 3],
      ["FACT_CHECK", 1],
    ]);
    expect(buckets(f.byPublisher, "label")).toEqual([
      ["Daily Post", 2],
      ["No publisher", 2],
    ]);
    expect(buckets(f.byMonth)).toEqual([
      ["2020-01", 1],
      ["2024-05", 1],
      ["undated", 2],
    ]);
    expect(buckets(f.byLanguage)).toEqual([
      ["en", 3],
      ["unknown", 1],
    ]);
  });

  it("sends one statement per facet asked", async () => {
    const one = await suite.server.gqlCounted(`{ claimFacets { byKind { key } } }`);
    const three = await suite.server.gqlCounted(
      `{ claimFacets { byKind { key } byRating { key } byClaimant { key } } }`,
    );
    expect(one.statements).toBe(1);
    expect(three.statements).toBe(3);
  });
});

describe("argument graph", () => {
  const graph = async (claim: string, args: string) => {
    const data = await ok(
      `query($id: ID!) { claim(id: $id) { argumentGraph(${args}) {
      truncated nodes { depth claim { text } } edges { kind from { text } to { text } } } } }`,
      {
        id: toGlobalId("Claim", claim),
      },
    );
    const g = data.claim.argumentGraph;
    return {
      nodes: g.nodes.map((n: { depth: number; claim: { text: string } }) => [label.get(n.claim.text), n.depth]),
      edges: g.edges.map(
        (e: { kind: string; from: { text: string }; to: { text: string } }) =>
          `${label.get(e.from.text)}-${e.kind}->${label.get(e.to.text)}`,
      ),
      truncated: g.truncated,
    };
  };

  it("walks links in both directions to the depth asked, through a cycle", async () => {
    expect(await graph(fx.c1.id, "depth: 0")).toEqual({ nodes: [["c1", 0]], edges: [], truncated: false });
    expect(await graph(fx.c1.id, "depth: 1")).toEqual({
      nodes: [
        ["c1", 0],
        ["c2", 1],
      ],
      edges: ["c1-ATTACKS->c2"],
      truncated: false,
    });
    const two = await graph(fx.c1.id, "depth: 2");
    expect(two.nodes).toEqual(
      expect.arrayContaining([
        ["c1", 0],
        ["c2", 1],
        ["c3", 2],
        ["c4", 2],
      ]),
    );
    expect(two.nodes).toHaveLength(4);
    expect(two.edges.sort()).toEqual(["c1-ATTACKS->c2", "c2-SUPPORTS->c4", "c3-SUPPORTS->c2", "c4-QUALIFIES->c3"]);
    const five = await graph(fx.c1.id, "depth: 5");
    expect(five.nodes).toHaveLength(4);
  });

  it("follows only the kinds asked, and leaves an isolated claim alone", async () => {
    expect(await graph(fx.c1.id, "depth: 5, kinds: [ATTACKS]")).toEqual({
      nodes: [
        ["c1", 0],
        ["c2", 1],
      ],
      edges: ["c1-ATTACKS->c2"],
      truncated: false,
    });
    expect(await graph(fx.c5.id, "depth: 3")).toEqual({ nodes: [["c5", 0]], edges: [], truncated: false });
  });

  it("answers in a bounded number of statements, and refuses depths past 5", async () => {
    const { statements } = await suite.server.gqlCounted(
      `query($id: ID!) { claim(id: $id) { argumentGraph(depth: 5) { nodes { claim { text } } edges { kind } } } }`,
      { id: toGlobalId("Claim", fx.c1.id) },
    );
    expect(statements).toBeLessThanOrEqual(4);
    const { errors } = await suite.server.gql(
      `query($id: ID!) { claim(id: $id) { argumentGraph(depth: 6) { truncated } } }`,
      {
        id: toGlobalId("Claim", fx.c1.id),
      },
    );
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("disagreement", () => {
  it("lists contested claims: opposing stances, or attacked and contradicted claims", async () => {
    const data = await ok(`{ contestedClaims { totalCount nodes { text } }
      filtered: contestedClaims(filter: { kind: { equals: NORMATIVE } }) { nodes { text } } }`);
    expect(data.contestedClaims.nodes.map((n: { text: string }) => label.get(n.text))).toEqual(["c1", "c2"]);
    expect(data.contestedClaims.totalCount).toBe(2);
    expect(data.filtered.nodes.map((n: { text: string }) => label.get(n.text))).toEqual(["c2"]);
  });

  it("compares two viewpoints: agreements, disagreements, differences, and claims only one addresses", async () => {
    const c = (list: { claim: { text: string } }[]) => list.map((item) => label.get(item.claim.text));
    const data = await ok(`{ compareViewpoints(a: "low-taxes", b: "public-spending") {
      agreements { claim { text } stanceA { position } stanceB { position } }
      disagreements { claim { text } stanceA { position } stanceB { position } }
      differences { claim { text } stanceA { position } stanceB { position } }
      onlyA { claim { text } } onlyB { claim { text } } } }`);
    const cmp = data.compareViewpoints;
    expect(c(cmp.agreements)).toEqual(["c3"]);
    expect(c(cmp.disagreements)).toEqual(["c2"]);
    expect(cmp.disagreements[0]).toMatchObject({ stanceA: { position: "SUPPORTS" }, stanceB: { position: "OPPOSES" } });
    expect(c(cmp.differences)).toEqual(["c4"]);
    expect(cmp.onlyA).toEqual([]);
    expect(cmp.onlyB).toEqual([]);
    const byId = await ok(
      `query($a: ID!, $b: ID!) { compareViewpoints(a: $a, b: $b) { onlyA { claim { text } } disagreements { claim { text } } } }`,
      {
        a: toGlobalId("Viewpoint", fx.v2.id),
        b: toGlobalId("Viewpoint", fx.v1.id),
      },
    );
    expect(c(byId.compareViewpoints.disagreements)).toEqual(["c2"]);
  });

  it("refuses an unknown viewpoint", async () => {
    const { errors } = await suite.server.gql(
      `{ compareViewpoints(a: "low-taxes", b: "nope") { onlyA { claim { id } } } }`,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "b" });
  });
});
