import { createKey } from "../../src/modules/auth";
import { evaluate, report, storyArticle, type Proposal } from "../support/attribution-eval";
import { useTestServer } from "../support/lifecycle";

/*
 * Issue #16's measure, through the whole API: the sample article ingested into an EMPTY database
 * (ingestDocument over HTTP); its stored QUOTE and CLAIM suggestions (code point offsets, speakers as
 * the API shows them) scored against the story's curated quotes (tests/support/attribution-eval.ts).
 */

const suite = useTestServer({ template: "empty" });

const PAGE = `query($id: ID!, $after: String) {
  source(id: $id) {
    suggestions(first: 100, after: $after, filter: { kind: { in: [QUOTE, CLAIM] } }) {
      pageInfo { hasNextPage endCursor }
      nodes { kind start end speakers { author name } }
    }
  }
}`;

it("recovers at least 80% of the curated quotes with the same speakers; prints recall and precision", async () => {
  const editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
  const story = storyArticle("codePoints");
  const { data, errors } = await suite.server.post<any>(
    `mutation($input: IngestDocumentInput!) {
       ingestDocument(input: $input) { source { id } counts { quotes claims mentions } userErrors { message } } }`,
    { input: { text: story.text, title: "The article", language: "en" } },
    editor,
  );
  expect(errors).toBeUndefined();
  expect(data.ingestDocument.userErrors).toEqual([]);
  const nodes: (Proposal & { kind: string })[] = [];
  for (let after: string | null = null; ;) {
    const page: any = await suite.server.gql<any>(PAGE, { id: data.ingestDocument.source.id, after });
    expect(page.errors).toBeUndefined();
    nodes.push(...page.data.source.suggestions.nodes);
    if (!page.data.source.suggestions.pageInfo.hasNextPage) break;
    after = page.data.source.suggestions.pageInfo.endCursor;
  }
  const quotes = nodes.filter((n) => n.kind === "QUOTE");
  const claims = nodes.filter((n) => n.kind === "CLAIM");
  const e = evaluate(quotes, claims, story.curated, story.entities, story.authorSlugs);
  report("sanctuary-city article through ingestDocument", e, data.ingestDocument.counts);
  expect(story.curated.length).toBeGreaterThanOrEqual(80);
  expect(e.recall).toBeGreaterThanOrEqual(0.8);
  expect(e.precision).toBeGreaterThanOrEqual(0.6);
});
