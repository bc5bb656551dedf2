/** A stretch of text between matching quotation marks. */
export interface Quotation {
  /** Offset of the opening mark. */
  start: number;
  /** Offset after the closing mark. */
  end: number;
  /** The quoted words, marks excluded. */
  innerStart: number;
  innerEnd: number;
  /** 0 for a quotation, 1 for a quotation inside it, and so on. */
  depth: number;
}

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const OPEN_DOUBLE = new Set(["“", "„", "«"]);
const CLOSE_DOUBLE = new Set(["”", "»"]);
/** What may stand before an opening mark and after a closing one. */
const BEFORE_OPEN = /[\s([{—–\-“‘"'«:]/u;
const AFTER_CLOSE = /[\s.,;:!?)\]}—–\-”’"'»…]/u;

/**
 * Quotations in straight and curly marks, nested, paired by a stack per paragraph. Hand-rolled: no
 * npm tokenizer pairs quotation marks or tells them from apostrophes. The rules: a ’ or ' between two
 * letters or digits is an apostrophe (city’s, don't); a ’ or ' after a word with no single quotation
 * open is an apostrophe too (officers’ duty); a straight " opens where it starts a word and closes
 * where it ends one; a closing mark closes the nearest open mark of its kind, dropping unclosed marks
 * inside it; marks still open at the end of a paragraph are dropped (unbalanced input).
 */
export function findQuotations(text: string): Quotation[] {
  const out: Quotation[] = [];
  let stack: { kind: "double" | "single"; at: number }[] = [];
  const close = (kind: "double" | "single", at: number): boolean => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k].kind === kind) {
        const open = stack[k].at;
        stack = stack.slice(0, k);
        out.push({ start: open, end: at + 1, innerStart: open + 1, innerEnd: at, depth: k });
        return true;
      }
      // A single mark never closes across an open double one: ’ there is an apostrophe.
      if (kind === "single" && stack[k].kind === "double") return false;
    }
    return false;
  };
  const openSingleOnTop = () => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k].kind === "single") return true;
      if (stack[k].kind === "double") return false;
    }
    return false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      stack = [];
      continue;
    }
    const prev = i > 0 ? text[i - 1] : "";
    const next = i + 1 < text.length ? text[i + 1] : "";
    const opensHere = prev === "" || BEFORE_OPEN.test(prev);
    const closesHere = prev !== "" && !SPACE.test(prev) && (next === "" || AFTER_CLOSE.test(next));
    if (OPEN_DOUBLE.has(c)) stack.push({ kind: "double", at: i });
    else if (CLOSE_DOUBLE.has(c)) close("double", i);
    else if (c === '"') {
      const hasOpen = stack.some((s) => s.kind === "double");
      if (hasOpen && closesHere) close("double", i);
      else if (opensHere && next !== "" && !SPACE.test(next)) stack.push({ kind: "double", at: i });
      else if (hasOpen) close("double", i);
    } else if (c === "‘" || c === "’" || c === "'") {
      const between = WORD.test(prev) && WORD.test(next);
      if (between) continue;
      if (c !== "’" && opensHere && next !== "" && WORD.test(next) && !/\d/.test(next))
        stack.push({ kind: "single", at: i });
      else if (c === "‘" && opensHere && next !== "" && !SPACE.test(next)) stack.push({ kind: "single", at: i });
      else if (c !== "‘" && closesHere && openSingleOnTop()) close("single", i);
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}
