import {
  getNamedType,
  type GraphQLField,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLObjectType,
  isObjectType,
} from "graphql";
import { createKey } from "../../src/modules/auth";
import { buildClaimbaseSchema } from "../../src/schema";
import { toGlobalId } from "../../src/shared/global-id";
import { useTestServer } from "../support/lifecycle";

/**
 * #17, the frontend developer's part: the unpaged lists are connections (the old lists deprecated,
 * still answering), mutation inputs take the shape outputs have, payload fields are named by one rule,
 * and importBundle has userErrors like every mutation.
 */

const suite = useTestServer({ template: "story" });
let editor: string;

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "shapes-editor", "EDITOR")).key;
});

async function ok(query: string, variables: Record<string, unknown> = {}, key?: string) {
  const body = await suite.server.post(query, variables, key);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

async function gid(type: "Entity" | "Claim" | "Source" | "Viewpoint", where: string): Promise<string> {
  const table = { Entity: "entity", Claim: "claim", Source: "source", Viewpoint: "viewpoint" }[type];
  const { rows } = await suite.db.pool.query(`SELECT id::text FROM ${table} t WHERE ${where} LIMIT 1`);
  return toGlobalId(type, rows[0].id);
}

/** Walks a connection page by page (`first: size`) and returns every node, checking pageInfo on the way. */
async function walk<T>(
  query: string,
  variables: Record<string, unknown>,
  pick: (data: any) => { nodes: T[]; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } },
): Promise<{ nodes: T[]; pages: number; totalCount: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = -1;
  for (;;) {
    const page = pick(await ok(query, { ...variables, after }));
    pages += 1;
    totalCount = page.totalCount;
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
    if (pages > 50) throw new Error("the connection never ends");
  }
  return { nodes, pages, totalCount };
}

describe("connections for the lists that were unpaged", () => {
  it("pages Claim.appearancesConnection with the same quotes, in the same order, as the deprecated appearances", async () => {
    const { rows } = await suite.db.pool.query(
      `SELECT claim_id::text AS id, count(*)::int AS n FROM claim_appearance GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    const claim = toGlobalId("Claim", rows[0].id);
    const old = await ok(`query($id: ID!) { claim(id: $id) { appearances { id exact } } }`, { id: claim });
    const paged = await walk(
      `query($id: ID!, $after: String) { claim(id: $id) { appearancesConnection(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id exact source { title } } } } }`,
      { id: claim },
      (data) => data.claim.appearancesConnection,
    );
    expect(paged.totalCount).toBe(rows[0].n);
    expect(paged.pages).toBe(Math.ceil(rows[0].n / 2));
    expect(paged.nodes.map((q: any) => ({ id: q.id, exact: q.exact }))).toEqual(old.claim.appearances);
    expect((paged.nodes[0] as any).source.title).toEqual(expect.any(String));
  });

  it("filters appearancesConnection with a QuoteFilter", async () => {
    const { rows } = await suite.db.pool.query(
      `SELECT ca.claim_id::text AS id, q.exact FROM claim_appearance ca JOIN quote q ON q.id = ca.quote_id
       WHERE ca.claim_id IN (SELECT claim_id FROM claim_appearance GROUP BY 1 HAVING count(*) > 1)
       ORDER BY ca.claim_id, q.seq LIMIT 1`,
    );
    const data = await ok(
      `query($id: ID!, $exact: String!) { claim(id: $id) {
        appearancesConnection(filter: { exact: { equals: $exact } }) { totalCount nodes { exact } } } }`,
      { id: toGlobalId("Claim", rows[0].id), exact: rows[0].exact },
    );
    expect(data.claim.appearancesConnection).toEqual({ totalCount: 1, nodes: [{ exact: rows[0].exact }] });
  });

  it("pages Viewpoint.membersConnection, filters it by role, and agrees with the deprecated members", async () => {
    const slug = "sanctuary-policy-protects-community-trust";
    const old = await ok(`query($s: String!) { viewpoint(slug: $s) { members { role entity { slug } } } }`, {
      s: slug,
    });
    expect(old.viewpoint.members).toHaveLength(5);
    const paged = await walk(
      `query($s: String!, $after: String) { viewpoint(slug: $s) { membersConnection(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { role entity { slug } } } } } }`,
      { s: slug },
      (data) => {
        const c = data.viewpoint.membersConnection;
        return { ...c, nodes: c.edges.map((e: any) => e.node) };
      },
    );
    expect(paged).toMatchObject({ totalCount: 5, pages: 3 });
    expect(paged.nodes).toEqual(old.viewpoint.members);
    const role = old.viewpoint.members[0].role;
    const byRole = await ok(
      `query($s: String!, $role: ViewpointRole!) { viewpoint(slug: $s) {
        membersConnection(filter: { role: { equals: $role } }) { totalCount nodes { role } } } }`,
      { s: slug, role },
    );
    const expected = old.viewpoint.members.filter((m: any) => m.role === role).length;
    expect(byRole.viewpoint.membersConnection.totalCount).toBe(expected);
    expect(byRole.viewpoint.membersConnection.nodes).toEqual(Array(expected).fill({ role }));
  });

  it("refuses a members cursor on another list, and a page over 100, with BAD_USER_INPUT", async () => {
    const first = await ok(
      `{ viewpoint(slug: "for-sanctuary-policies") { membersConnection(first: 1) { pageInfo { endCursor } } } }`,
    );
    const cursor = first.viewpoint.membersConnection.pageInfo.endCursor;
    const foreign = await suite.server.post(`query($c: String!) { claims(first: 1, after: $c) { nodes { id } } }`, {
      c: cursor,
    });
    expect(foreign.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const big = await suite.server.post(
      `{ viewpoint(slug: "for-sanctuary-policies") { membersConnection(first: 101) { totalCount } } }`,
    );
    expect(big.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages historyConnection past the old list's shape: every revision, oldest first, with totalCount", async () => {
    const claim = await gid("Claim", "true ORDER BY seq OFFSET 3");
    let version = (await ok(`query($id: ID!) { claim(id: $id) { version } }`, { id: claim })).claim.version as number;
    for (const condition of ["one", "two", "three", "four"]) {
      const data = await ok(
        `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { claim { version } userErrors { code message } } }`,
        { i: { id: claim, version, qualifiers: { condition: `history ${condition}` } } },
        editor,
      );
      expect(data.updateClaim.userErrors).toEqual([]);
      version = data.updateClaim.claim.version;
    }
    const old = await ok(`query($id: ID!) { history(id: $id) { seq action } }`, { id: claim });
    expect(old.history.length).toBeGreaterThanOrEqual(5);
    const paged = await walk(
      `query($id: ID!, $after: String) { historyConnection(id: $id, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { seq action actor after } } }`,
      { id: claim },
      (data) => data.historyConnection,
    );
    expect(paged.totalCount).toBe(old.history.length);
    expect(paged.nodes.map((r: any) => ({ seq: r.seq, action: r.action }))).toEqual(old.history);
    const last = paged.nodes[paged.nodes.length - 1] as any;
    expect(last).toMatchObject({ action: "UPDATE", actor: "key:shapes-editor" });
    expect(last.after.condition).toBe("history four");
    // The last page, backwards.
    const tail = await ok(`query($id: ID!) { historyConnection(id: $id, last: 2) { nodes { seq } } }`, { id: claim });
    expect(tail.historyConnection.nodes).toEqual(old.history.slice(-2).map((r: any) => ({ seq: r.seq })));
    const bad = await suite.server.post(`{ historyConnection(id: "not an id") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages an object's 1,001 revisions with historyConnection, and refuses them to the capped history with a coded error", async () => {
    const { rows } = await suite.db.pool.query(`SELECT gen_random_uuid()::text AS id`);
    const subject = rows[0].id as string;
    await suite.db.pool.query(
      `INSERT INTO revision (subject_id, subject_type, action, after, actor_label)
       SELECT $1::uuid, 'Entity', 'UPDATE', jsonb_build_object('n', n), 'shapes-test' FROM generate_series(1, 1001) n`,
      [subject],
    );
    const id = toGlobalId("Entity", subject);
    const capped = await suite.server.post(`query($id: ID!) { history(id: $id) { seq } }`, { id });
    expect(capped.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(capped.errors?.[0]?.message).toContain("historyConnection");
    const paged = await walk(
      `query($id: ID!, $after: String) { historyConnection(id: $id, first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { after } } }`,
      { id },
      (data) => data.historyConnection,
    );
    expect(paged).toMatchObject({ totalCount: 1001, pages: 11 });
    expect(paged.nodes.map((r: any) => r.after.n)).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
  });

  it("gives compareViewpoints' five lists as connections holding what the deprecated lists hold", async () => {
    const lists = ["agreements", "disagreements", "differences", "onlyA", "onlyB"];
    const item = `claim { id } stanceA { position } stanceB { position }`;
    const pairs = [
      ["for-sanctuary-policies", "against-sanctuary-policies"],
      ["sanctuary-policy-protects-community-trust", "against-sanctuary-policies"],
      ["for-sanctuary-policies", "sanctuary-policy-protects-community-trust"],
    ];
    let seen = 0;
    for (const [a, b] of pairs) {
      const old = await ok(
        `query($a: ID!, $b: ID!) { compareViewpoints(a: $a, b: $b) { ${lists.map((l) => `${l} { ${item} }`).join(" ")} } }`,
        { a, b },
      );
      const paged = await ok(
        `query($a: ID!, $b: ID!) { compareViewpoints(a: $a, b: $b) { ${lists
          .map((l) => `${l}Connection(first: 100) { totalCount nodes { ${item} } }`)
          .join(" ")} } }`,
        { a, b },
      );
      for (const list of lists) {
        const connection = paged.compareViewpoints[`${list}Connection`];
        expect(connection.nodes).toEqual(old.compareViewpoints[list]);
        expect(connection.totalCount).toBe(old.compareViewpoints[list].length);
        seen += connection.totalCount;
      }
      // onlyA: B takes no stance; agreements: the same position.
      for (const node of paged.compareViewpoints.onlyAConnection.nodes) expect(node.stanceB).toBeNull();
      for (const node of paged.compareViewpoints.agreementsConnection.nodes) {
        expect(node.stanceA.position).toBe(node.stanceB.position);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("pages a comparison list one claim at a time, and two comparisons in one query stay apart", async () => {
    const a = "sanctuary-policy-protects-community-trust";
    const b = "police-should-assist-federal-enforcement";
    const old = await ok(`query($a: ID!, $b: ID!) { compareViewpoints(a: $a, b: $b) { onlyA { claim { id } } } }`, {
      a,
      b,
    });
    expect(old.compareViewpoints.onlyA.length).toBeGreaterThanOrEqual(2);
    const paged = await walk(
      `query($a: ID!, $b: ID!, $after: String) { compareViewpoints(a: $a, b: $b) {
        onlyAConnection(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { claim { id } } } } }`,
      { a, b },
      (data) => data.compareViewpoints.onlyAConnection,
    );
    expect(paged.nodes).toEqual(old.compareViewpoints.onlyA);
    expect(paged.pages).toBe(old.compareViewpoints.onlyA.length);
    const both = await ok(
      `query($a: ID!, $b: ID!) { x: compareViewpoints(a: $a, b: $b) { onlyAConnection { totalCount } }
        y: compareViewpoints(a: $b, b: $a) { onlyAConnection { totalCount } onlyBConnection { totalCount } } }`,
      { a, b },
    );
    expect(both.x.onlyAConnection.totalCount).toBe(old.compareViewpoints.onlyA.length);
    expect(both.y.onlyBConnection.totalCount).toBe(old.compareViewpoints.onlyA.length);
    expect(both.y.onlyAConnection.totalCount).not.toBe(both.x.onlyAConnection.totalCount);
  });

  it("marks each replaced list deprecated, naming its connection", async () => {
    const data = await ok(`{
      claim: __type(name: "Claim") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      viewpoint: __type(name: "Viewpoint") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      comparison: __type(name: "ViewpointComparison") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
      query: __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
    }`);
    const reason = (type: string, field: string) =>
      data[type].fields.find((f: { name: string }) => f.name === field)?.deprecationReason as string | undefined;
    expect(reason("claim", "appearances")).toContain("`appearancesConnection`");
    expect(reason("viewpoint", "members")).toContain("`membersConnection`");
    expect(reason("query", "history")).toContain("`historyConnection`");
    for (const list of ["agreements", "disagreements", "differences", "onlyA", "onlyB"]) {
      expect(reason("comparison", list)).toContain(`\`${list}Connection\``);
      expect(reason("comparison", `${list}Connection`)).toBeNull();
    }
    expect(reason("claim", "appearancesConnection")).toBeNull();
  });
});

describe("mutation inputs take the shape outputs have", () => {
  const update = `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) {
    claim { version qualifiers { condition validFrom validTo place { slug } } } userErrors { field code message } } }`;
  const current = async (id: string) =>
    (await ok(`query($id: ID!) { claim(id: $id) { version } }`, { id })).claim.version as number;

  it("accepts qualifiers nested, as Claim.qualifiers returns them", async () => {
    const claim = await gid("Claim", "true ORDER BY seq OFFSET 5");
    const place = await gid("Entity", "kind = 'PLACE' ORDER BY seq");
    const { rows } = await suite.db.pool.query(`SELECT slug FROM entity WHERE kind = 'PLACE' ORDER BY seq LIMIT 1`);
    const data = await ok(
      update,
      {
        i: {
          id: claim,
          version: await current(claim),
          qualifiers: { place, condition: "during 2025", validFrom: "2025-01-01", validTo: "2025-12-31" },
        },
      },
      editor,
    );
    expect(data.updateClaim.userErrors).toEqual([]);
    expect(data.updateClaim.claim.qualifiers).toEqual({
      condition: "during 2025",
      validFrom: "2025-01-01",
      validTo: "2025-12-31",
      place: { slug: rows[0].slug },
    });
    // Qualifiers left out stay as they are.
    const again = await ok(
      update,
      { i: { id: claim, version: await current(claim), qualifiers: { condition: "in 2025" } } },
      editor,
    );
    expect(again.updateClaim.claim.qualifiers).toMatchObject({ condition: "in 2025", validFrom: "2025-01-01" });
  });

  it("still accepts the flat qualifiers (deprecated) and marks them so in the schema", async () => {
    const claim = await gid("Claim", "true ORDER BY seq OFFSET 6");
    const data = await ok(
      update,
      { i: { id: claim, version: await current(claim), condition: "flat still works", validTo: "2026-01-31" } },
      editor,
    );
    expect(data.updateClaim.userErrors).toEqual([]);
    expect(data.updateClaim.claim.qualifiers).toMatchObject({ condition: "flat still works", validTo: "2026-01-31" });
    const schema = await ok(`{ __type(name: "CreateClaimInput") {
      inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`);
    const fields = new Map(schema.__type.inputFields.map((f: any) => [f.name, f]));
    for (const name of ["place", "condition", "validFrom", "validTo"]) {
      expect(fields.get(name)).toMatchObject({
        isDeprecated: true,
        deprecationReason: expect.stringContaining("qualifiers"),
      });
    }
    expect(fields.get("qualifiers")).toMatchObject({ isDeprecated: false });
  });

  it("points userErrors at the nested field when qualifiers come nested, at the flat one when flat", async () => {
    const claim = await gid("Claim", "true ORDER BY seq OFFSET 7");
    const entity = await gid("Claim", "true ORDER BY seq OFFSET 8"); // a Claim ID where a place is wanted
    const nested = await ok(
      update,
      { i: { id: claim, version: await current(claim), qualifiers: { place: entity } } },
      editor,
    );
    expect(nested.updateClaim.userErrors).toEqual([
      { field: ["input", "qualifiers", "place"], code: "INVALID", message: expect.stringContaining("Entity") },
    ]);
    const flat = await ok(update, { i: { id: claim, version: await current(claim), place: entity } }, editor);
    expect(flat.updateClaim.userErrors).toEqual([
      { field: ["input", "place"], code: "INVALID", message: expect.stringContaining("Entity") },
    ]);
  });

  it("refuses a qualifier given both ways with different values, and accepts it given both ways alike", async () => {
    const claim = await gid("Claim", "true ORDER BY seq OFFSET 9");
    const clash = await ok(
      update,
      { i: { id: claim, version: await current(claim), condition: "a", qualifiers: { condition: "b" } } },
      editor,
    );
    expect(clash.updateClaim.userErrors).toEqual([
      { field: ["input", "qualifiers", "condition"], code: "INVALID", message: expect.stringContaining("once") },
    ]);
    expect(clash.updateClaim.claim).toBeNull();
    const same = await ok(
      update,
      { i: { id: claim, version: await current(claim), condition: "c", qualifiers: { condition: "c" } } },
      editor,
    );
    expect(same.updateClaim.userErrors).toEqual([]);
    expect(same.updateClaim.claim.qualifiers.condition).toBe("c");
  });

  it("creates a claim with nested qualifiers", async () => {
    const article = await gid("Source", "kind = 'NEWS_ARTICLE'");
    const author = await gid("Entity", "slug = 'summary-article-author'");
    const data = await ok(
      `mutation($i: CreateClaimInput!) { createClaim(input: $i) {
        claim { text qualifiers { condition validFrom } } userErrors { field code message } } }`,
      {
        i: {
          text: "Officers should weigh duty against trust, in this city.",
          kind: "NORMATIVE",
          claimants: [author],
          qualifiers: { condition: "in this city", validFrom: "2025-03-28" },
          appearances: [
            {
              source: article,
              exact: "Officers must balance their duty to enforce the law",
              prefix: "questions. ",
              speakers: [author],
              attribution: "AUTHOR",
            },
          ],
        },
      },
      editor,
    );
    expect(data.createClaim.userErrors).toEqual([]);
    expect(data.createClaim.claim.qualifiers).toEqual({ condition: "in this city", validFrom: "2025-03-28" });
  });
});

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

describe("payloads follow one rule", () => {
  const schema = buildClaimbaseSchema();

  /**
   * The rule (docs/api.md): mutation `m` returns `MPayload!`; every payload has
   * `userErrors: [UserError!]!`; a payload field holding one object of a Node type is named after that
   * type in camelCase (`EntityRelation` -> `entityRelation`), unless it is deprecated (an old name
   * kept working beside the rule's).
   */
  it("every mutation returns <Name>Payload with userErrors, and its object field is the type's camelCase name", () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThanOrEqual(16);
    const problems: string[] = [];
    for (const mutation of mutations) {
      const expected = `${mutation.name.charAt(0).toUpperCase()}${mutation.name.slice(1)}Payload`;
      const type = mutation.type;
      if (!(type instanceof GraphQLNonNull) || getNamedType(type).name !== expected) {
        problems.push(`${mutation.name} returns ${String(type)}, not ${expected}!`);
      }
    }
    const payloads = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType => isObjectType(type) && type.name.endsWith("Payload"),
    );
    expect(payloads.length).toBe(mutations.length);
    for (const payload of payloads) {
      const fields = payload.getFields();
      const userErrors = fields.userErrors;
      if (!userErrors || String(userErrors.type) !== "[UserError!]!") {
        problems.push(`${payload.name} has no userErrors: [UserError!]!`);
      }
      for (const field of Object.values(fields) as GraphQLField<unknown, unknown>[]) {
        if (field.deprecationReason) continue;
        const unwrapped = field.type instanceof GraphQLNonNull ? field.type.ofType : field.type;
        if (unwrapped instanceof GraphQLList || !isObjectType(unwrapped)) continue;
        if (!unwrapped.getInterfaces().some((i) => i.name === "Node")) continue;
        if (field.name !== lowerFirst(unwrapped.name)) {
          problems.push(
            `${payload.name}.${field.name} holds a ${unwrapped.name}: name it ${lowerFirst(unwrapped.name)}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers relateEntities with entityRelation, the camelCase name of EntityRelation", () => {
    const payload = schema.getType("RelateEntitiesPayload") as GraphQLObjectType;
    expect(String(payload.getFields().entityRelation!.type)).toBe("EntityRelation");
  });
});

describe("importBundle has userErrors", () => {
  const mutation = `mutation($i: ImportBundleInput!) { importBundle(input: $i) {
    applied rejected { at path code reason } userErrors { field code message } } }`;

  it("lists each rejected record as a userError whose field is its path in the input", async () => {
    const body = await ok(
      mutation,
      {
        i: {
          records: [
            { type: "entity", slug: "shapes-import", kind: "PERSON", name: "S" },
            { type: "stance", holder: { entity: "shapes-import", viewpoint: "v" }, claim: "c", position: "SUPPORTS" },
          ],
        },
      },
      editor,
    );
    expect(body.importBundle.applied).toBe(false);
    expect(body.importBundle.rejected).toEqual([
      {
        at: "/records/1",
        path: "/records/1/holder",
        code: "INVALID",
        reason: "must name exactly one of entity and viewpoint",
      },
    ]);
    expect(body.importBundle.userErrors).toEqual([
      {
        field: ["input", "records", "1", "holder"],
        code: "INVALID",
        message: "must name exactly one of entity and viewpoint",
      },
    ]);
  });

  it("has no userErrors when the import is applied", async () => {
    const body = await ok(
      mutation,
      { i: { records: [{ type: "entity", slug: "shapes-import-ok", kind: "GROUP", name: "Shapes group" }] } },
      editor,
    );
    expect(body.importBundle).toEqual({ applied: true, rejected: [], userErrors: [] });
  });
});
