import { createTestDatabase, type TestDatabase } from "../support/database";
import { startTestServer, type TestServer } from "../support/server";

/** Two replicas over one database share their rate-limit counters (RATE_LIMIT_STORE=postgres). */
let db: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = await createTestDatabase("story");
  const rateLimit = { store: "postgres" as const, anonymousPerMinute: 5, keyPerMinute: 50 };
  a = await startTestServer(db, { rateLimit });
  b = await startTestServer(db, { rateLimit });
});

afterAll(async () => {
  await a.close();
  await b.close();
  await db.drop();
});

async function ask(server: TestServer) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ claims { totalCount } }" }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe("shared rate limits", () => {
  it("counts one caller's requests across replicas and refuses the sixth with 429", async () => {
    const answers = [await ask(a), await ask(b), await ask(a), await ask(b), await ask(a)];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await ask(b);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const { rows } = await db.pool.query(`SELECT points FROM rate_limit WHERE key LIKE 'rl:ip:%'`);
    expect(rows.map((r: { points: number }) => r.points)).toEqual([6]);
  });
});
