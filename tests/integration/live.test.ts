import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { DEFAULT_SUBSCRIPTION_LIMITS } from "../../src/live/subscriptions";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import { createKey } from "../../src/modules/auth";
import { importFile } from "../../src/modules/bundle";
import { useTestServer } from "../support/lifecycle";
import { subscribe, wsClient } from "../support/live";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Issue #19, live: the outbox written with every write, the `events` connection, and subscriptions
 * over graphql-ws on the server's own port, all over real sockets and a real PostgreSQL.
 */

const actor = { keyId: null, label: "test" };
const TEXT =
  'The mayor said: "We will not help." Critics argue that the city is unsafe. ' +
  "The paper reports that crime fell. Officials declared that the policy stands.";
const URL = "https://live.example/article";

const BUNDLE = {
  format: "claimbase-bundle",
  version: 1,
  entities: [
    { slug: "mayor", kind: "PERSON", name: "The mayor" },
    { slug: "critics", kind: "GROUP", name: "Critics" },
    { slug: "paper", kind: "ORGANIZATION", name: "The paper" },
    { slug: "city", kind: "PLACE", name: "The city" },
  ],
  sources: [{ ref: "article", kind: "NEWS_ARTICLE", title: "The article", url: URL, publisher: "paper", text: TEXT }],
  claims: [
    {
      ref: "unsafe",
      text: "The city is unsafe.",
      kind: "EVALUATIVE",
      claimants: ["critics"],
      subjects: ["city"],
      appearances: [
        { source: "article", exact: "the city is unsafe", speakers: ["critics"], attribution: "ATTRIBUTED_TO_GROUP" },
      ],
    },
  ],
};

let editor: string;
const ids: Record<string, string> = {};

const suite = useTestServer({
  template: "empty",
  prepare: async (db) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "live-"));
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
  editor = (await createKey(suite.db.pool, "live editor", "EDITOR")).key;
  const { data } = await suite.server.gql(
    `{ entities(first: 20) { nodes { id slug } } sources { nodes { id } } claims { nodes { id } } }`,
  );
  for (const e of data!.entities.nodes) ids[e.slug] = e.id;
  ids.article = data!.sources.nodes[0].id;
  ids.unsafe = data!.claims.nodes[0].id;
});

async function mutate(query: string, input: Record<string, unknown>): Promise<any> {
  const body = await suite.server.post(query, { i: input }, editor);
  expect(body.errors).toBeUndefined();
  const payload: any = Object.values(body.data!)[0];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

const CREATE_ENTITY = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`;
const RECORD_STANCE = `mutation($i: RecordStanceInput!) { recordStance(input: $i) { stance { id } userErrors { field code message } } }`;

/** The cursor of the newest event, read the way a client would: the events connection paged to its end. */
async function latestCursor(): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const answer: { data?: any } = await suite.server.gql<any>(
      `query($after: String) { events(first: 100, after: $after) { pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page: { hasNextPage: boolean; endCursor: string | null } = answer.data.events.pageInfo;
    if (page.endCursor) after = page.endCursor;
    if (!page.hasNextPage) return after;
  }
}

describe("the outbox", () => {
  it("the import wrote per-object events and one ImportCompleted summary, readable through `events`", async () => {
    const { data } = await suite.server.gql<any>(
      `{ events(first: 100) { totalCount nodes { type subjectType subjectId claimIds topicIds payload } } }`,
    );
    const types = data.events.nodes.map((e: any) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["EntityCreated", "SourceCreated", "ClaimCreated", "ImportCompleted"]),
    );
    expect(types.filter((t: string) => t === "ImportCompleted")).toHaveLength(1);
    const claim = data.events.nodes.find((e: any) => e.type === "ClaimCreated");
    expect(claim.subjectId).toBe(ids.unsafe);
    expect(claim.claimIds).toEqual([ids.unsafe]);
    expect(claim.topicIds).toEqual([ids.city]);
    expect(claim.payload.fields.text).toBe("The city is unsafe.");
  });

  it("refuses a bad cursor and a bad filter with BAD_USER_INPUT", async () => {
    const bad = await suite.server.gql(`{ events(after: "nope") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const type = await suite.server.gql(`{ events(filter: { types: ["drop table"] }) { totalCount } }`);
    expect(type.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const topic = await suite.server.gql(`{ events(filter: { topic: "no-such-entity" }) { totalCount } }`);
    expect(topic.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages every event once, in number order, past positions of more digits (1, 2, ..., 10, 11: not 1, 10, 100)", async () => {
    // Enough events for positions of two digits at least.
    for (let i = 0; i < 12; i += 1) {
      await mutate(
        `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`,
        { slug: `order-${i}`, kind: "PERSON", name: `Order ${i}` },
      );
    }
    const all = (await suite.db.pool.query(`SELECT position::text AS p FROM event ORDER BY position`)).rows.map(
      (r) => r.p as string,
    );
    expect(all.length).toBeGreaterThan(11);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data }: { data?: any } = await suite.server.gql<any>(
        `query($after: String) { events(first: 5, after: $after) { nodes { position } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...data.events.nodes.map((n: { position: string }) => String(n.position)));
      if (!data.events.pageInfo.hasNextPage) break;
      after = data.events.pageInfo.endCursor;
    }
    expect(seen.slice(0, all.length)).toEqual(all);
  });

  it("refuses an event type that does not exist (a typo would make a filter that never matches)", async () => {
    for (const type of ["StanceRecorderd", "NoSuchType"]) {
      const answer = await suite.server.gql(`query($t: String!) { events(filter: { types: [$t] }) { totalCount } }`, {
        t: type,
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(answer.errors?.[0]?.message).toContain("is not an event type");
    }
    const known = await suite.server.gql(
      `{ events(filter: { types: ["StanceRecorded", "EntityCreated", "EvidenceRetracted", "ImportCompleted"] }) { totalCount } }`,
    );
    expect(known.errors).toBeUndefined();
  });

  it("a rolled-back write leaves no event (a refused mutation)", async () => {
    const before = await suite.db.pool.query(`SELECT count(*)::int AS n FROM event`);
    const body = await suite.server.post(
      `mutation($i: CreateEntityInput!) { createEntity(input: $i) { userErrors { code } } }`,
      { i: { slug: "mayor", kind: "PERSON", name: "Taken slug" } },
      editor,
    );
    expect((body.data as any).createEntity.userErrors[0].code).toBe("TAKEN");
    const after = await suite.db.pool.query(`SELECT count(*)::int AS n FROM event`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe("subscriptions over graphql-ws", () => {
  it("a subscriber sees a stance recorded by another client", async () => {
    const client = wsClient(suite.server.url);
    try {
      const stream = subscribe(
        client,
        `subscription($id: ID!, $after: String) { claimChanged(id: $id, after: $after) {
           type cursor claimIds subject { ... on Stance { position holder { ... on Entity { slug } } } } } }`,
        { id: ids.unsafe, after: await latestCursor() },
      );
      await mutate(RECORD_STANCE, {
        holder: ids.mayor,
        claim: ids.unsafe,
        position: "OPPOSES",
        evidence: [{ source: ids.article, exact: '"We will not help."', speakers: [ids.mayor], attribution: "DIRECT" }],
      });
      const [event] = await stream.until(1);
      expect(event.claimChanged).toMatchObject({
        type: "StanceRecorded",
        claimIds: [ids.unsafe],
        subject: { position: "OPPOSES", holder: { slug: "mayor" } },
      });
      expect(stream.errors).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it("topicActivity follows a topic by slug", async () => {
    const client = wsClient(suite.server.url);
    try {
      const stream = subscribe(
        client,
        `subscription($after: String) { topicActivity(topic: "city", after: $after) { type topicIds } }`,
        { after: await latestCursor() },
      );
      const { data } = await suite.server.gql<any>(`query($id: ID!) { claim(id: $id) { version } }`, {
        id: ids.unsafe,
      });
      await mutate(
        `mutation($i: UpdateClaimInput!) { updateClaim(input: $i) { claim { id } userErrors { code message } } }`,
        {
          id: ids.unsafe,
          version: data.claim.version,
          statedAt: "2025-03-28T00:00:00Z",
        },
      );
      const [event] = await stream.until(1);
      expect(event.topicActivity.topicIds).toContain(ids.city);
    } finally {
      await client.dispose();
    }
  });

  it("a subscriber that reconnects with its last cursor receives exactly the events it missed, then live ones", async () => {
    const query = `subscription($after: String) { events(types: ["EntityCreated"], after: $after) { cursor position type subjectId } }`;
    const first = wsClient(suite.server.url);
    const stream = subscribe(first, query, { after: await latestCursor() });
    const created = await mutate(CREATE_ENTITY, { slug: "first-live", kind: "PERSON", name: "First" });
    const [seen] = await stream.until(1);
    expect(seen.events.subjectId).toBe(created.entity.id);
    await first.dispose();

    const missed: string[] = [];
    for (const n of [1, 2, 3]) {
      missed.push(
        (await mutate(CREATE_ENTITY, { slug: `missed-${n}`, kind: "PERSON", name: `Missed ${n}` })).entity.id,
      );
    }
    const second = wsClient(suite.server.url);
    try {
      const resumed = subscribe(second, query, { after: seen.events.cursor });
      const replayed = await resumed.until(3);
      expect(replayed.map((e) => e.events.subjectId)).toEqual(missed);
      const live = (await mutate(CREATE_ENTITY, { slug: "after-live", kind: "PERSON", name: "After" })).entity.id;
      const all = await resumed.until(4);
      expect(all.map((e) => e.events.subjectId)).toEqual([...missed, live]);
      // Positions strictly increase: no repeat.
      const positions = all.map((e) => BigInt(e.events.position));
      for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
      expect(resumed.errors).toEqual([]);
    } finally {
      await second.dispose();
    }
  });

  it("refuses a cursor past the newest event (it would silence the subscription) with BAD_USER_INPUT", async () => {
    const client = wsClient(suite.server.url);
    try {
      const future = Buffer.from("Event:999999999", "utf8").toString("base64url");
      const stream = subscribe(client, `subscription($after: String) { events(after: $after) { type } }`, {
        after: future,
      });
      await stream.ended;
      expect(JSON.stringify(stream.errors)).toContain("past the newest event");
      expect(JSON.stringify(stream.errors)).toContain("BAD_USER_INPUT");
    } finally {
      await client.dispose();
    }
  });

  it("refuses a bad cursor on subscribe with BAD_USER_INPUT and a bad key with 4403", async () => {
    const client = wsClient(suite.server.url);
    try {
      const stream = subscribe(client, `subscription { events(after: "not-a-cursor") { type } }`);
      await stream.ended;
      expect(JSON.stringify(stream.errors)).toContain("BAD_USER_INPUT");
    } finally {
      await client.dispose();
    }
    const badKey = wsClient(suite.server.url, "cb_nope_0000000000000000000000000000");
    try {
      const stream = subscribe(badKey, `subscription { events { type } }`);
      const ended: any = await stream.ended;
      expect(ended.code).toBe(4403);
      expect(ended.reason).toContain("UNAUTHENTICATED");
    } finally {
      await badKey.dispose();
    }
  });
});

describe("subscription limits", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer(suite.db, {
      limits: DEFAULT_LIMITS,
      live: { subscriptions: { ...DEFAULT_SUBSCRIPTION_LIMITS, maxPerIp: 20, maxPerKey: 2, idleTimeoutMs: 500 } },
    });
  });
  afterAll(async () => {
    await limited.close();
  });

  it("refuses a subscription over the cost limit with QUERY_TOO_COSTLY", async () => {
    const client = wsClient(limited.url);
    try {
      const stream = subscribe(
        client,
        `subscription { events { subject { ... on Claim {
           stances(first: 100) { nodes { claim { reviews(first: 100) { nodes { claim { stances(first: 100) { nodes { id } } } } } } } } } } } }`,
      );
      await stream.ended;
      const codes = (stream.errors as any[])
        .flatMap((e) => (Array.isArray(e) ? e : [e]))
        .map((e) => e?.extensions?.code);
      expect(codes).toContain("QUERY_TOO_COSTLY");
    } finally {
      await client.dispose();
    }
  });

  it("runs exactly SUBSCRIPTION_MAX_PER_SOCKET subscriptions on one socket, and refuses the next", async () => {
    const client = wsClient(limited.url);
    const max = DEFAULT_SUBSCRIPTION_LIMITS.maxSubscriptionsPerSocket;
    try {
      const streams = Array.from({ length: max + 1 }, () => subscribe(client, `subscription { events { type } }`));
      const refused = await Promise.race(streams.map((stream, i) => stream.ended.then(() => i)));
      expect(refused).toBe(max);
      expect(JSON.stringify(streams[max]!.errors)).toContain("RATE_LIMITED");
      expect(streams.slice(0, max).every((stream) => stream.errors.length === 0)).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it("closes a socket past the per-key cap with 4429 RATE_LIMITED", async () => {
    const closes: { code: number; reason: string }[] = [];
    const clients = [1, 2, 3].map(() =>
      createClient({
        url: `${limited.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        lazy: true,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${editor}` },
        on: { closed: (event: any) => closes.push({ code: event.code, reason: String(event.reason) }) },
      }),
    );
    try {
      const streams = clients.map((client) =>
        subscribe(client, `subscription { events(types: ["ImportCompleted"]) { type } }`),
      );
      const refused: any = await Promise.race(streams.map((stream) => stream.ended));
      expect(refused.code).toBe(4429);
      expect(refused.reason).toContain("RATE_LIMITED");
      expect(closes.filter((c) => c.code === 4429)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it("closes a socket that carries no subscription after the idle timeout (4408 IDLE_TIMEOUT)", async () => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({
        url: `${limited.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        on: { closed: (event: any) => resolve({ code: event.code, reason: String(event.reason) }) },
      });
      void client;
    });
    expect(await closed).toEqual({ code: 4408, reason: "IDLE_TIMEOUT" });
  });

  it("bounds 300 idle sockets from one IP by the per-IP cap; the rest get HTTP 429 RATE_LIMITED", async () => {
    const url = `${limited.url.replace(/^http/, "ws")}/graphql`;
    const outcomes = await Promise.all(
      Array.from(
        { length: 300 },
        () =>
          new Promise<{ open: boolean; ws: WebSocket; status?: number; body?: string }>((resolve) => {
            const ws = new WebSocket(url, "graphql-transport-ws");
            ws.on("open", () => resolve({ open: true, ws }));
            ws.on("unexpected-response", (_req, res) => {
              let body = "";
              res.on("data", (chunk: Buffer) => (body += chunk.toString()));
              res.on("end", () => resolve({ open: false, ws, status: res.statusCode, body }));
            });
            ws.on("error", () => undefined);
          }),
      ),
    );
    try {
      const opened = outcomes.filter((o) => o.open);
      const refused = outcomes.filter((o) => !o.open);
      expect(opened).toHaveLength(20);
      expect(refused).toHaveLength(280);
      for (const r of refused) {
        expect(r.status).toBe(429);
        expect(JSON.parse(r.body!).errors[0].extensions.code).toBe("RATE_LIMITED");
      }
    } finally {
      for (const o of outcomes) o.ws.terminate();
    }
  });
});

describe("every write has its event", () => {
  it("each revision written in this file has exactly one event for the same object, in the same transaction's order", async () => {
    const { rows } = await suite.db.pool.query(
      `SELECT (SELECT count(*) FROM revision)::int AS revisions,
              (SELECT count(*) FROM event WHERE subject_type <> 'Import' AND type NOT LIKE 'Suggestion%')::int AS events,
              (SELECT count(*) FROM revision r WHERE NOT EXISTS (
                 SELECT 1 FROM event e WHERE e.subject_id = r.subject_id AND e.created_at = r.at))::int AS orphans`,
    );
    expect(rows[0].revisions).toBeGreaterThan(5);
    expect(rows[0].events).toBe(rows[0].revisions);
    expect(rows[0].orphans).toBe(0);
  });
});
