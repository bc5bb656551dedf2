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

async function claims(args: string, variables: Record<string, unknown> = {}): Promise<string[]> {
  const { data, errors } = await suite.server.gql(
    `query($filter: ClaimFilter) { claims(first: 100, ${args}) { totalCount nodes { text } } }`,
    variables,
  );
  expect(errors).toBeUndefined();
  const names = data!.claims.nodes.map((n: { text: string }) => label.get(n.text));
  expect(data!.claims.totalCount).toBe(names.length);
  return names;
}

const where = (filter: unknown) => claims("filter: $filter", { filter });
const codeOf = async (query: string, variables: Record<string, unknown> = {}) =>
  (await suite.server.gql(query, variables)).errors?.[0]?.extensions?.code;

describe("scalar operators", () => {
  it("compares text: equals, in, notIn, contains, startsWith, endsWith, isNull", async () => {
    expect(await where({ text: { equals: "Taxes should go down." } })).toEqual(["c2"]);
    expect(await where({ text: { equals: "taxes should go down." } })).toEqual([]);
    expect(await where({ text: { in: ["Taxes should go down.", "The city will grow."] } })).toEqual(["c2", "c4"]);
    expect(await where({ text: { notIn: ["Taxes should go down.", "The city will grow."] } })).toEqual([
      "c1",
      "c3",
      "c5",
    ]);
    expect(await where({ text: { contains: "TAXES WENT" } })).toEqual(["c1", "c5"]);
    expect(await where({ text: { startsWith: "taxes" } })).toEqual(["c1", "c2", "c5"]);
    expect(await where({ text: { endsWith: "GROW." } })).toEqual(["c4"]);
    expect(await where({ condition: { isNull: false } })).toEqual(["c4"]);
    expect(await where({ condition: { isNull: true } })).toEqual(["c1", "c2", "c3", "c5"]);
    expect(await where({ text: { contains: "taxes", startsWith: "Taxes went", endsWith: "five percent." } })).toEqual([
      "c1",
    ]);
  });

  it("compares enums: equals, in, notIn", async () => {
    expect(await where({ kind: { equals: "FACTUAL" } })).toEqual(["c1", "c5"]);
    expect(await where({ kind: { in: ["CAUSAL", "PREDICTIVE"] } })).toEqual(["c3", "c4"]);
    expect(await where({ kind: { notIn: ["FACTUAL"] } })).toEqual(["c2", "c3", "c4"]);
    expect(await where({ rank: { equals: "DEPRECATED" } })).toEqual(["c5"]);
  });

  it("compares times: equals, gt, gte, lt, lte, isNull", async () => {
    expect(await where({ statedAt: { gt: "2021-03-01T00:00:00Z" } })).toEqual(["c2"]);
    expect(await where({ statedAt: { gte: "2021-03-01T00:00:00Z" } })).toEqual(["c1", "c2"]);
    expect(await where({ statedAt: { lt: "2021-03-01T00:00:00Z" } })).toEqual(["c3"]);
    expect(await where({ statedAt: { lte: "2021-03-01T00:00:00Z" } })).toEqual(["c1", "c3"]);
    expect(await where({ statedAt: { equals: "2024-05-01T00:00:00Z" } })).toEqual(["c2"]);
    expect(await where({ statedAt: { isNull: true } })).toEqual(["c4", "c5"]);
    expect(await where({ statedAt: { gte: "2020-01-01T00:00:00Z", lt: "2022-01-01T00:00:00Z" } })).toEqual(["c1"]);
  });

  it("compares numbers on quotes: gt, lte, in, notIn", async () => {
    const { data } = await suite.server.gql(`{ sources(filter: { title: { equals: "Taxes and crime" } }) { nodes {
      all: quotes { nodes { start } } late: quotes(filter: { start: { gt: 40 } }) { nodes { start } }
      early: quotes(filter: { start: { lte: 40 } }) { nodes { start } }
      zeroOr: quotes(filter: { start: { in: [19, 1000] } }) { totalCount }
      notZero: quotes(filter: { start: { notIn: [19] } }) { totalCount } } } }`);
    const source = data!.sources.nodes[0];
    const starts = source.all.nodes.map((n: { start: number }) => n.start);
    expect(starts).toEqual([19, 50]);
    expect(source.late.nodes).toEqual([{ start: 50 }]);
    expect(source.early.nodes).toEqual([{ start: 19 }]);
    expect(source.zeroOr.totalCount).toBe(1);
    expect(source.notZero.totalCount).toBe(1);
  });

  it("matches global IDs with equals, in and notIn, and refuses IDs of another type", async () => {
    const c1 = toGlobalId("Claim", fx.c1.id);
    const c2 = toGlobalId("Claim", fx.c2.id);
    expect(await where({ id: { equals: c1 } })).toEqual(["c1"]);
    expect(await where({ id: { in: [c1, c2] } })).toEqual(["c1", "c2"]);
    expect(await where({ id: { notIn: [c1, c2] } })).toEqual(["c3", "c4", "c5"]);
    const code = await codeOf(`query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`, {
      f: { id: { equals: toGlobalId("Entity", fx.alice.id) } },
    });
    expect(code).toBe("BAD_USER_INPUT");
  });

  it("refuses malformed values before running anything", async () => {
    expect(await codeOf(`{ claims(filter: { statedAt: { gt: "last tuesday" } }) { totalCount } }`)).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect(await codeOf(`{ claims(filter: { kind: { in: [FACTUAL, NOPE] } }) { totalCount } }`)).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect(
      await codeOf(`query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`, { f: { statedAt: { gt: "x" } } }),
    ).toBe("BAD_USER_INPUT");
  });
});

describe("forms people type in a playground", () => {
  const errorOf = async (query: string, variables: Record<string, unknown> = {}) =>
    (await suite.server.gql(query, variables)).errors?.[0];

  it("takes plain dates: the start of the day in UTC, and the whole day under equals", async () => {
    expect(await where({ statedAt: { gte: "2021-03-01" } })).toEqual(["c1", "c2"]);
    expect(await where({ statedAt: { lt: "2021-03-01" } })).toEqual(["c3"]);
    expect(await where({ statedAt: { lte: "2021-03-01" } })).toEqual(["c1", "c3"]);
    expect(await where({ statedAt: { equals: "2021-03-01" } })).toEqual(["c1"]);
    expect(await where({ statedAt: { equals: "2021-02-28" } })).toEqual([]);
    const literal = await suite.server.gql(
      `{ claims(filter: { statedAt: { gte: "2021-03-01", lt: "2024-05-02" } }) { totalCount } }`,
    );
    expect(literal.data!.claims.totalCount).toBe(2);
    // createdAt carries a time of day: equals with its date finds it, equals with that day's midnight does not.
    const { data } = await suite.server.gql(`{ claims(first: 1) { nodes { text createdAt } } }`);
    const created = data!.claims.nodes[0].createdAt as string;
    const day = created.slice(0, 10);
    const byDay = await where({ createdAt: { equals: day } });
    expect(byDay).toContain(label.get(data!.claims.nodes[0].text));
    expect(byDay).toHaveLength(5);
    if (!created.endsWith("T00:00:00.000Z"))
      expect(await where({ createdAt: { equals: `${day}T00:00:00Z` } })).toEqual([]);
  });

  it("refuses a day that does not exist, with a coded error", async () => {
    expect(await codeOf(`{ claims(filter: { statedAt: { gte: "2021-02-30" } }) { totalCount } }`)).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
  });

  it("says what would have worked for a bare value where operators are expected", async () => {
    const literal = await errorOf(`{ claims(filter: { kind: FACTUAL }) { totalCount } }`);
    expect(literal?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(literal?.extensions?.hint).toBe(
      "ClaimKindFilter takes operators, not a bare value: write { equals: FACTUAL } (operators: equals, in, notIn, isNull).",
    );
    expect(literal?.message).toContain("{ equals: FACTUAL }");
    const quoted = await errorOf(`{ claims(filter: { kind: "FACTUAL" }) { totalCount } }`);
    expect(quoted?.extensions?.hint).toContain("write { equals: FACTUAL }");
    const list = await errorOf(`{ claims(filter: { kind: [FACTUAL, CAUSAL] }) { totalCount } }`);
    expect(list?.extensions?.hint).toContain("write { in: [FACTUAL, CAUSAL] }");
    const text = await errorOf(`{ claims(filter: { text: "Taxes" }) { totalCount } }`);
    expect(text?.extensions?.hint).toContain(
      'StringFilter takes operators, not a bare value: write { equals: "Taxes" }',
    );
    const variable = await errorOf(`query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`, {
      f: { kind: "FACTUAL" },
    });
    expect(variable?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(variable?.extensions?.hint).toContain("write { equals: FACTUAL }");
    // The fix works.
    expect(await where({ kind: { equals: "FACTUAL" } })).toEqual(["c1", "c5"]);
  });

  it("says to use some, every or none for a to-one form on a to-many relation", async () => {
    const literal = await errorOf(`{ claims(filter: { claimants: { slug: { equals: "alice" } } }) { totalCount } }`);
    expect(literal?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(literal?.extensions?.hint).toBe(
      "EntityListFilter filters a list of related items: write { some: { slug: ... } } (or every / none instead of some).",
    );
    const variable = await errorOf(`query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`, {
      f: { claimants: { slug: "alice" } },
    });
    expect(variable?.extensions?.hint).toBe(
      'EntityListFilter filters a list of related items: write { some: { slug: { equals: "alice" } } } (or every / none instead of some).',
    );
    const other = await errorOf(`{ claims(filter: { claimants: { colour: "red" } }) { totalCount } }`);
    expect(other?.extensions?.hint).toMatch(
      /^EntityListFilter filters a list of related items: put conditions on EntityFilter \(fields: .*slug.*\) under some, every or none\.$/,
    );
  });

  it("lists a filter's fields when one is unknown, and a to-one filter's form for a bare value", async () => {
    const unknown = await errorOf(`{ claims(filter: { colour: { equals: "red" } }) { totalCount } }`);
    expect(unknown?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknown?.extensions?.hint).toMatch(
      /^ClaimFilter has these fields: .*\bkind\b.*\bclaimants\b.*; combine conditions with AND, OR and NOT\.$/,
    );
    const op = await errorOf(`{ claims(filter: { kind: { is: FACTUAL } }) { totalCount } }`);
    expect(op?.extensions?.hint).toBe("ClaimKindFilter takes these operators: equals, in, notIn, isNull.");
    const toOne = await errorOf(`{ sources(filter: { publisher: "daily-post" }) { totalCount } }`);
    expect(toOne?.extensions?.hint).toMatch(
      /^EntityFilter takes conditions on the related item's fields, e\.g\. \{ slug: \{ equals: "daily-post" \} \}/,
    );
    // Errors that are not about filters keep their code and carry no hint.
    const other = await errorOf(`{ claims(first: 1) { nodes { colour } } }`);
    expect(other?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(other?.extensions?.hint).toBeUndefined();
  });
});

describe("logic", () => {
  it("combines with AND, OR and NOT, and reads several fields as AND", async () => {
    expect(await where({ kind: { equals: "FACTUAL" }, rank: { equals: "NORMAL" } })).toEqual(["c1"]);
    expect(await where({ AND: [{ kind: { equals: "FACTUAL" } }, { rank: { equals: "NORMAL" } }] })).toEqual(["c1"]);
    expect(await where({ OR: [{ kind: { equals: "NORMATIVE" } }, { text: { contains: "city" } }] })).toEqual([
      "c2",
      "c4",
    ]);
    expect(await where({ NOT: { kind: { equals: "FACTUAL" } } })).toEqual(["c2", "c3", "c4"]);
    expect(
      await where({
        OR: [
          { AND: [{ kind: { equals: "FACTUAL" } }, { NOT: { rank: { equals: "DEPRECATED" } } }] },
          { kind: { equals: "CAUSAL" } },
        ],
      }),
    ).toEqual(["c1", "c3"]);
  });

  it("treats an empty OR as matching nothing and an empty AND as matching everything", async () => {
    expect(await where({ OR: [] })).toEqual([]);
    expect(await where({ AND: [] })).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect(await where({})).toEqual(["c1", "c2", "c3", "c4", "c5"]);
  });

  it("counts an unknown (null) value as not matching, also under NOT", async () => {
    expect(await where({ statedAt: { gt: "2020-01-01T00:00:00Z" } })).toEqual(["c1", "c2"]);
    // Claims with no date neither match nor fail to match a date comparison: NOT keeps them in.
    expect(await where({ NOT: { statedAt: { gt: "2020-01-01T00:00:00Z" } } })).toEqual(["c3", "c4", "c5"]);
  });
});

describe("relation filters", () => {
  it("follows to-one relations", async () => {
    expect(await where({ place: { slug: { equals: "springfield" } } })).toEqual(["c1"]);
    const { data } = await suite.server.gql(
      `{ sources(filter: { publisher: { name: { contains: "post" } } }) { nodes { title } } }`,
    );
    expect(data!.sources.nodes.map((n: { title: string }) => n.title)).toEqual(["Taxes and crime", "Tax debate"]);
  });

  it("follows to-many relations with some, every and none", async () => {
    expect(await where({ claimants: { some: { slug: { equals: "alice" } } } })).toEqual(["c1", "c3"]);
    expect(await where({ claimants: { none: { slug: { equals: "alice" } } } })).toEqual(["c2", "c4", "c5"]);
    expect(await where({ claimants: { every: { kind: { equals: "PERSON" } } } })).toEqual(["c1", "c2", "c3", "c5"]);
    // every is true for an empty list: c5 has no appearances.
    expect(await where({ appearances: { every: { start: { gt: 1000 } } } })).toEqual(["c5"]);
    expect(await where({ appearances: { some: {} } })).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("answers: claims with a stance OPPOSES from a member of viewpoint X", async () => {
    const filter = {
      stances: {
        some: {
          position: { equals: "OPPOSES" },
          holderEntity: { viewpoints: { some: { viewpoint: { slug: { equals: "low-taxes" } } } } },
        },
      },
    };
    expect(await where(filter)).toEqual(["c1"]); // bob, a member of low-taxes, opposes c1
  });

  it("answers: claims cited by a source published by Y after a date", async () => {
    const filter = {
      appearances: {
        some: {
          source: { publisher: { slug: { equals: "daily-post" } }, publishedAt: { gt: "2021-01-01T00:00:00Z" } },
        },
      },
    };
    expect(await where(filter)).toEqual(["c2", "c3"]);
  });

  it("answers: claims whose review is FALSE, and claims never reviewed", async () => {
    expect(await where({ reviews: { some: { normalizedRating: { equals: "FALSE" } } } })).toEqual(["c1"]);
    expect(await where({ reviews: { none: {} } })).toEqual(["c2", "c4", "c5"]);
  });

  it("answers: claims a viewpoint supports that its opponent opposes", async () => {
    const filter = {
      AND: [
        { stances: { some: { position: { equals: "SUPPORTS" }, holderViewpoint: { slug: { equals: "low-taxes" } } } } },
        {
          stances: {
            some: { position: { equals: "OPPOSES" }, holderViewpoint: { slug: { equals: "public-spending" } } },
          },
        },
      ],
    };
    expect(await where(filter)).toEqual(["c2"]);
  });

  it("filters nested connections too", async () => {
    const { data, errors } = await suite.server.gql(`{ entity(slug: "bob") {
      claimsMade(filter: { kind: { equals: FACTUAL } }) { totalCount nodes { text } }
      stances(filter: { claim: { kind: { equals: CAUSAL } } }) { totalCount nodes { position } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.entity.claimsMade.nodes.map((n: { text: string }) => label.get(n.text))).toEqual(["c5"]);
    expect(data!.entity.stances).toEqual({ totalCount: 1, nodes: [{ position: "SUPPORTS" }] });
  });

  it("refuses filters nested too deep or with too many conditions", async () => {
    let deep: Record<string, unknown> = { kind: { equals: "FACTUAL" } };
    for (let i = 0; i < 12; i += 1) deep = { NOT: { NOT: deep } };
    const query = `query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`;
    expect(await codeOf(query, { f: deep })).toBe("BAD_USER_INPUT");
    const wide = { OR: Array.from({ length: 300 }, (_, i) => ({ text: { equals: `x${i}` } })) };
    expect(await codeOf(query, { f: wide })).toBe("BAD_USER_INPUT");
  });
});

describe("hostile strings", () => {
  const hostile = ["'; DROP TABLE claim; --", '"', "%", "_", "\\", "\\%", "Ω≈ç√", "😀", "' OR '1'='1", "$1", "::text"];

  it.each(hostile)("matches %j literally in contains and returns exact results", async (text) => {
    expect(await where({ text: { contains: text } })).toEqual([]);
    const { data } = await suite.server.gql(`query($f: EntityFilter) { entities(filter: $f) { totalCount } }`, {
      f: { name: { contains: text } },
    });
    expect(data!.entities.totalCount).toBe(text === "%" || text === "_" ? 1 : 0); // "Fact Checker 100%_sure"
  });

  it("finds % and _ only where they really are", async () => {
    const { data } = await suite.server.gql(`{ entities(filter: { name: { contains: "0%_s" } }) { nodes { slug } } }`);
    expect(data!.entities.nodes).toEqual([{ slug: "fact-checker" }]);
  });

  it.each([
    ["a NUL byte", "a\u0000b"],
    ["a lone surrogate", "a\ud800b"],
    ["2,000 characters", "x".repeat(2000)],
  ])("refuses %s with BAD_USER_INPUT, in filters and searches", async (_name, text) => {
    expect(
      await codeOf(`query($f: ClaimFilter) { claims(filter: $f) { totalCount } }`, { f: { text: { contains: text } } }),
    ).toBe("BAD_USER_INPUT");
    expect(await codeOf(`query($s: String) { claims(search: $s) { totalCount } }`, { s: text })).toBe("BAD_USER_INPUT");
    expect(await codeOf(`query($s: String!) { search(query: $s) { totalCount } }`, { s: text })).toBe("BAD_USER_INPUT");
  });

  it("never fails on search syntax: operators, quotes and punctuation are just text", async () => {
    for (const search of ['"', "-", "OR", "& | ! ( ) :*", "'", "\\", "taxes -", '"crime fell', "-taxes -crime"]) {
      const { errors } = await suite.server.gql(`query($s: String) { claims(search: $s) { totalCount } }`, {
        s: search,
      });
      expect(errors).toBeUndefined();
    }
  });
});
