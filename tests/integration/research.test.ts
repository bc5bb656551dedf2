import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { liarRowToClaimReview } from "../../bench/liar-to-claimreview";
import { importFile } from "../../src/modules/bundle";
import type { TestDatabase } from "../support/database";
import { useTestServer } from "../support/lifecycle";

/**
 * docs/research.md's examples, run as a researcher runs them: each script under docs/research/ (Python
 * with pandas, R with jsonlite and httr) against a live server holding the story and 200 LIAR
 * statements with their PolitiFact verdicts. What a script prints, from the exports and from GraphQL,
 * is checked against the database, so a script that misreads a CSV or an export that drops a row fails.
 *
 * Python 3 with pandas and Rscript with jsonlite + httr come from Debian (python3-pandas r-base-core
 * r-cran-jsonlite r-cran-httr; `.ci/run` installs them). Under CI a missing tool fails the test;
 * elsewhere the test is skipped with the reason printed.
 */

const run = promisify(execFile);
// Loading 200 LIAR statements and starting Python and R several times: minutes on a loaded machine.
jest.setTimeout(240_000);
const ROOT = path.join(__dirname, "../..");
const SCRIPTS = path.join(ROOT, "docs/research");
const LIAR = path.join(
  process.env.LIAR_DIR ??
    [path.join(ROOT, "../shared/datasets/liar"), "/work/shared/datasets/liar"].find((dir) => existsSync(dir)) ??
    path.join(ROOT, "../shared/datasets/liar"),
  "valid.tsv",
);
const TOPIC = "sanctuary-policy-debate";
const CLAIMANT = "donald-trump";
const STORY_CLAIMANT = "sanctuary-city-mayor";

/** The first command that runs `probe` without error, or undefined. */
function firstWorking(candidates: (string | undefined)[], probe: string[]): string | undefined {
  for (const command of candidates) {
    if (!command) continue;
    try {
      execFileSync(command, probe, { stdio: "ignore", timeout: 60_000 });
      return command;
    } catch {
      // not there, or without the packages
    }
  }
  return undefined;
}

// pyenv and virtualenvs put their own python3 first on PATH, often without pandas; Debian's is /usr/bin/python3.
const PYTHON = firstWorking([process.env.PYTHON, "python3", "/usr/bin/python3"], ["-c", "import pandas"]);
const RSCRIPT = firstWorking(
  [process.env.RSCRIPT, "Rscript", "/usr/bin/Rscript"],
  ["-e", "suppressPackageStartupMessages({library(jsonlite); library(httr)})"],
);
const MISSING = {
  python: "python3 with pandas is missing (Debian: apt-get install python3-pandas)",
  r: "Rscript with jsonlite and httr is missing (Debian: apt-get install r-base-core r-cran-jsonlite r-cran-httr)",
};

type ScriptTest = (name: string, fn: (command: string) => Promise<void>) => void;

/** Under CI a missing tool fails the test; elsewhere it is skipped, saying why. */
function itWith(tool: "python" | "r", found: string | undefined): ScriptTest {
  if (found || process.env.CI) {
    return (name: string, fn: (command: string) => Promise<void>) =>
      it(`${name} (${tool === "python" ? "Python" : "R"})`, async () => {
        if (!found) throw new Error(`${MISSING[tool]}, and CI is set: .ci/run installs it`);
        await fn(found);
      });
  }
  console.warn(`skipping the ${tool === "python" ? "Python" : "R"} examples of docs/research.md: ${MISSING[tool]}`);
  return (name) => it.skip(`${name} (${tool})`, () => undefined);
}

/** 200 LIAR statements, through the ClaimReview importer (as docs/research.md tells how). */
async function loadLiar(db: TestDatabase): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-research-"));
  try {
    const file = path.join(dir, "liar.ndjson");
    const lines = readFileSync(LIAR, "utf8").split("\n").filter(Boolean).slice(0, 200);
    const docs = lines.map((line) => {
      const row = liarRowToClaimReview(line);
      if (!row.ok) throw new Error(`LIAR row refused: ${row.reason}`);
      return JSON.stringify(row.doc);
    });
    writeFileSync(file, docs.join("\n") + "\n");
    const report = await importFile(db, file, { actor: { keyId: null, label: "test" } });
    expect(report.rejected).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite = useTestServer({ template: "story", prepare: loadLiar });

async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await suite.db.pool.query(text, values)).rows as T[];
}

/** `A=1 B=2` in the order given, or sorted by key (byte order, as the scripts sort). */
function counts(values: string[], order?: readonly string[]): string {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  const keys = order ? order.filter((k) => tally.has(k)) : [...tally.keys()].sort();
  return keys.map((k) => `${k}=${tally.get(k)}`).join(" ");
}

/** The script's stdout, with its `share ...: 0.xx` lines checked numerically (rounding differs by language) and blanked. */
function shares(stdout: string, expected: Record<string, number>): string {
  return stdout.replace(/^(share[^:]*): (\d\.\d\d)$/gm, (_line, label: string, value: string) => {
    expect(Math.abs(Number(value) - expected[label]!)).toBeLessThanOrEqual(0.005 + 1e-9);
    return `${label}: ~`;
  });
}

async function script(command: string, file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(command, [path.join(SCRIPTS, file), suite.server.url, ...args], {
    cwd: SCRIPTS,
    env: { ...process.env, LC_ALL: "C.UTF-8" },
    timeout: 120_000,
  });
  return stdout;
}

// ---- what the database says ---------------------------------------------------------------------

async function topicSummary(): Promise<string> {
  const [{ n: viewpoints }] = await rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM viewpoint v JOIN entity t ON t.id = v.topic_id WHERE t.slug = $1`,
    [TOPIC],
  );
  const stances = await rows<{ viewpoint: string; claim: string; position: string }>(
    `SELECT v.slug AS viewpoint, s.claim_id AS claim, s.position::text AS position
     FROM stance s JOIN viewpoint v ON v.id = s.holder_viewpoint_id JOIN entity t ON t.id = v.topic_id
     WHERE t.slug = $1`,
    [TOPIC],
  );
  const claims = [...new Set(stances.map((s) => s.claim))];
  const contested = claims.filter((claim) => {
    const positions = new Set(stances.filter((s) => s.claim === claim).map((s) => s.position));
    return positions.has("SUPPORTS") && positions.has("OPPOSES");
  }).length;
  const claimants = await rows<{ slug: string; n: number }>(
    `SELECT e.slug, count(*)::int AS n FROM claim_claimant cc JOIN entity e ON e.id = cc.entity_id
     WHERE cc.claim_id = ANY($1::uuid[]) GROUP BY e.slug ORDER BY n DESC, e.slug COLLATE "C" LIMIT 3`,
    [claims],
  );
  const body = [
    `viewpoints: ${viewpoints}`,
    `stances: ${stances.length}`,
    `claims: ${claims.length}`,
    `positions: ${counts(stances.map((s) => s.position))}`,
    `contested claims (supported by one viewpoint, opposed by another): ${contested}`,
    `top claimants: ${claimants.map((c) => `${c.slug} (${c.n})`).join(", ")}`,
  ];
  expect(viewpoints).toBe(4);
  expect(contested).toBeGreaterThan(0);
  return ["== export", ...body, "== graphql", ...body].join("\n") + "\n";
}

async function claimantSummary(slug: string): Promise<{ text: string; share: number }> {
  const record = await rows<{ id: string; kind: string; verdict: string | null }>(
    `SELECT c.id, c.kind::text AS kind, r.normalized_rating::text AS verdict
     FROM claim c JOIN claim_claimant cc ON cc.claim_id = c.id JOIN entity e ON e.id = cc.entity_id
     LEFT JOIN review r ON r.claim_id = c.id WHERE e.slug = $1`,
    [slug],
  );
  const claims = new Map(record.map((r) => [r.id, r.kind]));
  const reviewed = record.filter((r) => r.verdict !== null).map((r) => r.verdict!);
  const share = reviewed.length
    ? reviewed.filter((v) => v === "FALSE" || v === "MOSTLY_FALSE").length / reviewed.length
    : 0;
  const body = [
    `claims: ${claims.size}`,
    `kinds: ${counts([...claims.values()])}`,
    `verdicts: ${counts(record.map((r) => r.verdict ?? "UNREVIEWED"))}`,
    `share of verdicts FALSE or MOSTLY_FALSE: ~`,
  ];
  return { text: ["== export", ...body, "== graphql", ...body].join("\n") + "\n", share };
}

const ORDER = ["TRUE", "MOSTLY_TRUE", "MIXED", "MOSTLY_FALSE", "FALSE", "UNPROVEN"] as const;

async function verdictSummary(): Promise<{ text: string; share: number }> {
  const reviews = await rows<{ rating: string; reviewer: string; claim: string }>(
    `SELECT r.normalized_rating::text AS rating, e.slug AS reviewer, r.claim_id AS claim
     FROM review r JOIN entity e ON e.id = r.reviewer_id`,
  );
  const reviewers = [...new Set(reviews.map((r) => r.reviewer))].sort();
  const perClaim = [...new Set(reviews.map((r) => `${r.claim} ${r.rating}`))].map((key) => key.split(" ")[1]!);
  const text = [
    "== export",
    `reviews: ${reviews.length}`,
    `ratings: ${counts(
      reviews.map((r) => r.rating),
      ORDER,
    )}`,
    "share FALSE or MOSTLY_FALSE: ~",
    ...reviewers.map(
      (reviewer) =>
        `reviewer ${reviewer}: ${counts(
          reviews.filter((r) => r.reviewer === reviewer).map((r) => r.rating),
          ORDER,
        )}`,
    ),
    "== graphql",
    `reviewed claims: ${perClaim.length}`,
    `ratings: ${counts(perClaim, ORDER)}`,
  ];
  const share = reviews.filter((r) => r.rating === "FALSE" || r.rating === "MOSTLY_FALSE").length / reviews.length;
  expect(reviews.length).toBe(200);
  return { text: text.join("\n") + "\n", share };
}

// ---- the scripts ---------------------------------------------------------------------------------

describe.each([
  ["python", PYTHON, "py"],
  ["r", RSCRIPT, "R"],
] as const)("docs/research/*.%s", (tool, command, ext) => {
  const test = itWith(tool, command);

  test("pulls a whole topic: viewpoints, stances, claims, the same from the CSV exports and from GraphQL", async (cmd) => {
    expect(await script(cmd, `topic.${ext}`, TOPIC)).toBe(await topicSummary());
  });

  test("pulls a claimant's record with its verdicts (a LIAR speaker, and a story claimant with none)", async (cmd) => {
    for (const slug of [CLAIMANT, STORY_CLAIMANT]) {
      const expected = await claimantSummary(slug);
      const out = await script(cmd, `claimant.${ext}`, slug);
      expect(shares(out, { "share of verdicts FALSE or MOSTLY_FALSE": expected.share })).toBe(expected.text);
    }
  });

  test("computes verdict statistics from the NDJSON export and from claimFacets", async (cmd) => {
    const expected = await verdictSummary();
    const out = await script(cmd, `verdicts.${ext}`);
    expect(shares(out, { "share FALSE or MOSTLY_FALSE": expected.share })).toBe(expected.text);
  });
});

describe("docs/research/verdicts.* on a database without fact-checks", () => {
  const storyOnly = useTestServer({ template: "story" });

  it("exits 1 saying to load fact-checks first, in Python and in R", async () => {
    const tools = [
      [PYTHON, "verdicts.py", MISSING.python],
      [RSCRIPT, "verdicts.R", MISSING.r],
    ] as const;
    for (const [command, file, missing] of tools) {
      if (!command) {
        if (process.env.CI) throw new Error(`${missing}, and CI is set: .ci/run installs it`);
        continue;
      }
      const failed = await run(command, [path.join(SCRIPTS, file), storyOnly.server.url], { cwd: SCRIPTS }).then(
        () => null,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect([file, failed?.code, failed?.stdout]).toEqual([file, 1, ""]);
      expect(failed?.stderr).toMatch(/^no reviews yet: load fact-checks first \(docs\/research\.md, Setting up/);
    }
  });
});
