import { MATCH_THRESHOLD_DEFAULTS } from "../../src/config";
import { createKey } from "../../src/modules/auth";
import { makeClaim, makeEntities } from "../support/builders";
import { useTestServer } from "../support/lifecycle";

const TEXTS = [
  "The stimulus bill spent $1 million on each of 1,000 bridges, and 45% of them were never built.",
  "Crime in Austin fell by half over the last decade.",
  "Texas has the lowest unemployment rate of any large state.",
];

const suite = useTestServer({
  prepare: async (db) => {
    const [speaker] = await makeEntities(db.prisma, 1, "speaker");
    for (const text of TEXTS) await makeClaim(db.prisma, text, [speaker!]);
  },
});

interface Match {
  score: number;
  tier: "MATCH" | "SIMILAR";
  claim: { text: string };
}

async function similar(variables: Record<string, unknown>) {
  return suite.server.gql<{ similarClaims: Match[] }>(
    `query($text: String!, $first: Int, $minScore: Float) {
      similarClaims(text: $text, first: $first, minScore: $minScore) { score tier claim { text } } }`,
    variables,
  );
}

describe("similarClaims", () => {
  it("finds a claim rewritten in case, punctuation, clause order and number formats as a MATCH", async () => {
    const { data, errors } = await similar({
      text: "45 percent of them were never built and the stimulus bill spent 1 million dollars on each of 1000 bridges",
    });
    expect(errors).toBeUndefined();
    expect(data!.similarClaims[0]).toMatchObject({ tier: "MATCH", claim: { text: TEXTS[0] } });
    expect(data!.similarClaims[0]!.score).toBeGreaterThan(0);
    expect(data!.similarClaims[0]!.score).toBeLessThanOrEqual(1);
  });

  it("finds a claim with a typo and dropped common words", async () => {
    const { data } = await similar({ text: "crime austin fell by half over last decdae" });
    expect(data!.similarClaims[0]).toMatchObject({ tier: "MATCH", claim: { text: TEXTS[1] } });
  });

  it("tiers each claim by the configured thresholds and leaves out claims under minScore", async () => {
    const { data } = await similar({ text: "Texas unemployment is the lowest of states; crime fell", minScore: 0 });
    expect(data!.similarClaims.length).toBeGreaterThan(0);
    for (const match of data!.similarClaims) {
      expect(match.tier).toBe(match.score >= MATCH_THRESHOLD_DEFAULTS.match ? "MATCH" : "SIMILAR");
    }
    const none = await similar({ text: "Texas has a low unemployment rate", minScore: 0.99 });
    expect(none.data!.similarClaims).toEqual([]);
  });

  it.each([
    [{ text: "x".repeat(2001) }, "text"],
    [{ text: "crime", first: 51 }, "first"],
    [{ text: "crime", first: 0 }, "first"],
    [{ text: "crime", minScore: 1.5 }, "minScore"],
    [{ text: "?!" }, "text"],
  ])("refuses %j as BAD_USER_INPUT on the argument", async (variables, argument) => {
    const { errors } = await similar(variables);
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });
});

describe("likely duplicates in an import", () => {
  const IMPORT = `mutation($i: ImportBundleInput!) {
    importBundle(input: $i) { applied rejected { at path code reason } likelyDuplicates { at score claim { text } match { text } } } }`;
  // A ClaimReview by another speaker: another fingerprint than the stored claims', even for the same text.
  const records = (text: string) => [
    {
      "@context": "https://schema.org",
      "@type": "ClaimReview",
      url: `https://factcheck.example/${encodeURIComponent(text.slice(0, 20))}`,
      claimReviewed: text,
      itemReviewed: { "@type": "Claim", author: { "@type": "Person", name: "Other Speaker" } },
      author: { "@type": "Organization", name: "Example Checks", url: "https://factcheck.example/" },
      reviewRating: { "@type": "Rating", alternateName: "False" },
    },
  ];

  it("reports a created claim that matches an existing one under another fingerprint, without merging", async () => {
    const editor = (await createKey(suite.db.pool, "duplicate importer", "EDITOR")).key;
    const text = "crime in austin fell by half over the last decade!";
    const body = await suite.server.post(IMPORT, { i: { records: records(text) } }, editor);
    expect(body.errors).toBeUndefined();
    const report = (body.data as { importBundle: { applied: boolean; likelyDuplicates: unknown[] } }).importBundle;
    expect(report).toMatchObject({ rejected: [], applied: true });
    expect(report.likelyDuplicates).toEqual([
      { at: expect.any(String), score: expect.any(Number), claim: { text }, match: { text: TEXTS[1] } },
    ]);
    const { data } = await similar({ text: TEXTS[1] });
    expect(data!.similarClaims.map((m) => m.claim.text).sort()).toEqual([text, TEXTS[1]].sort());
  });

  it("reports nothing for a claim unlike any other", async () => {
    const editor = (await createKey(suite.db.pool, "distinct importer", "EDITOR")).key;
    const body = await suite.server.post(
      IMPORT,
      { i: { records: records("The moon is made of green cheese.") } },
      editor,
    );
    expect((body.data as { importBundle: { likelyDuplicates: unknown[] } }).importBundle.likelyDuplicates).toEqual([]);
  });
});
