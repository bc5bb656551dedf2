import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";

const schema = JSON.parse(readFileSync(path.join(__dirname, "../../docs/bundle.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe("the bundle JSON Schema (docs/bundle.schema.json)", () => {
  it("accepts the sample story bundle", () => {
    const story = JSON.parse(readFileSync(path.join(__dirname, "../../data/story/sanctuary-city.json"), "utf8"));
    expect(validate(story) ? [] : validate.errors).toEqual([]);
  });

  it("accepts NDJSON records and refuses malformed ones", () => {
    expect(validate({ type: "entity", slug: "a-b", kind: "GROUP", name: "A" })).toBe(true);
    expect(
      validate({
        type: "claim",
        text: "x",
        kind: "FACTUAL",
        claimants: ["a-b"],
        appearances: [{ source: "url:https://x.org", exact: "x" }],
      }),
    ).toBe(true);
    expect(validate({ type: "entity", slug: "Not A Slug", kind: "GROUP", name: "A" })).toBe(false);
    expect(validate({ type: "claim", text: "x", kind: "FACTUAL", claimants: [] })).toBe(false);
    expect(
      validate({ type: "stance", holder: { entity: "a", viewpoint: "b" }, claim: "c", position: "SUPPORTS" }),
    ).toBe(false);
    expect(validate({ type: "nope" })).toBe(false);
  });
});
