import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrate";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import { createKey } from "../../src/modules/auth";
import { seedStory } from "../../src/seed";
import { PROJECT_ROOT } from "../../src/shared/paths";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type PostgresProcess, startPostgresProcess } from "../support/fault-postgres";
import {
  freePort,
  killIfRunning,
  postgresTempDir,
  sleep,
  spawnNode,
  type Spawned,
  waitFor,
} from "../support/fault-process";
import { type Answer, bearer, codesOf, postGraphQL, send } from "../support/hostile-http";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Real faults, no mocks: PostgreSQL stopped and restarted under load, a pool with every connection
 * taken, and SIGTERM to the real process during a stream of writes. The service runs as its own
 * process (dist/src/main.js, built by `npm test`'s pretest) where a fault could kill it.
 */

// Real processes and a real restart: about 25 s in all on an idle machine; room for a busy one.
jest.setTimeout(120_000);

const LIST = `{ entities(first: 5) { totalCount nodes { slug } } }`;
const MAIN = path.join(PROJECT_ROOT, "dist", "src", "main.js");

function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
}

/** The service as a real process: NODE_ENV unset, generous rate limits, a port of its own. */
async function startService(
  databaseUrl: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<{ spawned: Spawned; base: string }> {
  requireBuild();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    RATE_LIMIT_KEY_PER_MINUTE: "1000000",
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
    ...extra,
  };
  delete env.NODE_ENV; // jest sets it to "test"
  const spawned = spawnNode(MAIN, env, PROJECT_ROOT);
  const base = `http://127.0.0.1:${port}`;
  const ready = await waitFor(
    "the service to be ready",
    async () => {
      if (spawned.child.exitCode !== null) return "exited";
      return (await send(`${base}/readyz`)).status === 200 ? "ready" : undefined;
    },
    30_000,
  ).catch((error: Error) => error.message);
  if (ready !== "ready") {
    await killIfRunning(spawned);
    throw new Error(`the service did not become ready (${ready}):\n${spawned.output().slice(-3000)}`);
  }
  return { spawned, base };
}

/** 503 with Retry-After and nothing but SERVICE_UNAVAILABLE errors. */
function isServiceUnavailable(answer: Pick<Answer, "status" | "body" | "headers">): boolean {
  const codes = codesOf(answer);
  return (
    answer.status === 503 &&
    codes.length > 0 &&
    codes.every((code) => code === "SERVICE_UNAVAILABLE") &&
    answer.headers.get("retry-after") !== null
  );
}

describe("PostgreSQL restarted under load", () => {
  let root: string | undefined;
  let postgres: PostgresProcess | undefined;
  let service: Spawned | undefined;

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill("SIGTERM");
      await Promise.race([service.exited, sleep(10_000)]);
    }
    await killIfRunning(service);
    await postgres?.stop().catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  // The service runs as its own process: under jest, Node's socket errors (ECONNREFUSED) come from
  // another realm, fail graphql-js's `instanceof Error` and would be masked as INTERNAL_SERVER_ERROR,
  // which production never sees. A real process also shows the one thing that matters: it never dies.
  it("answers 503 SERVICE_UNAVAILABLE (never 500) while it is down, fails readiness, and recovers after", async () => {
    requireBuild();
    root = postgresTempDir("claimbase-faults-pg-");
    const dir = path.join(root, "data");
    // persistent: a non-persistent cluster deletes its files on stop(), and the restart must find the data.
    postgres = await startPostgresProcess({ dir, persistent: true, fast: true });
    const { port, url } = postgres;
    const setup = openDatabase(url, { max: 2, connectTimeoutMs: 1_000 });
    let key: string;
    try {
      await migrate(setup.pool);
      await seedStory(setup);
      key = (await createKey(setup.pool, "outage editor", "EDITOR")).key;
    } finally {
      await setup.close();
    }
    const started = await startService(url, { DATABASE_CONNECT_TIMEOUT_MS: "1000" });
    service = started.spawned;
    const { base } = started;

    type Phase = "up" | "stopping" | "down" | "restarting" | "restarted";
    interface Sample {
      sentIn: Phase;
      doneIn: Phase;
      sentAt: number;
      doneAt: number;
      status: number;
      codes: string[];
      unavailable: boolean;
      error?: string;
    }
    let phase: Phase = "up";
    const samples: Sample[] = [];
    let sending = true;
    const deadline = Date.now() + 45_000;
    const worker = async () => {
      while (sending && Date.now() < deadline && samples.length < 20_000) {
        const sentIn = phase;
        const sentAt = performance.now();
        try {
          const answer = await postGraphQL(base, { query: LIST });
          const doneAt = performance.now();
          const codes = codesOf(answer);
          samples.push({
            sentIn,
            doneIn: phase,
            sentAt,
            doneAt,
            status: answer.status,
            codes,
            unavailable: isServiceUnavailable(answer),
          });
        } catch (error) {
          // The service not answering at all would mean its process is in trouble.
          const doneAt = performance.now();
          samples.push({
            sentIn,
            doneIn: phase,
            sentAt,
            doneAt,
            status: 0,
            codes: [],
            unavailable: false,
            error: String(error),
          });
        }
        await sleep(5);
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    try {
      await waitFor(
        "successes before the outage",
        async () => (samples.filter((s) => s.status === 200).length >= 20 ? true : undefined),
        10_000,
      );

      phase = "stopping";
      await postgres.stop();
      postgres = undefined;
      phase = "down";
      const health = await send(`${base}/healthz`);
      const readyWhileDown = await send(`${base}/readyz`);
      const keyedWhileDown = await postGraphQL(base, { query: LIST }, bearer(key));
      await waitFor(
        "refusals during the outage",
        async () => (samples.filter((s) => s.sentIn === "down" && s.doneIn === "down").length >= 20 ? true : undefined),
        10_000,
      );

      phase = "restarting";
      const restartCalledAt = performance.now();
      postgres = await startPostgresProcess({ dir, port, persistent: true, fast: true });
      const restartedAt = performance.now();
      phase = "restarted";
      const firstSuccess = await waitFor(
        "a successful query after the restart",
        async () => samples.find((s) => s.sentAt >= restartedAt && s.status === 200),
        20_000,
      );
      console.log(
        `recovery after the PostgreSQL restart: first success ${(firstSuccess.doneAt - restartedAt).toFixed(0)} ms ` +
          `after it accepted connections (${(firstSuccess.doneAt - restartCalledAt).toFixed(0)} ms after the restart began); ` +
          `${samples.length} requests, ${samples.filter((s) => s.unavailable).length} answered 503`,
      );
      await sleep(300); // a little more load on the recovered database
      sending = false;
      await Promise.all(workers);

      // The process never died and its HTTP server always answered.
      expect(service.child.exitCode).toBeNull();
      expect(samples.filter((s) => s.status === 0).map((s) => s.error)).toEqual([]);
      // Nothing was a 500 or an INTERNAL_SERVER_ERROR; every answer was a success or a coded 503.
      expect(samples.filter((s) => s.status === 500 || s.codes.includes("INTERNAL_SERVER_ERROR"))).toEqual([]);
      expect(samples.filter((s) => !(s.status === 200 && s.codes.length === 0) && !s.unavailable)).toEqual([]);
      // While the database was down, every answer was a 503, keyed requests too (the key cannot be checked).
      const duringOutage = samples.filter((s) => s.sentIn === "down" && s.doneIn === "down");
      expect(duringOutage.length).toBeGreaterThanOrEqual(20);
      expect(duringOutage.filter((s) => !s.unavailable)).toEqual([]);
      expect(keyedWhileDown.status).toBe(503);
      expect(codesOf(keyedWhileDown)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(health.status).toBe(200);
      expect(readyWhileDown.status).toBe(503);
      expect(readyWhileDown.body).toMatchObject({ status: "unavailable", reason: "database unreachable" });

      const readyAfter = await waitFor(
        "readiness after the restart",
        async () => {
          const answer = await send(`${base}/readyz`);
          return answer.status === 200 ? answer : undefined;
        },
        10_000,
      );
      expect(readyAfter.body).toEqual({ status: "ready" });
      const after = await postGraphQL(base, { query: LIST }, bearer(key));
      expect(after.status).toBe(200);
      expect(after.body?.errors).toBeUndefined();
      expect(after.body?.data.entities.totalCount).toBeGreaterThan(0);
      expect(service.output()).toMatch(/database (connection error|unavailable)/);
    } finally {
      sending = false;
      await Promise.all(workers);
    }
  });
});

describe("an exhausted pool", () => {
  let db: TestDatabase | undefined;
  let small: Database | undefined;
  let server: TestServer | undefined;
  const held: pg.PoolClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("story");
    small = openDatabase(db.url, { max: 2, connectTimeoutMs: 500 });
    server = await startTestServer(small, { limits: DEFAULT_LIMITS });
  });

  afterAll(async () => {
    for (const client of held.splice(0)) client.release();
    await server?.close().catch(() => undefined);
    await small?.close().catch(() => undefined);
    await db?.drop();
  });

  /**
   * Holds both connections of the pool, each busy in a statement that waits for an advisory lock this
   * test holds, and runs `fn` once PostgreSQL shows both waiting. The connections stay busy until `fn`
   * is done, or until `released` resolves: after 30 s (60 times the connect timeout) the test stops
   * waiting for an answer and frees them, so an answer that wins the race against `released` came while
   * every connection was busy, however slow the machine.
   */
  async function whileExhausted<T>(fn: (released: Promise<"connections released">) => Promise<T>): Promise<T> {
    const LOCK = 72_014;
    const blocker = new pg.Client({ connectionString: db!.url });
    await blocker.connect();
    let busy: Promise<unknown> = Promise.resolve();
    let giveUp: NodeJS.Timeout | undefined;
    try {
      await blocker.query(`SELECT pg_advisory_lock($1)`, [LOCK]);
      held.push(await small!.pool.connect(), await small!.pool.connect());
      busy = Promise.all(held.map((client) => client.query(`SELECT pg_advisory_xact_lock_shared($1)`, [LOCK])));
      await waitFor(
        "both pool connections waiting for the lock",
        async () => {
          const { rows } = await blocker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock_shared%'
                AND pid <> pg_backend_pid()`,
          );
          return rows[0]!.n === 2 ? true : undefined;
        },
        30_000,
      );
      const released = new Promise<"connections released">((resolve) => {
        giveUp = setTimeout(() => resolve("connections released"), 30_000);
      });
      return await fn(released);
    } finally {
      clearTimeout(giveUp);
      await blocker.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await blocker.end();
      await busy;
      for (const client of held.splice(0)) client.release();
    }
  }

  it("fails fast with a coded 503 instead of queueing behind busy connections", async () => {
    const first = await whileExhausted((finished) =>
      Promise.race([postGraphQL(server!.url, { query: LIST }), finished]),
    );
    expect(first).not.toBe("connections released"); // answered within the connect timeout, while all were busy
    const answer = first as Answer;
    expect(isServiceUnavailable(answer)).toBe(true);
    expect(answer.body?.errors?.[0]?.message).toMatch(/unavailable/i);

    const after = await postGraphQL(server!.url, { query: LIST });
    expect(after.status).toBe(200);
    expect(after.body?.errors).toBeUndefined();
  });

  it("answers a request whose key cannot be checked with 503 and Retry-After", async () => {
    const someKey = `cbk_${"a".repeat(12)}_${"b".repeat(40)}`; // well-formed: checking it needs the database
    const first = await whileExhausted((finished) =>
      Promise.race([postGraphQL(server!.url, { query: LIST }, bearer(someKey)), finished]),
    );
    expect(first).not.toBe("connections released");
    expect(isServiceUnavailable(first as Answer)).toBe(true);
  });

  it("answers 503 also when the failed root field is nullable", async () => {
    const first = await whileExhausted((finished) =>
      Promise.race([
        postGraphQL(server!.url, { query: `{ entity(slug: "sanctuary-city-mayor") { name } }` }),
        finished,
      ]),
    );
    expect(first).not.toBe("connections released");
    expect(codesOf(first as Answer)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect((first as Answer).status).toBe(503);
  });
});

describe("SIGTERM during a stream of writes", () => {
  let db: TestDatabase | undefined;
  let service: Spawned | undefined;

  beforeAll(async () => {
    db = await createTestDatabase("story");
  });

  afterAll(async () => {
    await killIfRunning(service);
    await db?.drop();
  });

  it("loses no acknowledged write and exits 0", async () => {
    requireBuild();
    const key = (await createKey(db!.pool, "sigterm editor", "EDITOR")).key;
    const started = await startService(db!.url, { SHUTDOWN_DELAY_MS: "200" });
    service = started.spawned;
    const { base } = started;
    const running = service;

    const acknowledged: string[] = [];
    let sent = 0;
    let failed = 0;
    let exited = false;
    void running.exited.then(() => (exited = true));
    const writer = async (w: number) => {
      for (let i = 0; !exited && sent < 5_000; i += 1) {
        const slug = `sigterm-${w}-${i}`;
        sent += 1;
        try {
          const answer = await postGraphQL(
            base,
            {
              query: `mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { slug } userErrors { code } } }`,
              variables: { i: { slug, kind: "GROUP", name: `SIGTERM group ${w}/${i}` } },
            },
            bearer(key),
          );
          if (answer.body?.data?.createEntity?.entity?.slug === slug) acknowledged.push(slug);
          else failed += 1;
        } catch {
          failed += 1; // refused or cut off: not acknowledged
          await sleep(5);
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await waitFor("writes before the signal", async () => (acknowledged.length >= 25 ? true : undefined), 40_000);
    const acknowledgedBeforeSignal = acknowledged.length;

    running.child.kill("SIGTERM");
    const code = await Promise.race([running.exited, sleep(30_000).then(() => "still running after 30 s")]);
    exited = true;
    await Promise.all(writers);

    expect(code).toBe(0);
    expect(running.output()).toContain("shutting down");
    const { rows } = await db!.pool.query<{ slug: string }>(`SELECT slug FROM entity WHERE slug = ANY($1::text[])`, [
      acknowledged,
    ]);
    const stored = new Set(rows.map((row) => row.slug));
    expect(acknowledged.filter((slug) => !stored.has(slug))).toEqual([]);
    console.log(
      `SIGTERM stream: ${sent} writes sent, ${acknowledged.length} acknowledged ` +
        `(${acknowledged.length - acknowledgedBeforeSignal} after the signal), ${failed} refused or cut off; ` +
        `all acknowledged writes stored`,
    );
  });

  it('fails readiness with 503 "shutting down" during SHUTDOWN_DELAY_MS', async () => {
    requireBuild();
    // The delay only has to outlast one local request sent once the shutdown has begun.
    const started = await startService(db!.url, { SHUTDOWN_DELAY_MS: "3000" });
    const running = started.spawned;
    try {
      running.child.kill("SIGTERM");
      // The process logs "shutting down" just before readiness turns (src/main.ts): wait for that line
      // rather than guess when the signal is handled, then probe.
      await waitFor(
        "the shutdown to begin",
        async () => (running.output().includes("shutting down") ? true : undefined),
        30_000,
        10,
      );
      const probes = [
        await send(`${started.base}/readyz`)
          .then((answer) => ({ status: answer.status, reason: answer.body?.reason }))
          .catch((error: Error) => String(error.cause ?? error)),
      ];
      expect(probes).toContainEqual({ status: 503, reason: "shutting down" });
      expect(await running.exited).toBe(0);
    } finally {
      await killIfRunning(running);
    }
  });
});
