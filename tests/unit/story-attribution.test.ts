import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The sample story against its article: who speaks in each quote, according to its source. No database:
 * the bundle and the article text are read from data/story/.
 */

type Attribution = "DIRECT" | "INDIRECT" | "AUTHOR" | "ATTRIBUTED_TO_GROUP";

interface TextSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

interface Selector extends TextSelector {
  source: string;
  speakers: string[];
  attribution: Attribution;
  cue?: TextSelector;
}

interface Bundle {
  entities: { slug: string; kind: string; name: string; aliases?: string[] }[];
  sources: { ref: string; text?: string; textFile?: string; publisher?: string; authors?: string[] }[];
  entityRelations: { subject: string; predicate: string; object: string; evidence?: Selector[] }[];
  claims: { ref: string; claimants: string[]; appearances: Selector[] }[];
  claimRelations: { from: string; to: string; kind: string; evidence?: Selector[] }[];
  viewpoints: { slug: string; members: { entity: string; role: string; evidence?: Selector[] }[] }[];
  stances: {
    holder: { entity?: string; viewpoint?: string };
    claim: string;
    position: string;
    evidence?: Selector[];
  }[];
}

const STORY = path.join(__dirname, "../../data/story");
const bundle = JSON.parse(readFileSync(path.join(STORY, "sanctuary-city.json"), "utf8")) as Bundle;
const texts = new Map(
  bundle.sources.map((s) => [s.ref, s.text ?? readFileSync(path.join(STORY, s.textFile ?? ""), "utf8")]),
);

/**
 * How the article refers to each entity that speaks in a quote (besides its name and aliases): reviewed by
 * hand against the article. An entity listed with no words (the unnamed article author) is never mentioned
 * by a sentence: it can only speak in its own voice, attribution AUTHOR.
 */
const MENTIONS: Record<string, (string | RegExp)[]> = {
  "sanctuary-city-mayor": ["mayor", "city’s leadership"],
  "sanctuary-city-police-chief": ["police chief", "city’s leadership"],
  "new-york-post": ["New York Post", "@nypost"],
  "summary-article-author": [],
  "sanctuary-policy-supporters": ["supporters of sanctuary policies"],
  "sanctuary-policy-advocates": [/(?<!law enforcement )\badvocates\b/i],
  "sanctuary-policy-opponents": ["opponents"],
  "sanctuary-policy-critics": ["critics of sanctuary policies"],
  "others-against-sanctuary-cities": [/\bothers\b/i],
  "stance-too-lenient-critics": [/\bothers\b/i],
  "stance-applauding-respondents": ["some applauding"],
  "residents-in-sanctuary-cities": ["residents in sanctuary cities"],
  "residents-favoring-community-focus": ["many residents"],
  "residents-supporting-sanctuary-policies": ["some residents"],
  "some-community-members": ["some community members"],
  "law-enforcement-advocates": ["law enforcement advocates"],
};

/** A sentence opening with one of these words leans on the sentence before it for who is meant. */
const CONTINUING = /^(They|This|These|Those|It|Such|Their|He|She)\b/;

interface Cited {
  where: string;
  selector: Selector;
}

/** Every evidence selector in the bundle, with where it is cited. */
function allSelectors(): Cited[] {
  const out: Cited[] = [];
  const add = (where: string, list: Selector[] | undefined) =>
    (list ?? []).forEach((selector, i) => out.push({ where: `${where}[${i}]`, selector }));
  bundle.entityRelations.forEach((r) =>
    add(`entityRelation ${r.subject} ${r.predicate} ${r.object} evidence`, r.evidence),
  );
  bundle.claims.forEach((c) => add(`claim ${c.ref} appearances`, c.appearances));
  bundle.claimRelations.forEach((r) => add(`claimRelation ${r.from} ${r.kind} ${r.to} evidence`, r.evidence));
  bundle.viewpoints.forEach((v) => v.members.forEach((m) => add(`viewpoint ${v.slug} member ${m.entity}`, m.evidence)));
  bundle.stances.forEach((s) =>
    add(`stance ${s.holder.entity ?? s.holder.viewpoint} ${s.position} ${s.claim} evidence`, s.evidence),
  );
  return out;
}

/** Start offsets of a TextQuote selector in a text. */
function locate(text: string, selector: TextSelector): number[] {
  const starts: number[] = [];
  for (let i = text.indexOf(selector.exact); i !== -1; i = text.indexOf(selector.exact, i + 1)) {
    const before = selector.prefix ? text.slice(Math.max(0, i - selector.prefix.length), i) === selector.prefix : true;
    const after = selector.suffix ? text.startsWith(selector.suffix, i + selector.exact.length) : true;
    if (before && after) starts.push(i);
  }
  return starts;
}

interface Sentence {
  start: number;
  end: number;
  paragraph: number;
}

/** Sentences of a text: each line is a paragraph, split after . ! or ? (and a closing quote) before a capital. */
function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let offset = 0;
  text.split("\n").forEach((line, paragraph) => {
    const boundary = /[.!?]["”’]?(?=\s+["“‘]?[A-Z])/g;
    let start = 0;
    for (let m = boundary.exec(line); m; m = boundary.exec(line)) {
      const end = m.index + m[0].length;
      out.push({ start: offset + start, end: offset + end, paragraph });
      start = end + (/^\s*/.exec(line.slice(end))?.[0].length ?? 0);
    }
    if (line.slice(start).trim()) out.push({ start: offset + start, end: offset + line.length, paragraph });
    offset += line.length + 1;
  });
  return out;
}
const sentences = new Map([...texts].map(([ref, text]) => [ref, sentencesOf(text)]));

/** The sentences a quote lies in, and the sentence they continue when the first opens with a pronoun. */
function contextOf(selector: Selector): string {
  const text = texts.get(selector.source) ?? "";
  const [start] = locate(text, selector);
  const end = start + selector.exact.length;
  const all = sentences.get(selector.source) ?? [];
  const first = all.findIndex((s) => s.end > start);
  let from = first;
  let to = first;
  while (to + 1 < all.length && all[to + 1].start < end) to += 1;
  const previous = all[first - 1];
  if (CONTINUING.test(text.slice(all[first].start, all[first].end)) && previous?.paragraph === all[first].paragraph) {
    from = first - 1;
  }
  return text.slice(all[from].start, all[to].end);
}

/** Who speaks in a source's own voice: its authors and publisher. */
function ownVoices(sourceRef: string): Set<string> {
  const source = bundle.sources.find((s) => s.ref === sourceRef);
  return new Set([...(source?.authors ?? []), ...(source?.publisher ? [source.publisher] : [])]);
}

function mentions(context: string, slug: string): boolean {
  const entity = bundle.entities.find((e) => e.slug === slug);
  const words = [...(MENTIONS[slug] ?? []), ...(entity ? [entity.name, ...(entity.aliases ?? [])] : [])];
  const lower = context.toLowerCase();
  return words.some((w) => (typeof w === "string" ? lower.includes(w.toLowerCase()) : w.test(context)));
}

const speakIn = (list: Selector[] | undefined, slug: string) => (list ?? []).some((q) => q.speakers.includes(slug));

describe("the sanctuary-city story's attribution", () => {
  const cited = allSelectors();

  it("finds every quote exactly once in its source", () => {
    const misplaced = cited
      .filter(({ selector }) => locate(texts.get(selector.source) ?? "", selector).length !== 1)
      .map(({ where, selector }) => `${where}: ${JSON.stringify(selector.exact)}`);
    expect(misplaced).toEqual([]);
  });

  it("breaks none of rules 1 to 4: claimants, stance holders and viewpoint members speak in their evidence", () => {
    const violations: string[] = [];
    for (const claim of bundle.claims) {
      for (const slug of claim.claimants) {
        if (!speakIn(claim.appearances, slug))
          violations.push(`rule 1: claim ${claim.ref}: claimant ${slug} speaks in no appearance`);
      }
    }
    const members = new Map(bundle.viewpoints.map((v) => [v.slug, v.members.map((m) => m.entity)]));
    for (const stance of bundle.stances) {
      const { entity, viewpoint } = stance.holder;
      if (entity && !speakIn(stance.evidence, entity)) {
        violations.push(`rule 2: stance ${entity} ${stance.position} ${stance.claim}: ${entity} speaks in no evidence`);
      }
      if (viewpoint && !(members.get(viewpoint) ?? []).some((slug) => speakIn(stance.evidence, slug))) {
        violations.push(
          `rule 3: stance ${viewpoint} ${stance.position} ${stance.claim}: no member speaks in its evidence`,
        );
      }
    }
    for (const v of bundle.viewpoints) {
      for (const m of v.members) {
        if (!speakIn(m.evidence, m.entity))
          violations.push(`rule 4: viewpoint ${v.slug}: member ${m.entity} speaks in no evidence`);
      }
    }
    expect(violations).toEqual([]);
    expect(violations).toHaveLength(0);
  });

  it("names as speaker only someone the quoted sentence mentions, and the source's author only in its own voice", () => {
    const wrong: string[] = [];
    for (const { where, selector } of cited) {
      const own = ownVoices(selector.source);
      const context = contextOf(selector);
      for (const slug of selector.speakers) {
        if (selector.attribution === "AUTHOR") {
          if (!own.has(slug))
            wrong.push(`${where}: AUTHOR quote spoken by ${slug}, not an author of ${selector.source}`);
        } else if (own.has(slug) || !mentions(context, slug)) {
          wrong.push(`${where}: ${slug} (${selector.attribution}) is not mentioned by ${JSON.stringify(context)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has a reviewed mention list for every entity that speaks", () => {
    const speakers = new Set(cited.flatMap(({ selector }) => selector.speakers));
    expect([...speakers].filter((slug) => !(slug in MENTIONS)).sort()).toEqual([]);
  });

  it("gives one passage the same speakers and attribution wherever it is cited", () => {
    const seen = new Map<string, { where: string; who: string }>();
    const conflicts: string[] = [];
    for (const { where, selector } of cited) {
      const [start] = locate(texts.get(selector.source) ?? "", selector);
      const key = `${selector.source}:${start}:${selector.exact.length}`;
      const who = `${[...selector.speakers].sort().join(",")} ${selector.attribution}`;
      const first = seen.get(key);
      if (!first) seen.set(key, { where, who });
      else if (first.who !== who) conflicts.push(`${where}: ${who}, but ${first.who} at ${first.where}`);
    }
    expect(conflicts).toEqual([]);
  });

  it("quotes a group's words as ATTRIBUTED_TO_GROUP and the source's own voice as AUTHOR", () => {
    const kind = new Map(bundle.entities.map((e) => [e.slug, e.kind]));
    const mismatched = cited
      .filter(
        ({ selector }) =>
          selector.attribution === "ATTRIBUTED_TO_GROUP" &&
          selector.speakers.some((slug) => kind.get(slug) !== "GROUP"),
      )
      .map(({ where }) => where);
    expect(mismatched).toEqual([]);
  });
});
