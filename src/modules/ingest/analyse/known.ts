import type { KnownEntity } from "../analysis.model";
import { fold, words } from "./fold";

export interface KnownMatch {
  start: number;
  end: number;
  entity: KnownEntity;
  how: "NAME" | "ALIAS";
}

/**
 * Known entities by name and alias in a text: case- and accent-insensitive, whole words, the longest
 * match wins where names overlap ("Border Patrol agents" over "Border Patrol"). Names are indexed by
 * their first word, so a long list of entities costs one pass over the text's words.
 */
export function matchKnown(text: string, known: KnownEntity[]): KnownMatch[] {
  if (known.length === 0 || text === "") return [];
  const index = new Map<string, { words: string[]; chars: number; entity: KnownEntity; how: "NAME" | "ALIAS" }[]>();
  const add = (name: string, entity: KnownEntity, how: "NAME" | "ALIAS") => {
    const w = words(fold(name).text).map((x) => x.word);
    if (w.length === 0) return;
    const list = index.get(w[0]) ?? [];
    list.push({ words: w, chars: w.join(" ").length, entity, how });
    index.set(w[0], list);
  };
  for (const entity of known) {
    add(entity.name, entity, "NAME");
    for (const alias of entity.aliases ?? []) add(alias, entity, "ALIAS");
  }
  for (const list of index.values()) {
    // Longest first; a name before an alias of the same length; then by id, so the result is stable.
    list.sort(
      (a, b) =>
        b.words.length - a.words.length ||
        b.chars - a.chars ||
        (a.how === b.how ? 0 : a.how === "NAME" ? -1 : 1) ||
        a.entity.id.localeCompare(b.entity.id),
    );
  }
  const folded = fold(text);
  const ws = words(folded.text);
  const out: KnownMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    const candidates = index.get(ws[i].word);
    if (!candidates) continue;
    const hit = candidates.find(
      (c) =>
        i + c.words.length <= ws.length &&
        c.words.every(
          (w, k) =>
            ws[i + k].word === w &&
            // Words of a name follow each other: spaces, hyphens, apostrophes or dots between them only.
            (k === 0 || /^[\s\-'.]*$/u.test(folded.text.slice(ws[i + k - 1].end, ws[i + k].start))),
        ),
    );
    if (!hit) continue;
    const last = ws[i + hit.words.length - 1];
    out.push({ start: folded.from[ws[i].start], end: folded.from[last.end], entity: hit.entity, how: hit.how });
    i += hit.words.length - 1;
  }
  return out;
}
