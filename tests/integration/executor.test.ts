import { readFileSync } from "node:fs";
import { COOKBOOK_PATH, parseCookbook, resolveVariables } from "../support/cookbook";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { sample, scrape } from "../support/metrics";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The executor (src/http/executor.ts): an operation runs on graphql-js the first time and compiled by
 * graphql-jit from its second run on, unless it declares input-object variables. Every answer must be
 * the same either way: the same JSON, byte for byte, errors included.
 */

let db: TestDatabase;
let server: TestServer;
let production: TestServer;

beforeAll(async () => {
  db = await createTestDatabase("story");
  server = await startTestServer(db);
  production = await startTestServer(db, { production: true });
});

afterAll(async () => {
  await server.close();
  await production.close();
  await db.drop();
});

/** The raw response body, so that key order and every byte count. */
async function raw(target: TestServer, query: string, variables?: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${target.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

async function executions(target: TestServer): Promise<{ compiled: number; interpreted: number }> {
  const text = await scrape(target);
  return {
    compiled: sample(text, "claimbase_graphql_executions_total", { executor: "compiled" }),
    interpreted: sample(text, "claimbase_graphql_executions_total", { executor: "interpreted" }),
  };
}

/** Asks the same operation three times; returns the answers and how they ran. */
async function thrice(target: TestServer, query: string, variables?: Record<string, unknown>) {
  const before = await executions(target);
  const answers = [
    await raw(target, query, variables),
    await raw(target, query, variables),
    await raw(target, query, variables),
  ];
  const after = await executions(target);
  return {
    answers,
    compiled: after.compiled - before.compiled,
    interpreted: after.interpreted - before.interpreted,
  };
}

/** Shapes the cookbook uses little or not at all: abstract types, directives, errors inside the tree. */
const SHAPES: { name: string; query: string; variables?: Record<string, unknown>; refused?: boolean }[] = [
  {
    name: "interfaces, unions and __typename",
    query: `{ search(query: "police", first: 8) { totalCount nodes { rank node { __typename
      ... on Claim { text claimants { slug } } ... on Quote { exact source { title } }
      ... on Source { title } ... on Entity { slug } ... on Viewpoint { title } } } } }`,
  },
  {
    name: "stance holders (a union) under a nested page",
    query: `{ claims(first: 10) { nodes { text stances(first: 5) { totalCount nodes { position
      holder { __typename ... on Entity { slug } ... on Viewpoint { slug } } } } } } }`,
  },
  {
    name: "@include and @skip from variables, in fragments and on fields",
    query: `query($full: Boolean!, $lean: Boolean!) { entities(first: 5) {
      nodes { slug ...more @include(if: $full) name @skip(if: $lean) } } }
      fragment more on Entity { kind claimsMade(first: 2) { nodes { text } } }`,
    variables: { full: true, lean: true },
  },
  {
    name: "aliases, pageInfo, cursors and a scalar variable",
    query: `query($n: Int!) { first: claims(first: $n) { edges { cursor node { text statedAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
      last: claims(last: $n) { totalCount nodes { kind } } }`,
    variables: { n: 3 },
  },
  {
    name: "an error inside the tree: a coded error with its path, and data around it",
    query: `{ entities(first: 3) { nodes { slug claimsMade(first: 0) { totalCount } } } }`,
  },
  {
    name: "a nullable root field failing beside one that answers",
    query: `query($id: ID!) { entity(id: $id) { slug } claims(first: 1) { nodes { text } } }`,
    variables: { id: "not-an-id" },
  },
  {
    name: "node lookups with malformed and unknown IDs",
    query: `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
    variables: { ids: ["garbage", "RW50aXR5OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA"] },
  },
  {
    name: "a bad scalar variable (graphql-js words the refusal every time)",
    query: `query($n: Int) { claims(first: $n) { totalCount } }`,
    variables: { n: "many" },
    refused: true,
  },
  {
    name: "inline input objects with defaults left out",
    query: `{ claims(first: 4, orderBy: [{ field: TEXT }], filter: { kind: { in: [FACTUAL, NORMATIVE] } }) {
      totalCount nodes { text kind } } }`,
  },
  { name: "introspection", query: `{ __schema { queryType { name } types { name kind } } }` },
];

describe("graphql-jit and graphql-js answer alike", () => {
  it.each(SHAPES)("$name", async ({ query, variables, refused }) => {
    const { answers, compiled, interpreted } = await thrice(server, query, variables);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    // The first run interprets; the two after it run compiled (refused variables: graphql-js answers).
    expect({ compiled, interpreted }).toEqual(
      refused ? { compiled: 0, interpreted: 3 } : { compiled: 2, interpreted: 1 },
    );
    expect(answers[0]).not.toMatch(/INTERNAL_SERVER_ERROR/);
  });

  it("answers every cookbook request the same compiled as interpreted", async () => {
    const recipes = parseCookbook(readFileSync(COOKBOOK_PATH, "utf8"));
    let steps = 0;
    let compiledRuns = 0;
    for (const recipe of recipes) {
      let previous: unknown;
      for (const step of recipe.steps) {
        const variables = resolveVariables(step.variables, previous);
        const { answers, compiled } = await thrice(server, step.query, variables);
        const where = `docs/queries.md:${step.line}`;
        expect({ where, second: answers[1] }).toEqual({ where, second: answers[0] });
        expect({ where, third: answers[2] }).toEqual({ where, third: answers[0] });
        previous = (JSON.parse(answers[0]!) as { data?: unknown }).data;
        steps += 1;
        compiledRuns += compiled;
      }
    }
    expect(steps).toBeGreaterThan(15);
    // Most recipes take scalar variables or none and run compiled from their second run.
    expect(compiledRuns).toBeGreaterThan(steps);
  });
});

describe("what stays on graphql-js", () => {
  it("runs operations with input-object variables interpreted, defaults of their fields applied", async () => {
    const { answers, compiled, interpreted } = await thrice(
      server,
      `query($order: [ClaimOrder!], $filter: ClaimFilter) { claims(first: 3, orderBy: $order, filter: $filter) {
        totalCount nodes { text } } }`,
      // `direction` left out: its default (ASC) applies; the filter nests through OR.
      {
        order: [{ field: "TEXT" }],
        filter: { OR: [{ kind: { equals: "FACTUAL" } }, { text: { contains: "police" } }] },
      },
    );
    expect({ compiled, interpreted }).toEqual({ compiled: 0, interpreted: 3 });
    expect(new Set(answers).size).toBe(1);
    const body = JSON.parse(answers[0]!);
    expect(body.errors).toBeUndefined();
    expect(body.data.claims.nodes).toHaveLength(3);
    const inline = JSON.parse(
      await raw(
        server,
        `{ claims(first: 3, orderBy: [{ field: TEXT, direction: ASC }],
          filter: { OR: [{ kind: { equals: FACTUAL } }, { text: { contains: "police" } }] }) { totalCount nodes { text } } }`,
      ),
    );
    expect(inline.data).toEqual(body.data);
  });
});

describe("compiled answers under production settings", () => {
  it("keeps resolver errors coded (GraphQL Armor rewrites messages in production)", async () => {
    const { answers, compiled } = await thrice(production, `{ claims(first: 0) { totalCount } }`);
    expect(compiled).toBe(2);
    for (const answer of answers) {
      const body = JSON.parse(answer);
      expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
      expect(body.errors[0].message).toMatch(/first/);
    }
  });
});
