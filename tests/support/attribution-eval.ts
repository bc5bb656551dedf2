import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Attribution recovered from a text, scored against hand-curated attribution: the story's article
 * (data/story/sanctuary-city.json, source "summary-article") or a fixture of expected quotes.
 *
 * Matching rule. A curated quote is RECOVERED when some proposed quote or claim overlaps its span and
 * has the same speaker(s): a curated AUTHOR quote needs a proposed `author` speaker; otherwise EVERY
 * curated speaker must be matched by one speaker of that same proposal, where a proposed speaker
 * matches a curated entity when its name, normalised (lower case, the determiners
 * "the/some/many/these/those/a/an/both" removed, unless nothing else is left), has its head noun,
 * singularised, among the words of the curated entity's name or slug. The head noun is the last word
 * before the first "of/in/for/who/that" (so "critics of sanctuary policies" has the head "critic",
 * not "policy"; "police chief" has "chief"). Precision: proposed quotes overlapping a curated quote with
 * the same speaker, over all proposed quotes.
 */

export interface Curated {
  start: number;
  end: number;
  exact: string;
  speakers: string[];
  attribution: string;
}

export interface CuratedEntity {
  slug: string;
  name: string;
}

/** A proposed speaker: the source's own voice, or a name. */
export interface ProposedSpeaker {
  author?: boolean | null;
  name?: string | null;
}

export interface Proposal {
  start: number;
  end: number;
  speakers: ProposedSpeaker[];
}

export interface Evaluation {
  recall: number;
  precision: number;
  recovered: number;
  curated: number;
  misses: string[];
}

const DETERMINERS = new Set(["the", "some", "many", "these", "those", "a", "an", "both"]);

const singular = (w: string) =>
  w.endsWith("ies") ? `${w.slice(0, -3)}y` : w.endsWith("ss") ? w : w.endsWith("s") ? w.slice(0, -1) : w;

export function headNoun(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const stop = words.findIndex((w) => ["of", "in", "for", "who", "that"].includes(w));
  const core = (stop === -1 ? words : words.slice(0, stop)).filter((w) => !DETERMINERS.has(w));
  const head = core.length > 0 ? core[core.length - 1] : (words[words.length - 1] ?? "");
  return singular(head!);
}

function entityWords(entity: CuratedEntity): Set<string> {
  return new Set(
    `${entity.name} ${entity.slug}`
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(singular),
  );
}

export function sameSpeakers(
  proposed: ProposedSpeaker[],
  curated: Curated,
  entities: Map<string, CuratedEntity>,
  authorSlugs: Set<string>,
): boolean {
  if (curated.attribution === "AUTHOR" || curated.speakers.every((s) => authorSlugs.has(s))) {
    return proposed.some((s) => s.author === true);
  }
  return curated.speakers.every((slug) => {
    const entity = entities.get(slug);
    if (!entity) return false;
    const words = entityWords(entity);
    return proposed.some((s) => s.author !== true && typeof s.name === "string" && words.has(headNoun(s.name)));
  });
}

export function evaluate(
  quotes: Proposal[],
  claims: Proposal[],
  curated: Curated[],
  entities: Map<string, CuratedEntity>,
  authorSlugs: Set<string>,
): Evaluation {
  const proposals = [...quotes, ...claims];
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
  const good = quotes.filter((q) =>
    curated.some((c) => overlaps(q, c) && sameSpeakers(q.speakers, c, entities, authorSlugs)),
  );
  return {
    recall: recovered / curated.length,
    precision: quotes.length === 0 ? 0 : good.length / quotes.length,
    recovered,
    curated: curated.length,
    misses,
  };
}

export function report(name: string, e: Evaluation, counts: { quotes: number; claims: number; mentions: number }) {
  console.log(
    `${name}: recall ${e.recovered}/${e.curated} = ${e.recall.toFixed(3)}, precision ${e.precision.toFixed(3)} ` +
      `(${counts.quotes} quotes, ${counts.claims} claims, ${counts.mentions} mentions)\n` +
      `misses:\n  ${e.misses.join("\n  ") || "(none)"}`,
  );
}

export interface Story {
  text: string;
  entities: Map<string, CuratedEntity>;
  authorSlugs: Set<string>;
  /** Curated quotes of the article, deduplicated by span, in text order; `unit` sets the offsets' unit. */
  curated: Curated[];
}

/** The sample story's article and its curated quotes, located as story-attribution.test.ts does. */
export function storyArticle(unit: "utf16" | "codePoints" = "utf16"): Story {
  const STORY = path.join(__dirname, "../../data/story");
  const bundle = JSON.parse(readFileSync(path.join(STORY, "sanctuary-city.json"), "utf8")) as {
    entities: CuratedEntity[];
    sources: { ref: string; textFile?: string; text?: string; authors?: string[]; publisher?: string }[];
  };
  const source = bundle.sources.find((s) => s.ref === "summary-article");
  const text = source?.text ?? readFileSync(path.join(STORY, source?.textFile ?? ""), "utf8");
  const entities = new Map(bundle.entities.map((e) => [e.slug, e]));
  const authorSlugs = new Set([...(source?.authors ?? []), ...(source?.publisher ? [source.publisher] : [])]);
  const points = (offset: number) => (unit === "utf16" ? offset : Array.from(text.slice(0, offset)).length);
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
      let start = -1;
      for (let i = text.indexOf(exact); start === -1 && i !== -1; i = text.indexOf(exact, i + 1)) {
        if (text.slice(Math.max(0, i - prefix.length), i) === prefix && text.startsWith(suffix, i + exact.length))
          start = i;
      }
      if (start !== -1) {
        const span = { start: points(start), end: points(start + exact.length) };
        const key = `${span.start}:${span.end}`;
        if (!curated.has(key))
          curated.set(key, { ...span, exact, speakers: r.speakers as string[], attribution: r.attribution });
      }
    }
    Object.values(r).forEach(walk);
  };
  walk(bundle);
  return { text, entities, authorSlugs, curated: [...curated.values()].sort((a, b) => a.start - b.start) };
}
