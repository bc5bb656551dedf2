import { makeEntities } from "../support/builders";
import { useTestServer } from "../support/lifecycle";

let slugs: string[];

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $filter: EntityFilter) {
  entities(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { slug: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const { data, errors } = await suite.server.gql<{ entities: Page }>(PAGE, variables);
  expect(errors).toBeUndefined();
  return data!.entities;
}

const suite = useTestServer({
  template: "empty",
  prepare: async (db) => {
    slugs = (await makeEntities(db.prisma, 45)).map((e) => e.slug);
  },
});

describe("connections", () => {
  it("returns the first 20 by default, in insertion order, with exact pageInfo", async () => {
    const result = await page({});
    expect(result.totalCount).toBe(45);
    expect(result.edges.map((e) => e.node.slug)).toEqual(slugs.slice(0, 20));
    expect(result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(result.pageInfo.startCursor).toBe(result.edges[0]!.cursor);
    expect(result.pageInfo.endCursor).toBe(result.edges[19]!.cursor);
  });

  it("walks forward through every page to an exact last page", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: Page = await page({ first: 10, after });
      seen.push(...result.edges.map((e) => e.node.slug));
      pages += 1;
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(slugs);
  });

  it("says there is no next page when the last page is exactly full", async () => {
    const first = await page({ first: 40 });
    const last = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(last.edges.map((e) => e.node.slug)).toEqual(slugs.slice(40));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("walks backward with last/before and keeps items in list order", async () => {
    const tail = await page({ last: 10 });
    expect(tail.edges.map((e) => e.node.slug)).toEqual(slugs.slice(35));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await page({ last: 10, before: tail.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.slug)).toEqual(slugs.slice(25, 35));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const head = await page({ last: 10, before: (await page({ first: 5 })).pageInfo.endCursor });
    expect(head.edges.map((e) => e.node.slug)).toEqual(slugs.slice(0, 4));
    expect(head.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it("pages between two cursors with after and before together", async () => {
    const all = await page({ first: 45 });
    const after = all.edges[9]!.cursor;
    const before = all.edges[20]!.cursor;
    const window = await page({ first: 45, after, before });
    expect(window.edges.map((e) => e.node.slug)).toEqual(slugs.slice(10, 20));
    expect(window.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it("answers an empty page with null cursors when nothing matches", async () => {
    const result = await page({ filter: { name: { equals: "nobody" } } });
    expect(result).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it("counts and pages under the filter only", async () => {
    const result = await page({ first: 5, filter: { kind: { equals: "ORGANIZATION" } } });
    expect(result.totalCount).toBe(22);
    expect(result.edges.map((e) => e.node.slug)).toEqual(["entity-1", "entity-3", "entity-5", "entity-7", "entity-9"]);
    const next = await page({
      first: 100,
      after: result.pageInfo.endCursor,
      filter: { kind: { equals: "ORGANIZATION" } },
    });
    expect(next.edges).toHaveLength(17);
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("treats %, _ and backslashes in contains as plain text", async () => {
    await suite.db.prisma.entity.create({ data: { slug: "odd-name", kind: "GROUP", name: "100%_sure \\ group" } });
    try {
      expect((await page({ filter: { name: { contains: "%_" } } })).edges.map((e) => e.node.slug)).toEqual([
        "odd-name",
      ]);
      expect((await page({ filter: { name: { contains: "\\" } } })).totalCount).toBe(1);
      expect((await page({ filter: { name: { contains: "0%" } } })).totalCount).toBe(1);
      expect((await page({ filter: { name: { contains: "_" } } })).totalCount).toBe(1);
      expect((await page({ filter: { name: { startsWith: "ENTITY 4" } } })).totalCount).toBe(6);
    } finally {
      await suite.db.prisma.entity.delete({ where: { slug: "odd-name" } });
    }
  });

  it.each([
    [{ first: 0 }, "first"],
    [{ first: 101 }, "first"],
    [{ last: -1 }, "last"],
    [{ first: 5, last: 5 }, "last"],
  ])("rejects out-of-range page arguments %j as BAD_USER_INPUT", async (variables, argument) => {
    const { data, errors } = await suite.server.gql(PAGE, variables);
    expect(data?.entities ?? null).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it("rejects forged, foreign and garbage cursors as BAD_USER_INPUT", async () => {
    const claimsCursor = Buffer.from(JSON.stringify(["claims/seq", 1])).toString("base64url");
    const wrongArity = Buffer.from(JSON.stringify(["entities/seq", 1, 2])).toString("base64url");
    const wrongType = Buffer.from(JSON.stringify(["entities/seq", { $gt: 1 }])).toString("base64url");
    for (const after of ["garbage!", claimsCursor, wrongArity, wrongType, "x".repeat(5000), "", "e30"]) {
      const { errors } = await suite.server.gql(PAGE, { after });
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(errors?.[0]?.message).toMatch(/cursor/);
    }
  });

  it("rejects NUL bytes and over-long filter strings as BAD_USER_INPUT", async () => {
    for (const contains of ["a\u0000b", "x".repeat(1001)]) {
      const { errors } = await suite.server.gql(PAGE, { filter: { name: { contains } } });
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});

describe("ordered by a timestamp", () => {
  it("pages through rows that share created_at to the microsecond, both ways, losing none and repeating none", async () => {
    // One statement: every row gets the same now() with its microseconds, as rows written in one
    // transaction do. The cursors must carry those microseconds (a Date would drop them).
    await suite.db.prisma.$executeRawUnsafe(
      `UPDATE entity SET created_at = '2026-01-02T03:04:05.123456Z' WHERE slug = ANY($1::text[])`,
      slugs.slice(0, 5),
    );
    const ORDERED = `query($after: String, $direction: OrderDirection!) {
      entities(first: 2, after: $after, orderBy: [{ field: CREATED_AT, direction: $direction }]) {
        edges { cursor node { slug } } pageInfo { hasNextPage endCursor }
      }
    }`;
    try {
      for (const direction of ["ASC", "DESC"]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 40; i++) {
          const { data, errors }: { data?: any; errors?: unknown } = await suite.server.gql<any>(ORDERED, {
            after,
            direction,
          });
          expect(errors).toBeUndefined();
          seen.push(...data.entities.edges.map((edge: { node: { slug: string } }) => edge.node.slug));
          if (!data.entities.pageInfo.hasNextPage) break;
          after = data.entities.pageInfo.endCursor;
        }
        expect(seen.length).toBe(45);
        expect(new Set(seen).size).toBe(45);
      }
    } finally {
      await suite.db.prisma.$executeRawUnsafe(
        `UPDATE entity SET created_at = now() WHERE slug = ANY($1::text[])`,
        slugs.slice(0, 5),
      );
    }
  });
});
