import { createHash } from "node:crypto";

/** Lowercase hex SHA-256 of the UTF-8 bytes, as stored in `source.text_sha256`. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Number of Unicode code points in `text` (what PostgreSQL's length() counts). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff || i + 1 >= text.length) count += 1;
    else {
      const next = text.charCodeAt(i + 1);
      count += 1;
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
  }
  return count;
}

/** Text used for a claim's natural key: case, spacing, quote marks and final punctuation do not matter. */
export function normalizeClaimText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.!?]+$/, "");
}

/** A claim's natural key: its normalized text and its claimants' slugs, order-insensitive. */
export function claimFingerprint(text: string, claimantSlugs: string[]): string {
  const claimants = [...new Set(claimantSlugs)].sort().join(",");
  return sha256Hex(`${normalizeClaimText(text)}\u0000${claimants}`);
}

export type QuoteLocation =
  | { ok: true; start: number; end: number; prefix: string; suffix: string }
  | { ok: false; code: "QUOTE_NOT_FOUND" | "QUOTE_AMBIGUOUS"; message: string; occurrences: number };

const CONTEXT = 32;

/**
 * Finds `exact` in `text`, narrowed by the text just before (`prefix`) and after (`suffix`) it when it
 * occurs more than once. Offsets are in code points (W3C TextPositionSelector); the returned prefix and
 * suffix are up to 32 characters of context for re-anchoring (TextQuoteSelector).
 */
/** UTF-16 indexes where `exact` occurs in `text`, preceded by `prefix` and followed by `suffix`. */
function occurrences(text: string, exact: string, prefix: string, suffix: string): number[] {
  const matches: number[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    if (prefix && !text.slice(0, at).endsWith(prefix)) continue;
    if (suffix && !text.slice(at + exact.length).startsWith(suffix)) continue;
    matches.push(at);
  }
  return matches;
}

/** How far (in code points) a cue may lie outside the passage it introduces. */
export const CUE_WINDOW = 200;

/**
 * A cue ("argued", "declaring") of a passage at code points [start, end): the one occurrence of
 * `exact` (narrowed by prefix and suffix) that overlaps the passage or lies within CUE_WINDOW code
 * points of it. Searched near the passage only, so a common verb needs no prefix unless it occurs
 * twice near it; one far away (in another paragraph) introduces another passage.
 */
export function locateCue(
  text: string,
  exact: string,
  near: { start: number; end: number },
  prefix = "",
  suffix = "",
): QuoteLocation {
  if (exact.length === 0) {
    return { ok: false, code: "QUOTE_NOT_FOUND", message: "the cue is empty", occurrences: 0 };
  }
  const length = codePointLength(exact);
  const close = occurrences(text, exact, prefix, suffix)
    .map((at) => codePointLength(text.slice(0, at)))
    .filter((start) => start + length >= near.start - CUE_WINDOW && start <= near.end + CUE_WINDOW);
  if (close.length !== 1) {
    return {
      ok: false,
      code: close.length === 0 ? "QUOTE_NOT_FOUND" : "QUOTE_AMBIGUOUS",
      message:
        close.length === 0
          ? `the cue does not occur in the passage or within ${CUE_WINDOW} characters of it`
          : `the cue occurs ${close.length} times in or near the passage; add a prefix or suffix`,
      occurrences: close.length,
    };
  }
  return { ok: true, start: close[0]!, end: close[0]! + length, prefix: "", suffix: "" };
}

export function locateQuote(text: string, exact: string, prefix = "", suffix = ""): QuoteLocation {
  if (exact.length === 0) {
    return { ok: false, code: "QUOTE_NOT_FOUND", message: "the quote is empty", occurrences: 0 };
  }
  const matches = occurrences(text, exact, prefix, suffix);
  if (matches.length === 0) {
    return {
      ok: false,
      code: "QUOTE_NOT_FOUND",
      message: "the quote does not occur in the source text",
      occurrences: 0,
    };
  }
  if (matches.length > 1) {
    return {
      ok: false,
      code: "QUOTE_AMBIGUOUS",
      message: `the quote occurs ${matches.length} times in the source text; add a prefix or suffix`,
      occurrences: matches.length,
    };
  }
  const at = matches[0]!;
  const start = codePointLength(text.slice(0, at));
  const end = start + codePointLength(exact);
  const before = Array.from(text.slice(Math.max(0, at - CONTEXT * 2), at));
  const after = Array.from(text.slice(at + exact.length, at + exact.length + CONTEXT * 2));
  return {
    ok: true,
    start,
    end,
    prefix: before.slice(-CONTEXT).join(""),
    suffix: after.slice(0, CONTEXT).join(""),
  };
}

/** A UTF-16 surrogate without its pair: not a character, and not encodable as UTF-8 or in JSON for PostgreSQL. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
