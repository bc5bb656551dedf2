// Placeholder until the extractor lands (branch `analyser`).
export function extractMainText(
  html: string,
  _url?: string,
): { title?: string; text: string; byline?: string; publishedAt?: string; language?: string } {
  return { text: html.replace(/<[^>]*>/g, " ") };
}
