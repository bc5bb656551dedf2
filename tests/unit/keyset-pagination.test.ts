import { type Sql, sql } from "../../src/db/sql";
import { encodeCursor } from "../../src/shared/cursor";
import { ListLoader, type OrderKey, type PageArgs } from "../../src/shared/pagination";

/**
 * The keyset condition of src/shared/pagination.ts (`beyond`, not exported) through the smallest
 * exported thing that uses it: a ListLoader over a stand-in database that records the statements it is
 * sent. A page after (or before) a cursor reads the rows strictly beyond it in the list's ordering; the
 * hasPreviousPage/hasNextPage checks read the rows NOT beyond it. No PostgreSQL here:
 * tests/integration/pagination.test.ts walks real lists.
 */

interface Sent {
  text: string;
  values: unknown[];
}

async function statements(order: { name: string; keys: OrderKey[] } | undefined, args: PageArgs): Promise<Sent[]> {
  const sent: Sent[] = [];
  const db = {
    query: async (config: { text: string; values: unknown[] }) => {
      sent.push({ text: config.text.replace(/\s+/g, " ").trim(), values: config.values });
      return { rows: [] };
    },
  };
  const loader = new ListLoader(
    db as never,
    { name: "things", from: sql`thing t`, columns: sql`t.id`, ...(order ? { order } : {}), hydrate: (row) => row },
    args,
  );
  const page = await loader.load();
  await page.pageInfo.hasPreviousPage;
  await page.pageInfo.hasNextPage;
  return sent;
}

const key = (expr: Sql, direction: "ASC" | "DESC", type: OrderKey["type"], nullable = false): OrderKey => ({
  expr,
  direction,
  type,
  nullable,
});

describe("keyset pagination: the rows beyond a cursor", () => {
  it("is a row comparison when every key runs one way: > after a cursor, and NOT that for the rows before", async () => {
    const [page, previous] = await statements(undefined, {
      first: 2,
      after: encodeCursor({ ordering: "things/seq", values: [5] }),
    });
    expect(page).toEqual({
      text: `SELECT t.id, t.seq AS "__k0", $1::text AS "__parent" FROM thing t WHERE ((ROW(t.seq) > ROW($2))) ORDER BY t.seq ASC LIMIT 3`,
      values: ["__root__", 5],
    });
    expect(previous).toEqual({
      text: `SELECT EXISTS (SELECT 1 FROM thing t WHERE (NOT (ROW(t.seq) > ROW($1)))) AS found`,
      values: [5],
    });
  });

  it("turns the comparison around for descending keys, and before a cursor", async () => {
    const order = { name: "score", keys: [key(sql`t.score`, "DESC", "int"), key(sql`t.seq`, "DESC", "int")] };
    const [after] = await statements(order, {
      first: 2,
      after: encodeCursor({ ordering: "things/score", values: [7, 3] }),
    });
    expect(after!.text).toContain(`WHERE ((ROW(t.score, t.seq) < ROW($2, $3)))`);
    expect(after!.values).toEqual(["__root__", 7, 3]);
    const [before] = await statements(order, {
      last: 2,
      before: encodeCursor({ ordering: "things/score", values: [7, 3] }),
    });
    expect(before!.text).toContain(`WHERE ((ROW(t.score, t.seq) > ROW($2, $3)))`);
    // Backwards: read in reverse order, the page is turned round afterwards.
    expect(before!.text).toContain(`ORDER BY t.score ASC, t.seq ASC LIMIT 3`);
  });

  it("expands keys of mixed directions: (k1 beyond v1) OR (k1 = v1 AND k2 beyond v2)", async () => {
    const order = { name: "mixed", keys: [key(sql`t.name`, "ASC", "text"), key(sql`t.seq`, "DESC", "int")] };
    const cursor = encodeCursor({ ordering: "things/mixed", values: ["b", 9] });
    const [after] = await statements(order, { first: 2, after: cursor });
    expect(after!.text).toContain(`WHERE (((t.name > $2) OR (t.name = $3) AND (t.seq < $4)))`);
    expect(after!.values).toEqual(["__root__", "b", "b", 9]);
    const [before, next] = await statements(order, { last: 2, before: cursor });
    expect(before!.text).toContain(`WHERE (((t.name < $2) OR (t.name = $3) AND (t.seq > $4)))`);
    expect(next).toEqual({
      text: `SELECT EXISTS (SELECT 1 FROM thing t WHERE (NOT ((t.name < $1) OR (t.name = $2) AND (t.seq > $3)))) AS found`,
      values: ["b", "b", 9],
    });
  });

  it("groups nulls at one end with an IS NULL key, and sees nothing strictly beyond a null value", async () => {
    const order = {
      name: "stated",
      keys: [key(sql`t.stated_at`, "ASC", "datetime", true), key(sql`t.seq`, "ASC", "int")],
    };
    const atValue = await statements(order, {
      first: 2,
      after: encodeCursor({ ordering: "things/stated", values: [false, "2024-01-01T00:00:00.000Z", 4] }),
    });
    expect(atValue[0]!.text).toContain(
      `WHERE ((((t.stated_at IS NULL) > $2) OR ((t.stated_at IS NULL) = $3) AND (t.stated_at > $4) OR ` +
        `((t.stated_at IS NULL) = $5) AND (t.stated_at = $6) AND (t.seq > $7)))`,
    );
    expect(atValue[0]!.values).toEqual([
      "__root__",
      false,
      false,
      "2024-01-01T00:00:00.000Z",
      false,
      "2024-01-01T00:00:00.000Z",
      4,
    ]);
    // A cursor in the null group: only the seq decides among the nulls.
    const atNull = await statements(order, {
      first: 2,
      after: encodeCursor({ ordering: "things/stated", values: [true, null, 4] }),
    });
    expect(atNull[0]!.text).toContain(
      `WHERE ((((t.stated_at IS NULL) > $2) OR ((t.stated_at IS NULL) = $3) AND (t.stated_at IS NULL) AND (t.seq > $4)))`,
    );
    expect(atNull[0]!.values).toEqual(["__root__", true, true, 4]);
  });

  it("bounds a page on both sides with after and before together", async () => {
    const [page] = await statements(undefined, {
      first: 10,
      after: encodeCursor({ ordering: "things/seq", values: [3] }),
      before: encodeCursor({ ordering: "things/seq", values: [9] }),
    });
    expect(page!.text).toContain(`WHERE ((ROW(t.seq) > ROW($2))) AND ((ROW(t.seq) < ROW($3)))`);
    expect(page!.values).toEqual(["__root__", 3, 9]);
  });

  it("refuses a cursor of another ordering before any SQL is sent", async () => {
    const order = { name: "score", keys: [key(sql`t.score`, "DESC", "int"), key(sql`t.seq`, "DESC", "int")] };
    await expect(
      statements(order, { first: 2, after: encodeCursor({ ordering: "things/seq", values: [5] }) }),
    ).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "after" } });
  });
});
