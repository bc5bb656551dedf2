import { MATCH_THRESHOLD_DEFAULTS } from "../../src/config";
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
