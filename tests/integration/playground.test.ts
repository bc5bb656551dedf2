import { EXAMPLE_QUERIES } from "../../src/playground/examples";
import { useTestServer } from "../support/lifecycle";

const suite = useTestServer({ template: "story" });

describe("the playground", () => {
  it("serves GraphiQL to browsers at /graphql with every asset from this server", async () => {
    const response = await fetch(`${suite.server.url}/graphql`, {
      headers: { accept: "text/html,application/xhtml+xml" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await response.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url.startsWith("/")).toBe(true); // nothing from a CDN: it must work offline
      const asset = await fetch(`${suite.server.url}${url}`);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const config = JSON.parse(
      html.match(/<script id="claimbase-config" type="application\/json">(.*?)<\/script>/s)![1]!,
    );
    expect(config.endpoint).toBe("/graphql");
    expect(config.tabs).toHaveLength(EXAMPLE_QUERIES.length);
  });

  it("keeps serving JSON to API clients on the same path", async () => {
    const response = await fetch(`${suite.server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(await response.json()).toMatchObject({ data: { __typename: "Query" } });
  });

  it.each(EXAMPLE_QUERIES.map((example) => [example.title, example.query]))(
    "answers the example %s with story data and no errors",
    async (_title, query) => {
      const { data, errors } = await suite.server.gql(query);
      expect(errors).toBeUndefined();
      for (const answer of Object.values(data!)) {
        expect(answer).not.toBeNull();
        if (answer.nodes) expect(answer.nodes.length).toBeGreaterThan(0);
      }
    },
  );

  it("shows every viewpoint, their stances, and every claim's quotes with source, offsets and speakers", async () => {
    const sides = await suite.server.gql(EXAMPLE_QUERIES[0]!.query);
    expect(sides.data!.viewpoints.totalCount).toBe(4);
    for (const viewpoint of sides.data!.viewpoints.nodes) {
      expect(viewpoint.stances.totalCount).toBeGreaterThan(0);
      expect(viewpoint.membersConnection.nodes).toHaveLength(viewpoint.membersConnection.totalCount);
      expect(viewpoint.membersConnection.totalCount).toBeGreaterThan(0);
    }
    const claims = await suite.server.gql(EXAMPLE_QUERIES[1]!.query);
    for (const claim of claims.data!.claims.nodes) {
      expect(claim.appearancesConnection.totalCount).toBeGreaterThan(0);
      for (const quote of claim.appearancesConnection.nodes) {
        expect(quote).toMatchObject({ exact: expect.any(String), start: expect.any(Number), end: expect.any(Number) });
        expect(quote.speakers.length).toBeGreaterThan(0);
        expect(quote.source.title).toEqual(expect.any(String));
      }
    }
  });
});
