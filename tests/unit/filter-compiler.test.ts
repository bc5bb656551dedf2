import { filterSql } from "../../src/modules/filter/filter.compiler";
import { toGlobalId } from "../../src/shared/global-id";

/**
 * The filter compiler (src/modules/filter/filter.compiler.ts) without a database: the SQL text it
 * writes and the values it passes. User values only ever become parameters; relations become EXISTS
 * subqueries with fresh aliases. (tests/integration/filters.test.ts and properties.test.ts run filters
 * against PostgreSQL.)
 */

const UUID = "3f2b8c1e-9a4d-4e5f-8a6b-7c8d9e0f1a2b";

function compiled(filter: Parameters<typeof filterSql>[1], type: Parameters<typeof filterSql>[0] = "Claim") {
  const statement = filterSql(type, filter);
  return { text: statement.text, values: statement.values };
}

describe("filterSql", () => {
  it("is TRUE without a filter, and for one whose conditions are all null", () => {
    expect(compiled(undefined)).toEqual({ text: "TRUE", values: [] });
    expect(compiled(null)).toEqual({ text: "TRUE", values: [] });
    expect(compiled({ text: null, kind: undefined })).toEqual({ text: "TRUE", values: [] });
  });

  it("passes text as a parameter, with LIKE's %, _ and \\ escaped", () => {
    expect(compiled({ text: { contains: "50%_off \\ 'quoted'" } })).toEqual({
      text: `(t."text" ILIKE $1)`,
      values: ["%50\\%\\_off \\\\ 'quoted'%"],
    });
    expect(compiled({ text: { startsWith: "a", endsWith: "z", equals: "az" } })).toEqual({
      text: `(t."text" = $1) AND (t."text" ILIKE $2) AND (t."text" ILIKE $3)`,
      values: ["az", "a%", "%z"],
    });
  });

  it("casts enum values to their PostgreSQL type, and ANDs the fields of one filter", () => {
    expect(compiled({ kind: { in: ["FACTUAL", "CAUSAL"] }, rank: { equals: "NORMAL" } })).toEqual({
      text: `(t."kind" = ANY($1::"claim_kind"[])) AND (t."rank" = $2::"claim_rank")`,
      values: [["FACTUAL", "CAUSAL"], "NORMAL"],
    });
    expect(compiled({ kind: { notIn: ["NORMATIVE"] } })).toEqual({
      text: `(t."kind" <> ALL($1::"claim_kind"[]))`,
      values: [["NORMATIVE"]],
    });
  });

  it("compiles OR, and NOT so that a NULL condition counts as not holding", () => {
    expect(compiled({ OR: [{ text: { equals: "a" } }, { NOT: { text: { startsWith: "b" } } }] })).toEqual({
      text: `(((t."text" = $1) OR (NOT coalesce(((t."text" ILIKE $2)), FALSE))))`,
      values: ["a", "b%"],
    });
  });

  it("treats an empty OR as matching nothing and an empty AND as matching everything", () => {
    expect(compiled({ OR: [] })).toEqual({ text: "(FALSE)", values: [] });
    expect(compiled({ AND: [] })).toEqual({ text: "(TRUE)", values: [] });
  });

  it("decodes global IDs to uuid parameters", () => {
    expect(compiled({ id: { equals: toGlobalId("Claim", UUID) } })).toEqual({
      text: "(t.id = $1::uuid)",
      values: [UUID],
    });
  });

  it("refuses an ID of another type with BAD_USER_INPUT naming the filter's path", () => {
    expect(() => compiled({ id: { in: [toGlobalId("Entity", UUID)] } })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    );
  });

  it("compares times and dates with casts, and tests for null", () => {
    const from = new Date("2024-01-01T00:00:00Z");
    expect(compiled({ statedAt: { gte: from, isNull: false }, validFrom: { lt: "2024-02-01" } })).toEqual({
      text: `(t."stated_at" >= $1::timestamptz) AND (t."stated_at" IS NOT NULL) AND (t."valid_from" < $2::date)`,
      values: [from, "2024-02-01"],
    });
  });

  it("follows a to-one relation through EXISTS with a fresh alias", () => {
    expect(compiled({ place: { name: { contains: "City" } } })).toEqual({
      text: `(EXISTS (SELECT 1 FROM "entity" f1 WHERE f1.id = t.place_id AND (f1."name" ILIKE $1)))`,
      values: ["%City%"],
    });
  });

  it("compiles some, none and every on a to-many relation, each with aliases of its own", () => {
    expect(compiled({ claimants: { some: { slug: { equals: "mayor" } } } })).toEqual({
      text:
        `(EXISTS (SELECT 1 FROM claim_claimant f2 JOIN entity f1 ON f1.id = f2.entity_id ` +
        `WHERE f2.claim_id = t.id AND (f1."slug" = $1)))`,
      values: ["mayor"],
    });
    expect(
      compiled({ claimants: { every: { kind: { equals: "PERSON" } }, none: { name: { endsWith: "x" } } } }),
    ).toEqual({
      text:
        `(NOT coalesce((EXISTS (SELECT 1 FROM claim_claimant f2 JOIN entity f1 ON f1.id = f2.entity_id ` +
        `WHERE f2.claim_id = t.id AND (f1."name" ILIKE $1))), FALSE)) AND ` +
        `(NOT coalesce((EXISTS (SELECT 1 FROM claim_claimant f4 JOIN entity f3 ON f3.id = f4.entity_id ` +
        `WHERE f4.claim_id = t.id AND NOT coalesce(((f3."kind" = $2::"entity_kind")), FALSE))), FALSE))`,
      values: ["%x", "PERSON"],
    });
  });

  it("never puts a value into the SQL text", () => {
    const hostile = `'); DROP TABLE claim; --`;
    const { text, values } = compiled({
      OR: [{ text: { equals: hostile } }, { claimants: { some: { name: { contains: hostile } } } }],
    });
    expect(text).not.toContain("DROP");
    expect(values).toEqual([hostile, `%${hostile}%`]);
  });

  it("refuses filters nested deeper than 8 levels or with more than 200 conditions", () => {
    let deep: Record<string, unknown> = { kind: { equals: "FACTUAL" } };
    for (let i = 0; i < 9; i += 1) deep = { NOT: deep };
    expect(() => compiled(deep)).toThrow(/nests deeper than 8 levels/);
    const wide = { OR: Array.from({ length: 200 }, (_, i) => ({ text: { equals: `t${i}` } })) };
    expect(() => compiled(wide)).toThrow(/more than 200 conditions/);
    expect(() => compiled({ OR: wide.OR.slice(0, 199) })).not.toThrow();
  });

  it("refuses NUL characters and over-long text with BAD_USER_INPUT naming the field", () => {
    for (const contains of ["a\u0000b", "x".repeat(1001)]) {
      expect(() => compiled({ text: { contains } })).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "filter.text" }),
        }),
      );
    }
  });
});
