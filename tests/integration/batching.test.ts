import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeClaim, makeEntities, makeQuote, makeSource } from "../support/builders";
import { startTestServer, type TestServer } from "../support/server";

/**
 * N+1 can never come back silently: the SQL statements a nested query sends depend on its shape
 * (nesting depth, fields asked), never on its page sizes.
 */
let db: TestDatabase;
let server: TestServer;

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

beforeAll(async () => {
  db = await createTestDatabase("empty");
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
  server = await startTestServer(db);
});

afterAll(async () => {
  await server.close();
  await db.drop();
});

describe("batching", () => {
  it("sends the same number of statements for a 3-level nested page of 20 and of 100", async () => {
    const small = await server.gqlCounted(NESTED, { n: 20 });
    const large = await server.gqlCounted(NESTED, { n: 100 });
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
    const nested = await server.gql(NESTED, { n: 3 });
    for (const entity of nested.data!.entities.nodes) {
      const { data } = await server.gql(
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

  it("pages nested lists independently per parent", async () => {
    const { data, errors } = await server.gql(`{ entities(first: 3) { nodes { slug claimsMade(first: 1) {
      totalCount pageInfo { hasNextPage endCursor } nodes { text } } } } }`);
    expect(errors).toBeUndefined();
    for (const entity of data!.entities.nodes) {
      expect(entity.claimsMade.totalCount).toBe(2);
      expect(entity.claimsMade.pageInfo.hasNextPage).toBe(true);
      expect(entity.claimsMade.nodes[0].text).toBe(`Claim 0 of ${entity.slug}`);
    }
  });
});
