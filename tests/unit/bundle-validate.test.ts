import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import fc from "fast-check";
import { bundleDefinition } from "../../src/modules/bundle/bundle.schema";
import type { BundleClaim, BundleStance, UncheckedRecord } from "../../src/modules/bundle/bundle.types";
import { recordValidator } from "../../src/modules/bundle/bundle.validate";
import { USER_ERROR_CODES } from "../../src/shared/errors";

/**
 * The record validator of imports (bundle.validate.ts): compiled from the bundle schema that
 * docs/bundle.schema.json holds, it tells a record that fails with the field's JSON pointer and the
 * code and words the writer uses; hostile values cost it one error, never a crash.
 */

const validator = recordValidator();
const check = (record: Record<string, unknown>) => validator.check(record as UncheckedRecord, "line 1");
const refusal = (record: Record<string, unknown>) => {
  const result = check(record);
  if ("record" in result) throw new Error(`accepted: ${JSON.stringify(record).slice(0, 200)}`);
  const { path: where, code, reason } = result;
  return { path: where, code, reason };
};

const entity = { type: "entity", slug: "speaker-one", kind: "PERSON", name: "Speaker One" };
const claim = {
  type: "claim",
  text: "Taxes are too high.",
  kind: "EVALUATIVE",
  claimants: ["speaker-one"],
  qualifiers: { validFrom: "2024-01-01" },
  appearances: [{ source: "url:https://example.org/post", exact: "Taxes are too high" }],
};
const stance = { type: "stance", holder: { entity: "speaker-one" }, claim: "fingerprint:ab", position: "SUPPORTS" };

describe("the record validator", () => {
  it("is compiled from the schema docs/bundle.schema.json holds, not from a copy of it", () => {
    const committed = JSON.parse(readFileSync(path.join(__dirname, "../../docs/bundle.schema.json"), "utf8"));
    expect(validator.schema).toEqual(committed);
    expect(validator.schema).toBe(bundleDefinition().schema);
    // The committed file, compiled on its own, gives the same verdicts.
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(committed);
    const fromFile = ajv.getSchema(`${committed.$id}#/$defs/claim`)!;
    for (const record of [claim, { ...claim, kind: "NOPE" }, { ...claim, claimants: [] }]) {
      expect([record.kind, fromFile(record)]).toEqual([record.kind, "record" in check(record)]);
    }
  });

  it("passes valid records through, typed", () => {
    expect(check(entity)).toEqual({ record: entity });
    expect(check(claim)).toEqual({ record: claim });
    expect(check(stance)).toEqual({ record: stance });
  });

  it.each<[string, Record<string, unknown>, { path: string; code: string; reason: string }]>([
    [
      "a slug that is not one",
      { ...entity, slug: "Not A Slug" },
      { path: "line 1/slug", code: "INVALID", reason: "must be lowercase words joined by hyphens" },
    ],
    [
      "a missing enum",
      { type: "entity", slug: "a", name: "A" },
      {
        path: "line 1/kind",
        code: "INVALID",
        reason: "must be one of PERSON, ORGANIZATION, GOVERNMENT_BODY, PLACE, POLICY, EVENT, GROUP, TOPIC",
      },
    ],
    [
      "a blank text",
      { ...entity, name: "  " },
      { path: "line 1/name", code: "REQUIRED", reason: "must be a non-empty string" },
    ],
    [
      "a number for a text",
      { ...entity, name: 7 },
      { path: "line 1/name", code: "REQUIRED", reason: "must be a non-empty string" },
    ],
    [
      "null for a list",
      { ...entity, aliases: null },
      { path: "line 1/aliases", code: "INVALID", reason: "must be a list of strings" },
    ],
    [
      "an array for externalIds",
      { ...entity, externalIds: ["Q1"] },
      { path: "line 1/externalIds", code: "INVALID", reason: "must be an object" },
    ],
    [
      "no claimant",
      { ...claim, claimants: [] },
      { path: "line 1/claimants", code: "REQUIRED", reason: "a claim needs at least one claimant" },
    ],
    [
      "a claimant that cannot be a slug",
      { ...claim, claimants: ["Nobody Known"] },
      { path: "line 1/claimants/0", code: "UNKNOWN_REFERENCE", reason: 'no entity has the slug "Nobody Known"' },
    ],
    [
      "a fractional offset",
      { ...claim, appearances: [{ source: "url:https://example.org/post", exact: "Taxes", start: 0.5, end: 5 }] },
      {
        path: "line 1/appearances/0/start",
        code: "INVALID",
        reason: "start and end must be whole numbers with 0 <= start <= end",
      },
    ],
    [
      "a start without an end",
      { ...claim, appearances: [{ source: "url:https://example.org/post", exact: "Taxes", start: 0 }] },
      {
        path: "line 1/appearances/0/end",
        code: "INVALID",
        reason: "start and end must be whole numbers with 0 <= start <= end",
      },
    ],
    [
      "a field a quote reference does not have",
      { ...claim, appearances: [{ source: "url:https://example.org/post", exact: "Taxes", page: 3 }] },
      {
        path: "line 1/appearances/0/page",
        code: "INVALID",
        reason:
          "is not a field of a quote reference (source, exact, prefix, suffix, start, end, speakers, attribution, cue)",
      },
    ],
    [
      "year 0000",
      { ...claim, qualifiers: { validFrom: "0000-01-01" } },
      { path: "line 1/qualifiers/validFrom", code: "INVALID", reason: "must be a date (YYYY-MM-DD)" },
    ],
    [
      "a group that is not an object",
      { ...claim, qualifiers: "Paris" },
      { path: "line 1/qualifiers", code: "INVALID", reason: "must be an object" },
    ],
    [
      "both holders",
      { ...stance, holder: { entity: "a", viewpoint: "b" } },
      { path: "line 1/holder", code: "INVALID", reason: "must name exactly one of entity and viewpoint" },
    ],
    [
      "a holder of the wrong type",
      { ...stance, holder: { entity: 5 } },
      { path: "line 1/holder/entity", code: "REQUIRED", reason: "must be a non-empty string" },
    ],
    [
      "a member that is not an object",
      { type: "viewpoint", slug: "one-view", title: "One view", members: [null] },
      { path: "line 1/members/0/entity", code: "REQUIRED", reason: "must be a non-empty string" },
    ],
    [
      "a source without its natural key",
      { type: "source", kind: "REPORT", title: "T", url: null },
      { path: "line 1", code: "REQUIRED", reason: "a source needs a url or a text (its natural key)" },
    ],
    [
      "null for a derivation's kind",
      { type: "source", kind: "REPORT", title: "T", text: "x", derivationKind: null },
      {
        path: "line 1/derivationKind",
        code: "INVALID",
        reason: "must be one of REWRITE, SYNDICATION, QUOTATION, TRANSLATION",
      },
    ],
  ])("refuses %s with the field's pointer and the writer's words", (_what, record, expected) => {
    expect(refusal(record)).toEqual(expected);
  });

  it("counts lengths in UTF-16 code units, as the writer does", () => {
    // 500 emoji are 1,000 code units (an entity's name may have 1,000); 501 are 1,002.
    expect("record" in check({ ...entity, name: "😀".repeat(500) })).toBe(true);
    expect(refusal({ ...entity, name: "😀".repeat(501) })).toEqual({
      path: "line 1/name",
      code: "INVALID",
      reason: "must be at most 1000 characters",
    });
  });

  it("leaves to the writer what the schema cannot say: NUL, lone surrogates, months that do not exist", () => {
    for (const record of [
      { ...entity, name: "a\u0000b" },
      { ...entity, name: "lone \ud800" },
      { ...claim, statedAt: "2024-13-01" },
    ]) {
      expect("record" in check(record)).toBe(true);
    }
  });
});

describe("the record validator, against hostile records", () => {
  it("refuses a million claimants as one error, at once", () => {
    const started = performance.now();
    expect(refusal({ ...claim, claimants: Array.from({ length: 1_000_000 }, () => 1) })).toEqual({
      path: "line 1/claimants",
      code: "INVALID",
      reason: "must list at most 100 values",
    });
    // Not a timing test: a million errors, or a walk over the items, would take far longer than this.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("does not walk a value nested 100,000 levels deep", () => {
    let deep: unknown = "Q1";
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(refusal({ ...entity, name: deep })).toEqual({
      path: "line 1/name",
      code: "REQUIRED",
      reason: "must be a non-empty string",
    });
    expect(refusal({ ...claim, appearances: [{ source: deep, exact: "x" }] })).toMatchObject({
      path: "line 1/appearances/0/source",
    });
    // externalIds is an object of any shape to the schema: its depth is the writer's to bound.
    let nested: unknown = { q: 1 };
    for (let i = 0; i < 100_000; i += 1) nested = { q: nested };
    expect("record" in check({ ...entity, externalIds: nested })).toBe(true);
  });

  it("answers any value at any place of a record with a coded rejection inside the record, or lets it through", () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const places: [Record<string, unknown>, string[]][] = [
      [entity, ["slug"]],
      [entity, ["kind"]],
      [entity, ["aliases"]],
      [entity, ["externalIds"]],
      [claim, ["claimants"]],
      [claim, ["claimants", "0"]],
      [claim, ["qualifiers"]],
      [claim, ["qualifiers", "validFrom"]],
      [claim, ["appearances"]],
      [claim, ["appearances", "0"]],
      [claim, ["appearances", "0", "exact"]],
      [claim, ["appearances", "0", "start"]],
      [stance, ["holder"]],
      [stance, ["holder", "entity"]],
      [stance, ["position"]],
      [{ type: "viewpoint", slug: "v", title: "V", members: [{ entity: "a", role: "SUPPORTER" }] }, ["members", "0"]],
      [
        { type: "viewpoint", slug: "v", title: "V", members: [{ entity: "a", role: "SUPPORTER" }] },
        ["members", "0", "role"],
      ],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...places), json, ([base, place], value) => {
        const record = structuredClone(base);
        let target = record as Record<string, unknown>;
        for (const key of place.slice(0, -1)) target = target[key] as Record<string, unknown>;
        target[place.at(-1)!] = value;
        const result = check(record);
        if ("record" in result) return;
        expect(Object.keys(USER_ERROR_CODES)).toContain(result.code);
        expect(result.reason).toEqual(expect.any(String));
        // The pointer names the place that was changed, what holds it (a list, a oneOf group, the record),
        // or a field beside it (the `end` a `start` needs).
        const holder = ["line 1", ...place.slice(0, -1)].join("/");
        expect([result.path, holder.startsWith(result.path) || result.path.startsWith(holder)]).toEqual([
          result.path,
          true,
        ]);
      }),
      { numRuns: 500 },
    );
  });
});

// Types, checked by `npm run typecheck`: a validated record is typed by its model.
export const typed: [BundleClaim, BundleStance] = [
  { text: "t", kind: "FACTUAL", claimants: ["a"], qualifiers: { validFrom: "2024-01-01" } },
  { holder: { viewpoint: "v" }, claim: "c", position: "NEUTRAL" },
];
// @ts-expect-error a claim's kind is one of ClaimKind's values
export const wrongKind: BundleClaim = { text: "t", kind: "OPINION", claimants: ["a"] };
// @ts-expect-error a stance needs a holder
export const noHolder: BundleStance = { claim: "c", position: "NEUTRAL" };
