import fc from "fast-check";
import { ClaimKind, ClaimRank } from "../../src/generated/prisma/enums";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import { cursor, filters, globalId, hostileString, pageSize } from "../support/hostile-arbitraries";
import {
  type Answer,
  CLIENT_ERROR_CODES,
  codesOf,
  leaksOf,
  postGraphQL,
  rowCounts,
  type RowCounts,
} from "../support/hostile-http";
import { useTestServer } from "../support/lifecycle";

/**
 * Property tests over real HTTP: whatever filter, cursor, ID, page size or search a client sends, the
 * answer is data or client-coded errors, never a 500, an INTERNAL_SERVER_ERROR or a leaked internal.
 * Plus a model check of the filter compiler against a plain JavaScript filter. Seeded: a failure
 * prints its seed and counterexample, and replays the same way.
 */

const SEED = 20_251_124;
const RUNS = 120;
const settings = (offset: number): fc.Parameters<unknown> => ({ seed: SEED + offset, numRuns: RUNS });

const suite = useTestServer({
  template: "story",
  // Production query limits; the test server's generous rate limit, since these tests send ~1,000 requests.
  server: { limits: DEFAULT_LIMITS, production: true },
});

const gql = (query: string, variables: Record<string, unknown>) => postGraphQL(suite.server.url, { query, variables });

/** What is wrong with an answer, if anything. */
function misbehaviour(answer: Answer): string[] {
  const problems: string[] = [];
  if (![200, 400].includes(answer.status)) problems.push(`HTTP ${answer.status}`);
  if (!answer.body) return [...problems, `not JSON: ${answer.text.slice(0, 200)}`];
  const codes = codesOf(answer);
  for (const code of codes) if (!CLIENT_ERROR_CODES.has(code)) problems.push(`code ${code}`);
  if (codes.length === 0 && (answer.body.data === undefined || answer.body.data === null)) {
    problems.push("neither data nor errors");
  }
  return [...problems, ...leaksOf(answer)];
}

async function expectWellBehaved(query: string, variables: Record<string, unknown>) {
  const answer = await gql(query, variables);
  expect(misbehaviour(answer)).toEqual([]);
  return answer;
}

describe("whatever a client sends, the answer is data or client-coded errors", () => {
  // Reads only, whatever their arguments hold (SQL, pg_sleep, key hashes): no table may change.
  let before: RowCounts;
  beforeEach(async () => {
    before = await rowCounts(suite.db.pool);
  });
  afterEach(async () => {
    expect(await rowCounts(suite.db.pool)).toEqual(before);
  });

  it("random ClaimFilter trees, at the root, nested and in facets", async () => {
    const queries = [
      `query($f: ClaimFilter) { claims(filter: $f, first: 5) { totalCount nodes { id text } } }`,
      `query($f: ClaimFilter) { contestedClaims(filter: $f, first: 5) { totalCount } }`,
      `query($f: ClaimFilter) { entities(first: 3) { nodes { claimsMade(filter: $f, first: 3) { totalCount nodes { id } } } } }`,
      `query($f: ClaimFilter) { claimFacets(filter: $f) { byKind { key count } byClaimant(limit: 5) { label count } } }`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), filters.claim, async (query, f) => {
        await expectWellBehaved(query, { f });
      }),
      settings(1),
    );
  });

  it("random EntityFilter trees", async () => {
    const query = `query($f: EntityFilter) { entities(filter: $f, first: 5) { totalCount nodes { slug } pageInfo { hasNextPage } } }`;
    await fc.assert(
      fc.asyncProperty(filters.entity, async (f) => {
        await expectWellBehaved(query, { f });
      }),
      settings(2),
    );
  });

  it("random cursors, forwards and backwards, in several orderings", async () => {
    const queries = [
      `query($c: String) { claims(after: $c, first: 3) { nodes { id } } }`,
      `query($c: String) { claims(before: $c, last: 3) { nodes { id } } }`,
      `query($c: String) { claims(after: $c, orderBy: [{ field: TEXT }, { field: STATED_AT, direction: DESC }]) { totalCount } }`,
      `query($c: String) { entities(after: $c, orderBy: [{ field: NAME, direction: DESC }]) { totalCount } }`,
      `query($c: String) { entities(first: 2) { nodes { claimsMade(after: $c) { totalCount } } } }`,
      `query($c: String) { search(query: "police", after: $c) { totalCount } }`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), cursor, async (query, c) => {
        await expectWellBehaved(query, { c });
      }),
      settings(3),
    );
  });

  it("random global IDs in every lookup and ID filter", async () => {
    const queries = [
      `query($id: ID!) { node(id: $id) { id } }`,
      `query($id: ID!) { nodes(ids: [$id, $id]) { id } }`,
      `query($id: ID!) { claim(id: $id) { id } }`,
      `query($id: ID!) { entity(id: $id) { id } source(id: $id) { id } viewpoint(id: $id) { id } }`,
      `query($id: ID!) { history(id: $id) { seq } }`,
      `query($id: ID!) { claims(filter: { id: { equals: $id } }) { totalCount } }`,
      `query($id: ID!) { entities(filter: { claimsMade: { some: { id: { in: [$id] } } } }) { totalCount } }`,
      `query($id: ID!) { compareViewpoints(a: $id, b: $id) { onlyA { claim { id } } } }`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), globalId, async (query, id) => {
        await expectWellBehaved(query, { id });
      }),
      settings(4),
    );
  });

  it("random first/last values, at the root and nested", async () => {
    const queries = [
      `query($a: Int, $b: Int) { claims(first: $a, last: $b) { totalCount nodes { id } } }`,
      `query($a: Int, $b: Int) { entities(first: $a) { nodes { claimsMade(last: $b) { nodes { id } } } } }`,
      `query($a: Int, $b: Int) { claims(last: $a) { nodes { stances(first: $b) { nodes { id } } } } }`,
      `query($a: Int, $b: Int) { search(query: "mayor", first: $a) { totalCount } claimFacets { byKind(limit: $b) { key } } }`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), pageSize, pageSize, async (query, a, b) => {
        // Explicit nulls included (JSON sends NaN and Infinity as null): `limit: Int! = 100` refuses them.
        await expectWellBehaved(query, { a, b });
      }),
      settings(5),
    );
    // The same values written into the document rather than passed as variables.
    await fc.assert(
      fc.asyncProperty(pageSize, async (n) => {
        await expectWellBehaved(`{ claims(first: ${String(n)}) { totalCount } }`, {});
      }),
      settings(6),
    );
  });

  it("random search strings on every searchable list and the root search", async () => {
    const queries = [
      `query($s: String) { claims(search: $s, first: 5) { totalCount nodes { id } } }`,
      `query($s: String) { entities(search: $s, first: 5) { totalCount nodes { slug } } }`,
      `query($s: String) { sources(search: $s, first: 3) { totalCount } viewpoints(search: $s) { totalCount } }`,
      `query($s: String) { claimFacets(search: $s) { byKind { key count } } }`,
      `query($s: String!) { search(query: $s, first: 5) { totalCount nodes { rank snippet } } }`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...queries), hostileString, async (query, s) => {
        await expectWellBehaved(query, { s });
      }),
      settings(7),
    );
  });
});

describe("the filter compiler agrees with a plain JavaScript model", () => {
  interface ClaimRow {
    id: string;
    kind: string;
    rank: string;
    text: string;
  }
  type ModelFilter = {
    kind?: { equals?: string; in?: string[]; notIn?: string[] };
    rank?: { equals?: string; in?: string[]; notIn?: string[] };
    text?: { contains: string };
    AND?: ModelFilter[];
    OR?: ModelFilter[];
    NOT?: ModelFilter;
  };

  let claims: ClaimRow[];

  beforeAll(async () => {
    const answer = await gql(`{ claims(first: 100) { totalCount nodes { id kind rank text } } }`, {});
    claims = answer.body?.data.claims.nodes as ClaimRow[];
    expect(answer.body?.data.claims.totalCount).toBe(claims.length); // every claim fits on one page
    expect(claims.length).toBeGreaterThan(5);
  });

  function holds(claim: ClaimRow, filter: ModelFilter): boolean {
    const enumHolds = (value: string, f: NonNullable<ModelFilter["kind"]>) =>
      (f.equals === undefined || value === f.equals) &&
      (f.in === undefined || f.in.includes(value)) &&
      (f.notIn === undefined || !f.notIn.includes(value));
    return (
      (filter.kind === undefined || enumHolds(claim.kind, filter.kind)) &&
      (filter.rank === undefined || enumHolds(claim.rank, filter.rank)) &&
      (filter.text === undefined || claim.text.toLowerCase().includes(filter.text.contains.toLowerCase())) &&
      (filter.AND === undefined || filter.AND.every((f) => holds(claim, f))) &&
      (filter.OR === undefined || filter.OR.some((f) => holds(claim, f))) &&
      (filter.NOT === undefined || !holds(claim, filter.NOT))
    );
  }

  /** Text to look for: pieces of real claim texts with their ASCII case flipped at random, or ASCII junk. */
  const needle = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.nat(),
          fc.nat(),
          fc.integer({ min: 2, max: 12 }),
          fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        )
        .map(([which, start, length, flips]) => {
          const text = claims[which % claims.length]!.text;
          const from = start % Math.max(1, text.length);
          const piece = text.slice(from, from + length);
          // Only ASCII letters change case: the model and PostgreSQL agree on those whatever the locale.
          const flip = (ch: string, i: number) =>
            /[a-z]/i.test(ch) ? (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase()) : ch;
          return Array.from(piece, flip).join("");
        }),
    },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom("a", "e", "t", " ", "%", "_", "\\", "'", "the", "police"),
        maxLength: 4,
      }),
    },
  );

  /** One condition on an enum field: equals, in or notIn. */
  function enumCondition(field: "kind" | "rank", values: string[]): fc.Arbitrary<ModelFilter> {
    return fc.oneof(
      fc.constantFrom(...values).map((equals) => ({ [field]: { equals } })),
      fc.subarray(values).map((values) => ({ [field]: { in: values } })),
      fc.subarray(values).map((values) => ({ [field]: { notIn: values } })),
    );
  }

  const leaf: fc.Arbitrary<ModelFilter> = fc.oneof(
    { weight: 3, arbitrary: enumCondition("kind", Object.values(ClaimKind)) },
    { weight: 1, arbitrary: enumCondition("rank", Object.values(ClaimRank)) },
    { weight: 3, arbitrary: needle.map((contains) => ({ text: { contains } })) },
    // Several fields at once: all must hold.
    {
      weight: 2,
      arbitrary: fc
        .tuple(enumCondition("kind", Object.values(ClaimKind)), needle)
        .map(([kind, contains]) => ({ ...kind, text: { contains } })),
    },
  );

  function tree(depth: number): fc.Arbitrary<ModelFilter> {
    if (depth === 0) return leaf;
    const smaller = tree(depth - 1);
    return fc.oneof(
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: fc.array(smaller, { minLength: 1, maxLength: 3 }).map((AND) => ({ AND })) },
      { weight: 2, arbitrary: fc.array(smaller, { minLength: 1, maxLength: 3 }).map((OR) => ({ OR })) },
      { weight: 2, arbitrary: smaller.map((NOT) => ({ NOT })) },
      { weight: 1, arbitrary: fc.constantFrom<ModelFilter>({ AND: [] }, { OR: [] }) },
    );
  }

  it("for random kind/rank/text.contains filters with AND/OR/NOT, lists exactly the claims the model keeps", async () => {
    const query = `query($f: ClaimFilter) { claims(filter: $f, first: 100) { totalCount nodes { id } } }`;
    /** Runs whose answer kept some claims but not all: the ones that can tell a wrong compiler apart. */
    let discriminating = 0;
    await fc.assert(
      fc.asyncProperty(tree(3), async (f) => {
        const answer = await gql(query, { f });
        if (answer.body?.errors) {
          // Only the filter's own size limits may refuse a generated tree.
          expect(codesOf(answer)).toEqual(["BAD_USER_INPUT"]);
          return;
        }
        const expected = claims.filter((claim) => holds(claim, f)).map((claim) => claim.id);
        if (expected.length > 0 && expected.length < claims.length) discriminating += 1;
        expect(answer.body?.data.claims.nodes.map((node: { id: string }) => node.id)).toEqual(expected);
        expect(answer.body?.data.claims.totalCount).toBe(expected.length);
      }),
      { ...settings(8), numRuns: 200 },
    );
    expect(discriminating).toBeGreaterThan(50);
  });
});
