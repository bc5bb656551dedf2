/** A text folded for matching (lower case, accents removed, ’ as '), with where each folded character came from. */
export interface Folded {
  text: string;
  /** `from[i]` is the offset in the original text of folded character i; `from[text.length]` is the original length. */
  from: number[];
}

export function fold(original: string): Folded {
  let text = "";
  const from: number[] = [];
  let i = 0;
  for (const ch of original) {
    const f = ch
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[’‘`´]/g, "'");
    for (let k = 0; k < f.length; k++) from.push(i);
    text += f;
    i += ch.length;
  }
  from.push(original.length);
  return { text, from };
}

/** The words of a folded text (letters and digits), with their folded offsets. */
export function words(folded: string): { word: string; start: number; end: number }[] {
  return [...folded.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}
