import type {
  Analysis,
  AnalysisInput,
  AttributionName,
  ClaimCandidate,
  ClaimKindName,
  EntityKindName,
  MentionProposal,
  QuoteProposal,
  SpeakerProposal,
  TextSpan,
} from "./analysis.model";
import { matchKnown, type KnownMatch } from "./analyse/known";
import {
  ARTICLES,
  ATTITUDE_CUES,
  CAUSAL,
  COMPARATIVE,
  EVALUATIVE,
  EVENT_WORDS,
  GOVERNMENT_WORDS,
  NORMATIVE,
  NUMBER,
  ORGANIZATION_WORDS,
  PEOPLE_NOUNS,
  PLACE_WORDS,
  PLURAL_PRONOUNS,
  POLICY_WORDS,
  PREDICTIVE,
  QUANTIFIERS,
  ROLE_NOUNS,
  SINGULAR_PRONOUNS,
  SPEECH_CUES,
} from "./analyse/lexicon";
import { tokenize, type Token } from "./analyse/nlp";
import { findQuotations, type Quotation } from "./analyse/quotations";
import { splitSentences, type Sentence } from "./analyse/sentences";

/** Sentences longer than this are split and matched for known entities, not parsed for speech or claims. */
export const MAX_PARSED_SENTENCE = 4_000;
/** Claim candidates below this check-worthiness are not proposed. */
export const CLAIM_THRESHOLD = 0.4;

type Speaker = Exclude<SpeakerProposal, { author: true }>;

const span = (text: string, start: number, end: number): TextSpan => ({ start, end, exact: text.slice(start, end) });

/** The first index of a list sorted by `start` whose start is at or after `at`. */
function firstFrom<T extends { start: number }>(list: T[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** wink-nlp's lite model tags some role nouns as adjectives ("police chief/ADJ"): the lexicon corrects it. */
const isNounish = (t: Token) =>
  t.pos === "NOUN" ||
  t.pos === "PROPN" ||
  t.pos === "NUM" ||
  ROLE_NOUNS.has(t.lemma) ||
  ROLE_NOUNS.has(t.lower) ||
  PEOPLE_NOUNS.has(t.lemma) ||
  t.lower === "others";
const isPossessive = (t: Token) => t.lower === "'s" || t.lower === "'";
const NP_PREPOSITIONS = new Set(["of", "in", "for", "from", "at"]);
const capitalised = (t: Token) => /^\p{Lu}/u.test(t.text);
/** Plural: wink's lemma differs ("critics" → "critic"), or, for a capitalised word it took for a name, a people noun with an s. */
const plural = (t: Token) =>
  (t.lower !== t.lemma && /s$/.test(t.lower)) ||
  (/[^s]s$/.test(t.lower) && (PEOPLE_NOUNS.has(t.lower.slice(0, -1)) || ROLE_NOUNS.has(t.lower.slice(0, -1)))) ||
  t.lower === "others";
/** Days and months: capitalised, but no entity. */
const CALENDAR =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/;
/** Singular of a people noun wink took for a name ("Opponents" → "opponent"). */
const lexical = (t: Token) =>
  [t.lemma, t.lower, t.lower.replace(/s$/, "")].find((w) => ROLE_NOUNS.has(w) || PEOPLE_NOUNS.has(w));

/** A noun phrase: token range [from, to] inclusive, and its head (the last noun before any preposition). */
interface Phrase {
  from: number;
  to: number;
  head: number;
}

function headOf(tokens: Token[], from: number, to: number): number {
  let head = -1;
  for (let k = from; k <= to; k++) {
    if (NP_PREPOSITIONS.has(tokens[k].lower) && head !== -1) break;
    if (isNounish(tokens[k]) || QUANTIFIERS.has(tokens[k].lower)) head = k;
  }
  return head;
}

/**
 * The noun phrase that ends at token `end` (a verb's subject), read backwards: nouns, adjectives,
 * determiners, possessive 's, "and", and "of/in/for" inside the phrase. Hand-rolled because the lite
 * model has no noun chunker; the POS tags come from wink-nlp. A noun followed by a determiner
 * ("cities support the") reads as a verb and ends the phrase.
 */
function phraseBefore(tokens: Token[], end: number, floor: number): Phrase | undefined {
  let k = end;
  while (k >= floor && k > end - 14) {
    const t = tokens[k];
    const ok =
      isNounish(t) ||
      t.pos === "ADJ" ||
      t.pos === "DET" ||
      isPossessive(t) ||
      QUANTIFIERS.has(t.lower) ||
      ((t.lower === "and" || NP_PREPOSITIONS.has(t.lower)) && k < end && k > floor) ||
      (t.pos === "PRON" && ["their", "his", "her", "its", "our"].includes(t.lower));
    if (!ok) break;
    k -= 1;
  }
  let from = k + 1;
  while (from <= end && (tokens[from].lower === "and" || NP_PREPOSITIONS.has(tokens[from].lower))) from += 1;
  if (from > end) return undefined;
  const head = headOf(tokens, from, end);
  return head === -1 ? undefined : { from, to: end, head };
}

/** The noun phrase that starts at token `start` (after "according to", or "said" in "said the mayor"). */
function phraseAfter(tokens: Token[], start: number): Phrase | undefined {
  let k = start;
  while (k < tokens.length && k < start + 14) {
    const t = tokens[k];
    const ok =
      isNounish(t) ||
      t.pos === "ADJ" ||
      t.pos === "DET" ||
      isPossessive(t) ||
      (["of", "in", "for", "at", "and"].includes(t.lower) &&
        k > start &&
        k + 1 < tokens.length &&
        tokens[k + 1].pos !== "PUNCT");
    if (!ok) break;
    k += 1;
  }
  let to = k - 1;
  while (to >= start && (tokens[to].lower === "and" || NP_PREPOSITIONS.has(tokens[to].lower))) to -= 1;
  if (to < start) return undefined;
  const head = headOf(tokens, start, to);
  return head === -1 ? undefined : { from: start, to, head };
}

interface Context {
  text: string;
  known: KnownMatch[];
  /** Offsets of words seen capitalised inside a sentence (not first): proper names, not sentence openers. */
  properInside: Set<string>;
}

/**
 * The kind of a proposed entity, by simple rules: a name (last word capitalised) is a PERSON unless
 * a word of it names an institution (GOVERNMENT_BODY: department, police, patrol, council...;
 * ORGANIZATION: company, party, post, news...), a place (street, river, county...), a policy (act,
 * law, bill...) or an event (election, war, summit...); a common noun is a GROUP when plural or a
 * collective ("police", "community"), else a PERSON for a role ("mayor") or the institution kinds above.
 */
function kindOf(words: Token[], head: Token): EntityKindName {
  const lemmas = words.map((w) => w.lemma.replace(/\.$/, ""));
  const has = (set: Set<string>) => lemmas.some((l) => set.has(l));
  const named = capitalised(head) && head.pos === "PROPN" && !lexical(head);
  if (named) {
    if (has(POLICY_WORDS) && POLICY_WORDS.has(head.lemma)) return "POLICY";
    if (has(EVENT_WORDS)) return "EVENT";
    if (has(GOVERNMENT_WORDS) && !has(ORGANIZATION_WORDS)) return "GOVERNMENT_BODY";
    if (has(ORGANIZATION_WORDS)) return "ORGANIZATION";
    if (has(PLACE_WORDS)) return "PLACE";
    if (ROLE_NOUNS.has(head.lemma) || PEOPLE_NOUNS.has(head.lemma)) return plural(head) ? "GROUP" : "PERSON";
    return "PERSON";
  }
  if (QUANTIFIERS.has(head.lower) || head.lower === "others") return "GROUP";
  if (plural(head) || ["police", "people", "public", "community", "staff"].includes(head.lemma)) return "GROUP";
  if (lexical(head)) return "PERSON";
  if (GOVERNMENT_WORDS.has(head.lemma)) return "GOVERNMENT_BODY";
  if (ORGANIZATION_WORDS.has(head.lemma)) return "ORGANIZATION";
  return "PERSON";
}

/** A readable name: the phrase without leading articles, first letter capitalised ("the police chief" → "Police chief"). */
function nameOf(text: string, tokens: Token[], from: number, to: number): { start: number; name: string } {
  let k = from;
  while (k < to && ARTICLES.has(tokens[k].lower)) k += 1;
  const raw = text.slice(tokens[k].start, tokens[to].end).replace(/\s+/g, " ");
  return { start: tokens[k].start, name: raw.charAt(0).toUpperCase() + raw.slice(1) };
}

function knownIn(ctx: Context, start: number, end: number): KnownMatch | undefined {
  // Longest known match inside the span; `known` is sorted by start.
  let best: KnownMatch | undefined;
  for (let k = firstFrom(ctx.known, start); k < ctx.known.length; k++) {
    const m = ctx.known[k];
    if (m.start >= end) break;
    if (m.start >= start && m.end <= end && (!best || m.end - m.start > best.end - best.start)) best = m;
  }
  return best;
}

/** The speakers a subject phrase names: one per conjunct ("the mayor and police chief" → two). */
function speakersOf(ctx: Context, tokens: Token[], phrase: Phrase): Speaker[] {
  const whole = knownIn(ctx, tokens[phrase.from].start, tokens[phrase.to].end);
  if (whole && whole.start === tokens[phrase.from].start && whole.end === tokens[phrase.to].end) {
    return [
      {
        mention: span(ctx.text, whole.start, whole.end),
        entityId: whole.entity.id,
        name: whole.entity.name,
        kind: whole.entity.kind,
      },
    ];
  }
  // Conjuncts split on "and" before any preposition: a trailing "of a sanctuary city" stays on the last one.
  const parts: [number, number][] = [];
  let first = phrase.from;
  for (let k = phrase.from; k <= phrase.to; k++) {
    if (NP_PREPOSITIONS.has(tokens[k].lower)) break;
    if (tokens[k].lower === "and" && k > first) {
      parts.push([first, k - 1]);
      first = k + 1;
    }
  }
  parts.push([first, phrase.to]);
  // "the council's own estimates": a thing's owner speaks through it.
  const owner = tokens.slice(phrase.from, phrase.to + 1).findIndex(isPossessive);
  const headToken = tokens[phrase.head];
  if (parts.length === 1 && owner > 0 && !lexical(headToken) && headToken.pos !== "PROPN")
    parts[0] = [phrase.from, phrase.from + owner - 1];
  const out: Speaker[] = [];
  for (const [from, to] of parts) {
    const head = headOf(tokens, from, to);
    if (head === -1) continue;
    const known = knownIn(ctx, tokens[from].start, tokens[to].end);
    if (known) {
      out.push({
        mention: span(ctx.text, known.start, known.end),
        entityId: known.entity.id,
        name: known.entity.name,
        kind: known.entity.kind,
      });
      continue;
    }
    const { start, name } = nameOf(ctx.text, tokens, from, to);
    out.push({
      mention: span(ctx.text, start, tokens[to].end),
      name,
      kind: kindOf(tokens.slice(from, to + 1), tokens[head]),
    });
  }
  return out;
}

/** A subject that can speak: a name, a person or group noun, a quantifier ("some"), or, for verbs of saying, any noun. */
function animate(tokens: Token[], phrase: Phrase, strong: boolean): boolean {
  const head = tokens[phrase.head];
  if (head.pos === "PROPN" && capitalised(head)) return true;
  if (
    ROLE_NOUNS.has(head.lemma) ||
    PEOPLE_NOUNS.has(head.lemma) ||
    QUANTIFIERS.has(head.lower) ||
    head.lower === "others"
  )
    return true;
  if (GOVERNMENT_WORDS.has(head.lemma) || ORGANIZATION_WORDS.has(head.lemma)) return true;
  return strong && head.pos === "NOUN" && !["incident", "stance", "this", "situation", "request"].includes(head.lemma);
}

/**
 * Pronoun speakers, resolved by a simple, documented coreference: "they"/"we" stand for the most
 * recent speakers that are several or a group; "he"/"she"/"I" for the most recent single person;
 * either falls back to the most recent speakers of any number. Looked for among the speakers of the
 * last 6 attributed spans only, so a pronoun far from any speaker resolves to nothing (no cue).
 */
function resolvePronoun(pronoun: string, recent: Speaker[][]): Speaker[] | undefined {
  const window = recent.slice(-6).reverse();
  const several = (g: Speaker[]) => g.length > 1 || g.some((s) => s.kind === "GROUP");
  if (PLURAL_PRONOUNS.has(pronoun)) return window.find(several) ?? window[0];
  if (SINGULAR_PRONOUNS.has(pronoun)) return window.find((g) => g.length === 1 && g[0].kind === "PERSON") ?? window[0];
  return undefined;
}

type CueType = "SUBJECT" | "PARTICIPLE" | "INVERTED" | "ACCORDING";

interface Cue {
  type: CueType;
  /** Token range of the cue words. */
  from: number;
  to: number;
  speakers: Speaker[];
  /** Token range of the speaker phrase, when it is in this sentence. */
  who?: Phrase;
  pronoun: boolean;
  strong: boolean;
}

/** Inside a quotation's words (a cue there belongs to the quoted speaker, not to the text). */
const inside = (quotations: Quotation[], at: number) => quotations.some((q) => at >= q.innerStart && at < q.innerEnd);

/**
 * Attribution cues of one sentence, in order: "X said/argue(s) that", "said X", "according to X",
 * ", arguing that" (the speaker is the sentence's subject), "X who feel that". A verb counts by its
 * lemma (SPEECH_CUES, or ATTITUDE_CUES with a person or group as subject); a passive ("was said") has
 * no speaker and is no cue.
 */
function findCues(
  ctx: Context,
  tokens: Token[],
  quotations: Quotation[],
  recent: Speaker[][],
  mainSubject: () => Speaker[] | undefined,
): Cue[] {
  const cues: Cue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (inside(quotations, t.start)) continue;
    if (t.lower === "according" && tokens[i + 1]?.lower === "to") {
      const who = phraseAfter(tokens, i + 2);
      if (who)
        cues.push({
          type: "ACCORDING",
          from: i,
          to: i + 1,
          who,
          speakers: speakersOf(ctx, tokens, who),
          pronoun: false,
          strong: true,
        });
      continue;
    }
    let lemma = t.lemma;
    let to = i;
    // "made it clear that", "point out that": cues of two or three words.
    if (
      lemma === "make" &&
      (tokens[i + 1]?.lower === "clear" || (tokens[i + 1]?.lower === "it" && tokens[i + 2]?.lower === "clear"))
    ) {
      lemma = "state";
      to = tokens[i + 1].lower === "clear" ? i + 1 : i + 2;
    } else if (lemma === "point" && tokens[i + 1]?.lower === "out") {
      lemma = "state";
      to = i + 1;
    }
    const strong = SPEECH_CUES.has(lemma) || (lemma === "state" && to > i);
    if (!strong && !ATTITUDE_CUES.has(lemma)) continue;
    // wink's lite model tags some cue verbs as nouns after a plural subject ("islanders fear the ..."):
    // a cue noun right after a plural noun and before a determiner, pronoun or "that" reads as a verb.
    const verbish =
      t.pos === "VERB" ||
      (t.pos === "NOUN" &&
        i > 0 &&
        plural(tokens[i - 1]) &&
        ["DET", "PRON", "SCONJ"].includes(tokens[i + 1]?.pos ?? ""));
    if (!verbish && to === i) continue;
    // "responded to a call", "replied to a letter": an action, not speech.
    if (["respond", "reply", "react"].includes(lemma) && tokens[to + 1]?.lower === "to") continue;
    let j = i - 1;
    while (
      j >= 0 &&
      (tokens[j].pos === "ADV" || tokens[j].pos === "AUX" || tokens[j].lower === "not" || tokens[j].lower === "also")
    )
      j -= 1;
    if (j >= 0 && j < i - 1 && tokens.slice(j + 1, i).some((x) => x.lemma === "be")) continue; // passive: "was said"
    const prev = tokens[j];
    const next = tokens[to + 1];
    if (/ing$/.test(t.lower) && (!prev || prev.text === "," || prev.pos === "PUNCT")) {
      // ", arguing that ...": the speaker is the subject of the sentence.
      const speakers = mainSubject();
      if (speakers?.length) cues.push({ type: "PARTICIPLE", from: i, to, speakers, pronoun: false, strong });
      continue;
    }
    if (prev && (prev.lower === "who" || prev.lower === "that") && prev.pos !== "SCONJ") {
      const who = phraseBefore(tokens, j - 1, 0);
      if (who && animate(tokens, who, strong))
        cues.push({
          type: "SUBJECT",
          from: i,
          to,
          who,
          speakers: speakersOf(ctx, tokens, who),
          pronoun: false,
          strong,
        });
      continue;
    }
    if (prev && prev.pos === "PRON" && (PLURAL_PRONOUNS.has(prev.lower) || SINGULAR_PRONOUNS.has(prev.lower))) {
      const speakers = resolvePronoun(prev.lower, recent);
      if (speakers)
        cues.push({ type: "SUBJECT", from: i, to, who: { from: j, to: j, head: j }, speakers, pronoun: true, strong });
      continue;
    }
    if (prev && prev.pos !== "PUNCT") {
      const who = phraseBefore(tokens, j, 0);
      if (who && animate(tokens, who, strong)) {
        cues.push({
          type: "SUBJECT",
          from: i,
          to,
          who,
          speakers: speakersOf(ctx, tokens, who),
          pronoun: false,
          strong,
        });
        continue;
      }
    }
    if (prev?.text === "," && j > 0) {
      // "Its chief executive, Sarah Okafor, told ...": the name in apposition is the subject.
      const who = phraseBefore(tokens, j - 1, 0);
      const before = who ? tokens[who.from - 1] : undefined;
      if (who && tokens[who.head].pos === "PROPN" && capitalised(tokens[who.head]) && before?.text === ",") {
        cues.push({
          type: "SUBJECT",
          from: i,
          to,
          who,
          speakers: speakersOf(ctx, tokens, who),
          pronoun: false,
          strong,
        });
        continue;
      }
    }
    if (strong && (!prev || prev.pos === "PUNCT") && next) {
      // "..., said the mayor" / "”, said Maria López": what comes before is reported, so the phrase
      // after the cue must end the clause (not "told reporters that ...").
      const who = phraseAfter(tokens, to + 1);
      const after = who ? tokens[who.to + 1] : undefined;
      if (who && animate(tokens, who, true) && (!after || after.pos === "PUNCT"))
        cues.push({
          type: "INVERTED",
          from: i,
          to,
          who,
          speakers: speakersOf(ctx, tokens, who),
          pronoun: false,
          strong,
        });
    }
  }
  return cues;
}

const CONNECTIVES = new Set([",", ";", "while", "whereas", "but", "and", "with", "—", "–", "-"]);

/** Where a cue's clause begins: its speaker for "X said", the cue for ", arguing", then back over connectives. */
function clauseStart(cue: Cue): number {
  return cue.type === "SUBJECT" && cue.who ? Math.min(cue.who.from, cue.from) : cue.from;
}

interface Attributed {
  span: [number, number];
  content: [number, number];
  cue: Cue;
}

/** The words each cue reports: after the cue ("that" skipped) up to the next cue's clause, or before it when nothing follows. */
function attribute(tokens: Token[], cues: Cue[]): Attributed[] {
  const out: Attributed[] = [];
  cues.forEach((cue, n) => {
    const nextCue = cues[n + 1];
    let limit = tokens.length - 1;
    if (nextCue) {
      limit = clauseStart(nextCue) - 1;
      while (limit > cue.to && CONNECTIVES.has(tokens[limit].lower)) limit -= 1;
    }
    while (limit > cue.to && tokens[limit].pos === "PUNCT" && !/["”’]/.test(tokens[limit].text)) limit -= 1;
    let from = cue.to + 1;
    if (cue.type === "INVERTED" || cue.type === "ACCORDING") from = (cue.who?.to ?? cue.to) + 1;
    while (from <= limit && (tokens[from].lower === "that" || tokens[from].text === "," || tokens[from].text === ":"))
      from += 1;
    const previousEnd = n > 0 ? (out[out.length - 1]?.span[1] ?? -1) : -1;
    const speakerFirst = cue.type === "SUBJECT" && cue.who ? cue.who.from : cue.from;
    if (from > limit || cue.type === "INVERTED") {
      // Nothing after the cue: "“...,” said X." / "..., officials said." report what comes before.
      let end = (cue.type === "SUBJECT" && cue.who ? cue.who.from : cue.from) - 1;
      while (end > previousEnd && tokens[end].pos === "PUNCT" && !/["”’]/.test(tokens[end].text)) end -= 1;
      const begin = previousEnd + 1;
      if (end < begin) return;
      const last = cue.type === "INVERTED" || cue.type === "ACCORDING" ? (cue.who?.to ?? cue.to) : cue.to;
      out.push({ span: [begin, last], content: [begin, end], cue });
      return;
    }
    const before = out[out.length - 1];
    const same = (x: Speaker[], y: Speaker[]) => x.map((v) => v.name).join("|") === y.map((v) => v.name).join("|");
    if (
      cue.type === "PARTICIPLE" &&
      before &&
      before.span[1] >= cue.from - 2 &&
      same(before.cue.speakers, cue.speakers)
    ) {
      // "Residents support the plan, believing it ...": one speaker, one span; the participle's clause is the claim.
      before.span = [before.span[0], limit];
      before.content = [from, limit];
      return;
    }
    let spanFrom = cue.type === "PARTICIPLE" ? cue.from : speakerFirst;
    if (cue.type === "ACCORDING") spanFrom = cue.from;
    // An introduction with no verb of its own ("In a public statement, both ...") belongs to the clause.
    if (n === 0 && cue.type === "SUBJECT" && !tokens.slice(0, spanFrom).some((t) => t.pos === "VERB")) spanFrom = 0;
    out.push({ span: [spanFrom, limit], content: [from, limit], cue });
  });
  return out;
}

/** ClaimBuster-like check-worthiness from simple features, and the claim's kind. */
function scoreClaim(claim: string, mentions: number, named: number): { score: number; kind: ClaimKindName } {
  const wordsCount = claim.split(/\s+/).filter(Boolean).length;
  let score = 0.25;
  if (NUMBER.test(claim)) score += 0.25;
  if (named > 0) score += 0.15;
  if (mentions > 0) score += 0.05;
  if (CAUSAL.test(claim)) score += 0.15;
  if (COMPARATIVE.test(claim)) score += 0.1;
  if (NORMATIVE.test(claim) || PREDICTIVE.test(claim)) score += 0.05;
  if (wordsCount >= 8 && wordsCount <= 45) score += 0.1;
  if (wordsCount < 5) score -= 0.3;
  if (/\b(I|me|my|you|your)\b/.test(claim)) score -= 0.1;
  const kind: ClaimKindName = NORMATIVE.test(claim)
    ? "NORMATIVE"
    : CAUSAL.test(claim) && /\b(lead|led|cause|because|due to|result|undermin|hinder)/i.test(claim)
      ? "CAUSAL"
      : PREDICTIVE.test(claim)
        ? "PREDICTIVE"
        : EVALUATIVE.test(claim)
          ? "EVALUATIVE"
          : "FACTUAL";
  return { score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), kind };
}

/** A claim's text: no quotation marks, no leading connective, first letter capitalised, one final period. */
function cleanClaim(raw: string): string {
  let s = raw
    .replace(/[“”"«»„]/g, "")
    .replace(/(^|[\s(])[‘']|[’'](?=[\s.,;:!?)]|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  s = s.replace(/^(that|while|whereas|and|but|as|,)\s+/i, "");
  s = s.replace(/[\s,;:–—-]+$/u, "").replace(/[.!?…]+$/u, "");
  if (s === "") return s;
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}

/** The analyser: sentences, quotations and attributed spans, entity mentions, claim candidates. Synchronous and deterministic. */
export function analyse(input: AnalysisInput): Analysis {
  const text = typeof input.text === "string" ? input.text : "";
  const sentences = splitSentences(text, input.language ?? "en");
  const quotations = findQuotations(text);
  const known = matchKnown(text, input.known ?? []).sort((a, b) => a.start - b.start);
  const ctx: Context = { text, known, properInside: new Set() };

  const quotes: QuoteProposal[] = [];
  const claims: ClaimCandidate[] = [];
  const mentions = new Map<string, MentionProposal>();
  const recent: Speaker[][] = [];
  const english = !input.language || /^en\b/i.test(input.language);

  for (const m of known) {
    mentions.set(`${m.start}:${m.end}`, {
      ...span(text, m.start, m.end),
      entityId: m.entity.id,
      how: m.how,
      name: m.entity.name,
      kind: m.entity.kind,
      score: 1,
    });
  }

  const tokenized = sentences.map((s) =>
    english && s.exact.length <= MAX_PARSED_SENTENCE ? tokenize(s.exact, s.start) : [],
  );
  // Words seen capitalised after a sentence's first word: there they are names, not sentence openers.
  tokenized.forEach((tokens, n) => {
    if (sentences[n].heading) return;
    tokens.forEach((t, k) => {
      if (k > 0 && capitalised(t) && tokens[k - 1].text !== "“" && tokens[k - 1].text !== '"')
        ctx.properInside.add(t.lower);
    });
  });

  const addMention = (m: MentionProposal) => {
    const key = `${m.start}:${m.end}`;
    if (mentions.has(key)) return;
    const k = firstFrom(known, m.start - 1_000);
    for (let i = k; i < known.length && known[i].start < m.end; i++) if (m.start < known[i].end) return;
    mentions.set(key, m);
    local.push(m);
  };

  const quotationsIn = (s: TextSpan) => {
    const out: Quotation[] = [];
    for (let k = firstFrom(quotations, s.start); k < quotations.length && quotations[k].start < s.end; k++) {
      if (quotations[k].end <= s.end + 1) out.push(quotations[k]);
    }
    return out;
  };
  /** Mentions of the sentence being read (known ones and those found in it), for claim subjects. */
  let local: MentionProposal[] = [];
  let sq: Quotation[] = [];

  const propose = (
    sentence: Sentence,
    tokens: Token[],
    spanRange: [number, number],
    contentRange: [number, number],
    attribution: AttributionName,
    speakers: SpeakerProposal[],
    cue: TextSpan | undefined,
    score: number,
  ) => {
    const start = tokens[spanRange[0]].start;
    let end = tokens[spanRange[1]].end;
    if (end > sentence.end) end = sentence.end;
    const contentStart = tokens[contentRange[0]].start;
    const contentEnd = tokens[contentRange[1]].end;
    // DIRECT when quotation marks hold most of what is reported; a few quoted words in reported speech stay indirect.
    const quotedChars = sq
      .filter((q) => q.depth === 0 && q.start < contentEnd && q.end > contentStart)
      .reduce((sum, q) => sum + Math.min(q.end, contentEnd) - Math.max(q.start, contentStart), 0);
    const quoted = attribution !== "AUTHOR" && quotedChars >= 0.6 * (contentEnd - contentStart);
    quotes.push({
      ...span(text, start, end),
      attribution: quoted ? "DIRECT" : attribution,
      ...(cue ? { cue } : {}),
      speakers,
      score,
      quoted,
    });
    const claimText = cleanClaim(text.slice(contentStart, contentEnd));
    if (sentence.heading && attribution === "AUTHOR" && score < 0.4) return;
    const inside = local.filter((m) => m.start >= contentStart && m.end <= contentEnd);
    const named = inside.filter((m) => m.entityId || m.how === "PROPER_NAME").length;
    const { score: worth, kind } = scoreClaim(claimText, inside.length, named);
    if (worth < CLAIM_THRESHOLD || claimText.split(/\s+/).length < 5) return;
    claims.push({
      ...span(text, contentStart, contentEnd),
      text: claimText,
      kind,
      attribution: quoted ? "DIRECT" : attribution,
      speakers,
      subjects: inside.map((m) => ({ ...(m.entityId ? { entityId: m.entityId } : {}), name: m.name, kind: m.kind })),
      score: worth,
    });
  };

  sentences.forEach((sentence, n) => {
    const tokens = tokenized[n];
    if (tokens.length === 0) return;
    local = known
      .slice(firstFrom(known, sentence.start), firstFrom(known, sentence.end))
      .map((m) => mentions.get(`${m.start}:${m.end}`)!);
    sq = quotationsIn(sentence);

    // Mentions of new entities: names, roles, groups (not in headings or boilerplate, where capitals mean nothing).
    if (!sentence.heading && !sentence.boilerplate) {
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k];
        // Proper names: runs of capitalised PROPN words ("Border Patrol", "Maria López"); a run at the
        // sentence's start counts when longer than a word or when its word is capitalised elsewhere too.
        if (capitalised(t) && (t.pos === "PROPN" || (k > 0 && t.pos === "NOUN"))) {
          let e = k;
          while (
            e + 1 < tokens.length &&
            ((capitalised(tokens[e + 1]) && ["PROPN", "NOUN"].includes(tokens[e + 1].pos)) ||
              (["of", "for", "and", "de", "la"].includes(tokens[e + 1].lower) &&
                e + 2 < tokens.length &&
                capitalised(tokens[e + 2]) &&
                tokens[e + 2].pos === "PROPN"))
          )
            e += tokens[e + 1].lower.match(/^(of|for|and|de|la)$/) ? 2 : 1;
          const words = tokens.slice(k, e + 1);
          const atStart = k === 0 || ["“", '"', "‘"].includes(tokens[k - 1].text);
          const common =
            words.length === 1 && (lexical(t) !== undefined || QUANTIFIERS.has(t.lower) || t.lower === "others");
          if (
            !common &&
            !(words.length === 1 && CALENDAR.test(t.lower)) &&
            (!atStart || words.length > 1 || ctx.properInside.has(t.lower))
          ) {
            const head = words[words.length - 1];
            const roleHead = ROLE_NOUNS.has(head.lemma) && !capitalised(head);
            if (!roleHead) {
              addMention({
                ...span(text, t.start, head.end),
                how: "PROPER_NAME",
                name: text.slice(t.start, head.end),
                kind: kindOf(words, { ...head, pos: "PROPN" }),
                score: words.length > 1 ? 0.8 : 0.6,
              });
            }
          }
          if (!common) {
            k = e;
            continue;
          }
        }
        // Roles and groups: a noun phrase whose head is a role ("the police chief") or plural people
        // ("critics of sanctuary policies", "some residents"), with one "of/in" phrase after it.
        const word = lexical(t);
        const isRole = word !== undefined && ROLE_NOUNS.has(word);
        const isGroup =
          word !== undefined &&
          PEOPLE_NOUNS.has(word) &&
          (plural(t) || ["people", "police", "others"].includes(t.lower));
        if (!(isRole || isGroup) || !isNounish(t)) continue;
        // A compound goes on ("police chief"): the mention is the whole of it, read at its last noun.
        if (tokens[k + 1] && isNounish(tokens[k + 1]) && !plural(t)) continue;
        let from = k;
        while (
          from > 0 &&
          from > k - 5 &&
          !isPossessive(tokens[from - 1]) &&
          !CALENDAR.test(tokens[from - 1].lower) &&
          ["ADJ", "NOUN", "PROPN", "DET"].includes(tokens[from - 1].pos) &&
          !QUANTIFIERS.has(tokens[from].lower) &&
          !ARTICLES.has(tokens[from].lower)
        )
          from -= 1;
        let to = k;
        if (plural(t) && tokens[k + 1] && ["of", "in", "for"].includes(tokens[k + 1].lower)) {
          const pp = phraseAfter(tokens, k + 2);
          if (pp && pp.to - k <= 6) to = pp.to;
        }
        const { start, name } = nameOf(text, tokens, from, to);
        if (start >= tokens[to].end) continue;
        const kind = kindOf(tokens.slice(from, to + 1), t);
        addMention({
          ...span(text, start, tokens[to].end),
          how: isRole ? "ROLE" : "GROUP",
          name,
          kind,
          score: 0.6,
        });
      }
    }

    if (sentence.boilerplate || sentence.exact.endsWith("?")) return;
    const hasVerb = tokens.some((t) => t.pos === "VERB" || t.pos === "AUX");
    if (sentence.heading) {
      // A headline ("Mayor Scolds Cops for ...") states something; a section heading ("The Background") does not.
      if (tokens.length >= 6 && tokens.some((t) => t.pos === "VERB")) {
        let last = tokens.length - 1;
        const colon = tokens.findIndex((t) => t.text === ":");
        if (colon > 3) last = colon - 1;
        propose(sentence, tokens, [0, last], [0, last], "AUTHOR", [{ author: true }], undefined, 0.3);
      }
      return;
    }

    let subjectCache: Speaker[] | undefined | null = null;
    const mainSubject = () => {
      if (subjectCache !== null) return subjectCache;
      // The sentence's subject: the phrase before its first verb, after an introduction ending in a comma.
      const verb = tokens.findIndex(
        (t) =>
          t.pos === "VERB" ||
          (t.pos === "NOUN" &&
            tokens[tokens.indexOf(t) + 1]?.pos === "DET" &&
            plural(tokens[tokens.indexOf(t) - 1] ?? t)),
      );
      subjectCache = undefined;
      if (verb > 0) {
        let j = verb - 1;
        while (j >= 0 && (tokens[j].pos === "ADV" || tokens[j].pos === "AUX")) j -= 1;
        const comma = tokens
          .slice(0, j + 1)
          .map((t) => t.text)
          .lastIndexOf(",");
        const who = j >= 0 ? phraseBefore(tokens, j, comma + 1) : undefined;
        if (who && animate(tokens, who, false)) subjectCache = speakersOf(ctx, tokens, who);
        else if (j >= 0 && tokens[j].pos === "PRON") subjectCache = resolvePronoun(tokens[j].lower, recent);
      }
      return subjectCache;
    };
    const cues = findCues(ctx, tokens, sq, recent, mainSubject);
    const attributed = attribute(tokens, cues);
    for (const a of attributed) {
      const group = a.cue.speakers.some((s) => s.kind === "GROUP");
      const attribution: AttributionName = group ? "ATTRIBUTED_TO_GROUP" : "INDIRECT";
      const cueSpan = span(text, tokens[a.cue.from].start, tokens[a.cue.to].end);
      const score = Math.round(((a.cue.strong ? 0.8 : 0.65) - (a.cue.pronoun ? 0.1 : 0)) * 100) / 100;
      propose(sentence, tokens, a.span, a.content, attribution, a.cue.speakers, cueSpan, score);
      recent.push(a.cue.speakers);
      if (recent.length > 12) recent.splice(0, recent.length - 6);
    }

    // What no cue covers is the source's own voice: the whole sentence, or a main clause before a cue's
    // clause (not an introduction: it must have a verb and not open with a preposition or conjunction).
    const covered = attributed.map((a) => a.span).sort((x, y) => x[0] - y[0]);
    const segments: [number, number][] = [];
    if (covered.length === 0) segments.push([0, tokens.length - 1]);
    else {
      let cursor = 0;
      for (const [a, b] of covered) {
        if (a > cursor) segments.push([cursor, a - 1]);
        cursor = Math.max(cursor, b + 1);
      }
      if (cursor < tokens.length) segments.push([cursor, tokens.length - 1]);
    }
    for (const [a0, b0] of segments) {
      let a = a0;
      let b = b0;
      while (a <= b && (tokens[a].pos === "PUNCT" || CONNECTIVES.has(tokens[a].lower))) a += 1;
      while (b >= a && tokens[b].pos === "PUNCT" && !/[.!"”’]/.test(tokens[b].text)) b -= 1;
      while (b >= a && CONNECTIVES.has(tokens[b].lower)) b -= 1;
      if (b < a) continue;
      const piece = tokens.slice(a, b + 1);
      const wordCount = piece.filter((t) => t.pos !== "PUNCT").length;
      if (!hasVerb || !piece.some((t) => t.pos === "VERB" || t.pos === "AUX") || wordCount < 4) continue;
      if (covered.length > 0 && (["ADP", "SCONJ"].includes(piece[0].pos) || wordCount < 5)) continue;
      // A quotation with no cue, standing for the whole sentence: the last speakers go on talking.
      const only = sq.find(
        (q) => q.depth === 0 && q.start <= piece[0].start && q.end >= piece[piece.length - 1].end - 1,
      );
      if (only && covered.length === 0) {
        const speakers =
          recent.length > 0 && n > 0 && sentences[n - 1].paragraph >= sentence.paragraph - 1
            ? recent[recent.length - 1]
            : undefined;
        if (speakers) propose(sentence, tokens, [a, b], [a, b], "DIRECT", speakers, undefined, 0.5);
        continue;
      }
      propose(sentence, tokens, [a, b], [a, b], "AUTHOR", [{ author: true }], undefined, 0.5);
    }
  });

  const byPosition = <T extends TextSpan>(list: T[]) => list.sort((x, y) => x.start - y.start || x.end - y.end);
  return {
    sentences: sentences.map((s) => span(text, s.start, s.end)),
    quotes: byPosition(quotes),
    mentions: byPosition([...mentions.values()]),
    claims: byPosition(claims),
  };
}
