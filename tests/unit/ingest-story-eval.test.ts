import { readFileSync } from "node:fs";
import path from "node:path";
import { analyse } from "../../src/modules/ingest/analyse";
import type { Analysis, SpeakerProposal } from "../../src/modules/ingest/analysis.model";

/**
 * The analyser against hand-curated attribution, with an EMPTY database (`known: []`): the sample
 * story's article (data/story/sanctuary-city.json, source "summary-article"), and a second, hand-made
 * news text on another topic (tests/support/fixtures/ingest/) to show the rules are not the article's.
 *
 * Matching rule. A curated quote is RECOVERED when some proposed quote or claim candidate overlaps its
 * span and has the same speaker(s): a curated AUTHOR quote needs a proposed `{ author: true }`
 * speaker; otherwise EVERY curated speaker must be matched by one speaker of that same proposal,
 * where a proposed speaker matches a curated entity when its name, normalised (lower case, the
 * determiners "the/some/many/these/those/a/an/both" removed, unless nothing else is left), has its
 * head noun, singularised, among the words of the curated entity's name or slug. The head noun is the
 * last word before the first "of/in/for/who/that" (so "critics of sanctuary policies" has the head
 * "critic", not "policy"; "police chief" has "chief"). Precision: proposed quotes overlapping a curated
 * quote with the same speaker, over all proposed quotes.
 */

interface Curated {
  start: number;
  end: number;
  exact: string;
  speakers: string[];
  attribution: string;
}

interface Entity {
  slug: string;
  name: string;
}

const DETERMINERS = new Set(["the", "some", "many", "these", "those", "a", "an", "both"]);

const singular = (w: string) =>
  w.endsWith("ies") ? `${w.slice(0, -3)}y` : w.endsWith("ss") ? w : w.endsWith("s") ? w.slice(0, -1) : w;

function headNoun(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const stop = words.findIndex((w) => ["of", "in", "for", "who", "that"].includes(w));
  const core = (stop === -1 ? words : words.slice(0, stop)).filter((w) => !DETERMINERS.has(w));
  const head = core.length > 0 ? core[core.length - 1] : (words[words.length - 1] ?? "");
  return singular(head);
}

function entityWords(entity: Entity): Set<string> {
  return new Set(
    `${entity.name} ${entity.slug}`
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(singular),
  );
}

function sameSpeakers(
  proposed: SpeakerProposal[],
  curated: Curated,
  entities: Map<string, Entity>,
  authorSlugs: Set<string>,
): boolean {
  if (curated.attribution === "AUTHOR" || curated.speakers.every((s) => authorSlugs.has(s))) {
    return proposed.some((s) => s.author === true);
  }
  return curated.speakers.every((slug) => {
    const entity = entities.get(slug);
    if (!entity) return false;
    const words = entityWords(entity);
    return proposed.some((s) => s.author !== true && words.has(headNoun(s.name)));
  });
}

interface Evaluation {
  recall: number;
  precision: number;
  recovered: number;
  curated: number;
  misses: string[];
}

function evaluate(
  analysis: Analysis,
  curated: Curated[],
  entities: Map<string, Entity>,
  authorSlugs: Set<string>,
): Evaluation {
  const proposals = [...analysis.quotes, ...analysis.claims];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && b.start < a.end;
  const misses: string[] = [];
  let recovered = 0;
  for (const c of curated) {
    if (proposals.some((p) => overlaps(p, c) && sameSpeakers(p.speakers, c, entities, authorSlugs))) recovered += 1;
    else
      misses.push(
        `${c.start}:${c.end} ${c.attribution} [${c.speakers.join(", ")}] ${JSON.stringify(c.exact.slice(0, 90))}`,
      );
  }
  const good = analysis.quotes.filter((q) =>
    curated.some((c) => overlaps(q, c) && sameSpeakers(q.speakers, c, entities, authorSlugs)),
  );
  return {
    recall: recovered / curated.length,
    precision: analysis.quotes.length === 0 ? 0 : good.length / analysis.quotes.length,
    recovered,
    curated: curated.length,
    misses,
  };
}

function report(name: string, e: Evaluation, analysis: Analysis) {
  console.log(
    `${name}: recall ${e.recovered}/${e.curated} = ${e.recall.toFixed(3)}, precision ${e.precision.toFixed(3)} ` +
      `(${analysis.quotes.length} quotes, ${analysis.claims.length} claims, ${analysis.mentions.length} mentions)\n` +
      `misses:\n  ${e.misses.join("\n  ") || "(none)"}`,
  );
}

describe("the analyser on the sample story's article (empty database)", () => {
  const STORY = path.join(__dirname, "../../data/story");
  const bundle = JSON.parse(readFileSync(path.join(STORY, "sanctuary-city.json"), "utf8")) as {
    entities: Entity[];
    sources: { ref: string; textFile?: string; text?: string; authors?: string[]; publisher?: string }[];
  };
  const source = bundle.sources.find((s) => s.ref === "summary-article");
  const text = source?.text ?? readFileSync(path.join(STORY, source?.textFile ?? ""), "utf8");
  const entities = new Map(bundle.entities.map((e) => [e.slug, e]));
  const authorSlugs = new Set([...(source?.authors ?? []), ...(source?.publisher ? [source.publisher] : [])]);

  /** Every quote the bundle cites in the article (with speakers and attribution), located like story-attribution.test.ts does, deduplicated by start:end. */
  const curated = new Map<string, Curated>();
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (!o || typeof o !== "object") return;
    const r = o as Record<string, unknown>;
    if (
      r.source === "summary-article" &&
      typeof r.exact === "string" &&
      Array.isArray(r.speakers) &&
      typeof r.attribution === "string"
    ) {
      const exact = r.exact;
      const prefix = typeof r.prefix === "string" ? r.prefix : "";
      const suffix = typeof r.suffix === "string" ? r.suffix : "";
      let start = typeof r.start === "number" ? r.start : -1;
      for (let i = text.indexOf(exact); start === -1 && i !== -1; i = text.indexOf(exact, i + 1)) {
        if (text.slice(Math.max(0, i - prefix.length), i) === prefix && text.startsWith(suffix, i + exact.length))
          start = i;
      }
      if (start !== -1) {
        const end = start + exact.length;
        if (!curated.has(`${start}:${end}`))
          curated.set(`${start}:${end}`, {
            start,
            end,
            exact,
            speakers: r.speakers as string[],
            attribution: r.attribution,
          });
      }
    }
    Object.values(r).forEach(walk);
  };
  walk(bundle);
  const analysis = analyse({ text, known: [] });

  it("reads the bundle's curated quotes", () => {
    expect(curated.size).toBeGreaterThanOrEqual(80);
  });

  it("recovers at least 80% of the curated quotes with the same speakers, and prints recall, precision and misses", () => {
    const e = evaluate(
      analysis,
      [...curated.values()].sort((a, b) => a.start - b.start),
      entities,
      authorSlugs,
    );
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
