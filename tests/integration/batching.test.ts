import { makeClaim, makeEntities, makeQuote, makeSource } from "../support/builders";
import { useTestServer } from "../support/lifecycle";

/**
 * N+1 can never come back silently: the SQL statements a nested query sends depend on its shape
 * (nesting depth, fields asked), never on its page sizes.
 */

const NESTED = `query Nested($n: Int!) {
  entities(first: $n) {
    totalCount
    pageInfo { hasNextPage }
    nodes {
      name
      claimsMade(first: $n) {
        totalCount
        nodes {
          text
          claimants { name }
          appearances { exact start end source { title publisher { name } } }
          stances(first: $n) { nodes { position holder { ... on Entity { name } ... on Viewpoint { title } } } }
        }
      }
    }
  }
}`;

const suite = useTestServer({
  template: "empty",
  prepare: async (db) => {
    const entities = await makeEntities(db.prisma, 120, "actor");
    const publisher = entities[0]!;
    const text = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} is here.`).join(" ");
    const source = await db.prisma.source.update({
      where: { id: (await makeSource(db.prisma, text)).id },
      data: { publisherId: publisher.id },
    });
    // Every entity makes two claims, each quoted once and held by the next entity.
    for (const [i, entity] of entities.entries()) {
      const quote = await makeQuote(db.prisma, source, `Sentence number ${i} is here.`);
      for (const j of [0, 1]) {
        const claim = await makeClaim(db.prisma, `Claim ${j} of ${entity.slug}`, [entity], [quote.id]);
        const holder = entities[(i + 1) % entities.length]!;
        await db.prisma.stance.create({ data: { claimId: claim.id, holderEntityId: holder.id, position: "SUPPORTS" } });
      }
    }
  },
});

describe("batching", () => {
  it("sends the same number of statements for a 3-level nested page of 20 and of 100", async () => {
    const small = await suite.server.gqlCounted(NESTED, { n: 20 });
    const large = await suite.server.gqlCounted(NESTED, { n: 100 });
    expect(small.response.errors).toBeUndefined();
    expect(large.response.errors).toBeUndefined();
    expect(small.response.data!.entities.nodes).toHaveLength(20);
    expect(large.response.data!.entities.nodes).toHaveLength(100);
    expect(large.response.data!.entities.nodes[5].claimsMade.nodes[0].appearances).toHaveLength(1);
    expect(large.statements).toBe(small.statements);
    // One statement per list, edge and count of the query's shape; none per item.
    expect(large.statements).toBeLessThanOrEqual(12);
    process.stdout.write(
      `SQL statements for the nested query: n=20 -> ${small.statements}, n=100 -> ${large.statements}\n`,
    );
  });

  it("answers a nested page with the same data as asking parent by parent", async () => {
    const nested = await suite.server.gql(NESTED, { n: 3 });
    for (const entity of nested.data!.entities.nodes) {
      const { data } = await suite.server.gql(
        `query One($name: String!) { entities(first: 1, filter: { name: { equals: $name } }) { nodes {
          claimsMade(first: 3) { totalCount nodes { text } } } } }`,
        { name: entity.name },
      );
      const alone = data!.entities.nodes[0].claimsMade;
      expect(alone.totalCount).toBe(entity.claimsMade.totalCount);
      expect(alone.nodes.map((c: { text: string }) => c.text)).toEqual(
        entity.claimsMade.nodes.map((c: { text: string }) => c.text),
      );
    }
  });

  it("batches the connections that replaced plain lists (appearancesConnection) the same way", async () => {
    const query = `query Nested($n: Int!) { entities(first: $n) { nodes { claimsMade(first: $n) { nodes {
      appearances { exact }
      appearancesConnection(first: $n) { totalCount pageInfo { hasNextPage } nodes { exact source { title } } }
    } } } } }`;
    const small = await suite.server.gqlCounted(query, { n: 20 });
    const large = await suite.server.gqlCounted(query, { n: 100 });
    expect(small.response.errors).toBeUndefined();
    expect(large.response.errors).toBeUndefined();
    const claims = large.response.data!.entities.nodes.flatMap((e: any) => e.claimsMade.nodes);
    expect(claims).toHaveLength(200);
    for (const claim of claims) {
      expect(claim.appearancesConnection.totalCount).toBe(1);
      expect(claim.appearancesConnection.pageInfo.hasNextPage).toBe(false);
      expect(claim.appearancesConnection.nodes.map((q: { exact: string }) => ({ exact: q.exact }))).toEqual(
        claim.appearances,
      );
    }
    // One statement per list of the query's shape (the appearances' page and count together), none per claim:
    // entities, claimsMade (with the deprecated appearances looked ahead), appearancesConnection, sources.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(5);
    process.stdout.write(
      `SQL statements with appearancesConnection: n=20 -> ${small.statements}, n=100 -> ${large.statements}\n`,
    );
  });

  it("pages nested lists independently per parent", async () => {
    const { data, errors } = await suite.server.gql(`{ entities(first: 3) { nodes { slug claimsMade(first: 1) {
      totalCount pageInfo { hasNextPage endCursor } nodes { text } } } } }`);
    expect(errors).toBeUndefined();
    for (const entity of data!.entities.nodes) {
      expect(entity.claimsMade.totalCount).toBe(2);
      expect(entity.claimsMade.pageInfo.hasNextPage).toBe(true);
      expect(entity.claimsMade.nodes[0].text).toBe(`Claim 0 of ${entity.slug}`);
    }
  });
});

describe("a page and its totalCount", () => {
  const slugs = (data: any) => data.entities.nodes.map((n: { slug: string }) => n.slug);

  it("come in one statement, also through a fragment, and agree with asking separately", async () => {
    const both = await suite.server.gqlCounted(`{ entities(first: 5) { totalCount nodes { slug } } }`);
    expect(both.response.errors).toBeUndefined();
    expect(both.statements).toBe(1);
    const pageOnly = await suite.server.gqlCounted(`{ entities(first: 5) { nodes { slug } } }`);
    expect(pageOnly.statements).toBe(1);
    expect(slugs(both.response.data)).toEqual(slugs(pageOnly.response.data));
    expect(both.response.data!.entities.totalCount).toBe(120);

    const fragment = await suite.server.gqlCounted(
      `{ entities(first: 5) { ...Counted } } fragment Counted on EntityConnection { totalCount nodes { slug } }`,
    );
    expect(fragment.statements).toBe(1);
    expect(fragment.response.data).toEqual(both.response.data);
  });

  it("count every match when the page itself is empty (past the last item, or nothing matches)", async () => {
    const last = await suite.server.gql(`{ entities(last: 1) { pageInfo { endCursor } nodes { slug } } }`);
    const end = last.data!.entities.pageInfo.endCursor as string;
    const past = await suite.server.gqlCounted(
      `query($after: String!) { entities(first: 5, after: $after) { totalCount nodes { slug } pageInfo { hasNextPage } } }`,
      { after: end },
    );
    expect(past.response.errors).toBeUndefined();
    expect(past.response.data!.entities).toEqual({ totalCount: 120, nodes: [], pageInfo: { hasNextPage: false } });

    const none = await suite.server.gql(
      `{ entities(first: 5, filter: { name: { equals: "nobody at all" } }) { totalCount nodes { slug } } }`,
    );
    expect(none.data!.entities).toEqual({ totalCount: 0, nodes: [] });
  });

  it("keep the page order going backwards", async () => {
    const first = await suite.server.gql(`{ entities(first: 100) { pageInfo { endCursor } nodes { slug } } }`);
    const rest = await suite.server.gql(
      `query($after: String!) { entities(first: 100, after: $after) { nodes { slug } } }`,
      {
        after: first.data!.entities.pageInfo.endCursor,
      },
    );
    const all = [...slugs(first.data), ...slugs(rest.data)];
    expect(all).toHaveLength(120);
    const backward = await suite.server.gqlCounted(`{ entities(last: 3) { totalCount nodes { slug } } }`);
    expect(backward.statements).toBe(1);
    expect(backward.response.data!.entities.totalCount).toBe(120);
    expect(slugs(backward.response.data)).toEqual(all.slice(-3));
  });

  it("fold per parent in nested lists, a parent with no match getting 0", async () => {
    const query = `{ entities(first: 4) { nodes { slug
      all: claimsMade(first: 1) { totalCount nodes { text } }
      none: claimsMade(first: 1, filter: { text: { equals: "no such claim" } }) { totalCount nodes { text } }
      second: claimsMade(first: 1, filter: { text: { startsWith: "Claim 1" } }) { totalCount nodes { text } }
    } } }`;
    const { response, statements } = await suite.server.gqlCounted(query);
    expect(response.errors).toBeUndefined();
    // The root page with each alias's nested page and count inside it (prefetch.ts): one statement.
    expect(statements).toBe(1);
    for (const entity of response.data!.entities.nodes) {
      expect(entity.all).toEqual({ totalCount: 2, nodes: [{ text: `Claim 0 of ${entity.slug}` }] });
      expect(entity.none).toEqual({ totalCount: 0, nodes: [] });
      expect(entity.second).toEqual({ totalCount: 1, nodes: [{ text: `Claim 1 of ${entity.slug}` }] });
    }
  });
});

describe("child lists fetched with their page (lookahead)", () => {
  const PAGE = `{ entities(first: 3) { nodes { claimsMade(first: 2) { nodes { id text
    claimants { slug } appearances { exact start source { title text } } } } } } }`;

  it("come in the page's statement and answer as the lookups of each claim do", async () => {
    const { response, statements } = await suite.server.gqlCounted(
      `{ claims(first: 5) { nodes { id text claimants { slug } appearances { exact start source { title } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(statements).toBe(1);
    for (const claim of response.data!.claims.nodes) {
      const alone = await suite.server.gql(
        `query($id: ID!) { claim(id: $id) { id text claimants { slug } appearances { exact start source { title } } } }`,
        { id: claim.id },
      );
      expect(alone.errors).toBeUndefined();
      expect(alone.data!.claim).toEqual(claim);
    }
  });

  it("work nested, through fragments and aliases, and leave unprefetched fields to their loaders", async () => {
    const { response, statements } = await suite.server.gqlCounted(PAGE);
    expect(response.errors).toBeUndefined();
    // The entities page with the claimsMade pages inside it (with claimants and appearances -> source),
    // then the sources' texts (a large column, loaded by itself when asked for).
    expect(statements).toBe(2);
    const claims = response.data!.entities.nodes.flatMap((e: any) => e.claimsMade.nodes);
    expect(claims).toHaveLength(6);
    for (const claim of claims) {
      expect(claim.appearances).toHaveLength(1);
      expect(claim.appearances[0].source.text).toContain(claim.appearances[0].exact);
    }

    const aliased = await suite.server.gqlCounted(`{ claims(first: 3) { ...Who ...Where } }
      fragment Who on ClaimConnection { nodes { claimants { slug } } }
      fragment Where on ClaimConnection { edges { node { appearances { source { title } } } } }`);
    expect(aliased.response.errors).toBeUndefined();
    expect(aliased.statements).toBe(1);
    const plain = await suite.server.gql(
      `{ claims(first: 3) { nodes { claimants { slug } appearances { source { title } } } } }`,
    );
    expect(aliased.response.data!.claims.nodes).toEqual(
      plain.data!.claims.nodes.map((n: any) => ({ claimants: n.claimants })),
    );
    expect(aliased.response.data!.claims.edges.map((e: any) => e.node)).toEqual(
      plain.data!.claims.nodes.map((n: any) => ({ appearances: n.appearances })),
    );
  });
});

describe("one statement per request: lookups and pages with the lists nested under them", () => {
  const firstEntity = async () => {
    const { data } = await suite.server.gql(`{ entities(first: 1) { nodes { id slug } } }`);
    return data!.entities.nodes[0] as { id: string; slug: string };
  };
  // node(id:) reads the same lists through their own resolvers, statement by statement: the reference.
  const viaNode = async (id: string, selection: string) => {
    const { data, errors } = await suite.server.gql(
      `query($id: ID!) { node(id: $id) { ... on Entity { ${selection} } } }`,
      {
        id,
      },
    );
    expect(errors).toBeUndefined();
    return data!.node;
  };

  it("answers a lookup by id with its first 20 claims in one statement", async () => {
    const { id } = await firstEntity();
    const selection = `slug name claimsMade(first: 20) { nodes { text kind } }`;
    const { response, statements } = await suite.server.gqlCounted(
      `query($id: ID!) { entity(id: $id) { ${selection} } }`,
      { id },
    );
    expect(response.errors).toBeUndefined();
    expect(statements).toBe(1);
    expect(response.data!.entity.claimsMade.nodes).toHaveLength(2);
    expect(response.data!.entity).toEqual(await viaNode(id, selection));
  });

  it("answers a lookup by slug with counts, page flags, cursors and nested child lists in one statement", async () => {
    const { id, slug } = await firstEntity();
    const selection = `slug
      claimsMade(first: 1, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { text claimants { slug } } }
      }
      other: claimsMade(first: 5, filter: { text: { startsWith: "Claim 1" } }) { totalCount nodes { text } }
      stances(first: 3) { totalCount nodes { position } }`;
    const { response, statements } = await suite.server.gqlCounted(
      `query($slug: String!) { entity(slug: $slug) { ${selection} } }`,
      { slug },
    );
    expect(response.errors).toBeUndefined();
    expect(statements).toBe(1);
    const entity = response.data!.entity;
    expect(entity.claimsMade.totalCount).toBe(2);
    expect(entity.claimsMade.pageInfo.hasNextPage).toBe(true);
    expect(entity.other).toEqual({ totalCount: 1, nodes: [{ text: `Claim 1 of ${slug}` }] });
    // The same cursors (a datetime key) as the list's own resolver encodes, and they page on.
    expect(entity).toEqual(await viaNode(id, selection));
    const next = await suite.server.gql(
      `query($slug: String!, $after: String!) { entity(slug: $slug) {
        claimsMade(first: 1, after: $after, orderBy: [{ field: CREATED_AT, direction: DESC }]) { nodes { text } } } }`,
      { slug, after: entity.claimsMade.pageInfo.endCursor },
    );
    expect(next.errors).toBeUndefined();
    expect(next.data!.entity.claimsMade.nodes).toHaveLength(1);
    expect(next.data!.entity.claimsMade.nodes[0].text).not.toBe(entity.claimsMade.edges[0].node.text);
  });

  it("answers a claims page with a connection nested under each claim in one statement", async () => {
    const query = `{ claims(first: 20) { totalCount nodes { text
      stances(first: 2) { totalCount nodes { position holder { ... on Entity { slug } } } }
      claimants { entity: slug }
    } } }`;
    const { response, statements } = await suite.server.gqlCounted(query);
    expect(response.errors).toBeUndefined();
    // The page, its count, each claim's stances and their count, and the claimants: one statement; the
    // stances' holders load by id afterwards (a to-one edge of a nested page is not looked ahead).
    expect(statements).toBeLessThanOrEqual(2);
    for (const claim of response.data!.claims.nodes) {
      expect(claim.stances.totalCount).toBe(1);
      expect(claim.stances.nodes[0].holder.slug).toEqual(expect.any(String));
    }
    const plain = await suite.server.gqlCounted(
      `{ claims(first: 20) { nodes { text stances(first: 2) { nodes { position } } } } }`,
    );
    expect(plain.statements).toBe(1);
  });

  it("reads a nested connection's arguments from each request's variables", async () => {
    const { id } = await firstEntity();
    const query = `query($id: ID!, $n: Int!) { entity(id: $id) { claimsMade(first: $n) { nodes { text } } } }`;
    for (const n of [1, 2]) {
      const { response, statements } = await suite.server.gqlCounted(query, { id, n });
      expect(response.errors).toBeUndefined();
      expect(statements).toBe(1);
      expect(response.data!.entity.claimsMade.nodes).toHaveLength(n);
    }
  });

  it("fetches two lookups asking one nested list with different arguments in one statement", async () => {
    const { data } = await suite.server.gql(`{ entities(first: 2) { nodes { id slug } } }`);
    const [x, y] = data!.entities.nodes as { id: string; slug: string }[];
    const { response, statements } = await suite.server.gqlCounted(
      `query($x: ID!, $y: ID!) {
        a: entity(id: $x) { claimsMade(first: 1) { totalCount nodes { text } } }
        b: entity(id: $y) { claimsMade(first: 2) { nodes { text } } }
      }`,
      { x: x!.id, y: y!.id },
    );
    expect(response.errors).toBeUndefined();
    expect(statements).toBe(1);
    expect(response.data!.a.claimsMade).toEqual({ totalCount: 2, nodes: [{ text: `Claim 0 of ${x!.slug}` }] });
    expect(response.data!.b.claimsMade.nodes).toEqual([
      { text: `Claim 0 of ${y!.slug}` },
      { text: `Claim 1 of ${y!.slug}` },
    ]);
  });

  it("still refuses bad arguments of a nested connection under a lookup, as before", async () => {
    const { id } = await firstEntity();
    const { errors, data } = await suite.server.gql(
      `query($id: ID!) { entity(id: $id) { slug claimsMade(first: 500) { nodes { text } } } }`,
      { id },
    );
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(data?.entity ?? null).toBeNull();
  });
});

describe("only the requested columns", () => {
  it("keeps rows read with different fields apart within one request", async () => {
    const { data } = await suite.server.gql(`{ claims(first: 1) { nodes { id } } }`);
    const id = data!.claims.nodes[0].id as string;
    const query = `query($id: ID!) {
      claims(first: 3) { nodes { id text claimants { slug } appearances { exact source { title } } } }
      claim(id: $id) { kind claimants { slug name kind } appearances { start source { title url kind } } }
      node(id: $id) { ... on Claim { text rank claimants { name } appearances { end source { url } } } }
    }`;
    const { response } = await suite.server.gqlCounted(query, { id });
    expect(response.errors).toBeUndefined();
    const [first] = response.data!.claims.nodes;
    const lookup = response.data!.claim;
    const node = response.data!.node;
    expect(first.id).toBe(id);
    expect(lookup.claimants).toEqual([
      { slug: first.claimants[0].slug, name: expect.any(String), kind: expect.any(String) },
    ]);
    expect(node.claimants).toEqual([{ name: lookup.claimants[0].name }]);
    expect(lookup.appearances[0].source.title).toBe(first.appearances[0].source.title);
    expect(lookup.appearances[0].source.kind).toEqual(expect.any(String));
    expect(Object.keys(lookup.appearances[0].source)).toEqual(["title", "url", "kind"]);
    expect(node.appearances[0]).toEqual({ end: expect.any(Number), source: { url: lookup.appearances[0].source.url } });
    expect(node.text).toBe(first.text);
    expect(node.rank).toEqual(expect.any(String));
  });
});

describe("a page's includes", () => {
  it("come for every row of a full page, forwards and backwards, and match asking claim by claim", async () => {
    const forward = await suite.server.gqlCounted(
      `{ claims(first: 3) { pageInfo { hasNextPage } nodes { id claimants { slug } } } }`,
    );
    const backward = await suite.server.gqlCounted(
      `{ claims(last: 3) { pageInfo { hasPreviousPage } nodes { id claimants { slug } } } }`,
    );
    expect(forward.statements).toBe(1);
    expect(backward.statements).toBe(1);
    expect(forward.response.data!.claims.pageInfo.hasNextPage).toBe(true);
    expect(backward.response.data!.claims.pageInfo.hasPreviousPage).toBe(true);
    for (const node of [...forward.response.data!.claims.nodes, ...backward.response.data!.claims.nodes]) {
      const alone = await suite.server.gql(
        `query($id: ID!) { node(id: $id) { ... on Claim { claimants { slug } } } }`,
        {
          id: node.id,
        },
      );
      expect(node.claimants).toHaveLength(1);
      expect(node.claimants).toEqual(alone.data!.node.claimants);
    }
  });
});
