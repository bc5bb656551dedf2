import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { DEFAULT_WEBHOOK_WORKER } from "../../src/live/webhook-worker";
import { addressPolicy, guardedLookup } from "../../src/shared/address-guard";
import { createKey } from "../../src/modules/auth";
import { PROJECT_ROOT } from "../../src/shared/paths";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freePort, killIfRunning, type Spawned, sleep, spawnNode, waitFor } from "../support/fault-process";
import { useTestServer } from "../support/lifecycle";
import { startTestServer, type TestServer } from "../support/server";
import { type Receiver, startReceiver, verify } from "../support/webhook-receiver";

/**
 * Issue #19, webhooks: Standard Webhooks signatures checked by a verifier of the test's own, retries
 * with back-off until a failing receiver recovers, dead letters and redelivery, per-webhook order
 * across two servers, no event lost when the delivering process is SIGKILLed, and the address guard.
 * Real HTTP receivers, real PostgreSQL, real processes.
 */

jest.setTimeout(120_000);

const FAST = { ...DEFAULT_WEBHOOK_WORKER, pollMs: 50, backoffBaseMs: 50, backoffMaxMs: 200, timeoutMs: 5_000 };
const LIVE = { webhookWorker: FAST, webhookAllowHosts: "127.0.0.1" };

const suite = useTestServer({ template: "empty", server: { live: LIVE } });
let admin: string;
let editor: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  admin = (await createKey(suite.db.pool, "hooks admin", "ADMIN")).key;
  editor = (await createKey(suite.db.pool, "hooks editor", "EDITOR")).key;
});
afterAll(async () => {
  for (const receiver of receivers) await receiver.close();
});

const secret = () => `whsec_${randomBytes(24).toString("base64")}`;

const CREATE_WEBHOOK = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) {
  webhook { id url eventTypes active version } userErrors { field code message } } }`;
const CREATE_ENTITY = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } userErrors { code message } } }`;
const DELIVERIES = `query($id: ID!) { webhook(id: $id) { deliveries(first: 100) { totalCount nodes {
  id status attempts lastStatusCode lastError event { position type subjectId } } } } }`;

async function post(server: TestServer, query: string, variables: Record<string, unknown>, key: string) {
  const body = await server.post<any>(query, variables, key);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data!)[0] as any;
}

async function createEntities(server: TestServer, prefix: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const payload = await post(
      server,
      CREATE_ENTITY,
      { i: { slug: `${prefix}-${i}`, kind: "PERSON", name: `${prefix} ${i}` } },
      editor,
    );
    expect(payload.userErrors).toEqual([]);
    ids.push(payload.entity.id);
  }
  return ids;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

describe("deliveries", () => {
  it("a receiver that fails three times then succeeds gets every event once, in order, signed correctly", async () => {
    const hook = await receiver();
    hook.respond = (_request, index) => (index < 3 ? 500 : 200);
    const key = secret();
    const created = await post(
      suite.server,
      CREATE_WEBHOOK,
      { i: { url: hook.url, events: ["EntityCreated"], secret: key } },
      admin,
    );
    expect(created.userErrors).toEqual([]);
    const ids = await createEntities(suite.server, "retry", 3);

    await waitFor("three accepted deliveries", async () => (hook.accepted().length >= 3 ? true : undefined), 30_000);
    const accepted = hook.accepted();
    expect(accepted).toHaveLength(3);
    expect(accepted.map((r) => r.json.data.subjectId)).toEqual(ids);
    expect(new Set(accepted.map((r) => r.id)).size).toBe(3);
    for (const r of hook.received) {
      expect(verify(key, { id: r.id, timestamp: String(r.timestamp), signature: r.signature }, r.body)).toBe(true);
      // A signature made with another secret, or over another body, does not verify: the check can fail.
      expect(verify(secret(), { id: r.id, timestamp: String(r.timestamp), signature: r.signature }, r.body)).toBe(
        false,
      );
      expect(verify(key, { id: r.id, timestamp: String(r.timestamp), signature: r.signature }, `${r.body} `)).toBe(
        false,
      );
    }
    // The three failures were the first event's (order: the second waited for the first).
    expect(hook.received.slice(0, 4).map((r) => r.json.data.subjectId)).toEqual([ids[0], ids[0], ids[0], ids[0]]);
    expect(new Set(hook.received.slice(0, 4).map((r) => r.id)).size).toBe(1);

    const log = await post(suite.server, DELIVERIES, { id: created.webhook.id }, admin);
    expect(log.deliveries.nodes.map((d: any) => [d.status, d.attempts])).toEqual([
      ["DELIVERED", 4],
      ["DELIVERED", 1],
      ["DELIVERED", 1],
    ]);
  });

  it("dead-letters a delivery after the last attempt, then delivers the next; redelivery sends it again", async () => {
    const hook = await receiver();
    let down = true;
    hook.respond = () => (down ? 503 : 200);
    const created = await post(
      suite.server,
      CREATE_WEBHOOK,
      { i: { url: hook.url, events: ["EntityCreated"], secret: secret() } },
      admin,
    );
    const [first] = await createEntities(suite.server, "dead", 1);
    await waitFor(
      "the dead letter",
      async () => {
        const log = await post(suite.server, DELIVERIES, { id: created.webhook.id }, admin);
        return log.deliveries.nodes[0]?.status === "DEAD" ? log : undefined;
      },
      30_000,
    );
    expect(hook.received).toHaveLength(FAST.maxAttempts);
    down = false;
    const [second] = await createEntities(suite.server, "after-dead", 1);
    await waitFor("the next event", async () => (hook.accepted().length === 1 ? true : undefined), 30_000);
    expect(hook.accepted()[0]!.json.data.subjectId).toBe(second);

    const log = await post(suite.server, DELIVERIES, { id: created.webhook.id }, admin);
    const dead = log.deliveries.nodes[0];
    expect(dead).toMatchObject({ status: "DEAD", attempts: FAST.maxAttempts, lastStatusCode: 503 });
    const again = await post(
      suite.server,
      `mutation($i: RedeliverWebhookDeliveryInput!) { redeliverWebhookDelivery(input: $i) { delivery { status attempts } userErrors { code } } }`,
      { i: { id: dead.id } },
      admin,
    );
    expect(again).toEqual({ delivery: { status: "PENDING", attempts: 0 }, userErrors: [] });
    await waitFor("the redelivery", async () => (hook.accepted().length === 2 ? true : undefined), 30_000);
    expect(hook.accepted()[1]!.json.data.subjectId).toBe(first);
    expect(hook.accepted()[1]!.id).toBe(dead.id);
  });

  it("does not follow a redirect: the attempt fails and says so", async () => {
    const hook = await receiver();
    hook.respond = () => 302;
    const created = await post(
      suite.server,
      CREATE_WEBHOOK,
      { i: { url: hook.url, events: ["EntityCreated"], secret: secret() } },
      admin,
    );
    await createEntities(suite.server, "redirect", 1);
    const log = await waitFor(
      "a failed attempt",
      async () => {
        const answer = await post(suite.server, DELIVERIES, { id: created.webhook.id }, admin);
        return answer.deliveries.nodes[0]?.attempts >= 1 ? answer : undefined;
      },
      30_000,
    );
    expect(log.deliveries.nodes[0]).toMatchObject({ status: "PENDING", lastStatusCode: 302 });
    expect(log.deliveries.nodes[0].lastError).toContain("redirects are not followed");
    await post(
      suite.server,
      `mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { webhook { id } userErrors { code } } }`,
      { i: { id: created.webhook.id } },
      admin,
    );
  });

  it("two servers deliver one webhook stream without gaps, in order", async () => {
    const second = await startTestServer(suite.db, { live: LIVE });
    try {
      const hook = await receiver();
      const created = await post(
        suite.server,
        CREATE_WEBHOOK,
        { i: { url: hook.url, events: ["EntityCreated"], secret: secret() } },
        admin,
      );
      expect(created.userErrors).toEqual([]);
      const ids = [
        ...(await createEntities(suite.server, "two-a", 15)),
        ...(await createEntities(second, "two-b", 15)),
      ];
      await waitFor("thirty deliveries", async () => (hook.accepted().length >= 30 ? true : undefined), 60_000);
      await sleep(300); // nothing more should come
      const accepted = hook.accepted();
      expect(accepted.map((r) => r.json.data.subjectId)).toEqual(ids);
      const positions = accepted.map((r) => BigInt(r.json.data.position));
      for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
      // Every EntityCreated event since the webhook began, none skipped.
      const { rows } = await suite.db.pool.query(
        `SELECT e.position::text AS position FROM event e WHERE e.type = 'EntityCreated' AND e.position >= $1::bigint ORDER BY e.position`,
        [positions[0]!.toString()],
      );
      expect(rows.map((r: { position: string }) => r.position)).toEqual(positions.map(String));
    } finally {
      await second.close();
    }
  });
});

describe("bad input", () => {
  let guarded: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    guarded = await createTestDatabase("empty");
    server = await startTestServer(guarded, { live: { webhookWorker: FAST, webhookAllowHosts: "" } });
  });
  afterAll(async () => {
    await server.close();
    await guarded.drop();
  });

  it.each([
    "http://127.0.0.1:4430/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:4430/hook",
    "http://localhost:4430/hook",
    "http://10.0.0.7/hook",
  ])("refuses %s without the allow-list (ADDRESS_NOT_ALLOWED) and creates nothing", async (url) => {
    const key = (await createKey(guarded.pool, `guard admin ${url}`, "ADMIN")).key;
    const payload = await post(server, CREATE_WEBHOOK, { i: { url, events: [], secret: secret() } }, key);
    expect(payload.webhook).toBeNull();
    expect(payload.userErrors).toEqual([
      { field: ["input", "url"], code: "ADDRESS_NOT_ALLOWED", message: expect.any(String) },
    ]);
    const { rows } = await guarded.pool.query(`SELECT count(*)::int AS n FROM webhook`);
    expect(rows[0].n).toBe(0);
  });

  it("holds at connection time too: a name that resolves to loopback is never connected to (DNS rebinding)", async () => {
    let reached = 0;
    const target = http.createServer((_req, res) => {
      reached += 1;
      res.end("ok");
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const port = (target.address() as { port: number }).port;
    const attempt = (list: string) =>
      new Promise<string>((resolve) => {
        const request = http.request(
          `http://localhost:${port}/`,
          { lookup: guardedLookup(addressPolicy(list)) },
          (res) => {
            res.resume();
            res.on("end", () => resolve(String(res.statusCode)));
          },
        );
        request.on("error", (error: any) => resolve(error.code ?? error.message));
        request.end();
      });
    try {
      expect(await attempt("")).toBe("ADDRESS_NOT_ALLOWED");
      expect(reached).toBe(0);
      expect(await attempt("localhost")).toBe("200");
      expect(await attempt("127.0.0.0/8")).toBe("200");
      expect(reached).toBe(2);
    } finally {
      target.closeAllConnections();
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it("refuses a webhook to an EDITOR key (FORBIDDEN) and to anonymous callers (UNAUTHENTICATED)", async () => {
    const key = (await createKey(guarded.pool, "guard editor", "EDITOR")).key;
    const variables = { i: { url: "https://hooks.example/x", events: [], secret: secret() } };
    const asEditor = await server.post(CREATE_WEBHOOK, variables, key);
    expect(asEditor.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await server.post(CREATE_WEBHOOK, variables);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a short secret, a non-http URL and a bad event type with INVALID", async () => {
    const key = (await createKey(guarded.pool, "guard admin 2", "ADMIN")).key;
    const cases = [
      { url: "https://hooks.example/x", events: [], secret: "short" },
      { url: "ftp://hooks.example/x", events: [], secret: secret() },
      { url: "https://hooks.example/x", events: ["not a type"], secret: secret() },
    ];
    for (const input of cases) {
      const payload = await post(server, CREATE_WEBHOOK, { i: input }, key);
      expect(payload.userErrors[0].code).toBe("INVALID");
    }
  });
});

describe("a delivering process killed with SIGKILL", () => {
  const MAIN = path.join(PROJECT_ROOT, "dist", "src", "main.js");
  let db: TestDatabase;
  let hook: Receiver;
  const processes: Spawned[] = [];

  afterAll(async () => {
    for (const spawned of processes) await killIfRunning(spawned);
    await hook?.close();
    await db?.drop();
  });

  async function start(): Promise<{ spawned: Spawned; base: string }> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMIT_KEY_PER_MINUTE: "1000000",
      WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
      WEBHOOK_POLL_MS: "50",
      WEBHOOK_BACKOFF_MS: "50",
      WEBHOOK_BACKOFF_MAX_MS: "200",
    };
    delete env.NODE_ENV;
    const spawned = spawnNode(MAIN, env, PROJECT_ROOT);
    processes.push(spawned);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      "the service",
      async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined),
      30_000,
    );
    return { spawned, base };
  }

  it("loses no event: the delivery in flight is sent again after a restart", async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    db = await createTestDatabase("empty");
    const adminKey = (await createKey(db.pool, "crash admin", "ADMIN")).key;
    const editorKey = (await createKey(db.pool, "crash editor", "EDITOR")).key;
    // First a receiver that takes requests and never answers: the process is killed mid-delivery.
    const port = await freePort();
    let arrivals = 0;
    const stalled = http.createServer(() => {
      arrivals += 1;
    });
    await new Promise<void>((resolve) => stalled.listen(port, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${port}/hook`;
    const gql = async (base: string, query: string, variables: object, key: string) => {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as any).data;
    };
    const first = await start();
    const key = secret();
    const created = await gql(
      first.base,
      CREATE_WEBHOOK,
      { i: { url, events: ["EntityCreated"], secret: key } },
      adminKey,
    );
    expect(created.createWebhook.userErrors).toEqual([]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const made = await gql(
        first.base,
        CREATE_ENTITY,
        { i: { slug: `crash-${i}`, kind: "PERSON", name: `Crash ${i}` } },
        editorKey,
      );
      ids.push(made.createEntity.entity.id);
    }
    await waitFor("the first delivery to be in flight", async () => (arrivals >= 1 ? true : undefined), 30_000);
    first.spawned.child.kill("SIGKILL");
    await first.spawned.exited;
    stalled.closeAllConnections();
    await new Promise<void>((resolve) => stalled.close(() => resolve()));
    // The killed attempt's transaction rolled back: the delivery is PENDING with no attempt counted.
    const { rows } = await db.pool.query(`SELECT status::text, attempts FROM webhook_delivery ORDER BY event_position`);
    expect(rows[0]).toEqual({ status: "PENDING", attempts: 0 });

    hook = await startReceiver(port);
    await start();
    await waitFor(
      "every event delivered",
      async () => (new Set(hook.accepted().map((r) => r.id)).size >= 5 ? true : undefined),
      60_000,
    );
    const delivered = [...new Map(hook.accepted().map((r) => [r.id, r.json.data.subjectId])).values()];
    expect(delivered).toEqual(ids);
    for (const r of hook.accepted()) {
      expect(verify(key, { id: r.id, timestamp: String(r.timestamp), signature: r.signature }, r.body)).toBe(true);
    }
  });
});
