import { createKey } from "../../src/modules/auth";
import { toGlobalId } from "../../src/shared/global-id";
import { useTestServer } from "../support/lifecycle";

/** Corrections (issue 17): retracting stances and claim links, restoring claims, setting derivedFrom later. */

let editor: string;

const suite = useTestServer({ template: "story" });

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
});

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string) {
  const response = await fetch(`${suite.server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function ok(query: string, variables: Record<string, unknown> = {}) {
  const body = await gql(query, variables, editor);
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function row<T = Record<string, string>>(statement: string): Promise<T> {
  return (await suite.db.pool.query(statement)).rows[0] as T;
}

const history = async (id: string) =>
  (await ok(`query($id: ID!) { history(id: $id) { action before after } }`, { id })).history as {
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];

describe("retractStance", () => {
  it("is refused without an API key", async () => {
    const { id } = await row(`SELECT id::text FROM stance ORDER BY seq LIMIT 1`);
    const body = await gql(
      `mutation($i: RetractStanceInput!) { retractStance(input: $i) { stance { id } userErrors { code } } }`,
      { i: { id: toGlobalId("Stance", id), reason: "wrong" } },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await row(`SELECT retracted_at FROM stance WHERE id = '${id}'`)).retracted_at).toBeNull();
  });

  it("hides the stance from lists and filters, shows it with includeRetracted, keeps it in history, and reinstates it when recorded again", async () => {
    const stance = await row<{
      id: string;
      claim_id: string;
      holder_entity_id: string | null;
      holder_viewpoint_id: string | null;
      position: string;
    }>(
      `SELECT id::text, claim_id::text, holder_entity_id::text, holder_viewpoint_id::text, position::text FROM stance ORDER BY seq LIMIT 1`,
    );
    const stanceId = toGlobalId("Stance", stance.id);
    const claimId = toGlobalId("Claim", stance.claim_id);
    const listQuery = `query($c: ID!, $s: ID!) {
      claim(id: $c) {
        stances(first: 100) { totalCount nodes { id } }
        all: stances(first: 100, includeRetracted: true) { totalCount nodes { id retractedAt retractionReason } }
      }
      claims(filter: { id: { equals: $c }, stances: { some: { id: { equals: $s } } } }) { totalCount }
    }`;
    const exported = async () => {
      const response = await fetch(`${suite.server.url}/export/stances.ndjson`);
      expect(response.status).toBe(200);
      return (await response.text()).split("\n").filter((line) => line.trim() !== "").length;
    };
    const exportedBefore = await exported();
    const before = (await ok(listQuery, { c: claimId, s: stanceId })) as any;
    expect(before.claim.stances.nodes.map((n: { id: string }) => n.id)).toContain(stanceId);
    expect(before.claims.totalCount).toBe(1);

    const retracted = await ok(
      `mutation($i: RetractStanceInput!) { retractStance(input: $i) {
        stance { id retractedAt retractionReason } userErrors { field code message } } }`,
      { i: { id: stanceId, reason: "The quote shows the chief, not the mayor." } },
    );
    expect(retracted.retractStance.userErrors).toEqual([]);
    expect(retracted.retractStance.stance.retractionReason).toBe("The quote shows the chief, not the mayor.");
    expect(new Date(retracted.retractStance.stance.retractedAt).getTime()).not.toBeNaN();

    const after = (await ok(listQuery, { c: claimId, s: stanceId })) as any;
    expect(after.claim.stances.totalCount).toBe(before.claim.stances.totalCount - 1);
    expect(after.claim.stances.nodes.map((n: { id: string }) => n.id)).not.toContain(stanceId);
    expect(after.claim.all.totalCount).toBe(before.claim.stances.totalCount);
    expect(after.claim.all.nodes.find((n: { id: string }) => n.id === stanceId)).toMatchObject({
      retractionReason: "The quote shows the chief, not the mayor.",
    });
    expect(after.claims.totalCount).toBe(0);
    // Exports leave it out too.
    expect(await exported()).toBe(exportedBefore - 1);

    const revisions = await history(stanceId);
    const last = revisions[revisions.length - 1]!;
    expect(last.action).toBe("RETRACT");
    expect(last.before!.retractedAt).toBeNull();
    expect(last.after!.retractionReason).toBe("The quote shows the chief, not the mayor.");

    const again = await ok(
      `mutation($i: RetractStanceInput!) { retractStance(input: $i) { stance { id } userErrors { field code message } } }`,
      { i: { id: stanceId, reason: "twice" } },
    );
    expect(again.retractStance).toEqual({
      stance: null,
      userErrors: [{ field: ["input", "id"], code: "INVALID", message: "the Stance is already retracted" }],
    });
    const blank = await ok(
      `mutation($i: RetractStanceInput!) { retractStance(input: $i) { stance { id } userErrors { field code } } }`,
      { i: { id: stanceId, reason: " " } },
    );
    expect(blank.retractStance.userErrors[0].field).toEqual(["input", "reason"]);

    // Recording the stance again (its evidence is stored) reinstates it.
    const holder = stance.holder_entity_id
      ? toGlobalId("Entity", stance.holder_entity_id)
      : toGlobalId("Viewpoint", stance.holder_viewpoint_id!);
    const recorded = await ok(
      `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id retractedAt } userErrors { code message } } }`,
      { i: { holder, claim: claimId, position: stance.position } },
    );
    expect(recorded.recordStance).toEqual({ stance: { id: stanceId, retractedAt: null }, userErrors: [] });
    const restored = (await ok(listQuery, { c: claimId, s: stanceId })) as any;
    expect(restored.claim.stances.totalCount).toBe(before.claim.stances.totalCount);
  });
});

describe("retractClaimRelation", () => {
  it("hides the link from the claim's lists and its argument map, and keeps it with includeRetracted", async () => {
    const link = await row(`SELECT id::text, from_id::text, to_id::text FROM claim_relation ORDER BY seq LIMIT 1`);
    const linkId = toGlobalId("ClaimRelation", link.id);
    const from = toGlobalId("Claim", link.from_id);
    const query = `query($c: ID!) {
      claim(id: $c) {
        relationsOut(first: 100) { totalCount nodes { id } }
        all: relationsOut(first: 100, includeRetracted: true) { nodes { id retractedAt retractionReason } }
        argumentGraph(depth: 1) { edges { id } }
      }
    }`;
    const before = (await ok(query, { c: from })) as any;
    expect(before.claim.relationsOut.nodes.map((n: { id: string }) => n.id)).toContain(linkId);
    expect(before.claim.argumentGraph.edges.map((n: { id: string }) => n.id)).toContain(linkId);

    const retracted = await ok(
      `mutation($i: RetractClaimRelationInput!) { retractClaimRelation(input: $i) {
        claimRelation { id retractionReason } userErrors { code } } }`,
      { i: { id: linkId, reason: "The two claims are not about the same policy." } },
    );
    expect(retracted.retractClaimRelation).toEqual({
      claimRelation: { id: linkId, retractionReason: "The two claims are not about the same policy." },
      userErrors: [],
    });
    const after = (await ok(query, { c: from })) as any;
    expect(after.claim.relationsOut.totalCount).toBe(before.claim.relationsOut.totalCount - 1);
    expect(after.claim.relationsOut.nodes.map((n: { id: string }) => n.id)).not.toContain(linkId);
    expect(after.claim.argumentGraph.edges.map((n: { id: string }) => n.id)).not.toContain(linkId);
    expect(after.claim.all.nodes.find((n: { id: string }) => n.id === linkId)).toMatchObject({
      retractionReason: "The two claims are not about the same policy.",
    });
    expect((await history(linkId)).map((r) => r.action)).toContain("RETRACT");

    const wrongType = await ok(
      `mutation($i: RetractClaimRelationInput!) { retractClaimRelation(input: $i) { userErrors { field code } } }`,
      { i: { id: from, reason: "x" } },
    );
    expect(wrongType.retractClaimRelation.userErrors).toEqual([{ field: ["input", "id"], code: "INVALID" }]);
  });
});

describe("restoreClaim", () => {
  it("un-deprecates a claim with a reason and a RESTORE revision; updateClaim says to use it", async () => {
    const { id } = await row(`SELECT id::text FROM claim WHERE rank <> 'DEPRECATED' ORDER BY seq LIMIT 1`);
    const claimId = toGlobalId("Claim", id);
    const deprecated = await ok(
      `mutation($i: DeprecateClaimInput!) { deprecateClaim(input: $i) { claim { version rank } userErrors { code } } }`,
      {
        i: { id: claimId, version: (await row(`SELECT version FROM claim WHERE id = '${id}'`)).version, reason: "Dup" },
      },
    );
    expect(deprecated.deprecateClaim.claim.rank).toBe("DEPRECATED");
    const version = deprecated.deprecateClaim.claim.version as number;

    const update = await ok(
      `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { claim { rank } userErrors { field code message } } }`,
      { i: { id: claimId, version, rank: "NORMAL" } },
    );
    expect(update.updateClaim).toEqual({
      claim: null,
      userErrors: [
        {
          field: ["input", "rank"],
          code: "INVALID",
          message: "the claim is deprecated: use restoreClaim, which records why",
        },
      ],
    });

    const restore = `mutation($i: RestoreClaimInput!) { restoreClaim(input: $i) {
      claim { rank deprecationReason version } userErrors { field code message } } }`;
    const stale = await ok(restore, { i: { id: claimId, version: version - 1, reason: "Not a duplicate" } });
    expect(stale.restoreClaim.userErrors[0]).toMatchObject({ field: ["input", "version"], code: "STALE_VERSION" });

    const restored = await ok(restore, { i: { id: claimId, version, reason: "Not a duplicate after all" } });
    expect(restored.restoreClaim).toEqual({
      claim: { rank: "NORMAL", deprecationReason: null, version: version + 1 },
      userErrors: [],
    });
    const revisions = await history(claimId);
    const last = revisions[revisions.length - 1]!;
    expect(last.action).toBe("RESTORE");
    expect(last.before).toMatchObject({ rank: "DEPRECATED", deprecationReason: "Dup" });
    expect(last.after).toMatchObject({ rank: "NORMAL", restorationReason: "Not a duplicate after all" });

    const twice = await ok(restore, { i: { id: claimId, version: version + 1, reason: "again" } });
    expect(twice.restoreClaim.userErrors).toEqual([
      { field: ["input", "id"], code: "INVALID", message: "the claim is not deprecated: there is nothing to restore" },
    ]);
  });
});

describe("updateSource derivedFrom", () => {
  it("sets, refuses a cycle, and clears the source a source derives from", async () => {
    const create = async (n: number) =>
      (
        await ok(
          `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } userErrors { code message } } }`,
          { i: { kind: "NEWS_ARTICLE", title: `Copy ${n}`, url: `https://example.org/copy-${n}` } },
        )
      ).createSource.source.id as string;
    const a = await create(1);
    const b = await create(2);
    const update = `mutation($i: UpdateSourceInput!) { updateSource(input: $i) {
      source { version derivationKind derivedFrom { id } } userErrors { field code message } } }`;
    const versionOf = async (gid: string) =>
      (await ok(`query($id: ID!) { source(id: $id) { version } }`, { id: gid })).source.version as number;

    const set = await ok(update, { i: { id: a, version: await versionOf(a), derivedFrom: b } });
    expect(set.updateSource.userErrors).toEqual([]);
    expect(set.updateSource.source).toMatchObject({ derivationKind: "REWRITE", derivedFrom: { id: b } });

    const cycle = await ok(update, { i: { id: b, version: await versionOf(b), derivedFrom: a } });
    expect(cycle.updateSource).toEqual({
      source: null,
      userErrors: [
        {
          field: ["input", "derivedFrom"],
          code: "INVALID",
          message: "a source cannot derive from itself or from a source derived from it",
        },
      ],
    });

    const kind = await ok(update, { i: { id: a, version: await versionOf(a), derivationKind: "SYNDICATION" } });
    expect(kind.updateSource.source).toMatchObject({ derivationKind: "SYNDICATION", derivedFrom: { id: b } });

    const cleared = await ok(update, { i: { id: a, version: await versionOf(a), derivedFrom: null } });
    expect(cleared.updateSource.source).toMatchObject({ derivationKind: null, derivedFrom: null });
    expect((await history(a)).filter((r) => r.action === "UPDATE").length).toBeGreaterThanOrEqual(3);
  });
});
