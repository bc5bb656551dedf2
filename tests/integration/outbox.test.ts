import { isObjectType } from "graphql";
import { createKey } from "../../src/modules/auth";
import { buildClaimbaseSchema } from "../../src/schema";
import { useTestServer } from "../support/lifecycle";

/**
 * Issue #19: every write appends its domain events in its own transaction. The mutations are listed
 * from the schema itself, so a new mutation without a step here fails the first test; each step then
 * runs one mutation for real and checks what the outbox gained: one event per revision written (same
 * objects, same transaction), of the expected types, and nothing for a refused write.
 */

// No worker: the webhook steps only configure; an allow-list so a local URL is accepted (no DNS here).
const suite = useTestServer({
  template: "empty",
  server: { live: { webhookWorker: false, webhookAllowHosts: "127.0.0.1" } },
});
let admin: string;

const TEXT2 = 'E One said: "Hello there." Others said: "Goodbye now." E One added: "Hello again."';
const ingestText =
  'The council met on Monday. Mayor Jane Smith said: "We will build the bridge." Critics argue that the bridge is too expensive.';

/** Mutations that change no content (webhook settings): no revision, no event. */
const CONFIGURATION = new Set(["createWebhook", "updateWebhook", "deleteWebhook", "redeliverWebhookDelivery"]);

const ids: Record<string, string> = {};

async function run(query: string, input: Record<string, unknown>) {
  const body = await suite.server.post<any>(query, { i: input }, admin);
  expect(body.errors).toBeUndefined();
  const payload: any = Object.values(body.data!)[0];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

interface Counts {
  revisions: number;
  events: number;
  position: string;
}

async function counts(): Promise<Counts> {
  const { rows } = await suite.db.pool.query(
    `SELECT (SELECT count(*) FROM revision)::int AS revisions, (SELECT count(*) FROM event)::int AS events,
            (SELECT coalesce(max(position), 0)::text FROM event) AS position`,
  );
  return rows[0];
}

interface Step {
  name: string;
  /** Event types the step must append (at least these; revisions decide the rest). */
  expect: string[];
  run: () => Promise<unknown>;
}

const STEPS: Step[] = [
  {
    name: "createEntity",
    expect: ["EntityCreated"],
    run: async () => {
      for (const [slug, kind] of [
        ["e1", "PERSON"],
        ["e2", "PERSON"],
        ["e3", "ORGANIZATION"],
        ["e4", "PERSON"],
      ]) {
        const p = await run(
          `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`,
          {
            slug,
            kind,
            name: `Entity ${slug}`,
          },
        );
        ids[slug!] = p.entity.id;
      }
    },
  },
  {
    name: "updateEntity",
    expect: ["EntityUpdated"],
    run: () =>
      run(
        `mutation($i: UpdateEntityInput!) { updateEntity(input: $i) { entity { id } userErrors { code message } } }`,
        {
          id: ids.e1,
          version: 1,
          description: "The first entity.",
        },
      ),
  },
  {
    name: "createSource",
    expect: ["SourceCreated"],
    run: async () => {
      const p = await run(
        `mutation($i: CreateSourceInput!) { createSource(input: $i) { source { id } userErrors { code message } } }`,
        {
          kind: "NEWS_ARTICLE",
          title: "Source two",
          url: "https://outbox.example/two",
          text: TEXT2,
        },
      );
      ids.s2 = p.source.id;
    },
  },
  {
    name: "updateSource",
    expect: ["SourceUpdated"],
    run: () =>
      run(
        `mutation($i: UpdateSourceInput!) { updateSource(input: $i) { source { id } userErrors { code message } } }`,
        {
          id: ids.s2,
          version: 1,
          title: "Source two, retitled",
        },
      ),
  },
  {
    name: "createClaim",
    expect: ["ClaimCreated"],
    run: async () => {
      const make = async (key: string, text: string, who: string, exact: string) => {
        const p = await run(
          `mutation($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { field code message } } }`,
          {
            text,
            kind: "FACTUAL",
            claimants: [ids[who]],
            subjects: [ids.e3],
            appearances: [{ source: ids.s2, exact, speakers: [ids[who]], attribution: "DIRECT" }],
          },
        );
        ids[key] = p.claim.id;
      };
      await make("c1", "E One greets.", "e1", '"Hello there."');
      await make("c2", "Others part.", "e2", '"Goodbye now."');
      await make("c3", "E One greets again.", "e1", '"Hello again."');
    },
  },
  {
    name: "updateClaim",
    expect: ["ClaimUpdated"],
    run: () =>
      run(`mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { claim { id } userErrors { code message } } }`, {
        id: ids.c1,
        version: 1,
        statedAt: "2025-03-28T00:00:00Z",
      }),
  },
  {
    name: "addEvidence",
    expect: ["EvidenceAdded"],
    run: async () => {
      const p = await run(
        `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { quote { id } userErrors { field code message } } }`,
        {
          target: ids.c1,
          source: ids.s2,
          exact: "Others said",
        },
      );
      ids.othersSaid = p.quote.id;
    },
  },
  {
    name: "retractEvidence",
    expect: ["EvidenceRetracted"],
    run: () =>
      run(
        `mutation($i: RetractEvidenceInput!) { retractEvidence(input: $i) { retractedEvidence { reason } userErrors { code message } } }`,
        {
          target: ids.c1,
          quote: ids.othersSaid,
          reason: "Not an appearance of this claim.",
        },
      ),
  },
  {
    name: "recordStance",
    expect: ["StanceRecorded"],
    run: async () => {
      const p = await run(
        `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id } userErrors { field code message } } }`,
        {
          holder: ids.e2,
          claim: ids.c1,
          position: "OPPOSES",
          evidence: [{ source: ids.s2, exact: '"Goodbye now."' }],
        },
      );
      ids.stance = p.stance.id;
    },
  },
  {
    name: "retractStance",
    expect: ["StanceRetracted"],
    run: () =>
      run(
        `mutation($i: RetractStanceInput!) { retractStance(input: $i) { stance { id } userErrors { code message } } }`,
        {
          id: ids.stance,
          reason: "Recorded in error.",
        },
      ),
  },
  {
    name: "addReview",
    expect: ["ReviewAdded"],
    run: () =>
      run(
        `mutation($i: AddReviewInput!) { addReview(input: $i) { review { id } userErrors { field code message } } }`,
        {
          claim: ids.c1,
          reviewer: ids.e3,
          source: ids.s2,
          originalRating: "Mostly false",
          normalizedRating: "MOSTLY_FALSE",
        },
      ),
  },
  {
    name: "linkClaims",
    expect: ["ClaimsLinked"],
    run: async () => {
      const p = await run(
        `mutation($i: LinkClaimsInput!) { linkClaims(input: $i) { claimRelation { id } userErrors { field code message } } }`,
        {
          from: ids.c2,
          to: ids.c1,
          kind: "ATTACKS",
        },
      );
      ids.link = p.claimRelation.id;
    },
  },
  {
    name: "retractClaimRelation",
    expect: ["ClaimLinkRetracted"],
    run: () =>
      run(
        `mutation($i: RetractClaimRelationInput!) { retractClaimRelation(input: $i) { claimRelation { id } userErrors { code message } } }`,
        {
          id: ids.link,
          reason: "Linked in error.",
        },
      ),
  },
  {
    name: "relateEntities",
    expect: ["EntityRelationCreated"],
    run: () =>
      run(
        `mutation($i: RelateEntitiesInput!) { relateEntities(input: $i) { entityRelation { id } userErrors { field code message } } }`,
        {
          subject: ids.e1,
          predicate: "MEMBER_OF",
          object: ids.e3,
        },
      ),
  },
  {
    name: "createViewpoint",
    expect: ["ViewpointCreated"],
    run: async () => {
      const p = await run(
        `mutation($i: CreateViewpointInput!) { createViewpoint(input: $i) { viewpoint { id } userErrors { field code message } } }`,
        {
          slug: "outbox-view",
          title: "A view",
          topic: ids.e3,
        },
      );
      ids.vp = p.viewpoint.id;
    },
  },
  {
    name: "updateViewpoint",
    expect: ["ViewpointUpdated"],
    run: () =>
      run(
        `mutation($i: UpdateViewpointInput!) { updateViewpoint(input: $i) { viewpoint { id } userErrors { field code message } } }`,
        {
          id: ids.vp,
          version: 1,
          summary: "Summed up.",
        },
      ),
  },
  {
    name: "deprecateClaim",
    expect: ["ClaimDeprecated"],
    run: () =>
      run(
        `mutation($i: DeprecateClaimInput!) { deprecateClaim(input: $i) { claim { id } userErrors { code message } } }`,
        {
          id: ids.c2,
          version: 1,
          reason: "Out of date.",
        },
      ),
  },
  {
    name: "restoreClaim",
    expect: ["ClaimRestored"],
    run: async () => {
      const { rows } = await suite.db.pool.query(`SELECT version FROM claim WHERE text = 'Others part.'`);
      return run(
        `mutation($i: RestoreClaimInput!) { restoreClaim(input: $i) { claim { id } userErrors { code message } } }`,
        {
          id: ids.c2,
          version: rows[0].version,
          reason: "Still current.",
        },
      );
    },
  },
  {
    name: "mergeClaims",
    expect: ["ClaimMerged"],
    run: () =>
      run(
        `mutation($i: MergeClaimsInput!) { mergeClaims(input: $i) { claim { id } userErrors { field code message } } }`,
        {
          survivor: ids.c1,
          merged: [ids.c3],
        },
      ),
  },
  {
    name: "mergeEntities",
    expect: ["EntityMerged"],
    run: () =>
      run(
        `mutation($i: MergeEntitiesInput!) { mergeEntities(input: $i) { entity { id } userErrors { field code message } } }`,
        {
          survivor: ids.e1,
          merged: [ids.e4],
        },
      ),
  },
  {
    name: "ingestDocument",
    expect: ["SourceCreated", "SuggestionCreated"],
    run: async () => {
      const p = await run(
        `mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) {
           source { id suggestions(first: 100) { nodes { id kind } } } userErrors { field code message } } }`,
        { text: ingestText, title: "Council", url: "https://outbox.example/ingest" },
      );
      const nodes = p.source.suggestions.nodes;
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      ids.accept = (nodes.find((n: any) => n.kind === "QUOTE") ?? nodes[0]).id;
      ids.reject = nodes.find((n: any) => n.id !== ids.accept).id;
    },
  },
  {
    name: "rejectSuggestion",
    expect: ["SuggestionRejected"],
    run: () =>
      run(
        `mutation($i: RejectSuggestionInput!) { rejectSuggestion(input: $i) { suggestion { id } userErrors { field code message } } }`,
        {
          id: ids.reject,
          reason: "Not needed.",
        },
      ),
  },
  {
    name: "acceptSuggestion",
    // Accepted with speakers of our own: the suggestion is EDITED, and its quote written.
    expect: ["QuoteCreated", "SuggestionEdited"],
    run: () =>
      run(
        `mutation($i: AcceptSuggestionInput!) { acceptSuggestion(input: $i) { suggestion { id } userErrors { field code message } } }`,
        {
          id: ids.accept,
          speakers: [ids.e1],
          attribution: "DIRECT",
        },
      ),
  },
  {
    name: "importBundle",
    expect: ["EntityCreated", "ImportCompleted"],
    run: () =>
      run(
        `mutation($i: ImportBundleInput!) { importBundle(input: $i) { applied userErrors { field code message } } }`,
        {
          records: [{ type: "entity", slug: "imported", kind: "PERSON", name: "Imported" }],
        },
      ),
  },
  {
    name: "createWebhook",
    expect: [],
    run: async () => {
      const p = await run(
        `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } userErrors { field code message } } }`,
        {
          url: "http://127.0.0.1:4431/outbox",
          events: ["ClaimCreated"],
          secret: "a-secret-of-at-least-24-characters",
        },
      );
      ids.hook = p.webhook.id;
    },
  },
  {
    name: "updateWebhook",
    expect: [],
    run: () =>
      run(
        `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { webhook { id } userErrors { field code message } } }`,
        {
          id: ids.hook,
          version: 1,
          active: false,
        },
      ),
  },
  {
    name: "redeliverWebhookDelivery",
    expect: [],
    run: async () => {
      // A delivery to redeliver: queue one by hand (the webhook is paused, so nothing sends it).
      const { rows } = await suite.db.pool.query(
        `INSERT INTO webhook_delivery (webhook_id, event_position, status, attempts)
         SELECT w.id, (SELECT max(position) FROM event), 'DEAD', 8 FROM webhook w RETURNING id::text`,
      );
      const id = Buffer.from(`WebhookDelivery:${rows[0].id}`).toString("base64url");
      const p = await run(
        `mutation($i: RedeliverWebhookDeliveryInput!) { redeliverWebhookDelivery(input: $i) { delivery { status } userErrors { code message } } }`,
        { id },
      );
      expect(p.delivery.status).toBe("PENDING");
    },
  },
  {
    name: "deleteWebhook",
    expect: [],
    run: () =>
      run(
        `mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { webhook { id } userErrors { code message } } }`,
        {
          id: ids.hook,
        },
      ),
  },
];

beforeAll(async () => {
  admin = (await createKey(suite.db.pool, "outbox admin", "ADMIN")).key;
});

it("has a step for every mutation of the schema", () => {
  const mutation = buildClaimbaseSchema().getMutationType();
  expect(mutation && isObjectType(mutation)).toBe(true);
  expect(STEPS.map((s) => s.name).sort()).toEqual(Object.keys(mutation!.getFields()).sort());
});

describe.each(STEPS.map((step) => [step.name, step] as const))("%s", (name, step) => {
  it(
    CONFIGURATION.has(name)
      ? "appends no event (configuration, not content)"
      : "appends one event per revision, in its transaction",
    async () => {
      const before = await counts();
      await step.run();
      const after = await counts();
      const { rows } = await suite.db.pool.query(
        `SELECT type, subject_type FROM event WHERE position > $1::bigint ORDER BY position`,
        [before.position],
      );
      const types = rows.map((r: { type: string }) => r.type);
      const revisions = after.revisions - before.revisions;
      // Suggestions and an import's summary have events of their own, without revisions.
      const perRevision = rows.filter(
        (r: any) => r.subject_type !== "Import" && !r.type.startsWith("Suggestion"),
      ).length;
      expect(perRevision).toBe(revisions);
      if (CONFIGURATION.has(name)) expect(types).toEqual([]);
      else {
        expect(types.length).toBeGreaterThan(0);
        expect(types).toEqual(expect.arrayContaining(step.expect));
      }
      // Each revision of the step has its event: same object, same transaction time.
      const { rows: orphans } = await suite.db.pool.query(
        `SELECT r.seq FROM revision r WHERE r.seq > (SELECT coalesce(max(seq), 0) FROM revision) - $1::int
         AND NOT EXISTS (SELECT 1 FROM event e WHERE e.subject_id = r.subject_id AND e.created_at = r.at)`,
        [revisions],
      );
      expect(orphans).toEqual([]);
    },
  );
});

it("a refused write appends nothing", async () => {
  const before = await counts();
  const body = await suite.server.post<any>(
    `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id } userErrors { code } } }`,
    {
      i: {
        holder: ids.e3,
        claim: ids.c1,
        position: "SUPPORTS",
        evidence: [{ source: ids.s2, exact: '"Goodbye now."' }],
      },
    },
    admin,
  );
  expect(body.data.recordStance.userErrors[0].code).toBe("SPEAKER_MISSING");
  expect(await counts()).toEqual(before);
});
