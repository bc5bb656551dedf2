import { execFileSync } from "node:child_process";
import path from "node:path";

/** The house rules in eslint.config.mjs fire, so `npm run lint` passing means something. */
const ROOT = path.join(__dirname, "../..");
const CYCLES = "tests/support/fixtures/lint-cycle";

interface LintError {
  rule: string | null;
  message: string;
}

const TEXTS = {
  resolverSql: {
    filePath: "src/modules/x/x.resolver.ts",
    code: `import { sql } from "../../db/sql";\nimport pg from "pg";\nimport { X } from "./x.sql";\nexport const used = [sql, pg, X];\n`,
  },
  serviceDeepImport: {
    filePath: "src/modules/x/x.service.ts",
    code: `import { Claim } from "../claim/claim.type";\nexport const used = Claim;\n`,
  },
  resolverDeepImport: {
    filePath: "src/modules/x/x.resolver.ts",
    code: `import { Claim } from "../claim/claim.type";\nexport const used = Claim;\n`,
  },
  resolverFacades: {
    filePath: "src/modules/x/x.resolver.ts",
    code: `import { CLAIM, Claim } from "../claim";\nimport { findX } from "./x.service";\nexport const used = [CLAIM, Claim, findX];\n`,
  },
};

let texts: Record<keyof typeof TEXTS, LintError[]>;
let files: Record<string, LintError[]>;
let ignored: Record<string, boolean>;

beforeAll(() => {
  // One ESLint process for every case: loading typescript-eslint and the resolver is most of the cost.
  const names = Object.keys(TEXTS) as (keyof typeof TEXTS)[];
  const output = execFileSync(process.execPath, [path.join(ROOT, "tests/support/lint-runner.mjs")], {
    cwd: ROOT,
    input: JSON.stringify({
      texts: names.map((name) => TEXTS[name]),
      files: [`${CYCLES}/*.ts`],
      ignored: [`${CYCLES}/value-a.ts`],
    }),
    encoding: "utf8",
  });
  const parsed = JSON.parse(output) as { texts: LintError[][]; files: typeof files; ignored: typeof ignored };
  texts = Object.fromEntries(names.map((name, i) => [name, parsed.texts[i]!])) as typeof texts;
  files = parsed.files;
  ignored = parsed.ignored;
}, 60_000);

describe("lint rules", () => {
  it("refuse a resolver that imports db/sql, pg or a SQL spec", () => {
    expect(texts.resolverSql).toEqual([
      { rule: "no-restricted-imports", message: expect.stringContaining("'../../db/sql'") },
      { rule: "no-restricted-imports", message: expect.stringContaining("'pg'") },
      { rule: "no-restricted-imports", message: expect.stringContaining("'./x.sql'") },
    ]);
  });

  it("refuse a module file, a resolver too, that imports another module past its index.ts", () => {
    const boundary = [{ rule: "no-restricted-imports", message: expect.stringContaining("through its index.ts") }];
    expect(texts.serviceDeepImport).toEqual(boundary);
    expect(texts.resolverDeepImport).toEqual(boundary);
  });

  it("let a resolver reach its own service and other modules' index.ts", () => {
    expect(texts.resolverFacades).toEqual([]);
  });

  it("report an import cycle of values, and one of type-only imports", () => {
    const rules = Object.fromEntries(Object.entries(files).map(([file, errors]) => [file, errors.map((e) => e.rule)]));
    expect(rules).toEqual({
      [`${CYCLES}/value-a.ts`]: ["import-x/no-cycle"],
      [`${CYCLES}/value-b.ts`]: ["import-x/no-cycle"],
      [`${CYCLES}/type-a.ts`]: ["claimbase/no-cycle-through-types"],
      [`${CYCLES}/type-b.ts`]: ["claimbase/no-cycle-through-types"],
    });
    expect(files[`${CYCLES}/type-a.ts`]![0]!.message).toContain(`${CYCLES}/type-a.ts -> ${CYCLES}/type-b.ts`);
  });

  it("leave the cycle fixture out of `npm run lint`", () => {
    expect(ignored[`${CYCLES}/value-a.ts`]).toBe(true);
  });
});
