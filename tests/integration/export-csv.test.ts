import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { useTestServer } from "../support/lifecycle";

/**
 * The CSV options of #17 (docs/export-format.md, "CSV"): the Excel flavor, OWASP formula escaping and
 * list cells that round-trip, over HTTP and from the command line. Rows are read back with csv-parse,
 * an independent CSV reader.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/claimbase.js");

/** Aliases no "; "-joined cell could give back: separators, quotes, line breaks, brackets, accents. */
const ALIASES = [
  "semi; colon",
  'double "quoted"',
  "line\nbreak",
  "comma, separated",
  "; ",
  "[not, a list]",
  "crlf\r\nend",
  "=1+2",
  "-1",
  "@SUM(A1:A2)",
  "'apostrophe",
  "Policía Municipal",
];

/** slug -> [name, description]: every character OWASP lists, at the start of a cell, and two that are safe. */
const HOSTILE: Record<string, [string, string]> = {
  "formula-equals": ['=HYPERLINK("http://evil.example","click")', "+1 added"],
  "formula-minus": ["-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"],
  "formula-tab": ["\tTabbed", "\rReturn"],
  "formula-fullwidth": ["＝1+1", "－1"],
  // OWASP's two examples, verbatim: the `;` and quotes inside must not start a new cell either.
  "formula-owasp-1": ['=1+2";=1+2', "plain"],
  "formula-owasp-2": ["=1+2'\" ;,=1+2", "plain"],
  "formula-safe": ["Plain name", " =after a space"],
};

const suite = useTestServer({
  template: "story",
  prepare: async (db) => {
    await db.pool.query(
      `INSERT INTO entity (slug, kind, name, aliases, description) VALUES ('csv-aliases', 'ORGANIZATION', 'Aliases', $1, NULL)`,
      [ALIASES],
    );
    for (const [slug, [name, description]] of Object.entries(HOSTILE)) {
      await db.pool.query(
        `INSERT INTO entity (slug, kind, name, aliases, description) VALUES ($1, 'PERSON', $2, '{}', $3)`,
        [slug, name, description],
      );
    }
  },
});

const slugs = (prefix: string) => encodeURIComponent(JSON.stringify({ slug: { startsWith: prefix } }));

async function fetchBytes(query: string): Promise<{ status: number; bytes: Buffer; body: string }> {
  const response = await fetch(`${suite.server.url}${query}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes, body: bytes.toString("utf8") };
}

function rows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true }) as Record<string, string>[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe("CSV exports for spreadsheets and for scripts", () => {
  it("keeps lists recoverable: a JSON array per cell gives back values with ; quotes line breaks and commas", async () => {
    for (const flavor of ["rfc4180", "excel"]) {
      const { body } = await fetchBytes(`/export/entities.csv?flavor=${flavor}&filter=${slugs("csv-aliases")}`);
      const [row] = rows(body);
      expect([flavor, JSON.parse(row!.aliases!)]).toEqual([flavor, ALIASES]);
    }
    // An empty list is `[]`, so every cell of a list column parses as JSON.
    const { body } = await fetchBytes(`/export/entities.csv?filter=${slugs("formula-safe")}`);
    expect(JSON.parse(rows(body)[0]!.aliases!)).toEqual([]);
  });

  it("the deprecated joined lists (lists=joined) still write the old cells, which cannot be split back", async () => {
    const { body } = await fetchBytes(`/export/entities.csv?lists=joined&filter=${slugs("csv-aliases")}`);
    const cell = rows(body)[0]!.aliases!;
    expect(cell).toBe(ALIASES.join("; "));
    expect(cell.split("; ")).not.toEqual(ALIASES);
  });

  it("escapes formulas as OWASP says by default: a leading ' on = + - @ TAB CR, every text cell quoted", async () => {
    const { body } = await fetchBytes(`/export/entities.csv?filter=${slugs("formula-")}`);
    const bySlug = Object.fromEntries(rows(body).map((r) => [r.slug, [r.name, r.description]]));
    expect(bySlug).toEqual({
      "formula-equals": [`'=HYPERLINK("http://evil.example","click")`, "'+1 added"],
      "formula-minus": ["'-2+3", "'@SUM(1+1)*cmd|' /C calc'!A0"],
      "formula-tab": ["'\tTabbed", "'\rReturn"],
      "formula-fullwidth": ["'＝1+1", "'－1"],
      "formula-owasp-1": [`'=1+2";=1+2`, "plain"],
      "formula-owasp-2": ["'=1+2'\" ;,=1+2", "plain"],
      "formula-safe": ["Plain name", " =after a space"],
    });
    // OWASP's escaped outputs, byte for byte.
    expect(body).toContain(`,"'=1+2"";=1+2",`);
    expect(body).toContain(`,"'=1+2'"" ;,=1+2",`);
    // Quoted even without a separator in it: a `;`-separated spreadsheet cannot split a cell.
    expect(body).toContain(`,"'-2+3",`);
    // Inside a JSON list every value is as stored: the cell itself starts with `[`.
    const aliases = rows((await fetchBytes(`/export/entities.csv?filter=${slugs("csv-aliases")}`)).body)[0]!;
    expect(JSON.parse(aliases.aliases!)).toContain("=1+2");
  });

  it("writes cells as stored with escapeFormulas=false, for raw research pipelines", async () => {
    const { body } = await fetchBytes(`/export/entities.csv?escapeFormulas=false&filter=${slugs("formula-")}`);
    const bySlug = Object.fromEntries(rows(body).map((r) => [r.slug, [r.name, r.description]]));
    expect(bySlug).toEqual(HOSTILE);
    expect(body).toContain(`\n${rows(body)[0]!.id},formula-equals,PERSON,`); // minimal quoting, as before
  });

  it("flavor=excel starts with a UTF-8 BOM and ends records with CRLF; bom= overrides the flavor", async () => {
    const plain = await fetchBytes(`/export/entities.csv`);
    const excel = await fetchBytes(`/export/entities.csv?flavor=excel`);
    expect(plain.bytes.subarray(0, 3).equals(BOM)).toBe(false);
    expect(excel.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(excel.body).toMatch(/^\uFEFF"id","slug","kind","name","aliases",.*"updatedAt"\r\n/);
    expect(plain.body).toMatch(/^"id","slug",.*"updatedAt"\n"/);
    // The same table either way, accents included.
    expect(rows(excel.body)).toEqual(rows(plain.body));
    expect(excel.body).toContain("Policía Municipal");
    const records = rows(excel.body).length;
    expect(excel.body.match(/"\r\n/g)?.length).toBeGreaterThanOrEqual(records + 1);

    const noBom = await fetchBytes(`/export/entities.csv?flavor=excel&bom=false`);
    expect(noBom.bytes.subarray(0, 3).equals(BOM)).toBe(false);
    expect(noBom.body).toMatch(/\r\n/);
    const bomOnly = await fetchBytes(`/export/entities.csv?bom=true`);
    expect(bomOnly.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(bomOnly.body).not.toMatch(/\r\n/);
  });

  it("refuses bad CSV options with 400 BAD_USER_INPUT, and CSV options on other formats", async () => {
    const cases: [string, RegExp][] = [
      ["/export/claims.csv?flavor=word", /there is no "word" CSV flavor; flavors: rfc4180, excel/],
      ["/export/claims.csv?bom=yes", /`bom` is true or false, not "yes"/],
      ["/export/claims.csv?escapeFormulas=0", /`escapeFormulas` is true or false/],
      ["/export/claims.csv?lists=xml", /lists must be json or joined, not "xml"/],
      ["/export/claims.ndjson?flavor=excel", /flavor: this option applies to CSV only/],
      ["/export/claims.jsonld?lists=json&bom=true", /bom, lists: these options apply to CSV only/],
      ["/export/claims.csv?flavor=excel&flavor=rfc4180", /pass `flavor` once/],
      ["/export/claims.csv?delimiter=%3B", /unknown query parameter "delimiter"/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await fetchBytes(query);
      const answer = JSON.parse(body) as { errors: { message: string; extensions: { code: string } }[] };
      expect([query, status, answer.errors[0]!.extensions.code]).toEqual([query, 400, "BAD_USER_INPUT"]);
      expect(answer.errors[0]!.message).toMatch(message);
    }
  });
});

describe("claimbase export: the CSV options", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "claimbase-export-csv-"));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const claimbase = (...args: string[]) =>
    run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: "silent" },
    });

  it("--flavor excel --out writes the BOM and CRLF; --no-escape-formulas --lists joined write the cells raw, with a deprecation warning", async () => {
    const out = path.join(tmp, "entities.csv");
    const filter = JSON.stringify({ slug: { startsWith: "formula-" } });
    await claimbase("export", "entities", "--format", "csv", "--flavor", "excel", "--filter", filter, "--out", out);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n").length).toBeGreaterThan(Object.keys(HOSTILE).length);
    expect(rows(text).find((r) => r.slug === "formula-minus")!.name).toBe("'-2+3");

    const { stdout, stderr } = await claimbase(
      "export",
      "entities",
      "--format",
      "csv",
      "--no-escape-formulas",
      "--lists",
      "joined",
      "--filter",
      JSON.stringify({ slug: { startsWith: "csv-aliases" } }),
    );
    expect(stdout.startsWith("id,slug,")).toBe(true);
    expect(rows(stdout)[0]!.aliases).toBe(ALIASES.join("; "));
    expect(stderr).toMatch(/^warning: --lists joined is deprecated: a value containing "; " cannot be split back/m);
  });

  it("exits 2 on an unknown flavor and 1 on a CSV option with another format", async () => {
    await expect(claimbase("export", "claims", "--format", "csv", "--flavor", "word")).rejects.toMatchObject({
      code: 2,
    });
    await expect(claimbase("export", "claims", "--flavor", "excel")).rejects.toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringMatching(/flavor: this option applies to CSV only/),
    });
    await expect(claimbase("export", "claims", "--no-escape-formulas")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/escapeFormulas: this option applies to CSV only/),
    });
  });
});
