import "reflect-metadata";
import { buildClaimbaseSchema } from "../../src/schema";
import { CLAIM } from "../../src/modules/claim";
import { ENTITY } from "../../src/modules/entity";
import { type ColumnCatalog, selectionColumns } from "../../src/shared/columns";
import { readsOnlyRowId } from "../../src/shared/prefetch";

/** The columns a selection needs (src/shared/columns.ts): what pages select, and what a cache may tag. */
describe("selectionColumns", () => {
  beforeAll(() => {
    // Resolver modules register their prefetched fields (readsOnlyRowId) when the schema is built.
    buildClaimbaseSchema();
  });
  const keys = (fields: string[], type = "Claim", spec: { catalog?: ColumnCatalog } = CLAIM) =>
    selectionColumns(spec.catalog!, fields, (field) => readsOnlyRowId(type, field))?.map((entry) => entry.key) ?? null;

  it("selects the id, the fields asked for and what is always needed, nothing else", () => {
    expect(keys(["text", "kind"])).toEqual(["uuid", "text", "kind", "mergedIntoId"]);
    expect(keys(["id", "__typename"])).toEqual(["uuid", "mergedIntoId"]);
  });

  it("reads a group's columns for the group's field, and a to-one relation's id for the relation", () => {
    expect(keys(["qualifiers"])).toEqual(expect.arrayContaining(["uuid", "placeId", "validFrom", "validTo"]));
    expect(keys(["qualifiers"])).not.toContain("text");
  });

  it("needs no column for child lists and nested connections, which read the row's id", () => {
    expect(keys(["text", "claimants", "appearances", "stances", "reviews", "coverage"])).toEqual([
      "uuid",
      "text",
      "mergedIntoId",
    ]);
    expect(keys(["slug", "claimsMade"], "Entity", ENTITY)).toEqual(["uuid", "slug", "seq"]);
  });

  it("selects every column when a field may read anything of the row", () => {
    expect(keys(["text", "argumentGraph"])).toBeNull();
  });
});
