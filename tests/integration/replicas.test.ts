import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";
import type { ReplicaSettings, ReplicaStatus } from "../../src/db/replicas";
import { createKey } from "../../src/modules/auth";
import { seedStory } from "../../src/seed";
import { startReplicationPair, type ReplicationPair } from "../support/replication";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Read replicas (src/db/replicas.ts) against real PostgreSQL streaming replication: a primary and a hot
 * standby started by tests/support/replication.ts on ports of their own. Reads are shown to land on
 * the replica by the replica's own statistics; read-your-writes, failover and recovery go through real
 * HTTP and real server kills. Waits poll for a state (bounded by attempts); nothing asserts on time.
 */

jest.setTimeout(300_000);

const DATABASE = "claimbase";
let pair: ReplicationPair;
let editor: string;

interface Service {
  server: TestServer;
  db: Database;
  close(): Promise<void>;
}

const services: Service[] = [];

async function service(cache = true, maxLagMs = 60_000, checkIntervalMs = 100): Promise<Service> {
  const db = openDatabase(pair.urlOf("primary", DATABASE), { max: 10, connectTimeoutMs: 2_000 });
  const replicas: ReplicaSettings = {
    urls: [pair.urlOf("replica", DATABASE)],
    maxLagMs,
    maxLagBytes: 0,
    checkIntervalMs,
  };
  const server = await startTestServer(db, { replicas, ...(cache ? {} : { responseCache: false }) });
  const created: Service = {
    server,
    db,
    async close() {
      services.splice(services.indexOf(created), 1);
      await server.close();
      await db.close();
    },
  };
  services.push(created);
  return created;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1_500; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

async function readiness(server: TestServer): Promise<{ status: string; replicas?: ReplicaStatus[] }> {
  const response = await fetch(`${server.url}/readyz`);
  return (await response.json()) as { status: string; replicas?: ReplicaStatus[] };
}

async function replicaState(server: TestServer): Promise<string | undefined> {
  return (await readiness(server)).replicas?.[0]?.state;
}

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  lsn: string | null;
  readFrom: string | null;
}

async function request(
  server: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer["body"],
    lsn: response.headers.get("x-claimbase-lsn"),
    readFrom: response.headers.get("x-claimbase-read-from"),
  };
}

const CREATE = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { slug } userErrors { code message } } }`;
const READ_BACK = `query($slug: String!) { entity(slug: $slug) { slug name } entities(first: 1) { totalCount } }`;
const READS = [
  `query { entities(first: 5) { totalCount edges { node { slug name } } } }`,
  `query { claims(first: 5) { totalCount edges { node { text } } } }`,
  `query($slug: String!) { entity(slug: $slug) { name claims: claimsAbout(first: 3) { totalCount } } }`,
  `query { sources(first: 3) { edges { node { title } } } }`,
];

async function createEntity(server: TestServer, slug: string): Promise<Answer> {
  const answer = await request(
    server,
    CREATE,
    { i: { slug, name: `Entity ${slug}`, kind: "ORGANIZATION" } },
    { authorization: `Bearer ${editor}` },
  );
  return answer;
}

/** Statistics of the test database on one server, once every client connection to it has ended (they report at exit). */
/**
 * Tables the service reads for itself, whatever the clients ask (keys, limits, the outbox, webhooks,
 * persisted queries, migrations): left out of the count of the clients' reads.
 */
const SERVICE_TABLES = [
  "_prisma_migrations",
  "api_key",
  "rate_limit",
  "event",
  "webhook",
  "webhook_delivery",
  "persisted_query",
];

async function databaseStats(
  server: "primary" | "replica",
): Promise<{ xacts: number; tuples: number; contentScans: number }> {
  const client = new pg.Client({ connectionString: pair.urlOf(server, "postgres") });
  await client.connect();
  try {
    await until(async () => {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
        [DATABASE],
      );
      return rows[0]!.n === 0;
    }, `no connections left to ${server}`);
    const { rows } = await client.query<{ xacts: string; tuples: string }>(
      "SELECT xact_commit::text AS xacts, tup_returned::text AS tuples FROM pg_stat_database WHERE datname = $1",
      [DATABASE],
    );
    // Scans of the content tables, which only a client's question reads, in this server's own statistics
    // (a standby keeps its own: the scans of the queries it ran).
    const scans = new pg.Client({ connectionString: pair.urlOf(server, DATABASE) });
    await scans.connect();
    try {
      const { rows: scanned } = await scans.query<{ n: string }>(
        `SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::text AS n FROM pg_stat_user_tables
          WHERE relname <> ALL($1::text[])`,
        [SERVICE_TABLES],
      );
      return {
        xacts: Number(rows[0]!.xacts),
        tuples: Number(rows[0]!.tuples),
        contentScans: Number(scanned[0]!.n),
      };
    } finally {
      await scans.end();
    }
  } finally {
    await client.end();
  }
}

/** Runs `work` while the replica replays nothing (pg_wal_replay_pause), and resumes its replay after. */
async function whileReplayPaused<T>(work: () => Promise<T>): Promise<T> {
  const replica = new pg.Client({ connectionString: pair.urlOf("replica", "postgres") });
  await replica.connect();
  try {
    await replica.query("SELECT pg_wal_replay_pause()");
    return await work();
  } finally {
    await replica.query("SELECT pg_wal_replay_resume()");
    await replica.end();
  }
}

/** `workers` clients each sending `each` queries, in turn from READS; every answer must be complete. */
async function readLoad(
  server: TestServer,
  workers: number,
  each: number,
  onAnswer: (answer: Answer) => void | Promise<void> = () => undefined,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < each; i += 1) {
        const query = READS[(worker + i) % READS.length]!;
        const answer = await request(server, query, { slug: "sanctuary-city-mayor" });
        answers.push(answer);
        await onAnswer(answer);
      }
    }),
  );
  return answers;
}

beforeAll(async () => {
  pair = await startReplicationPair({ primaryPort: 55450, replicaPort: 55451 });
  const admin = new pg.Client({ connectionString: pair.primaryUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const db = openDatabase(pair.urlOf("primary", DATABASE), { max: 2 });
  try {
    await migrate(db.pool);
    await seedStory(db);
    editor = (await createKey(db.pool, "editor", "EDITOR")).key;
  } finally {
    await db.close();
  }
  await pair.caughtUp();
});

afterAll(async () => {
  for (const open of [...services]) await open.close().catch(() => undefined);
  await pair?.close();
});

test("the replica is a streaming hot standby of the primary", async () => {
  const client = new pg.Client({ connectionString: pair.urlOf("replica", DATABASE) });
  await client.connect();
  try {
    const { rows } = await client.query<{ recovery: boolean; entities: number; receiver: string }>(
      `SELECT pg_is_in_recovery() AS recovery, (SELECT count(*)::int FROM entity) AS entities,
              (SELECT status FROM pg_stat_wal_receiver) AS receiver`,
    );
    expect(rows[0]).toMatchObject({ recovery: true, receiver: "streaming" });
    expect(rows[0]!.entities).toBeGreaterThan(0);
    await expect(client.query("CREATE TABLE nope (x int)")).rejects.toThrow(/read-only/);
  } finally {
    await client.end();
  }
});

test("under a read load the replica serves at least 90% of the reads, by its own statistics", async () => {
  const before = { primary: await databaseStats("primary"), replica: await databaseStats("replica") };
  // No response cache: every query reaches a database. Replica checks at the default interval (1 s): the
  // router's own checks are transactions on the primary, and at 100 ms on a slow, shared machine they
  // made over a tenth of its count although every client read went to the replica.
  const open = await service(false, 60_000, 1_000);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const answers = await readLoad(open.server, 4, 250);
  await open.close();
  const after = { primary: await databaseStats("primary"), replica: await databaseStats("replica") };

  expect(answers.every((answer) => answer.status === 200 && answer.body.errors === undefined)).toBe(true);
  const onReplica = after.replica.xacts - before.replica.xacts;
  // The replica's statistics count its own transactions: 1,000 queries of several statements each.
  expect(onReplica).toBeGreaterThanOrEqual(1_000);
  // The share of the reads: scans of content tables, which only clients' questions make. (Transactions
  // would count the service's own round trips on the primary too, the router's replica checks and the
  // cache's LSN reads, which go on by the clock: on a slow, shared machine they made a tenth of them.)
  const scansOnReplica = after.replica.contentScans - before.replica.contentScans;
  const scansOnPrimary = after.primary.contentScans - before.primary.contentScans;
  expect(scansOnReplica).toBeGreaterThan(0);
  expect(scansOnReplica / (scansOnReplica + scansOnPrimary)).toBeGreaterThanOrEqual(0.9);
  expect(after.replica.tuples - before.replica.tuples).toBeGreaterThan(after.primary.tuples - before.primary.tuples);
  expect(answers.filter((answer) => answer.readFrom === "replica").length).toBeGreaterThanOrEqual(900);
});

test("a client that writes through one service replica and reads back through another sees its write 1,000 times of 1,000", async () => {
  const a = await service();
  const b = await service();
  await until(async () => (await replicaState(b.server)) === "healthy", "the replica checks healthy");
  const base = (await request(b.server, READ_BACK, { slug: "-" })).body.data.entities.totalCount as number;
  const seen: boolean[] = [];
  const fromReplica: number[] = [0];
  await Promise.all(
    [0, 1].map(async (client) => {
      for (let i = 0; i < 500; i += 1) {
        const slug = `ryw-${client}-${i}`;
        const written = await createEntity(a.server, slug);
        expect(written.body.data?.createEntity?.userErrors).toEqual([]);
        expect(written.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        const read = await request(b.server, READ_BACK, { slug }, { "x-claimbase-lsn": written.lsn! });
        const ok =
          read.status === 200 &&
          read.body.data?.entity?.slug === slug &&
          read.body.data.entities.totalCount >= base + i + 1;
        seen.push(ok);
        if (read.readFrom === "replica") fromReplica[0]! += 1;
      }
    }),
  );
  expect(seen.length).toBe(1_000);
  expect(seen.filter(Boolean).length).toBe(1_000);
  // How many of them the replica served is a measurement (bench:replicas prints it too), not a pass/fail.
  console.log(`read-your-writes: 1,000/1,000 saw their write; ${fromReplica[0]} of 1,000 read from the replica`);
  await a.close();
  await b.close();
});

test("a read that sends a write's LSN goes to the replica once it has replayed that write, to the primary before", async () => {
  const open = await service();
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  // Written while the replica replays nothing: it cannot have replayed the write.
  const lsn = await whileReplayPaused(async () => {
    const written = await createEntity(open.server, "lsn-routing");
    const lsn = written.lsn!;
    const ahead = await request(open.server, READ_BACK, { slug: "lsn-routing" }, { "x-claimbase-lsn": lsn });
    expect(ahead.readFrom).toBe("primary");
    expect(ahead.body.data.entity.slug).toBe("lsn-routing");
    return lsn;
  });
  await until(async () => {
    const replayed = (await readiness(open.server)).replicas?.[0]?.replayLsn;
    if (!replayed) return false;
    const client = new pg.Client({ connectionString: pair.urlOf("replica", "postgres") });
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>("SELECT $1::pg_lsn >= $2::pg_lsn AS ok", [replayed, lsn]);
    await client.end();
    return rows[0]!.ok;
  }, "the router sees the replica past the write");
  const caught = await request(open.server, READ_BACK, { slug: "lsn-routing" }, { "x-claimbase-lsn": lsn });
  expect(caught.readFrom).toBe("replica");
  expect(caught.body.data.entity.slug).toBe("lsn-routing");

  const bad = await request(open.server, READ_BACK, { slug: "x" }, { "x-claimbase-lsn": "yesterday" });
  expect(bad.status).toBe(400);
  expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  expect(bad.body.data ?? null).toBeNull();
  // Past the primary's own position: no write made it, and it would keep its sender on the primary.
  for (const future of ["FFFFFFFF/0", "FFFFFFFF/FFFFFFFF"]) {
    const ahead = await request(open.server, READ_BACK, { slug: "x" }, { "x-claimbase-lsn": future });
    expect(ahead.status).toBe(400);
    expect(ahead.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(ahead.readFrom).toBeNull();
    const exported = await fetch(`${open.server.url}/export/entities.ndjson`, {
      headers: { "x-claimbase-lsn": future },
    });
    expect(exported.status).toBe(400);
    await exported.arrayBuffer();
  }
  await open.close();
});

test("a mutation refused whole carries no LSN, and answers from the response cache are not counted as reads", async () => {
  const open = await service(true);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const anonymous = await fetch(`${open.server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation { createEntity(input: { kind: GROUP, name: "No key", slug: "no-key" }) { entity { id } } }`,
    }),
  });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("x-claimbase-lsn")).toBeNull();
  await anonymous.arrayBuffer();
  const routed = async () => {
    const text = await (await fetch(`${open.server.url}/metrics`)).text();
    const line = /^claimbase_db_reads_routed_total\{target="replica"\} (\d+)/m.exec(text);
    return Number(line?.[1] ?? 0);
  };
  const first = await request(open.server, READ_BACK, { slug: "sanctuary-city-mayor" });
  expect(first.readFrom).toBe("replica");
  // Kept once the cache knows the primary's position after the last change (docs/scaling.md).
  await until(
    async () => (await request(open.server, READ_BACK, { slug: "sanctuary-city-mayor" })).readFrom === null,
    "the answer is served from the response cache",
  );
  const before = await routed();
  for (let i = 0; i < 5; i += 1) {
    const again = await request(open.server, READ_BACK, { slug: "sanctuary-city-mayor" });
    expect(again.readFrom).toBeNull();
  }
  expect(await routed()).toBe(before);
  await open.close();
});

test("an answer that read nothing claims no read source: a malformed LSN, refused variables, refused exports", async () => {
  const open = await service(false);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const badLsn = await request(open.server, READ_BACK, { slug: "x" }, { "x-claimbase-lsn": "yesterday" });
  expect(badLsn.status).toBe(400);
  expect(badLsn.readFrom).toBeNull();
  const badVariables = await request(open.server, READ_BACK, { slug: 42 });
  expect(badVariables.status).toBe(400);
  expect(badVariables.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  expect(badVariables.readFrom).toBeNull();
  const tooMany = await request(open.server, `query { entities(first: 500) { totalCount } }`);
  expect(tooMany.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  expect(tooMany.readFrom).toBeNull();
  // The same requests done right do say where they read.
  expect((await request(open.server, READ_BACK, { slug: "x" })).readFrom).toBe("replica");

  for (const [path, headers] of [
    ["/export/entities.ndjson", { "x-claimbase-lsn": "0/XYZ" }],
    ["/export/entities.ndjson?limit=3", {}],
    ["/export/entities.ndjson?filter=%7B", {}],
    ["/export/nothing.ndjson", {}],
  ] as const) {
    const refused = await fetch(`${open.server.url}${path}`, { headers });
    expect([400, 404]).toContain(refused.status);
    expect(((await refused.json()) as Answer["body"]).errors?.[0]?.extensions?.code).toMatch(
      /BAD_USER_INPUT|NOT_FOUND/,
    );
    expect(refused.headers.get("x-claimbase-read-from")).toBeNull();
  }
  const head = await fetch(`${open.server.url}/export/entities.ndjson`, { method: "HEAD" });
  expect(head.status).toBe(200);
  expect(head.headers.get("x-claimbase-read-from")).toBeNull();
  await open.close();
});

test("a read sent with a write's LSN finds the replica that replayed it since its last check (its replay position is read again)", async () => {
  // Checks once at start, then not for 10 minutes: what the router knows of the replica stays behind.
  const open = await service(false, 60_000, 600_000);
  expect(await replicaState(open.server)).toBe("healthy");
  const written = await createEntity(open.server, "ryw-fresh-check");
  await pair.caughtUp();
  const read = await request(open.server, READ_BACK, { slug: "ryw-fresh-check" }, { "x-claimbase-lsn": written.lsn! });
  expect(read.body.data.entity.slug).toBe("ryw-fresh-check");
  expect(read.readFrom).toBe("replica");
  const exported = await fetch(`${open.server.url}/export/entities.ndjson`, {
    headers: { "x-claimbase-lsn": written.lsn! },
  });
  expect(await exported.text()).toContain('"slug":"ryw-fresh-check"');
  expect(exported.headers.get("x-claimbase-read-from")).toBe("replica");
  await open.close();
});

test("an export sent with a write's LSN never reads a replica that has not replayed the write, and says where it read", async () => {
  const open = await service(false);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const lsn = await whileReplayPaused(async () => {
    const written = await createEntity(open.server, "export-after-write");
    const lsn = written.lsn!;
    for (const format of ["ndjson", "csv"]) {
      const exported = await fetch(`${open.server.url}/export/entities.${format}`, {
        headers: { "x-claimbase-lsn": lsn },
      });
      expect(exported.status).toBe(200);
      expect(await exported.text()).toContain("export-after-write");
      expect(exported.headers.get("x-claimbase-read-from")).toBe("primary");
    }
    // Without the header an export may read the replica, which serves the state it has replayed.
    const any = await fetch(`${open.server.url}/export/entities.ndjson`);
    expect(any.headers.get("x-claimbase-read-from")).toBe("replica");
    expect(await any.text()).not.toContain("export-after-write");
    return lsn;
  });
  await pair.caughtUp();
  await until(async () => {
    const exported = await fetch(`${open.server.url}/export/entities.ndjson`, { headers: { "x-claimbase-lsn": lsn } });
    const text = await exported.text();
    return exported.headers.get("x-claimbase-read-from") === "replica" && text.includes("export-after-write");
  }, "the export reads the replica once it has replayed the write");
  await open.close();
});

test("an import's (and an ingest's) answer carries the primary's LSN, and a read that sends it back sees the import", async () => {
  const open = await service();
  const body = [
    { format: "claimbase-bundle", version: 1 },
    { type: "entity", slug: "imported-one", kind: "PERSON", name: "Imported One" },
  ]
    .map((record) => JSON.stringify(record))
    .join("\n");
  const imported = await fetch(`${open.server.url}/import`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${editor}` },
    body,
  });
  expect(imported.status).toBe(200);
  const lsn = imported.headers.get("x-claimbase-lsn");
  expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  const read = await request(open.server, READ_BACK, { slug: "imported-one" }, { "x-claimbase-lsn": lsn! });
  expect(read.body.data.entity).toEqual({ slug: "imported-one", name: "Imported One" });

  // POST /ingest runs the ingestDocument mutation: its answer carries the LSN too.
  const ingested = await fetch(`${open.server.url}/ingest?title=Budget&url=https%3A%2F%2Fnews.example%2Fbudget`, {
    method: "POST",
    headers: { "content-type": "text/plain; charset=utf-8", authorization: `Bearer ${editor}` },
    body: "The mayor said the budget is balanced. Critics say it is not.",
  });
  expect(ingested.status).toBe(200);
  expect(ingested.headers.get("x-claimbase-lsn")).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  await open.close();
});

test("/readyz and /metrics report the replica's state and lag", async () => {
  const open = await service();
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const ready = await readiness(open.server);
  expect(ready.status).toBe("ready");
  expect(ready.replicas).toEqual([
    expect.objectContaining({
      name: `127.0.0.1:55451/${DATABASE}`,
      state: "healthy",
      reason: null,
      lagMs: expect.any(Number),
    }),
  ]);
  await request(open.server, READS[0]!);
  const metrics = await (await fetch(`${open.server.url}/metrics`)).text();
  expect(metrics).toMatch(/claimbase_db_replica_state\{replica="127.0.0.1:55451\/claimbase",state="healthy"\} 1/);
  expect(metrics).toMatch(/claimbase_db_replica_lag_seconds\{replica="127.0.0.1:55451\/claimbase"\} \d/);
  expect(metrics).toMatch(/claimbase_db_replica_lag_bytes\{replica="127.0.0.1:55451\/claimbase"\} \d/);
  expect(metrics).toMatch(/claimbase_db_reads_routed_total\{target="replica"\} [1-9]/);

  // An export reads on a replica too.
  const routed = async () =>
    Number(
      /claimbase_db_reads_routed_total\{target="replica"\} (\d+)/.exec(
        await (await fetch(`${open.server.url}/metrics`)).text(),
      )![1],
    );
  const before = await routed();
  const exported = await fetch(`${open.server.url}/export/entities.csv`);
  expect(exported.status).toBe(200);
  expect(await exported.text()).toContain("sanctuary-city-mayor");
  expect(await routed()).toBe(before + 1);
  await open.close();
});

test("the response cache never keeps an answer a replica computed before replaying the write that invalidated the cache", async () => {
  const open = await service();
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  const NAME = `query { entity(slug: "cache-lag") { name } }`;
  const made = await createEntity(open.server, "cache-lag");
  await pair.caughtUp();
  await until(async () => (await request(open.server, NAME)).body.data?.entity?.name === "Entity cache-lag", "seen");

  await whileReplayPaused(async () => {
    // The replica stops replaying (it still answers, and its lag stays under the bound): a lagging replica.
    const primary = new pg.Client({ connectionString: pair.urlOf("primary", DATABASE) });
    await primary.connect();
    await primary.query("UPDATE entity SET name = 'Renamed while the replica lags' WHERE slug = 'cache-lag'");
    await primary.end();
    // The change's notification reached the cache (it dropped its answers) while the replica lags: the
    // replica computes the old name, which must not be kept.
    let stale: Answer | undefined;
    await until(async () => {
      stale = await request(open.server, NAME);
      return stale.readFrom === "replica" && open.server.responseCache!.stats.entries === 0;
    }, "a query answered by the lagging replica after the invalidation");
    expect(stale!.body.data.entity.name).toBe("Entity cache-lag");
    for (let i = 0; i < 5; i += 1) {
      const again = await request(open.server, NAME);
      expect(again.readFrom).toBe("replica");
      expect(again.body.data.entity.name).toBe("Entity cache-lag");
      expect(open.server.responseCache!.stats.entries).toBe(0);
    }
  });
  await pair.caughtUp();
  await until(
    async () => (await request(open.server, NAME)).body.data?.entity?.name === "Renamed while the replica lags",
    "the new name is served once the replica replayed it",
  );
  void made;
  await open.close();
});

test("a replica whose replay stalls turns lagging past REPLICA_MAX_LAG_MS, however few bytes behind, and reads leave it", async () => {
  const open = await service(false, 1_000);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  await whileReplayPaused(async () => {
    // One small write: a few kB of WAL, well under the slack allowed to a replica that replays.
    await createEntity(open.server, "stalled-replay");
    await until(async () => (await replicaState(open.server)) === "lagging", "the stalled replica turns lagging");
    expect((await readiness(open.server)).replicas?.[0]?.reason).toMatch(/^lag \d+ ms > 1000 ms bound$/);
    const read = await request(open.server, `query { entity(slug: "stalled-replay") { name } }`);
    expect(read.readFrom).toBe("primary");
    expect(read.body.data.entity.name).toBe("Entity stalled-replay");
  });
  await pair.caughtUp();
  await until(async () => (await replicaState(open.server)) === "healthy", "healthy again once it replays");
  await open.close();
});

async function routedCounts(server: TestServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/claimbase_db_reads_routed_total\{target="(\w+)"\} (\d+)/g)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

test("a query or an export started right after the replica died reads the primary, and marks the replica down with the reason", async () => {
  for (const kind of ["query", "export"] as const) {
    // Checks once at start, then not for 10 minutes: only the failed read can tell that the replica died.
    const open = await service(false, 60_000, 600_000);
    expect(await replicaState(open.server)).toBe("healthy");
    await pair.stop("replica", "crash");
    try {
      if (kind === "query") {
        const read = await request(open.server, READS[0]!);
        expect(read.status).toBe(200);
        expect(read.body.errors).toBeUndefined();
        expect(read.readFrom).toBe("primary");
      } else {
        const exported = await fetch(`${open.server.url}/export/entities.csv`);
        expect(exported.status).toBe(200);
        expect(exported.headers.get("x-claimbase-read-from")).toBe("primary");
        expect(await exported.text()).toContain("sanctuary-city-mayor");
      }
      const ready = await readiness(open.server);
      expect(ready.status).toBe("ready");
      expect(ready.replicas?.[0]).toMatchObject({
        state: "down",
        reason: expect.stringMatching(
          // A crash stop may reach a connection as the server's own shutdown notice (57P01) first.
          new RegExp(
            `^(connection (refused|lost)|shut down by an administrator) \\(${kind === "query" ? "a read failed" : "an export failed"}\\)$`,
          ),
        ),
      });
      // The next requests skip the replica at once: routed to the primary, not tried on the replica first.
      const before = await routedCounts(open.server);
      const next = await request(open.server, READS[1]!);
      expect(next.readFrom).toBe("primary");
      const nextExport = await fetch(`${open.server.url}/export/entities.ndjson`);
      expect(nextExport.headers.get("x-claimbase-read-from")).toBe("primary");
      await nextExport.text();
      const after = await routedCounts(open.server);
      expect(after.primary).toBe(before.primary! + 2);
      expect(after.fallback).toBe(before.fallback);
    } finally {
      await open.close();
      await pair.start("replica");
    }
  }
  await pair.caughtUp();
});

test("an export whose replica dies after it began streaming ends truncated, as a failed export does, and marks the replica down", async () => {
  const primary = new pg.Client({ connectionString: pair.urlOf("primary", DATABASE) });
  await primary.connect();
  // About 30 MB of NDJSON: far more than the socket buffers hold, so the export is still reading when the
  // replica dies.
  await primary.query(
    `INSERT INTO entity (slug, kind, name, description)
     SELECT 'bulk-' || i, 'ORGANIZATION', 'Bulk ' || i, repeat('x', 3000) FROM generate_series(1, 10000) AS i`,
  );
  await pair.caughtUp();
  const open = await service(false, 60_000, 600_000);
  try {
    expect(await replicaState(open.server)).toBe("healthy");
    const response = await fetch(`${open.server.url}/export/entities.ndjson`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-claimbase-read-from")).toBe("replica");
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await pair.stop("replica", "crash");
    let text = new TextDecoder().decode(first.value);
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch (error) {
      failure = error;
    }
    // A cut transfer, never a file that ends as if complete.
    expect(failure).toBeDefined();
    expect(text.split("\n").filter((line) => line.includes('"slug":"bulk-')).length).toBeLessThan(10_000);
    expect((await readiness(open.server)).replicas?.[0]).toMatchObject({
      state: "down",
      reason: expect.stringMatching(/\(an export failed\)$/),
    });
  } finally {
    await open.close();
    await pair.start("replica");
    await primary.query("DELETE FROM entity WHERE slug LIKE 'bulk-%'");
    await primary.end();
    await pair.caughtUp();
  }
});

test("killing the replica mid-load moves reads to the primary with no errors, and they return when it does", async () => {
  const open = await service(false);
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  let answered = 0;
  let killed: Promise<void> | undefined;
  const answers = await readLoad(open.server, 4, 150, (answer) => {
    answered += 1;
    // A third of the way in, while the other clients' queries are in flight.
    if (answered === 200) killed = pair.stop("replica", "crash");
    void answer;
  });
  await killed;
  const failures = answers.filter((answer) => answer.status !== 200 || answer.body.errors !== undefined);
  expect(failures).toEqual([]);
  expect(answers).toHaveLength(600);
  expect(answers.slice(0, 100).some((answer) => answer.readFrom === "replica")).toBe(true);
  expect(answers.slice(-100).every((answer) => answer.readFrom === "primary")).toBe(true);
  expect(await replicaState(open.server)).toBe("down");
  const down = (await readiness(open.server)).replicas![0]!;
  expect(down.reason).toMatch(/connection refused|connection lost/);

  await pair.start("replica");
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy again");
  const back = await request(open.server, READS[0]!);
  expect(back.readFrom).toBe("replica");
  expect(back.body.errors).toBeUndefined();
  await open.close();
});

test("killing the primary gives coded 503s for writes, reads go on from the replica, and writes recover when it returns", async () => {
  const open = await service();
  await until(async () => (await replicaState(open.server)) === "healthy", "the replica checks healthy");
  await pair.stop("primary", "crash");

  const write = await createEntity(open.server, "while-down");
  expect(write.status).toBe(503);
  expect(write.body.errors?.map((error) => error.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(JSON.stringify(write.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  const ready = await fetch(`${open.server.url}/readyz`);
  expect(ready.status).toBe(503);

  const read = await request(open.server, READS[0]!);
  expect(read.status).toBe(200);
  expect(read.body.errors).toBeUndefined();
  expect(read.readFrom).toBe("replica");

  await pair.start("primary");
  let recovered: Answer | undefined;
  await until(async () => {
    recovered = await createEntity(open.server, "after-restart");
    return recovered.status === 200;
  }, "a write succeeds after the primary returns");
  expect(recovered!.body.data.createEntity.userErrors).toEqual([]);
  await until(async () => (await fetch(`${open.server.url}/readyz`)).status === 200, "ready again");
  // The replica streams from the restarted primary again and the write reaches it.
  await pair.caughtUp();
  await until(async () => {
    const answer = await request(
      open.server,
      READ_BACK,
      { slug: "after-restart" },
      { "x-claimbase-lsn": recovered!.lsn! },
    );
    return answer.readFrom === "replica" && answer.body.data?.entity?.slug === "after-restart";
  }, "the replica serves the write made after the restart");
  await open.close();
});
