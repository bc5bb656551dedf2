// Placeholder until the analyser lands (branch `analyser`): sentences as the source's own claims.
import type { Analysis, AnalysisInput } from "./analysis.model";

export function analyse(input: AnalysisInput): Analysis {
  const segmenter = new Intl.Segmenter(input.language ?? "en", { granularity: "sentence" });
  const sentences = [...segmenter.segment(input.text)]
    .map((s) => ({ start: s.index, end: s.index + s.segment.trimEnd().length, exact: s.segment.trimEnd() }))
    .filter((s) => s.exact.trim() !== "");
  const mentions = input.known.flatMap((e) => {
    const at = input.text.indexOf(e.name);
    return at < 0
      ? []
      : [
          {
            start: at,
            end: at + e.name.length,
            exact: e.name,
            entityId: e.id,
            how: "NAME" as const,
            name: e.name,
            kind: e.kind,
            score: 1,
          },
        ];
  });
  return {
    sentences,
    quotes: sentences.map((s) => ({
      ...s,
      attribution: "AUTHOR" as const,
      speakers: [{ author: true as const }],
      score: 0.5,
      quoted: false,
    })),
    mentions,
    claims: sentences.map((s) => ({
      ...s,
      text: s.exact,
      kind: "FACTUAL" as const,
      attribution: "AUTHOR" as const,
      speakers: [{ author: true as const }],
      subjects: [],
      score: 0.5,
    })),
  };
}
