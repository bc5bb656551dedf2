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

describe("retractEvidence", () => {
  const RETRACT = `mutation($i: RetractEvidenceInput!) { retractEvidence(input: $i) {
    retractedEvidence { quote { id exact } reason retractedAt } userErrors { field code message } } }`;
  const ADD = `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { quote { id } userErrors { field code message } } }`;
  const STANCE = `query($id: ID!) { node(id: $id) { ... on Stance {
    evidence { id } retractedEvidence { quote { id } reason } } } }`;

  /** An entity-held stance, its one evidence quote, and a sentence of the same source not yet quoted. */
  async function stanceWithOneQuote() {
    const found = await row<{ stance: string; quote: string; holder: string; source: string; text: string }>(
      `SELECT s.id::text AS stance, min(se.quote_id::text) AS quote, s.holder_entity_id::text AS holder,
              min(q.source_id::text) AS source, min(src.text) AS text
       FROM stance s JOIN stance_evidence se ON se.stance_id = s.id JOIN quote q ON q.id = se.quote_id
       JOIN source src ON src.id = q.source_id
       WHERE s.holder_entity_id IS NOT NULL AND s.retracted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM evidence_retraction r WHERE r.target_id = s.id)
       GROUP BY s.id HAVING count(*) = 1 ORDER BY min(s.seq) LIMIT 1`,
    );
    // A sentence of the source that no quote covers yet, to cite as a second piece of evidence.
    const quoted = (await suite.db.pool.query(`SELECT exact FROM quote WHERE source_id = $1`, [found.source])).rows.map(
      (r) => r.exact as string,
    );
    const sentence = found.text
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim())
      .find(
        (s) =>
          s.length > 40 &&
          !quoted.some((q) => q.includes(s) || s.includes(q)) &&
          found.text.indexOf(s) === found.text.lastIndexOf(s),
      )!;
    return { ...found, sentence };
  }

  /** Cites `sentence` as a second piece of the stance's evidence, with its holder speaking in it. */
  async function addVoicedQuote(at: { stanceId: string; holder: string; source: string; sentence: string }) {
    const added = await ok(ADD, {
      i: {
        target: at.stanceId,
        source: toGlobalId("Source", at.source),
        exact: at.sentence,
        speakers: [toGlobalId("Entity", at.holder)],
        attribution: "INDIRECT",
      },
    });
    expect(added.addEvidence.userErrors).toEqual([]);
    return added;
  }

  it("takes a quote out of a stance's evidence with a reason, keeps it in retractedEvidence and history, and addEvidence undoes it", async () => {
    const { stance, quote, holder, source, sentence } = await stanceWithOneQuote();
    const stanceId = toGlobalId("Stance", stance);
    const quoteId = toGlobalId("Quote", quote);
    // A second quote in which the holder speaks, so the first can go without breaking attribution.
    const added = await addVoicedQuote({ stanceId, holder, source, sentence });
    const filter = `query($c: ID!, $q: ID!) { claim(id: $c) { stances(first: 100, filter: { evidence: { some: { id: { equals: $q } } } }) { totalCount } } }`;
    const { claim } = await row(`SELECT claim_id::text AS claim FROM stance WHERE id = '${stance}'`);
    const matching = async () =>
      (await ok(filter, { c: toGlobalId("Claim", claim), q: quoteId })).claim.stances.totalCount as number;
    const matchingBefore = await matching();
    expect(matchingBefore).toBeGreaterThan(0);

    const retracted = await ok(RETRACT, {
      i: { target: stanceId, quote: quoteId, reason: "The quote shows the chief." },
    });
    expect(retracted.retractEvidence.userErrors).toEqual([]);
    expect(retracted.retractEvidence.retractedEvidence).toMatchObject({
      quote: { id: quoteId },
      reason: "The quote shows the chief.",
    });
    const after = (await ok(STANCE, { id: stanceId })).node;
    expect(after.evidence.map((q: { id: string }) => q.id)).toEqual([added.addEvidence.quote.id]);
    expect(after.retractedEvidence).toEqual([{ quote: { id: quoteId }, reason: "The quote shows the chief." }]);
    expect(await matching()).toBe(matchingBefore - 1);
    const last = (await history(stanceId)).at(-1)!;
    expect(last.action).toBe("RETRACT");
    expect(last.after!.evidenceRetracted).toEqual({ quoteId: quote, reason: "The quote shows the chief." });

    const again = await ok(RETRACT, { i: { target: stanceId, quote: quoteId, reason: "Twice." } });
    expect(again.retractEvidence).toEqual({
      retractedEvidence: null,
      userErrors: [
        {
          field: ["input", "quote"],
          code: "INVALID",
          message: "the quote is already retracted as evidence for this Stance",
        },
      ],
    });

    // Recording the stance again citing the quote leaves the retraction as it is.
    const q = await row<{ exact: string; prefix: string; suffix: string }>(
      `SELECT exact, prefix, suffix FROM quote WHERE id = '${quote}'`,
    );
    const { position } = await row(`SELECT position::text FROM stance WHERE id = '${stance}'`);
    const recorded = await ok(
      `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id evidence { id } } userErrors { code message } } }`,
      {
        i: {
          holder: toGlobalId("Entity", holder),
          claim: toGlobalId("Claim", claim),
          position,
          evidence: [{ source: toGlobalId("Source", source), exact: q.exact, prefix: q.prefix, suffix: q.suffix }],
        },
      },
    );
    expect(recorded.recordStance.userErrors).toEqual([]);
    expect(recorded.recordStance.stance.evidence.map((e: { id: string }) => e.id)).not.toContain(quoteId);

    // addEvidence cites it again: the retraction is undone.
    const reinstated = await ok(ADD, {
      i: { target: stanceId, source: toGlobalId("Source", source), exact: q.exact, prefix: q.prefix, suffix: q.suffix },
    });
    expect(reinstated.addEvidence).toEqual({ quote: { id: quoteId }, userErrors: [] });
    const back = (await ok(STANCE, { id: stanceId })).node;
    expect(back.evidence.map((e: { id: string }) => e.id).sort()).toEqual([quoteId, added.addEvidence.quote.id].sort());
    expect(back.retractedEvidence).toEqual([]);
    expect((await history(stanceId)).at(-1)!.after!.evidenceReinstated).toEqual([quote]);
  });

  it("refuses to leave the holder speaking in none of the evidence, and changes nothing", async () => {
    const { stance, quote } = await stanceWithOneQuote();
    const revisions = (await history(toGlobalId("Stance", stance))).length;
    const refused = await ok(RETRACT, {
      i: { target: toGlobalId("Stance", stance), quote: toGlobalId("Quote", quote), reason: "Wrong." },
    });
    expect(refused.retractEvidence.retractedEvidence).toBeNull();
    expect(refused.retractEvidence.userErrors).toHaveLength(1);
    expect(refused.retractEvidence.userErrors[0]).toMatchObject({ field: ["input", "quote"], code: "SPEAKER_MISSING" });
    expect(refused.retractEvidence.userErrors[0].message).toMatch(/retractStance/);
    expect((await row(`SELECT count(*)::int AS n FROM stance_evidence WHERE stance_id = '${stance}'`)).n).toBe(1);
    expect((await row(`SELECT count(*)::int AS n FROM evidence_retraction`)).n).toBeLessThanOrEqual(1);
    expect((await row(`SELECT count(*)::int AS n FROM evidence_retraction WHERE target_id = '${stance}'`)).n).toBe(0);
    expect((await history(toGlobalId("Stance", stance))).length).toBe(revisions);
  });

  it("lets one of two concurrent retractions of a stance's last two voiced quotes through, never both", async () => {
    const { stance, quote, holder, source, sentence } = await stanceWithOneQuote();
    const stanceId = toGlobalId("Stance", stance);
    const added = await addVoicedQuote({ stanceId, holder, source, sentence });
    const answers = await Promise.all(
      [toGlobalId("Quote", quote), added.addEvidence.quote.id].map((q) =>
        ok(RETRACT, { i: { target: stanceId, quote: q, reason: "Race." } }),
      ),
    );
    const codes = answers.map((a) => a.retractEvidence.userErrors.map((e: { code: string }) => e.code).join()).sort();
    expect(codes).toEqual(["", "SPEAKER_MISSING"]);
    expect((await row(`SELECT count(*)::int AS n FROM stance_evidence WHERE stance_id = '${stance}'`)).n).toBe(1);
    expect((await row(`SELECT count(*)::int AS n FROM evidence_retraction WHERE target_id = '${stance}'`)).n).toBe(1);
  });

  it("never leaves a quote both cited and retracted when a retraction and addEvidence race", async () => {
    const { stance, holder, source, sentence } = await stanceWithOneQuote();
    const stanceId = toGlobalId("Stance", stance);
    const added = await addVoicedQuote({ stanceId, holder, source, sentence });
    const quoteId = added.addEvidence.quote.id as string;
    const uuid = (await row(`SELECT id::text FROM quote WHERE exact = $$${sentence}$$`)).id;
    for (let round = 0; round < 10; round += 1) {
      const [retracted, readded] = await Promise.all([
        ok(RETRACT, { i: { target: stanceId, quote: quoteId, reason: `Round ${round}.` } }),
        ok(ADD, { i: { target: stanceId, source: toGlobalId("Source", source), exact: sentence } }),
      ]);
      expect(readded.addEvidence.userErrors).toEqual([]);
      const cited = (
        await row<{ n: number }>(
          `SELECT count(*)::int AS n FROM stance_evidence WHERE stance_id = '${stance}' AND quote_id = '${uuid}'`,
        )
      ).n;
      const kept = (
        await row<{ n: number }>(
          `SELECT count(*)::int AS n FROM evidence_retraction WHERE target_id = '${stance}' AND quote_id = '${uuid}'`,
        )
      ).n;
      // One of the two orders: cited (added last) or retracted (retracted last), never both or neither.
      expect({ round, state: cited + kept }).toEqual({ round, state: 1 });
      expect(kept === 1).toBe(retracted.retractEvidence.userErrors.length === 0 && cited === 0);
      if (kept === 1) {
        await ok(ADD, { i: { target: stanceId, source: toGlobalId("Source", source), exact: sentence } });
      }
    }
    // Every change is in history: each retraction that took effect, and each re-citation after it.
    const actions = (await history(stanceId)).map((r) => r.action);
    expect(actions.filter((a) => a === "RETRACT").length).toBeGreaterThan(0);
  });

  it("takes a quote out of a claim's appearances and the quote's claims", async () => {
    // A claim with an appearance whose speakers are not its claimants' only voice (or no claimants at all).
    const found = await row<{ claim: string; quote: string }>(
      `SELECT ca.claim_id::text AS claim, ca.quote_id::text AS quote FROM claim_appearance ca
       WHERE NOT EXISTS (SELECT 1 FROM claim_claimant cc WHERE cc.claim_id = ca.claim_id
         AND NOT EXISTS (SELECT 1 FROM claim_appearance ca2 JOIN quote_speaker qs ON qs.quote_id = ca2.quote_id
           WHERE ca2.claim_id = ca.claim_id AND ca2.quote_id <> ca.quote_id AND qs.entity_id = cc.entity_id))
       ORDER BY ca.claim_id, ca.quote_id LIMIT 1`,
    );
    const claimId = toGlobalId("Claim", found.claim);
    const query = `query($id: ID!) { claim(id: $id) {
      appearancesConnection(first: 50) { totalCount nodes { id } }
      retractedEvidence { quote { id } reason }
    } }`;
    const before = (await ok(query, { id: claimId })).claim;
    const retracted = await ok(RETRACT, {
      i: { target: claimId, quote: toGlobalId("Quote", found.quote), reason: "Not this claim." },
    });
    expect(retracted.retractEvidence.userErrors).toEqual([]);
    const after = (await ok(query, { id: claimId })).claim;
    expect(after.appearancesConnection.totalCount).toBe(before.appearancesConnection.totalCount - 1);
    expect(after.appearancesConnection.nodes.map((n: { id: string }) => n.id)).not.toContain(
      toGlobalId("Quote", found.quote),
    );
    const claimsOfQuote = await ok(`query($q: ID!) { node(id: $q) { ... on Quote { claims { id } } } }`, {
      q: toGlobalId("Quote", found.quote),
    });
    expect(claimsOfQuote.node.claims.map((c: { id: string }) => c.id)).not.toContain(claimId);
    expect(after.retractedEvidence).toEqual([
      { quote: { id: toGlobalId("Quote", found.quote) }, reason: "Not this claim." },
    ]);
  });

  it("answers bad input with coded errors and changes nothing", async () => {
    const { stance, quote } = await stanceWithOneQuote();
    const source = (await row(`SELECT id::text FROM source ORDER BY seq LIMIT 1`)).id;
    const other = (await row(`SELECT quote_id::text AS q FROM claim_appearance WHERE quote_id <> '${quote}' LIMIT 1`))
      .q;
    const cases: [Record<string, unknown>, string[], string][] = [
      [
        { target: toGlobalId("Source", source), quote: toGlobalId("Quote", quote), reason: "x" },
        ["input", "target"],
        "INVALID",
      ],
      [{ target: "not-an-id", quote: toGlobalId("Quote", quote), reason: "x" }, ["input", "target"], "INVALID"],
      [
        { target: toGlobalId("Stance", stance), quote: toGlobalId("Source", source), reason: "x" },
        ["input", "quote"],
        "INVALID",
      ],
      [
        { target: toGlobalId("Stance", stance), quote: toGlobalId("Quote", other), reason: "x" },
        ["input", "quote"],
        "NOT_FOUND",
      ],
      [
        { target: toGlobalId("Stance", stance), quote: toGlobalId("Quote", quote), reason: "   " },
        ["input", "reason"],
        "REQUIRED",
      ],
      [
        {
          target: toGlobalId("Stance", "00000000-0000-4000-8000-000000000000"),
          quote: toGlobalId("Quote", quote),
          reason: "x",
        },
        ["input", "target"],
        "NOT_FOUND",
      ],
    ];
    for (const [input, field, code] of cases) {
      const answer = await ok(RETRACT, { i: input });
      expect({
        input,
        errors: answer.retractEvidence.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code]),
      }).toEqual({
        input,
        errors: [[field, code]],
      });
    }
    const anonymous = await gql(RETRACT, {
      i: { target: toGlobalId("Stance", stance), quote: toGlobalId("Quote", quote), reason: "x" },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await row(`SELECT count(*)::int AS n FROM evidence_retraction WHERE target_id = '${stance}'`)).n).toBe(0);
  });
});
