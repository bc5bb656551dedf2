import { readFileSync } from "node:fs";
import path from "node:path";
import { extractMainText } from "../../src/modules/ingest/extract";

const page = readFileSync(path.join(__dirname, "../support/fixtures/ingest/news-page.html"), "utf8");

describe("extractMainText", () => {
  const out = extractMainText(page, "https://herald.example/news/ferry-fares");

  it("keeps the article's paragraphs, separated by blank lines", () => {
    const paragraphs = out.text.split("\n\n");
    expect(paragraphs).toContain(
      "The harbour council voted on Thursday to freeze ferry fares for two years, a decision that will cost the city about £1.2 million in lost revenue, according to the council's own estimates.",
    );
    expect(paragraphs).toContain(
      "The freeze takes effect on 1 April. The council will review the subsidy in its autumn budget, officials said.",
    );
    const first = paragraphs.findIndex((p) => p.startsWith("The harbour council voted"));
    const quote = paragraphs.findIndex((p) => p.startsWith("“Families on the islands"));
    const last = paragraphs.findIndex((p) => p.startsWith("The freeze takes effect"));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(quote).toBe(first + 1);
    expect(last).toBeGreaterThan(quote);
    expect(out.text).not.toMatch(/\n{3,}/);
  });

  it("leaves out navigation, scripts, styles, ads, related links and the footer", () => {
    for (const noise of [
      "Subscribe now",
      "dataLayer",
      "TRACKING PIXEL",
      "track()",
      "font-family",
      "ADVERTISEMENT",
      "Win a cruise",
      "Bridge tolls",
      "All rights reserved",
    ]) {
      expect(out.text).not.toContain(noise);
    }
  });

  it("reads the title, byline, publication time and language the page states", () => {
    expect(out.title).toBe("Harbour council approves ferry fare freeze");
    expect(out.publishedAt).toBe("2026-03-14T09:30:00Z");
    expect(out.language).toBe("en-GB");
    expect(out.byline).toContain("Priya Nair");
  });

  it("is deterministic", () => {
    expect(extractMainText(page)).toEqual(extractMainText(page));
  });

  it("does not throw on hostile HTML", () => {
    expect(extractMainText("")).toEqual({ text: "" });
    expect(extractMainText("<script>while(true){}</script><style>p{}</style>").text).toBe("");
    const unclosed = extractMainText("<html><body><div><p>First paragraph <b>bold <i>and <p>Second <span>one");
    expect(unclosed.text).toContain("First paragraph");
    expect(unclosed.text).toContain("Second one");
    expect(extractMainText("<<<>>> &&& </p></div></html><!--").text).toEqual(expect.any(String));
    // About 5 MB: a 3 MB inline script, then paragraphs and unclosed, nested markup.
    const big =
      "<html><head><script>var x = '" +
      "<p>not text</p>".repeat(220_000) +
      "';</script></head><body><article>" +
      "<p>Paragraph of filler text, long enough to read as prose for the extractor.</p>\n".repeat(20_000) +
      "<div><p>Unclosed <b>bold ".repeat(5_000);
    expect(big.length).toBeGreaterThan(5_000_000);
    const extracted = extractMainText(big);
    expect(extracted.text).toContain("Paragraph of filler text");
    // A ceiling for a loaded machine, not a timing assertion.
  }, 300_000);
});
