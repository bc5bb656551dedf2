import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

/** A word of the text as wink-nlp reads it, with its UTF-16 offsets in the whole text. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Universal POS tag (NOUN, PROPN, VERB, AUX, ADJ, ADP, DET, PRON, CCONJ, SCONJ, PUNCT, NUM...). */
  pos: string;
  lemma: string;
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

/**
 * wink-nlp with its bundled English model (no download at run time): tokenisation, POS tags and
 * lemmas. One instance per process: the model is read-only, nothing of a text stays in it.
 */
function instance(): Nlp {
  nlp ??= winkNLP(model);
  return nlp;
}

/**
 * The tokens of a piece of the text (`offset` is where it starts in the whole text). wink-nlp gives
 * token values, not offsets: each is found from a cursor; a token wink normalised (so not found as
 * is, e.g. a combining accent recomposed) is dropped rather than given a wrong offset.
 */
export function tokenize(piece: string, offset: number): Token[] {
  const n = instance();
  const doc = n.readDoc(piece);
  const values = doc.tokens().out(n.its.value) as string[];
  const pos = doc.tokens().out(n.its.pos) as string[];
  // The lite model's lemma helper is typed for the full model's addons; it works on the lite model.
  const lemmas = doc.tokens().out(n.its.lemma as unknown as typeof n.its.value) as string[];
  const out: Token[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    const at = piece.indexOf(value, cursor);
    if (at === -1 || value === "") return;
    cursor = at + value.length;
    out.push({
      text: value,
      lower: value.toLowerCase().replace(/’/g, "'"),
      start: offset + at,
      end: offset + at + value.length,
      pos: pos[i] ?? "X",
      lemma: (lemmas[i] ?? value).toLowerCase(),
    });
  });
  return out;
}
