import { decodeCursor, encodeCursor } from "../../src/shared/cursor";
import { expectGlobalId, fromGlobalId, toGlobalId } from "../../src/shared/global-id";
import { likeEscape } from "../../src/shared/filters";
import { normalizeArgs } from "../../src/shared/pagination";

const UUID = "3f2b8c1e-9a4d-4e5f-8a6b-7c8d9e0f1a2b";

describe("global IDs", () => {
  it("round-trip type and uuid, and are URL-safe", () => {
    const id = toGlobalId("Claim", UUID);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromGlobalId(id)).toEqual({ type: "Claim", id: UUID });
  });

  it("reject unknown types, bad uuids and junk", () => {
    const enc = (s: string) => Buffer.from(s).toString("base64url");
    for (const junk of [
      enc(`User:${UUID}`),
      enc("Claim:1"),
      enc("Claim"),
      "!!!",
      "",
      "a".repeat(200),
      enc(`Claim:${UUID}x`),
    ]) {
      expect(fromGlobalId(junk)).toBeNull();
    }
  });

  it("expectGlobalId throws BAD_USER_INPUT for an ID of another type", () => {
    expect(() => expectGlobalId(toGlobalId("Entity", UUID), "Claim")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    );
    expect(expectGlobalId(toGlobalId("Claim", UUID), "Claim")).toBe(UUID);
  });
});

describe("cursors", () => {
  const INT = [{ type: "int" as const }];

  it("check each value against its key's type", () => {
    const keys = [
      { type: "datetime" as const, nullable: true },
      { type: { enum: ["A", "B"] } },
      { type: "float" as const },
      { type: "int" as const },
    ];
    const good = encodeCursor({ ordering: "o", values: ["2025-03-28T00:00:00.000Z", "B", 0.25, 7] });
    expect(decodeCursor(good, "o", keys, "after")).toEqual(["2025-03-28T00:00:00.000Z", "B", 0.25, 7]);
    expect(decodeCursor(encodeCursor({ ordering: "o", values: [null, "A", 1, 1] }), "o", keys, "after")[0]).toBeNull();
    for (const values of [
      ["yesterday", "B", 0.25, 7],
      ["2025-03-28T00:00:00.000Z", "C", 0.25, 7],
      ["2025-03-28T00:00:00.000Z", "B", "0.25", 7],
      ["2025-03-28T00:00:00.000Z", "B", 0.25, 2 ** 40],
      ["2025-03-28T00:00:00.000Z", null, 0.25, 7],
    ]) {
      expect(() => decodeCursor(encodeCursor({ ordering: "o", values }), "o", keys, "after")).toThrow(
        /not a valid cursor/,
      );
    }
  });

  it("round-trip the ordering's key values", () => {
    const cursor = encodeCursor({ ordering: "claims/seq", values: [42] });
    expect(decodeCursor(cursor, "claims/seq", INT, "after")).toEqual([42]);
  });

  it("refuse a cursor from another list or ordering, or of the wrong shape", () => {
    const cursor = encodeCursor({ ordering: "claims/seq", values: [42] });
    expect(() => decodeCursor(cursor, "entities/seq", INT, "after")).toThrow(/not a valid cursor/);
    expect(() => decodeCursor(cursor, "claims/seq", [...INT, ...INT], "after")).toThrow(/not a valid cursor/);
    const objectValue = Buffer.from(JSON.stringify(["claims/seq", { $ne: 1 }])).toString("base64url");
    expect(() => decodeCursor(objectValue, "claims/seq", INT, "before")).toThrow(/`before`/);
    const unsafe = Buffer.from(JSON.stringify(["claims/seq", 2 ** 60])).toString("base64url");
    expect(() => decodeCursor(unsafe, "claims/seq", INT, "after")).toThrow(/not a valid cursor/);
  });
});

describe("page arguments", () => {
  const spec = { name: "entities" };

  it("default to the first 20", () => {
    expect(normalizeArgs({}, spec)).toEqual({ limit: 20, direction: "forward", after: null, before: null });
  });

  it("accept 1..100 and reject the rest", () => {
    expect(normalizeArgs({ last: 100 }, spec)).toMatchObject({ limit: 100, direction: "backward" });
    for (const args of [{ first: 0 }, { first: 101 }, { last: 0 }, { first: 1.5 }, { first: 1, last: 1 }]) {
      expect(() => normalizeArgs(args, spec)).toThrow();
    }
  });
});

describe("LIKE escaping", () => {
  it("escapes %, _ and backslash so user text matches literally", () => {
    expect(likeEscape("50%_off\\now")).toBe("50\\%\\_off\\\\now");
  });
});
