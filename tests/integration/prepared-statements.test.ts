import pg from "pg";
import { boundPreparedStatements } from "../../src/db/pool";
import { queryRows, raw, statementName } from "../../src/db/sql";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Reads run as named prepared statements (one name per SQL text); each connection keeps a bounded
 * number and deallocates the least recently used, in PostgreSQL and in `pg`'s own bookkeeping.
 */
let db: TestDatabase;
let client: pg.Client;

const prepared = async () =>
  (await client.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name")).rows.map(
    (row) => row.name,
  );
const select = async (n: number) => (await queryRows<{ n: number }>(client, raw(`SELECT ${n}::int AS n`)))[0]!.n;

beforeAll(async () => {
  db = await createTestDatabase("empty");
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  boundPreparedStatements(client, 3);
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

it("prepares each SQL text once per connection and keeps only the most recently used", async () => {
  for (const n of [1, 2, 3]) expect(await select(n)).toBe(n);
  const names = (ns: number[]) => ns.map((n) => statementName(`SELECT ${n}::int AS n`)).sort();
  expect(await prepared()).toEqual(names([1, 2, 3]));

  // Using 1 again makes 2 the least recently used: preparing 4 deallocates 2.
  expect(await select(1)).toBe(1);
  expect(await select(4)).toBe(4);
  expect(await prepared()).toEqual(names([1, 3, 4]));

  // An evicted statement is parsed again when it comes back, with the right answer.
  expect(await select(2)).toBe(2);
  expect(await prepared()).toEqual(names([1, 2, 4]));
  expect(await select(3)).toBe(3);
  expect(await prepared()).toEqual(names([2, 3, 4]));
});

it("gives the same answers with a parameter as unnamed statements do", async () => {
  const statement = { text: "SELECT $1::int * 2 AS n", values: [21] };
  for (let i = 0; i < 8; i += 1) {
    // Past PostgreSQL's five custom plans, a generic plan may take over: still the same answer.
    const named = await client.query({ name: statementName(statement.text), ...statement });
    expect(named.rows[0].n).toBe(42);
  }
  const plain = await client.query(statement.text, statement.values);
  expect(plain.rows[0].n).toBe(42);
});
