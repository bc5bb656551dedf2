import type { TextSpan } from "../analysis.model";

export interface Sentence extends TextSpan {
  /** Index of its line (paragraph) in the text. */
  paragraph: number;
  /** A line with no closing punctuation: a heading or title, not a sentence of the body. */
  heading: boolean;
  /** Page furniture: an ad, a link, a social-media signature, a shouting call to action. */
  boilerplate: boolean;
}

const BOILERPLATE =
  /\b(you may also like|also like to watch|subscribe|sign up|click here|advertisement|sponsored|read more|follow us|all rights reserved|cookie policy)\b|https?:\/\/|\bwww\.|pic\.twitter\.com|(^|\s)@\w{2,}/i;

/** Upper-case letters over all letters, for lines IN CAPITALS. */
function shouting(s: string): boolean {
  const letters = s.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return false;
  return letters.filter((c) => c !== c.toLowerCase()).length / letters.length > 0.6;
}

/**
 * Abbreviations after which Intl.Segmenter breaks a sentence that goes on ("according to Dr. Amal
 * Haddad"): ICU's English rules know few of them, so a break after one is undone.
 */
const ABBREVIATION =
  /(^|\s)(Dr|Mr|Mrs|Ms|Mx|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|etc|e\.g|i\.e|U\.S|U\.K|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s*$/;

/**
 * Sentences of a text: each line is a paragraph, split by Intl.Segmenter (Unicode sentence
 * boundaries, UAX #29) and trimmed. A line that does not end like a sentence is a heading; a line
 * whose first sentence is boilerplate (an ad, a link) is boilerplate whole.
 */
export function splitSentences(text: string, language = "en"): Sentence[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
  } catch {
    segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  }
  const out: Sentence[] = [];
  let lineStart = 0;
  let paragraph = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() !== "") {
      const pieces: TextSpan[] = [];
      for (const seg of segmenter.segment(line)) {
        const lead = seg.segment.length - seg.segment.trimStart().length;
        const exact = seg.segment.trim();
        if (exact === "") continue;
        const start = lineStart + seg.index + lead;
        const previous = pieces[pieces.length - 1];
        if (previous && (ABBREVIATION.test(previous.exact) || /^\p{Ll}/u.test(exact))) {
          previous.end = start + exact.length;
          previous.exact = text.slice(previous.start, previous.end);
        } else pieces.push({ start, end: start + exact.length, exact });
      }
      const trimmed = line.trim();
      const heading = pieces.length === 1 && !/[.!?…:;"”’)\]]$/u.test(trimmed) && trimmed.split(/\s+/).length <= 25;
      const boilerplate = pieces.length > 0 && (BOILERPLATE.test(pieces[0].exact) || shouting(pieces[0].exact));
      for (const p of pieces)
        out.push({ ...p, paragraph, heading, boilerplate: boilerplate || BOILERPLATE.test(p.exact) });
      paragraph += 1;
    }
    lineStart = lineEnd + 1;
  }
  return out;
}
