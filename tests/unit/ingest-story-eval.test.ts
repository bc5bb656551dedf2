import { readFileSync } from "node:fs";
import path from "node:path";
import { analyse } from "../../src/modules/ingest/analyse";
import type { Analysis } from "../../src/modules/ingest/analysis.model";
import {
  type Curated as CuratedQuote,
  type CuratedEntity,
  type Evaluation,
  evaluate as evaluateSpans,
  report as printEvaluation,
  storyArticle,
} from "../support/attribution-eval";

/**
 * The analyser against hand-curated attribution, with an EMPTY database (`known: []`): the sample
 * story's article (data/story/sanctuary-city.json, source "summary-article"), and a second, hand-made
 * news text on another topic (tests/support/fixtures/ingest/) to show the rules are not the article's.
 *
 * The matching rule (recovered, precision) is tests/support/attribution-eval.ts's, shared with the
 * same measure taken through the whole API (tests/integration/ingest-story.test.ts).
 */

type Curated = CuratedQuote;
type Entity = CuratedEntity;

function evaluate(
  analysis: Analysis,
  curated: Curated[],
  entities: Map<string, Entity>,
  authorSlugs: Set<string>,
): Evaluation {
  return evaluateSpans(analysis.quotes, analysis.claims, curated, entities, authorSlugs);
}

function report(name: string, e: Evaluation, analysis: Analysis) {
  printEvaluation(name, e, {
    quotes: analysis.quotes.length,
    claims: analysis.claims.length,
    mentions: analysis.mentions.length,
  });
}

describe("the analyser on the sample story's article (empty database)", () => {
  // Offsets in UTF-16 units, as the analyser gives them (the service converts them to code points).
  const { text, entities, authorSlugs, curated } = storyArticle("utf16");
  const analysis = analyse({ text, known: [] });

  it("reads the bundle's curated quotes", () => {
    expect(curated.length).toBeGreaterThanOrEqual(80);
  });

  it("recovers at least 80% of the curated quotes with the same speakers, and prints recall, precision and misses", () => {
    const e = evaluate(analysis, curated, entities, authorSlugs);
    report("sanctuary-city article", e, analysis);
    expect(e.recall).toBeGreaterThanOrEqual(0.8);
    expect(e.precision).toBeGreaterThanOrEqual(0.6);
  });

  it("proposes at most one quote per span and keeps every offset exact", () => {
    const keys = analysis.quotes.map((q) => `${q.start}:${q.end}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const item of [...analysis.sentences, ...analysis.quotes, ...analysis.mentions, ...analysis.claims]) {
      expect(text.slice(item.start, item.end)).toBe(item.exact);
    }
  });
});

describe("the analyser on a hand-made news text (another topic)", () => {
  const FIXTURE = path.join(__dirname, "../support/fixtures/ingest");
  const text = readFileSync(path.join(FIXTURE, "harbour-ferry-article.txt"), "utf8");
  const expected = JSON.parse(readFileSync(path.join(FIXTURE, "harbour-ferry-expected.json"), "utf8")) as {
    entities: Entity[];
    quotes: { exact: string; speakers: string[]; attribution: string }[];
  };
  const entities = new Map(expected.entities.map((e) => [e.slug, e]));
  const curated: Curated[] = expected.quotes.map((q) => {
    const start = text.indexOf(q.exact);
    return { ...q, start, end: start + q.exact.length };
  });
  const analysis = analyse({ text, known: [] });

  it("finds every expected passage in the text", () => {
    expect(curated.filter((c) => c.start === -1).map((c) => c.exact)).toEqual([]);
  });

  it("recovers at least 80% of its expected speakers", () => {
    const e = evaluate(analysis, curated, entities, new Set(["author"]));
    report("harbour-ferry fixture", e, analysis);
    expect(e.recall).toBeGreaterThanOrEqual(0.8);
  });
});
