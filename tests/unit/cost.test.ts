import { type OperationDefinitionNode, parse } from "graphql";
import { estimateCost } from "../../src/limits/cost";

/**
 * The cost estimate (src/limits/cost.ts) without a server: how many objects a query may return,
 * counted from its page sizes before it runs. tests/integration/hostile.test.ts checks the refusals
 * it leads to over HTTP.
 */

function cost(query: string, variables: Record<string, unknown> = {}, defaultPageSize?: number): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition",
  )!;
  return estimateCost(document, operation, variables, defaultPageSize ? { defaultPageSize } : {});
}

describe("estimateCost", () => {
  it("counts a page by its first or last", () => {
    expect(cost(`{ claims(first: 5) { nodes { id text } } }`)).toBe(5);
    expect(cost(`{ claims(last: 4) { edges { node { id } } } }`)).toBe(4);
  });

  it("counts a connection without first or last at the default page size (20, or as configured)", () => {
    expect(cost(`{ entities { totalCount nodes { slug } } }`)).toBe(20);
    expect(cost(`{ entities { nodes { slug } } }`, {}, 50)).toBe(50);
  });

  it("multiplies nested pages by the pages around them", () => {
    expect(cost(`{ entities(first: 10) { nodes { claimsMade(first: 3) { nodes { id } } } } }`)).toBe(10 + 10 * 3);
    // The case hostile.test.ts sends anonymously (cost 60,100 over a limit of 25,000).
    expect(
      cost(
        `{ entities(first: 100) { nodes { claimsMade(first: 100) { nodes { stances(first: 5) { nodes { id } } } } } } }`,
      ),
    ).toBe(60_100);
  });

  it("adds up sibling lists", () => {
    expect(cost(`{ a: claims(first: 5) { nodes { id } } b: entities(first: 7) { nodes { id } } }`)).toBe(12);
  });

  it("lets objects and plain lists ride along with their parent", () => {
    expect(cost(`{ claims(first: 5) { nodes { claimants { name } appearances { exact source { title } } } } }`)).toBe(
      5,
    );
    expect(cost(`{ entity(slug: "x") { name } }`)).toBe(0);
  });

  it("reads page sizes from variables, and from their declared defaults", () => {
    const query = `query($n: Int) { claims(first: $n) { nodes { id } } }`;
    expect(cost(query, { n: 7 })).toBe(7);
    expect(cost(`query($n: Int = 9) { claims(first: $n) { nodes { id } } }`)).toBe(9);
    expect(cost(`query($n: Int = 9) { claims(first: $n) { nodes { id } } }`, { n: 3 })).toBe(3);
    // Sent as something else than a number: counted at the default page size (validation refuses it later).
    expect(cost(query, { n: "lots" })).toBe(20);
    expect(
      cost(
        `query($n: Int) { entities(first: $n) { nodes { claimsMade(first: $n) { nodes {
      stances(first: $n) { nodes { id } } } } } } }`,
        { n: 100 },
      ),
    ).toBe(1_010_100);
  });

  it("counts nodes(ids:) by the number of IDs, and facet buckets by their limit", () => {
    expect(cost(`{ nodes(ids: ["a", "b", "c"]) { id } }`)).toBe(3);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ["a", "b"] })).toBe(2);
    expect(cost(`{ claimFacets { byClaimant(limit: 5) { label } byKind { key } } }`)).toBe(5);
  });

  it("counts argumentGraph as its largest graph, 500 claims", () => {
    expect(cost(`{ claims(first: 2) { nodes { argumentGraph(depth: 5) { nodes { claim { id } } } } } }`)).toBe(
      2 + 2 * 500,
    );
  });

  it("counts fragments and inline fragments where they are spread, and survives a fragment cycle", () => {
    const spread = `{ entities(first: 4) { ...Page } } fragment Page on EntityConnection { nodes { ... on Entity {
      claimsMade(first: 2) { nodes { id } } } } }`;
    expect(cost(spread)).toBe(4 + 4 * 2);
    const cycle = `{ entities(first: 2) { nodes { ...A } } } fragment A on Entity { claimsMade(first: 3) { nodes { id } } ...B }
      fragment B on Entity { ...A }`;
    // A fragment already being walked is not walked again inside itself (validation refuses cycles anyway).
    expect(cost(cycle)).toBe(2 + 2 * 3);
  });

  it("skips introspection fields", () => {
    expect(cost(`{ __schema { types { name fields { name } } } }`)).toBe(0);
  });

  it("refuses a page size that is not a GraphQL Int with BAD_USER_INPUT, naming the argument", () => {
    const query = `query($n: Int) { claims(first: $n) { nodes { id } } }`;
    for (const n of [2.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 63]) {
      expect(() => cost(query, { n })).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "first" }) }),
      );
    }
    expect(() => cost(`query($n: Int) { claims(last: $n) { nodes { id } } }`, { n: 0.5 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argument: "last" }) }),
    );
  });
});
