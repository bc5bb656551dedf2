import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { attributionViolations } from "../../src/modules/attribution";
import { createKey } from "../../src/modules/auth";
import { importFile } from "../../src/modules/bundle";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestServer } from "../support/lifecycle";

/**
 * Attribution (issue #15): who speaks in a quote, according to its source, and the rules that hold
 * claimants, stance holders and viewpoint members to speaking in their evidence. Each rule is refused
 * through a mutation and through an import, with SPEAKER_MISSING naming who is silent; a passage keeps
 * one attribution; the whole-database check finds what was written around the writers; and LIAR,
 * imported as ClaimReview, breaks no rule.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, "../..");
const actor = { keyId: null, label: "test" };

const TEXT =
  'The mayor said: "We will not help." Critics argue that the city is unsafe. ' +
  "The paper reports that crime fell. Officials declared that the policy stands.";
const URL = "https://attr.example/article";

const BUNDLE = {
  format: "claimbase-bundle",
  version: 1,
  entities: [
    { slug: "mayor", kind: "PERSON", name: "The mayor" },
    { slug: "chief", kind: "PERSON", name: "The police chief" },
    { slug: "critics", kind: "GROUP", name: "Critics" },
    { slug: "reporter", kind: "PERSON", name: "The reporter" },
    { slug: "paper", kind: "ORGANIZATION", name: "The paper" },
    { slug: "bystander", kind: "PERSON", name: "A bystander" },
  ],
  sources: [
    {
      ref: "article",
      kind: "NEWS_ARTICLE",
      title: "The article",
      url: URL,
      publisher: "paper",
      authors: ["reporter"],
      text: TEXT,
    },
  ],
  claims: [
    {
      ref: "no-help",
      text: "The city will not help federal agents.",
      kind: "NORMATIVE",
      claimants: ["mayor"],
      appearances: [
        {
          source: "article",
          exact: '"We will not help."',
          speakers: ["mayor"],
          attribution: "DIRECT",
          cue: { exact: "said", prefix: "mayor " },
        },
      ],
    },
    {
      ref: "unsafe",
      text: "The city is unsafe.",
      kind: "EVALUATIVE",
      claimants: ["critics"],
      appearances: [
        {
          source: "article",
          exact: "the city is unsafe",
          speakers: ["critics"],
          attribution: "ATTRIBUTED_TO_GROUP",
          cue: { exact: "argue" },
        },
      ],
    },
  ],
  viewpoints: [
    {
      slug: "no-cooperation",
      title: "The city should not help federal agents",
      members: [
        {
          entity: "mayor",
          role: "PROPONENT",
          evidence: [{ source: "article", exact: '"We will not help."' }],
        },
      ],
    },
  ],
  stances: [
    {
      holder: { viewpoint: "no-cooperation" },
      claim: "no-help",
      position: "SUPPORTS",
      evidence: [{ source: "article", exact: '"We will not help."' }],
    },
    {
      holder: { entity: "critics" },
      claim: "unsafe",
      position: "SUPPORTS",
      evidence: [{ source: "article", exact: "the city is unsafe" }],
    },
  ],
};

let editor: string;
const ids: Record<string, string> = {};

const suite = useTestServer({
  template: "empty",
  prepare: async (db) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "attribution-"));
    try {
      const file = path.join(dir, "bundle.json");
      writeFileSync(file, JSON.stringify(BUNDLE));
      const report = await importFile(db, file, { actor });
      expect(report.rejected).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "attribution editor", "EDITOR")).key;
  const { data } = await suite.server.gql(`{
    entities(first: 20) { nodes { id slug } }
    sources { nodes { id } }
    claims { nodes { id text } }
    viewpoint(slug: "no-cooperation") { id }
  }`);
  for (const e of data!.entities.nodes) ids[e.slug] = e.id;
  ids.article = data!.sources.nodes[0].id;
  ids.noHelp = data!.claims.nodes.find((c: { text: string }) => c.text.startsWith("The city will not")).id;
  ids.unsafe = data!.claims.nodes.find((c: { text: string }) => c.text === "The city is unsafe.").id;
  ids.viewpoint = data!.viewpoint.id;
});

async function mutate(query: string, input: Record<string, unknown>): Promise<any> {
  const body = await suite.server.post(query, { i: input }, editor);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data!)[0];
}

/** Rows of every table a refused write must leave alone. */
async function counts() {
  const { rows } = await suite.db.pool.query(
    `SELECT (SELECT count(*) FROM claim)::int AS claims, (SELECT count(*) FROM claim_claimant)::int AS claimants,
            (SELECT count(*) FROM stance)::int AS stances, (SELECT count(*) FROM viewpoint)::int AS viewpoints,
            (SELECT count(*) FROM viewpoint_member)::int AS members, (SELECT count(*) FROM quote)::int AS quotes,
            (SELECT count(*) FROM quote_speaker)::int AS speakers, (SELECT count(*) FROM revision)::int AS revisions`,
  );
  return rows[0];
}

async function importRecords(records: object[]) {
  const response = await fetch(`${suite.server.url}/import`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
    body: records.map((r) => JSON.stringify(r)).join("\n"),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A selector of the article (an `id:` source for mutations, its url for imports). */
const quote = (exact: string, speakers: string[], attribution: string, cue?: object) => ({
  exact,
  speakers,
  attribution,
  ...(cue ? { cue } : {}),
});

const CREATE_CLAIM = `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { field code message } } }`;
const UPDATE_CLAIM = `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { claim { id } userErrors { field code message } } }`;
const RECORD_STANCE = `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id } userErrors { field code message } } }`;
const CREATE_VIEWPOINT = `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) { viewpoint { id } userErrors { field code message } } }`;
const UPDATE_VIEWPOINT = `mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) { viewpoint { id } userErrors { field code message } } }`;
const ADD_EVIDENCE = `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) {
  quote { id attribution speakers { slug } cue { start end exact } } userErrors { field code message } } }`;

describe("rule 1: every claimant speaks in one of the claim's appearances", () => {
  it("createClaim refuses a claimant who speaks in none, naming it, and writes nothing", async () => {
    const before = await counts();
    const result = await mutate(CREATE_CLAIM, {
      text: "Nobody will help.",
      kind: "NORMATIVE",
      claimants: [ids.mayor, ids.bystander],
      appearances: [{ source: ids.article, ...quote('"We will not help."', [ids.mayor], "DIRECT") }],
    });
    expect(result.claim).toBeNull();
    expect(result.userErrors).toEqual([
      {
        field: ["input", "claimants", "1"],
        code: "SPEAKER_MISSING",
        message:
          'claimant "bystander" speaks in none of the claim\'s appearances: give an appearance, a quote whose speakers include it (their own words, or their claim as the source reports it)',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("updateClaim refuses new claimants who speak in none of the stored appearances", async () => {
    const { data } = await suite.server.gql(`query($id: ID!) { claim(id: $id) { version } }`, { id: ids.noHelp });
    const result = await mutate(UPDATE_CLAIM, {
      id: ids.noHelp,
      version: data!.claim.version,
      claimants: [ids.mayor, ids.chief],
    });
    expect(result.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "claimants", "1"], code: "SPEAKER_MISSING" }),
    ]);
    expect(result.userErrors[0].message).toMatch(/^claimant "chief" speaks in none/);
    // A change of text keeps the stored appearances, where the mayor speaks: accepted.
    const renamed = await mutate(UPDATE_CLAIM, {
      id: ids.noHelp,
      version: data!.claim.version,
      text: "The city will not help federal agents, its mayor says.",
    });
    expect(renamed.userErrors).toEqual([]);
  });

  it("an import rejects the record with the claimant's pointer, and applies nothing", async () => {
    const before = await counts();
    const { status, body } = await importRecords([
      {
        type: "claim",
        text: "The paper says crime fell.",
        kind: "FACTUAL",
        claimants: ["bystander"],
        appearances: [{ source: `url:${URL}`, ...quote("crime fell", ["paper"], "AUTHOR") }],
      },
    ]);
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      expect.objectContaining({ at: "line 1", path: "line 1/claimants/0", code: "SPEAKER_MISSING" }),
    ]);
    expect(body.rejected[0].reason).toMatch(/^claimant "bystander" speaks in none of the claim's appearances/);
    expect(await counts()).toEqual(before);
  });
});

describe("rule 2: an entity's stance cites evidence in which it speaks", () => {
  it("recordStance refuses a holder that speaks in none of the evidence", async () => {
    const before = await counts();
    const result = await mutate(RECORD_STANCE, {
      holder: ids.bystander,
      claim: ids.noHelp,
      position: "SUPPORTS",
      evidence: [{ source: ids.article, exact: '"We will not help."' }],
    });
    expect(result.userErrors).toEqual([
      {
        field: ["input", "evidence"],
        code: "SPEAKER_MISSING",
        message:
          'the holder "bystander" speaks in none of the stance\'s evidence: cite a quote whose speakers include "bystander" (its own words, or its position as the source reports it)',
      },
    ]);
    // Without evidence at all, the same.
    const bare = await mutate(RECORD_STANCE, { holder: ids.mayor, claim: ids.noHelp, position: "SUPPORTS" });
    expect(bare.userErrors[0]).toMatchObject({ code: "SPEAKER_MISSING", field: ["input", "evidence"] });
    expect(await counts()).toEqual(before);
  });

  it("an import rejects the stance, naming its holder", async () => {
    const { status, body } = await importRecords([
      {
        type: "stance",
        holder: { entity: "chief" },
        claim: `fingerprint:${await fingerprintOf(ids.noHelp)}`,
        position: "OPPOSES",
        evidence: [{ source: `url:${URL}`, exact: "the city is unsafe" }],
      },
    ]);
    expect(status).toBe(422);
    expect(body.rejected).toEqual([expect.objectContaining({ path: "line 1/evidence", code: "SPEAKER_MISSING" })]);
    expect(body.rejected[0].reason).toMatch(/^the holder "chief" speaks in none of the stance's evidence/);
  });
});

describe("rule 3: a viewpoint's stance cites evidence in which one of its members speaks", () => {
  it("recordStance refuses evidence in which no member speaks, listing the members", async () => {
    const result = await mutate(RECORD_STANCE, {
      holder: ids.viewpoint,
      claim: ids.unsafe,
      position: "SUPPORTS",
      evidence: [{ source: ids.article, exact: "the city is unsafe" }],
    });
    expect(result.userErrors).toEqual([
      {
        field: ["input", "evidence"],
        code: "SPEAKER_MISSING",
        message:
          'no member of viewpoint "no-cooperation" speaks in the stance\'s evidence: cite a quote whose speakers include one of its members ("mayor")',
      },
    ]);
  });

  it("an import rejects it the same way", async () => {
    const { status, body } = await importRecords([
      {
        type: "stance",
        holder: { viewpoint: "no-cooperation" },
        claim: `fingerprint:${await fingerprintOf(ids.unsafe)}`,
        position: "SUPPORTS",
        evidence: [{ source: `url:${URL}`, exact: "the city is unsafe" }],
      },
    ]);
    expect(status).toBe(422);
    expect(body.rejected).toEqual([expect.objectContaining({ path: "line 1/evidence", code: "SPEAKER_MISSING" })]);
  });
});

describe("rule 4: a viewpoint member has membership evidence in which it speaks", () => {
  it("createViewpoint and updateViewpoint refuse a member without such evidence", async () => {
    const before = await counts();
    const created = await mutate(CREATE_VIEWPOINT, {
      slug: "critics-view",
      title: "The city is unsafe",
      members: [
        { entity: ids.critics, role: "PROPONENT", evidence: [{ source: ids.article, exact: "the city is unsafe" }] },
        { entity: ids.bystander, role: "SUPPORTER", evidence: [{ source: ids.article, exact: "the city is unsafe" }] },
      ],
    });
    expect(created.userErrors).toEqual([
      {
        field: ["input", "members", "1", "evidence"],
        code: "SPEAKER_MISSING",
        message:
          'viewpoint member "bystander" speaks in none of its membership evidence: give the member evidence, a quote whose speakers include it (its own words, or its position as the source reports it)',
      },
    ]);
    const { data } = await suite.server.gql(`{ viewpoint(slug: "no-cooperation") { version } }`);
    const updated = await mutate(UPDATE_VIEWPOINT, {
      id: ids.viewpoint,
      version: data!.viewpoint.version,
      members: [{ entity: ids.chief, role: "SUPPORTER" }],
    });
    expect(updated.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "members", "0", "evidence"], code: "SPEAKER_MISSING" }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it("an import rejects a member without evidence it speaks in", async () => {
    const { status, body } = await importRecords([
      {
        type: "viewpoint",
        slug: "bystanders",
        title: "Bystanders",
        members: [{ entity: "bystander", role: "PROPONENT" }],
      },
    ]);
    expect(status).toBe(422);
    expect(body.rejected).toEqual([
      expect.objectContaining({ path: "line 1/members/0/evidence", code: "SPEAKER_MISSING" }),
    ]);
  });
});

async function fingerprintOf(id: string): Promise<string> {
  const { rows } = await suite.db.pool.query(`SELECT fingerprint FROM claim WHERE id = $1`, [
    Buffer.from(id, "base64url").toString().split(":")[1],
  ]);
  return rows[0].fingerprint;
}

describe("a passage has one attribution", () => {
  it("refuses the same passage with other speakers or attribution, naming what is stored", async () => {
    const result = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote('"We will not help."', [ids.chief], "DIRECT"),
    });
    expect(result.userErrors).toEqual([
      {
        field: ["input", "speakers"],
        code: "ATTRIBUTION_CONFLICT",
        message:
          'this passage is stored with speakers "mayor" and attribution DIRECT; a quote is one passage with one attribution: give the same, or leave speakers and attribution out',
      },
    ]);
    const other = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote('"We will not help."', [ids.mayor], "INDIRECT"),
    });
    expect(other.userErrors[0]).toMatchObject({ field: ["input", "attribution"], code: "ATTRIBUTION_CONFLICT" });
    const cue = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote('"We will not help."', [ids.mayor], "DIRECT", { exact: "declared" }),
    });
    expect(cue.userErrors[0]).toMatchObject({ field: ["input", "cue"], code: "ATTRIBUTION_CONFLICT" });
    expect(cue.userErrors[0].message).toMatch(/its cue "said" at 10-14/);
  });

  it("gives an UNATTRIBUTED quote its attribution once, and then holds it", async () => {
    const plain = await mutate(ADD_EVIDENCE, { target: ids.noHelp, source: ids.article, exact: "the policy stands" });
    expect(plain.quote).toMatchObject({ attribution: "UNATTRIBUTED", speakers: [], cue: null });
    const given = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("the policy stands", [ids.mayor, ids.chief], "INDIRECT", { exact: "declared" }),
    });
    expect(given.userErrors).toEqual([]);
    expect(given.quote).toMatchObject({
      id: plain.quote.id,
      attribution: "INDIRECT",
      speakers: [{ slug: "mayor" }, { slug: "chief" }],
      cue: { exact: "declared", start: 120, end: 128 },
    });
    const again = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("the policy stands", [ids.chief, ids.mayor], "INDIRECT"),
    });
    expect(again.userErrors).toEqual([]);
    const changed = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("the policy stands", [ids.chief], "INDIRECT"),
    });
    expect(changed.userErrors[0].code).toBe("ATTRIBUTION_CONFLICT");
    const history = await suite.server.gql(`query($id: ID!) { history(id: $id) { action after } }`, {
      id: plain.quote.id,
    });
    expect(history.data!.history.map((r: { action: string }) => r.action)).toEqual(["CREATE", "UPDATE"]);
  });

  it("holds AUTHOR to the source's authors and publisher, ATTRIBUTED_TO_GROUP to groups, and a cue to the text", async () => {
    const author = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("The paper reports", [ids.mayor], "AUTHOR"),
    });
    expect(author.userErrors).toEqual([
      {
        field: ["input", "speakers", "0"],
        code: "SPEAKER_NOT_AUTHOR",
        message:
          "attribution AUTHOR is the source's own voice, but \"mayor\" is neither one of its authors nor its publisher: add it to the source's authors, or give the attribution the source gives (DIRECT, INDIRECT, ATTRIBUTED_TO_GROUP)",
      },
    ]);
    const voice = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("The paper reports", [ids.reporter, ids.paper], "AUTHOR"),
    });
    expect(voice.userErrors).toEqual([]);
    const group = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("Critics argue", [ids.mayor], "ATTRIBUTED_TO_GROUP"),
    });
    expect(group.userErrors[0]).toMatchObject({ field: ["input", "speakers", "0"], code: "INVALID" });
    const cue = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      ...quote("Critics argue", [ids.critics], "ATTRIBUTED_TO_GROUP", { exact: "insisted" }),
    });
    expect(cue.userErrors[0]).toMatchObject({ field: ["input", "cue", "exact"], code: "QUOTE_NOT_FOUND" });
    const alone = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source: ids.article,
      exact: "Critics argue",
      speakers: [ids.critics],
    });
    expect(alone.userErrors[0]).toMatchObject({ field: ["input", "attribution"], code: "REQUIRED" });
  });

  it("an import names the bundle field a speaker lacks its attribution at", async () => {
    const { body } = await importRecords([
      {
        type: "claim",
        text: "Crime fell.",
        kind: "FACTUAL",
        claimants: ["paper"],
        appearances: [{ source: `url:${URL}`, exact: "crime fell", speakers: ["paper"] }],
      },
    ]);
    expect(body.rejected).toEqual([
      expect.objectContaining({ path: "line 1/appearances/0/attribution", code: "REQUIRED" }),
    ]);
  });
});

describe("reading who speaks", () => {
  it("lists an entity's own stances apart from its viewpoints' stances", async () => {
    const { data } = await suite.server.gql(`{
      mayor: entity(slug: "mayor") {
        stances { totalCount }
        viewpointStances { nodes { position claim { id } holder { __typename ... on Viewpoint { slug } } } }
      }
      critics: entity(slug: "critics") { stances { totalCount } viewpointStances { totalCount } }
    }`);
    expect(data!.mayor.stances.totalCount).toBe(0);
    expect(data!.mayor.viewpointStances.nodes).toEqual([
      { position: "SUPPORTS", claim: { id: ids.noHelp }, holder: { __typename: "Viewpoint", slug: "no-cooperation" } },
    ]);
    expect(data!.critics).toEqual({ stances: { totalCount: 1 }, viewpointStances: { totalCount: 0 } });
  });

  it("answers who speaks: Entity.quotedIn, the quote filter, membership evidence", async () => {
    const { data } = await suite.server.gql(`{
      entity(slug: "mayor") {
        direct: quotedIn(filter: { attribution: { equals: DIRECT } }) { nodes { exact cue { exact } } }
        all: quotedIn { totalCount }
      }
      claims(filter: { appearances: { some: {
        speakers: { some: { slug: { equals: "mayor" } } }, attribution: { equals: DIRECT } } } }) { nodes { id } }
      groups: claims(filter: { appearances: { some: { attribution: { equals: ATTRIBUTED_TO_GROUP } } } }) {
        nodes { text }
      }
      viewpoint(slug: "no-cooperation") { members { entity { slug } evidence { exact speakers { slug } } } }
    }`);
    expect(data!.entity.direct.nodes).toEqual([{ exact: '"We will not help."', cue: { exact: "said" } }]);
    expect(data!.entity.all.totalCount).toBe(2); // and "the policy stands", INDIRECT, with the chief
    expect(data!.claims.nodes).toEqual([{ id: ids.noHelp }]);
    expect(data!.groups.nodes).toEqual([{ text: "The city is unsafe." }]);
    expect(data!.viewpoint.members).toEqual([
      { entity: { slug: "mayor" }, evidence: [{ exact: '"We will not help."', speakers: [{ slug: "mayor" }] }] },
    ]);
  });
});

describe("a group that speaks as one stays a group", () => {
  const UPDATE_ENTITY = `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { kind } userErrors { field code message } } }`;
  const MERGE = `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { entity { slug } userErrors { field code message } } }`;

  async function critics() {
    const { data } = await suite.server.gql(`{ entity(slug: "critics") { kind version } }`);
    return data!.entity as { kind: string; version: number };
  }

  it("refuses making it a person (updateEntity, imports) or merging it into one, and changes nothing", async () => {
    const before = await critics();
    expect(before.kind).toBe("GROUP");
    const rows = await counts();
    const updated = await mutate(UPDATE_ENTITY, { id: ids.critics, version: before.version, kind: "PERSON" });
    expect(updated.userErrors).toEqual([
      {
        field: ["input", "kind"],
        code: "INVALID",
        message: expect.stringMatching(
          /^"critics" speaks as a group in \d+ passages? \(attribution ATTRIBUTED_TO_GROUP\), so it stays a GROUP$/,
        ),
      },
    ]);
    const imported = await importRecords([{ type: "entity", slug: "critics", kind: "ORGANIZATION", name: "Critics" }]);
    expect(imported.status).toBe(422);
    expect(imported.body.rejected).toEqual([expect.objectContaining({ path: "line 1/kind", code: "INVALID" })]);
    const admin = (await createKey(suite.db.pool, "attribution admin", "ADMIN")).key;
    const merged = await suite.server.post(MERGE, { i: { survivor: ids.mayor, merged: [ids.critics] } }, admin);
    expect(merged.data!.mergeEntities.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "merged", "0"], code: "INVALID" }),
    ]);
    expect(merged.data!.mergeEntities.userErrors[0].message).toMatch(/merge it into a GROUP, not a PERSON/);
    expect(await critics()).toEqual(before);
    expect(await counts()).toEqual(rows);
    expect(await attributionViolations(suite.db)).toMatchObject({ total: 0 });
  });
});

describe("a cue is found in or near its passage", () => {
  const CREATE_SOURCE = `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } userErrors { field code message } } }`;
  const far = "x".repeat(300);

  it("takes the occurrence of a common word next to the passage, and refuses one farther than 200 characters", async () => {
    const created = await mutate(CREATE_SOURCE, {
      kind: "NEWS_ARTICLE",
      title: "Cues",
      url: "https://attr.example/cues",
      text: `The mayor said the city is safe. ${far} The mayor also said the budget holds. Critics warned.`,
    });
    expect(created.userErrors).toEqual([]);
    const source = created.source.id;
    // "said" occurs twice in the source, once near each passage: no prefix needed.
    const near = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source,
      ...quote("the budget holds", [ids.mayor], "INDIRECT", { exact: "said" }),
    });
    expect(near.userErrors).toEqual([]);
    expect(near.quote.cue).toEqual({ start: 349, end: 353, exact: "said" });
    // "warned" is next to nothing of the first passage: 300 characters away.
    const away = await mutate(ADD_EVIDENCE, {
      target: ids.noHelp,
      source,
      ...quote("the city is safe", [ids.mayor], "INDIRECT", { exact: "warned" }),
    });
    expect(away.userErrors).toEqual([
      {
        field: ["input", "cue", "exact"],
        code: "QUOTE_NOT_FOUND",
        message: "the cue does not occur in the passage or within 200 characters of it",
      },
    ]);
  });
});

describe("the whole-database check (attribution_violations)", () => {
  it("finds nothing in what the writers wrote, and each rule's violation when written around them", async () => {
    expect(await attributionViolations(suite.db)).toMatchObject({ total: 0 });
    const client = await suite.db.pool.connect();
    try {
      await client.query("BEGIN");
      const id = (slug: string) => `(SELECT id FROM entity WHERE slug = '${slug}')`;
      // Rule 1: a claimant with no appearance. Rule 2: a stance its holder does not speak in. Rule 3: a
      // viewpoint stance no member speaks in. Rule 4: a member without evidence. And an AUTHOR quote
      // whose speaker is no longer one of the source's authors.
      await client.query(`INSERT INTO claim_claimant (claim_id, entity_id, position)
        SELECT c.id, ${id("bystander")}, 5 FROM claim c WHERE c.text = 'The city is unsafe.'`);
      await client.query(
        `UPDATE stance SET holder_entity_id = ${id("chief")} WHERE holder_entity_id = ${id("critics")}`,
      );
      await client.query(
        `DELETE FROM stance_evidence WHERE stance_id IN (SELECT id FROM stance WHERE holder_viewpoint_id IS NOT NULL)`,
      );
      await client.query(`INSERT INTO viewpoint_member (viewpoint_id, entity_id, role, position)
        SELECT id, ${id("bystander")}, 'SUPPORTER', 3 FROM viewpoint WHERE slug = 'no-cooperation'`);
      await client.query(`DELETE FROM source_author WHERE entity_id = ${id("reporter")}`);
      // And a group made a person behind the writers' back: its group passages are spoken by a person.
      const groupPassages = (
        await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM quote_speaker qs JOIN quote q ON q.id = qs.quote_id
           WHERE qs.entity_id = ${id("critics")} AND q.attribution = 'ATTRIBUTED_TO_GROUP'`,
        )
      ).rows[0]!.n;
      expect(groupPassages).toBeGreaterThan(0);
      await client.query(`UPDATE entity SET kind = 'PERSON' WHERE slug = 'critics'`);
      const found = await attributionViolations({ pool: client as never });
      expect(found.counts).toEqual({
        CLAIMANT_SILENT: 1,
        HOLDER_SILENT: 1,
        MEMBERS_SILENT: 1,
        MEMBER_SILENT: 1,
        AUTHOR_NOT_VOICE: 1,
        SPEAKER_NOT_GROUP: groupPassages,
      });
      const notGroup = found.violations.filter((v) => v.rule === "SPEAKER_NOT_GROUP");
      expect(notGroup[0]!.message).toMatch(
        /^group quote ".+" \(ATTRIBUTED_TO_GROUP\) is spoken by "critics", which is not a GROUP$/,
      );
      expect(
        found.violations
          .filter((v) => v.rule !== "SPEAKER_NOT_GROUP")
          .map((v) => v.message)
          .sort(),
      ).toEqual([
        'AUTHOR quote "The paper reports" is spoken by "reporter", neither an author nor the publisher of its source',
        'claimant "bystander" speaks in none of the appearances of the claim "The city is unsafe."',
        'holder "chief" speaks in none of the evidence of its stance on "The city is unsafe."',
        'member "bystander" of viewpoint "no-cooperation" speaks in none of its membership evidence',
        'no member of the viewpoint holding a stance on "The city will not help federal agents, its mayor says." speaks in its evidence',
      ]);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});

/**
 * LIAR's validation split (1,284 PolitiFact statements): LIAR_DIR, else `../shared/datasets/liar` beside
 * the repository, else the shared folder of these machines (import.test.ts reads it the same way).
 */
const LIAR = path.join(
  process.env.LIAR_DIR ??
    [path.join(ROOT, "../shared/datasets/liar"), "/work/shared/datasets/liar"].find((dir) => existsSync(dir)) ??
    path.join(ROOT, "../shared/datasets/liar"),
  "valid.tsv",
);

describe("LIAR imported as ClaimReview", () => {
  let db: TestDatabase;

  afterAll(async () => {
    await db?.drop();
  });

  it("breaks no attribution rule: every claim appears in the review's statement, spoken by its speaker", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "liar-attribution-"));
    try {
      const out = path.join(dir, "liar.ndjson");
      await run(process.execPath, [path.join(ROOT, "dist/bench/liar-to-claimreview.js"), "--out", out, LIAR]);
      const lines = readFileSync(out, "utf8").trim().split("\n").length;
      db = await createTestDatabase("empty");
      const report = await importFile(db, out, { actor });
      expect(report.rejected).toEqual([]);
      expect(report.counts.Review!.created).toBe(lines);
      expect(await attributionViolations(db)).toMatchObject({ total: 0 });
      const { rows } = await db.pool.query(`
        SELECT (SELECT count(*) FROM claim)::int AS claims,
               (SELECT count(*) FROM claim c WHERE NOT EXISTS (
                  SELECT 1 FROM claim_appearance a JOIN quote q ON q.id = a.quote_id
                  WHERE a.claim_id = c.id AND q.attribution = 'INDIRECT'))::int AS without,
               (SELECT count(*) FROM source s WHERE s.kind = 'FACT_CHECK' AND s.url IS NULL
                  AND s.derived_from_id IS NOT NULL)::int AS statements`);
      expect(rows[0].claims).toBeGreaterThan(1200);
      expect(rows[0].without).toBe(0);
      expect(rows[0].statements).toBeGreaterThanOrEqual(rows[0].claims);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000); // the whole of valid.tsv through the importer: about 40 s on a quiet machine, minutes under load
});
