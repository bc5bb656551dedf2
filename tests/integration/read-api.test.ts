import { useTestServer } from "../support/lifecycle";

const suite = useTestServer({ template: "story" });

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const { data, errors } = await suite.server.gql<T>(query, variables);
  expect(errors).toBeUndefined();
  return data as T;
}

describe("lookups", () => {
  it("finds an entity by slug and by global ID, and both agree", async () => {
    const bySlug = await ok(`{ entity(slug: "new-york-post") { id slug name kind aliases externalIds version } }`);
    expect(bySlug.entity).toMatchObject({ slug: "new-york-post", kind: "ORGANIZATION", version: 1 });
    const byId = await ok(`query($id: ID!) { entity(id: $id) { slug } }`, { id: bySlug.entity.id });
    expect(byId.entity.slug).toBe("new-york-post");
  });

  it("returns null for an unknown slug, URL or well-formed ID", async () => {
    const missing = Buffer.from("Claim:00000000-0000-4000-8000-000000000000").toString("base64url");
    const data = await ok(
      `query($id: ID!) { entity(slug: "nobody") { id } source(url: "https://example.org/none") { id } claim(id: $id) { id } node(id: $id) { id } }`,
      { id: missing },
    );
    expect(data).toEqual({ entity: null, source: null, claim: null, node: null });
  });

  it("rejects an ID of another type, or both id and slug, as BAD_USER_INPUT", async () => {
    const { entity } = await ok(`{ entity(slug: "new-york-post") { id } }`);
    for (const query of [
      `query($id: ID!) { claim(id: $id) { id } }`,
      `query($id: ID!) { entity(id: $id, slug: "new-york-post") { id } }`,
      `query($id: ID!) { viewpoint(id: $id) { id } }`,
    ]) {
      const { errors } = await suite.server.gql(query, { id: entity.id });
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const { errors } = await suite.server.gql(`{ source { id } }`);
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("finds a viewpoint by slug and a source by URL", async () => {
    const data = await ok(
      `{ viewpoint(slug: "sanctuary-policy-protects-community-trust") { slug title summary topic { kind } } }`,
    );
    expect(data.viewpoint.topic.kind).toBe("TOPIC");
    const source = await suite.db.prisma.source.create({
      data: { kind: "REPORT", title: "A report", url: "https://example.org/report" },
    });
    try {
      const found = await ok(`{ source(url: "https://example.org/report") { title kind url text } }`);
      expect(found.source).toEqual({
        title: "A report",
        kind: "REPORT",
        url: "https://example.org/report",
        text: null,
      });
    } finally {
      await suite.db.prisma.source.delete({ where: { id: source.id } });
    }
  });

  it("resolves a merged entity's old slug and ID to the survivor", async () => {
    const old = await suite.db.prisma.entity.create({
      data: { slug: "ny-post-dup", kind: "ORGANIZATION", name: "NY Post" },
    });
    const survivor = await suite.db.prisma.entity.findUniqueOrThrow({ where: { slug: "new-york-post" } });
    await suite.db.prisma.entity.update({ where: { id: old.id }, data: { mergedIntoId: survivor.id } });
    const oldId = Buffer.from(`Entity:${old.id}`).toString("base64url");
    const data = await ok(`query($id: ID!) { a: entity(slug: "ny-post-dup") { slug } b: entity(id: $id) { slug } }`, {
      id: oldId,
    });
    expect(data).toEqual({ a: { slug: "new-york-post" }, b: { slug: "new-york-post" } });
  });
});

describe("node and nodes", () => {
  it("resolves a global ID of every type back to the same object", async () => {
    const review = await suite.db.prisma.review.create({
      data: {
        claimId: (await suite.db.prisma.claim.findFirstOrThrow({ orderBy: { seq: "asc" } })).id,
        reviewerId: (await suite.db.prisma.entity.findUniqueOrThrow({ where: { slug: "new-york-post" } })).id,
        sourceId: (await suite.db.prisma.source.findFirstOrThrow()).id,
        originalRating: "Half True",
        normalizedRating: "MIXED",
      },
    });
    try {
      const data = await ok(`{
        entity(slug: "sanctuary-city-mayor") { id __typename relationsOut(first: 1) { nodes { id __typename } } }
        sources(first: 1) { nodes { id __typename quotes(first: 1) { nodes { id __typename } } } }
        claims(first: 100) { nodes { id __typename relationsOut(first: 1) { nodes { id __typename } }
          stances(first: 1) { nodes { id __typename } } reviews(first: 1) { nodes { id __typename } } } }
        viewpoints(first: 1) { nodes { id __typename } }
      }`);
      const claims = data.claims.nodes;
      const objects = [
        data.entity,
        data.entity.relationsOut.nodes[0],
        data.sources.nodes[0],
        data.sources.nodes[0].quotes.nodes[0],
        claims[0],
        claims.find((c: any) => c.relationsOut.nodes.length > 0).relationsOut.nodes[0],
        claims.find((c: any) => c.stances.nodes.length > 0).stances.nodes[0],
        claims[0].reviews.nodes[0],
        data.viewpoints.nodes[0],
      ];
      expect(new Set(objects.map((o) => o.__typename)).size).toBe(9);
      for (const object of objects) {
        const found = await ok(`query($id: ID!) { node(id: $id) { id __typename } }`, { id: object.id });
        expect(found.node).toEqual({ id: object.id, __typename: object.__typename });
      }
    } finally {
      await suite.db.prisma.review.delete({ where: { id: review.id } });
    }
  });

  it("returns nodes in the order asked, with null for unknown and malformed IDs", async () => {
    const { entities } = await ok(`{ entities(first: 2) { nodes { id } } }`);
    const [a, b] = entities.nodes.map((n: { id: string }) => n.id);
    const data = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [b, "not-an-id", a] });
    expect(data.nodes).toEqual([{ id: b }, null, { id: a }]);
  });

  it("refuses more than 100 IDs at once", async () => {
    const { errors } = await suite.server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Array.from({ length: 101 }, () => "x"),
    });
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("relations in both directions", () => {
  it("claim -> claimants, subjects, appearances -> source; and entity -> claimsMade, claimsAbout", async () => {
    const data = await ok(`{ entity(slug: "sanctuary-city-mayor") {
      claimsMade(first: 50) { totalCount nodes { id text claimants { slug } subjects { slug } appearances { exact source { kind } } } }
    } }`);
    expect(data.entity.claimsMade.totalCount).toBeGreaterThan(0);
    for (const claim of data.entity.claimsMade.nodes) {
      expect(claim.claimants.map((c: { slug: string }) => c.slug)).toContain("sanctuary-city-mayor");
      for (const subject of claim.subjects) {
        const back = await ok(
          `query($slug: String!) { entity(slug: $slug) { claimsAbout(first: 100) { nodes { id } } } }`,
          {
            slug: subject.slug,
          },
        );
        expect(back.entity.claimsAbout.nodes.map((n: { id: string }) => n.id)).toContain(claim.id);
      }
    }
  });

  it("claim -> relationsOut -> to, matches to -> relationsIn -> from", async () => {
    const data = await ok(
      `{ claims(first: 100) { nodes { id relationsOut { nodes { id kind evidence { exact } to { id relationsIn { nodes { id from { id } } } } } } } } }`,
    );
    let links = 0;
    for (const claim of data.claims.nodes) {
      for (const relation of claim.relationsOut.nodes) {
        expect(relation.to.relationsIn.nodes).toContainEqual({ id: relation.id, from: { id: claim.id } });
        links += 1;
      }
    }
    expect(links).toBeGreaterThanOrEqual(10);
  });

  it("claim -> stances -> holder, and holder -> stances, for entities and viewpoints", async () => {
    const data =
      await ok(`{ claims(first: 100) { nodes { id stances(first: 100) { nodes { id position evidence { exact }
      holder { __typename ... on Entity { slug stances(first: 100) { nodes { id } } } ... on Viewpoint { slug stances(first: 100) { nodes { id } } } } } } } } }`);
    const holders = new Set<string>();
    for (const claim of data.claims.nodes) {
      for (const stance of claim.stances.nodes) {
        holders.add(stance.holder.__typename);
        expect(stance.holder.stances.nodes.map((s: { id: string }) => s.id)).toContain(stance.id);
      }
    }
    expect([...holders].sort()).toEqual(["Entity", "Viewpoint"]);
  });

  it("viewpoint -> members -> entity -> viewpoints, with roles", async () => {
    const data = await ok(
      `{ viewpoints(first: 10) { nodes { slug members { role entity { slug viewpoints { role viewpoint { slug } } } } } } }`,
    );
    for (const viewpoint of data.viewpoints.nodes) {
      for (const member of viewpoint.members) {
        expect(member.entity.viewpoints).toContainEqual({ role: member.role, viewpoint: { slug: viewpoint.slug } });
      }
    }
  });

  it("source -> derivedFrom and derivatives; publisher -> sourcesPublished; quote -> claims", async () => {
    const data = await ok(`{ sources(first: 10) { nodes { id title derivedFrom { id derivatives { nodes { id } } }
      publisher { sourcesPublished { nodes { id } } } quotes(first: 3) { nodes { claims { id appearances { id } } id } } } } }`);
    const article = data.sources.nodes.find((s: { derivedFrom: unknown }) => s.derivedFrom);
    expect(article.derivedFrom.derivatives.nodes).toContainEqual({ id: article.id });
    const post = data.sources.nodes.find((s: { id: string }) => s.id === article.derivedFrom.id);
    expect(post.publisher.sourcesPublished.nodes).toContainEqual({ id: post.id });
    const quotes = data.sources.nodes.flatMap((s: { quotes: { nodes: unknown[] } }) => s.quotes.nodes);
    for (const quote of quotes) {
      for (const claim of quote.claims) expect(claim.appearances).toContainEqual({ id: quote.id });
    }
  });

  it("entity relations carry evidence and read from both ends", async () => {
    const data = await ok(
      `{ entity(slug: "sanctuary-city") { relationsIn { totalCount nodes { predicate subject { slug } object { slug } evidence { exact } } } } }`,
    );
    expect(data.entity.relationsIn.nodes).toContainEqual(
      expect.objectContaining({
        predicate: "HEAD_OF",
        subject: { slug: "sanctuary-city-mayor" },
        object: { slug: "sanctuary-city" },
      }),
    );
  });

  it("claim -> reviews -> reviewer and source; entity and source -> reviews", async () => {
    const claim = await suite.db.prisma.claim.findFirstOrThrow({ orderBy: { seq: "asc" } });
    const reviewer = await suite.db.prisma.entity.create({
      data: { slug: "a-fact-checker", kind: "ORGANIZATION", name: "A fact-checker" },
    });
    const source = await suite.db.prisma.source.create({
      data: { kind: "FACT_CHECK", title: "A check", url: "https://example.org/check" },
    });
    await suite.db.prisma.review.create({
      data: {
        claimId: claim.id,
        reviewerId: reviewer.id,
        sourceId: source.id,
        originalRating: "Mostly True",
        normalizedRating: "MOSTLY_TRUE",
      },
    });
    const data =
      await ok(`{ entity(slug: "a-fact-checker") { reviews { totalCount nodes { originalRating normalizedRating
      claim { text reviews { nodes { reviewer { slug } source { url reviews { totalCount } } } } } } } } }`);
    expect(data.entity.reviews.totalCount).toBe(1);
    const review = data.entity.reviews.nodes[0];
    expect(review).toMatchObject({
      originalRating: "Mostly True",
      normalizedRating: "MOSTLY_TRUE",
      claim: { text: claim.text },
    });
    expect(review.claim.reviews.nodes).toEqual([
      {
        reviewer: { slug: "a-fact-checker" },
        source: { url: "https://example.org/check", reviews: { totalCount: 1 } },
      },
    ]);
  });

  it("claim qualifiers expose the place entity and condition", async () => {
    const data = await ok(
      `{ claims(first: 100) { nodes { qualifiers { place { slug } condition validFrom validTo } } } }`,
    );
    const places = data.claims.nodes.map(
      (c: { qualifiers: { place: { slug: string } | null } }) => c.qualifiers.place?.slug,
    );
    expect(places).toContain("sanctuary-city");
    const conditions = data.claims.nodes.map(
      (c: { qualifiers: { condition: string | null } }) => c.qualifiers.condition,
    );
    expect(conditions.some((c: string | null) => c && c.length > 0)).toBe(true);
  });
});

describe("simple filters", () => {
  it("filters claims by kind and text, sources by kind, viewpoints by title", async () => {
    const data = await ok(`{
      normative: claims(first: 100, filter: { kind: { equals: NORMATIVE } }) { totalCount nodes { kind } }
      trust: claims(first: 100, filter: { text: { contains: "TRUST" } }) { totalCount nodes { text } }
      posts: sources(filter: { kind: { in: [SOCIAL_POST] } }) { totalCount nodes { kind } }
      trustViews: viewpoints(filter: { title: { contains: "PRIORITIZE" } }) { totalCount }
      people: entities(first: 100, filter: { kind: { equals: PERSON } }) { totalCount nodes { kind } }
      aliases: entities(filter: { nameOrAlias: { contains: "nypost" } }) { nodes { slug } }
    }`);
    expect(data.normative.totalCount).toBeGreaterThan(0);
    expect(data.normative.nodes.every((c: { kind: string }) => c.kind === "NORMATIVE")).toBe(true);
    expect(data.trust.totalCount).toBeGreaterThan(0);
    expect(data.trust.nodes.every((c: { text: string }) => /trust/i.test(c.text))).toBe(true);
    expect(data.posts.totalCount).toBe(1);
    expect(data.trustViews.totalCount).toBe(1);
    expect(data.people.nodes.every((e: { kind: string }) => e.kind === "PERSON")).toBe(true);
    expect(data.aliases.nodes).toEqual([{ slug: "new-york-post" }]);
  });

  it("rejects an unknown enum value before running anything", async () => {
    const { errors } = await suite.server.gql(`{ claims(filter: { kind: { equals: BOGUS } }) { totalCount } }`);
    expect(errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
