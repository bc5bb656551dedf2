import { and, empty, join, raw, sql } from "../../src/db/sql";

describe("the SQL tag", () => {
  it("numbers parameters $1, $2 ... across nested fragments, in order", () => {
    const where = and([sql`kind = ${"PERSON"}`, empty, sql`slug IN (${join(["a", "b"])})`]);
    const statement = sql`SELECT ${raw("id")} FROM entity WHERE ${where} LIMIT ${10}`;
    expect(statement.text).toBe("SELECT id FROM entity WHERE (kind = $1) AND (slug IN ($2,$3)) LIMIT $4");
    expect(statement.values).toEqual(["PERSON", "a", "b", 10]);
  });

  it("reads an empty condition list as TRUE", () => {
    expect(and([empty]).text).toBe("TRUE");
  });
});
