import { readFileSync } from "node:fs";
import path from "node:path";
import {
  claimReviewDocuments,
  claimReviewToRecords,
  normalizeRating,
  RATING_TABLE,
  ratingLabelKey,
  slugify,
} from "../../src/modules/claimreview/claimreview.mapping";
import { NormalizedRating } from "../../src/generated/prisma/enums";
import { claimFingerprint, sha256Hex } from "../../src/shared/text";

const CLAIM = "Says Joe Biden \u201cwill raise your taxes by $4 trillion.\u201d";
const REVIEW_URL = "https://www.politifact.com/factchecks/2020/aug/21/mike-pence/pence-claim-biden-taxes/";

/** Shaped like the JSON-LD PolitiFact embeds in its fact-check pages. */
function politifact(): Record<string, any> {
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    datePublished: "2020-08-21",
    url: REVIEW_URL,
    headline: "Pence claims Biden will raise your taxes by $4 trillion",
    author: {
      "@type": "Organization",
      name: "PolitiFact",
      url: "https://www.politifact.com",
      logo: "https://static.politifact.com/images/politifact-logo.png",
    },
    claimReviewed: CLAIM,
    reviewRating: {
      "@type": "Rating",
      ratingValue: 3,
      bestRating: 6,
      worstRating: 1,
      alternateName: "Half True",
      image: "https://static.politifact.com/politifact/rulings/meter-half-true.jpg",
    },
    itemReviewed: {
      "@type": "Claim",
      author: {
        "@type": "Person",
        name: "Mike Pence",
        jobTitle: "Vice President",
        image: "https://static.politifact.com/politifact/mugs/Mike_Pence.jpg",
        sameAs: ["https://en.wikipedia.org/wiki/Mike_Pence"],
      },
      datePublished: "2020-08-19",
      name: "a speech at the Republican National Convention",
      appearance: [
        {
          "@type": "NewsArticle",
          url: "https://www.rev.com/blog/transcripts/mike-pence-rnc-speech-transcript#part-2",
          headline: "Mike Pence RNC Speech Transcript",
          datePublished: "2020-08-19T23:30:00-04:00",
          author: { "@type": "Organization", name: "Rev" },
        },
        "https://twitter.com/Mike_Pence/status/1296274521617956864",
      ],
    },
    keywords: "Taxes, Joe Biden",
  };
}

/**
 * The review's statement of a claim (claimreview.mapping.ts): a source of its own, in the reviewer's
 * voice, that quotes the claim after `lead`; and the claim's appearance there, spoken by the speaker.
 */
function statement(
  lead: string,
  claim: string,
  fields: { publisher: string; derivedFrom: string; publishedAt?: string; speaker: string; title: string },
) {
  const text = lead + claim;
  return {
    source: {
      type: "source",
      kind: "FACT_CHECK",
      title: fields.title,
      text,
      publisher: fields.publisher,
      derivedFrom: fields.derivedFrom,
      derivationKind: "QUOTATION",
      ...(fields.publishedAt ? { publishedAt: fields.publishedAt } : {}),
    },
    appearance: {
      source: `sha256:${sha256Hex(text)}`,
      exact: claim,
      start: Array.from(lead).length,
      end: Array.from(text).length,
      speakers: [fields.speaker],
      attribution: "INDIRECT",
    },
  };
}

function mapped(doc: unknown, pointer = ""): any[] {
  const result = claimReviewToRecords(doc, pointer);
  if ("error" in result) throw new Error(`unexpected error ${JSON.stringify(result.error)}`);
  return result.records;
}

function errorOf(doc: unknown, pointer = ""): { pointer: string; reason: string } {
  const result = claimReviewToRecords(doc, pointer);
  if (!("error" in result)) throw new Error("expected an error");
  return result.error;
}

describe("claimReviewToRecords", () => {
  it("maps a full PolitiFact-style ClaimReview to entities, sources, a claim and a review, in order", () => {
    const rev = "https://www.rev.com/blog/transcripts/mike-pence-rnc-speech-transcript";
    const tweet = "https://twitter.com/Mike_Pence/status/1296274521617956864";
    const fields = {
      publisher: "politifact",
      publishedAt: "2020-08-21",
      speaker: "mike-pence",
      title: `Claim by Mike Pence, reviewed by PolitiFact: ${CLAIM}`,
    };
    const inRev = statement(`Mike Pence, in ${rev}, as reviewed by PolitiFact: `, CLAIM, {
      ...fields,
      derivedFrom: `url:${rev}`,
    });
    const inTweet = statement(`Mike Pence, in ${tweet}, as reviewed by PolitiFact: `, CLAIM, {
      ...fields,
      derivedFrom: `url:${tweet}`,
    });
    expect(mapped(politifact())).toEqual([
      {
        type: "entity",
        slug: "politifact",
        kind: "ORGANIZATION",
        name: "PolitiFact",
        externalIds: { url: "https://www.politifact.com/" },
      },
      { type: "entity", slug: "mike-pence", kind: "PERSON", name: "Mike Pence" },
      { type: "entity", slug: "rev", kind: "ORGANIZATION", name: "Rev" },
      {
        type: "source",
        kind: "FACT_CHECK",
        title: "Pence claims Biden will raise your taxes by $4 trillion",
        url: REVIEW_URL,
        publisher: "politifact",
        publishedAt: "2020-08-21",
      },
      {
        type: "source",
        kind: "NEWS_ARTICLE",
        title: "Mike Pence RNC Speech Transcript",
        url: "https://www.rev.com/blog/transcripts/mike-pence-rnc-speech-transcript",
        authors: ["rev"],
        publishedAt: "2020-08-20T03:30:00.000Z",
      },
      {
        type: "source",
        kind: "OTHER",
        title: "https://twitter.com/Mike_Pence/status/1296274521617956864",
        url: "https://twitter.com/Mike_Pence/status/1296274521617956864",
      },
      // The review's statement of the claim, once per appearance it reports.
      inRev.source,
      inTweet.source,
      {
        type: "claim",
        text: CLAIM,
        kind: "FACTUAL",
        claimants: ["mike-pence"],
        statedAt: "2020-08-19",
        appearances: [inRev.appearance, inTweet.appearance],
      },
      {
        type: "review",
        claim: `fingerprint:${claimFingerprint(CLAIM, ["mike-pence"])}`,
        reviewer: "politifact",
        source: `url:${REVIEW_URL}`,
        originalRating: "Half True",
        normalizedRating: "MIXED",
        reviewedAt: "2020-08-21",
      },
    ]);
  });

  it("emits only what the minimum required fields give, with a title made from the claim", () => {
    const long = "x".repeat(100);
    // No appearance: the statement derives from the review itself.
    const review = statement("Some Body, as reviewed by Example Checks: ", long, {
      publisher: "example-checks",
      derivedFrom: "url:https://example.org/check/1",
      speaker: "some-body",
      title: `Claim by Some Body, reviewed by Example Checks: ${"x".repeat(80)}…`,
    });
    expect(
      mapped({
        "@type": "ClaimReview",
        claimReviewed: long,
        url: "https://example.org/check/1",
        author: "Example Checks",
        itemReviewed: { author: "Some Body" },
        reviewRating: { alternateName: "False" },
      }),
    ).toEqual([
      { type: "entity", slug: "example-checks", kind: "ORGANIZATION", name: "Example Checks" },
      { type: "entity", slug: "some-body", kind: "PERSON", name: "Some Body" },
      {
        type: "source",
        kind: "FACT_CHECK",
        title: `Review of: ${"x".repeat(80)}…`,
        url: "https://example.org/check/1",
        publisher: "example-checks",
      },
      review.source,
      { type: "claim", text: long, kind: "FACTUAL", claimants: ["some-body"], appearances: [review.appearance] },
      {
        type: "review",
        claim: `fingerprint:${claimFingerprint(long, ["some-body"])}`,
        reviewer: "example-checks",
        source: "url:https://example.org/check/1",
        originalRating: "False",
        normalizedRating: "FALSE",
      },
    ]);
  });

  it("uses name when there is no headline, and keeps a BCP 47 inLanguage", () => {
    const doc = { ...politifact(), headline: undefined, name: "Fact-check: Pence on taxes", inLanguage: "en-US" };
    expect(mapped(doc)[3]).toMatchObject({ title: "Fact-check: Pence on taxes", language: "en-US" });
  });

  it("accepts @type as an array or a prefixed IRI, and author as an array (first wins)", () => {
    const doc = {
      ...politifact(),
      "@type": ["schema:ClaimReview", "CreativeWork"],
      author: [{ "@type": "https://schema.org/Organization", name: "PolitiFact" }, { name: "Someone Else" }],
    };
    const records = mapped(doc);
    expect(records[0]).toEqual({ type: "entity", slug: "politifact", kind: "ORGANIZATION", name: "PolitiFact" });
    expect(records.some((r) => r.slug === "someone-else")).toBe(false);
  });

  it("takes the speaker's kind from its @type, PERSON when unknown", () => {
    const kindOf = (author: unknown) => mapped({ ...politifact(), itemReviewed: { author } })[1].kind;
    expect(kindOf({ "@type": "Organization", name: "Facebook posts" })).toBe("ORGANIZATION");
    expect(kindOf({ "@type": "NewsMediaOrganization", name: "Daily Planet" })).toBe("ORGANIZATION");
    expect(kindOf({ "@type": "GovernmentOrganization", name: "City Council" })).toBe("GOVERNMENT_BODY");
    expect(kindOf({ "@type": "Thing", name: "Viral image" })).toBe("PERSON");
    expect(kindOf({ name: "Viral image" })).toBe("PERSON");
    expect(kindOf("Viral image")).toBe("PERSON");
  });

  it("records a Person reviewer as a PERSON", () => {
    const records = mapped({ ...politifact(), author: { "@type": "Person", name: "Jane Checker" } });
    expect(records[0]).toEqual({ type: "entity", slug: "jane-checker", kind: "PERSON", name: "Jane Checker" });
  });

  it("emits each entity slug and each source url once per document", () => {
    const doc = politifact();
    doc.author = { "@type": "Organization", name: "Mike Pence" }; // self-review: same slug as the speaker
    doc.itemReviewed.appearance = [
      { "@type": "SocialMediaPosting", url: "https://t.co/a", author: { "@type": "Person", name: "Mike Pence" } },
      "https://t.co/a",
      REVIEW_URL,
    ];
    doc.itemReviewed.firstAppearance = { "@type": "Article", url: "https://t.co/a#again" };
    const records = mapped(doc);
    expect(records.filter((r) => r.type === "entity").map((r) => r.slug)).toEqual(["mike-pence"]);
    expect(records.filter((r) => r.type === "source" && r.url).map((r) => [r.kind, r.url])).toEqual([
      ["FACT_CHECK", REVIEW_URL],
      ["SOCIAL_POST", "https://t.co/a"],
    ]);
    // One statement per appearance URL, the review's own included.
    expect(records.filter((r) => r.type === "source" && !r.url).map((r) => r.derivedFrom)).toEqual([
      "url:https://t.co/a",
      `url:${REVIEW_URL}`,
    ]);
  });

  it("states the attribution itemReviewed.additionalType gives, INDIRECT otherwise, and refuses others", () => {
    const claim = (doc: Record<string, any>) => mapped(doc).find((r) => r.type === "claim");
    const plain = politifact();
    expect(claim(plain).appearances.map((a: any) => a.attribution)).toEqual(["INDIRECT", "INDIRECT"]);
    const direct = politifact();
    direct.itemReviewed.additionalType = "urn:claimbase:attribution:DIRECT";
    expect(claim(direct).appearances.map((a: any) => [a.attribution, a.speakers])).toEqual([
      ["DIRECT", ["mike-pence"]],
      ["DIRECT", ["mike-pence"]],
    ]);
    const author = politifact();
    author.itemReviewed.additionalType = "urn:claimbase:attribution:AUTHOR";
    expect(errorOf(author)).toEqual({
      pointer: "/itemReviewed/additionalType",
      reason: "a review states one attribution, urn:claimbase:attribution:DIRECT or urn:claimbase:attribution:INDIRECT",
    });
  });

  it("reads firstAppearance, and skips appearances without a url", () => {
    const doc = politifact();
    doc.itemReviewed.appearance = { "@type": "CreativeWork", name: "a speech" };
    doc.itemReviewed.firstAppearance = { "@type": "Article", url: "https://news.example/a", name: "A" };
    const sources = mapped(doc).filter((r) => r.type === "source");
    expect(sources).toEqual([
      expect.objectContaining({ kind: "FACT_CHECK", url: REVIEW_URL }),
      { type: "source", kind: "NEWS_ARTICLE", title: "A", url: "https://news.example/a" },
      expect.objectContaining({ kind: "FACT_CHECK", derivedFrom: "url:https://news.example/a" }),
    ]);
  });

  it("canonicalizes the review url (host case, default port, fragment) for the source key", () => {
    const records = mapped({ ...politifact(), url: "HTTPS://WWW.PolitiFact.com:443/factchecks/x/#ruling" });
    expect(records[3].url).toBe("https://www.politifact.com/factchecks/x/");
    expect(records.at(-1).source).toBe("url:https://www.politifact.com/factchecks/x/");
  });

  it("normalizes date-times to UTC and treats a date-time without offset as UTC", () => {
    const at = (datePublished: string) => mapped({ ...politifact(), datePublished }).at(-1).reviewedAt;
    expect(at("2020-08-21T10:00:00+02:00")).toBe("2020-08-21T08:00:00.000Z");
    expect(at("2020-08-21T10:00")).toBe("2020-08-21T10:00:00.000Z");
    expect(at("2020-08-21 10:00:00.5Z")).toBe("2020-08-21T10:00:00.500Z");
  });

  it("uses the numeric rating when the label is unknown, keeping the label as the original", () => {
    const doc = politifact();
    doc.reviewRating = { alternateName: "Not quite", ratingValue: "2", bestRating: "5", worstRating: "1" };
    expect(mapped(doc).at(-1)).toMatchObject({ originalRating: "Not quite", normalizedRating: "MOSTLY_FALSE" });
    doc.reviewRating = { ratingValue: 1, bestRating: 1, worstRating: 5 };
    expect(mapped(doc).at(-1)).toMatchObject({ originalRating: "1 (worst 5, best 1)", normalizedRating: "TRUE" });
  });

  it("takes a verdict claimbase stated (additionalType urn:claimbase:verdict:X) before the label and the number", () => {
    const doc = politifact();
    doc.reviewRating = { alternateName: "Verdict Pending", additionalType: "urn:claimbase:verdict:UNPROVEN" };
    expect(mapped(doc).at(-1)).toMatchObject({ originalRating: "Verdict Pending", normalizedRating: "UNPROVEN" });
    doc.reviewRating = { alternateName: "False", additionalType: "urn:claimbase:verdict:MIXED", ratingValue: 3 };
    expect(mapped(doc).at(-1)).toMatchObject({ originalRating: "False", normalizedRating: "MIXED" });
    // Someone else's additionalType is not a verdict: the label decides.
    doc.reviewRating = { alternateName: "False", additionalType: "https://schema.org/Rating" };
    expect(mapped(doc).at(-1)).toMatchObject({ normalizedRating: "FALSE" });
  });

  describe("rejects", () => {
    const cases: [string, (doc: Record<string, any>) => unknown, string, string][] = [
      [
        "an unknown claimbase verdict",
        (d) => ({ ...d, reviewRating: { alternateName: "False", additionalType: "urn:claimbase:verdict:MAYBE" } }),
        "/reviewRating/additionalType",
        'unknown verdict "MAYBE" (expected TRUE, MOSTLY_TRUE, MIXED, MOSTLY_FALSE, FALSE, UNPROVEN)',
      ],
      ["a non-object", () => "ClaimReview", "", "not a ClaimReview"],
      ["another @type", (d) => ({ ...d, "@type": "Article" }), "/@type", "not a ClaimReview"],
      ["no @type", (d) => ({ ...d, "@type": undefined }), "/@type", "not a ClaimReview"],
      ["no claimReviewed", (d) => ({ ...d, claimReviewed: undefined }), "/claimReviewed", "claimReviewed is required"],
      [
        "a blank claimReviewed",
        (d) => ({ ...d, claimReviewed: "  " }),
        "/claimReviewed",
        "claimReviewed must not be empty",
      ],
      [
        "a non-string claimReviewed",
        (d) => ({ ...d, claimReviewed: 42 }),
        "/claimReviewed",
        "claimReviewed must be a string",
      ],
      [
        "a too long claimReviewed",
        (d) => ({ ...d, claimReviewed: "x".repeat(10_001) }),
        "/claimReviewed",
        "claimReviewed must be at most 10000 characters",
      ],
      ["no url", (d) => ({ ...d, url: undefined }), "/url", "url is required"],
      ["a relative url", (d) => ({ ...d, url: "/factchecks/1" }), "/url", "url must be an absolute http(s) URL"],
      ["a non-http url", (d) => ({ ...d, url: "ftp://example.org/x" }), "/url", "url must be an absolute http(s) URL"],
      ["a non-string url", (d) => ({ ...d, url: { "@id": REVIEW_URL } }), "/url", "url must be a string"],
      ["no author", (d) => ({ ...d, author: undefined }), "/author", "author is required"],
      ["an empty author list", (d) => ({ ...d, author: [] }), "/author", "author is required"],
      [
        "an author without name",
        (d) => ({ ...d, author: { "@type": "Organization" } }),
        "/author/name",
        "author.name is required",
      ],
      [
        "an author list without name",
        (d) => ({ ...d, author: [{ url: "https://x.org" }] }),
        "/author/0/name",
        "author.name is required",
      ],
      ["a numeric author", (d) => ({ ...d, author: 7 }), "/author", "author must be an object, an array or a name"],
      [
        "a bad author url",
        (d) => ({ ...d, author: { name: "X", url: "x.org" } }),
        "/author/url",
        "url must be an absolute http(s) URL",
      ],
      ["no itemReviewed", (d) => ({ ...d, itemReviewed: undefined }), "/itemReviewed", "itemReviewed is required"],
      [
        "a string itemReviewed",
        (d) => ({ ...d, itemReviewed: "a claim" }),
        "/itemReviewed",
        "itemReviewed must be an object",
      ],
      [
        "no itemReviewed.author",
        (d) => ({ ...d, itemReviewed: { "@type": "Claim" } }),
        "/itemReviewed/author",
        "itemReviewed.author is required",
      ],
      [
        "an itemReviewed.author without name",
        (d) => ({ ...d, itemReviewed: { author: { "@type": "Person", jobTitle: "Senator" } } }),
        "/itemReviewed/author/name",
        "itemReviewed.author.name is required",
      ],
      [
        "an unparseable itemReviewed.datePublished",
        (d) => ({ ...d, itemReviewed: { ...d.itemReviewed, datePublished: "August 19, 2020" } }),
        "/itemReviewed/datePublished",
        "datePublished must be an ISO 8601 date (YYYY-MM-DD or a date-time)",
      ],
      [
        "an appearance that is neither a CreativeWork nor a URL",
        (d) => ({ ...d, itemReviewed: { ...d.itemReviewed, appearance: [42] } }),
        "/itemReviewed/appearance/0",
        "appearance must be a CreativeWork or a URL",
      ],
      [
        "an appearance with a bad url",
        (d) => ({ ...d, itemReviewed: { ...d.itemReviewed, appearance: { url: "not a url" } } }),
        "/itemReviewed/appearance/url",
        "url must be an absolute http(s) URL",
      ],
      [
        "an appearance with a non-string headline",
        (d) => ({ ...d, itemReviewed: { ...d.itemReviewed, firstAppearance: { url: "https://a.b/", headline: 1 } } }),
        "/itemReviewed/firstAppearance/headline",
        "headline must be a string",
      ],
      ["no reviewRating", (d) => ({ ...d, reviewRating: undefined }), "/reviewRating", "reviewRating is required"],
      [
        "a string reviewRating",
        (d) => ({ ...d, reviewRating: "False" }),
        "/reviewRating",
        "reviewRating must be an object",
      ],
      [
        "a reviewRating with neither label nor value",
        (d) => ({ ...d, reviewRating: { "@type": "Rating", bestRating: 5 } }),
        "/reviewRating",
        "reviewRating needs an alternateName or a ratingValue",
      ],
      [
        "an unknown label without a number",
        (d) => ({ ...d, reviewRating: { alternateName: "Spicy" } }),
        "/reviewRating/alternateName",
        'unknown rating label "Spicy" and no usable ratingValue (no ratingValue)',
      ],
      [
        "an unknown label with an out-of-scale number",
        (d) => ({ ...d, reviewRating: { alternateName: "Spicy", ratingValue: -1 } }),
        "/reviewRating/alternateName",
        'unknown rating label "Spicy" and no usable ratingValue (ratingValue -1 is outside the scale from worstRating 1 to bestRating 5)',
      ],
      [
        "a label that is not a verdict",
        (d) => ({ ...d, reviewRating: { alternateName: "Labeled Satire", ratingValue: 1 } }),
        "/reviewRating/alternateName",
        'rating "Labeled Satire" (Snopes) is not a verdict on the claim\'s truth',
      ],
      [
        "a non-numeric ratingValue",
        (d) => ({ ...d, reviewRating: { ratingValue: "three" } }),
        "/reviewRating/ratingValue",
        "ratingValue must be a number",
      ],
      [
        "a non-numeric bestRating",
        (d) => ({ ...d, reviewRating: { ratingValue: 3, bestRating: true } }),
        "/reviewRating/bestRating",
        "bestRating must be a number",
      ],
      [
        "a ratingValue outside the scale",
        (d) => ({ ...d, reviewRating: { ratingValue: 6 } }),
        "/reviewRating/ratingValue",
        "ratingValue 6 is outside the scale from worstRating 1 to bestRating 5",
      ],
      [
        "a scale without extent",
        (d) => ({ ...d, reviewRating: { ratingValue: 3, bestRating: 3, worstRating: 3 } }),
        "/reviewRating/bestRating",
        "bestRating equals worstRating",
      ],
      [
        "a non-string alternateName",
        (d) => ({ ...d, reviewRating: { alternateName: ["False"] } }),
        "/reviewRating/alternateName",
        "alternateName must be a string",
      ],
      [
        "an impossible datePublished",
        (d) => ({ ...d, datePublished: "2021-02-30" }),
        "/datePublished",
        "datePublished must be an ISO 8601 date (YYYY-MM-DD or a date-time)",
      ],
      [
        "a datePublished with a bad hour",
        (d) => ({ ...d, datePublished: "2021-02-03T24:10:00Z" }),
        "/datePublished",
        "datePublished must be an ISO 8601 date (YYYY-MM-DD or a date-time)",
      ],
      ["a non-string headline", (d) => ({ ...d, headline: { en: "x" } }), "/headline", "headline must be a string"],
    ];

    it.each(cases)("%s", (_name, change, path, reason) => {
      expect(errorOf(change(politifact()))).toEqual({ pointer: path, reason });
    });

    it("reports pointers relative to the document's pointer", () => {
      const doc = { ...politifact(), reviewRating: { alternateName: "Spicy" } };
      expect(errorOf(doc, "/@graph/2").pointer).toBe("/@graph/2/reviewRating/alternateName");
      expect(errorOf("x", "/3")).toEqual({ pointer: "/3", reason: "not a ClaimReview" });
    });
  });
});

describe("claimReviewDocuments", () => {
  const review = { "@type": "ClaimReview", claimReviewed: "a" };

  it("yields a single object with the empty pointer", () => {
    expect([...claimReviewDocuments(review)]).toEqual([{ doc: review, pointer: "" }]);
  });

  it("yields each element of an array, ClaimReview or not, so that others are rejected", () => {
    const other = { "@type": "Article" };
    const docs = [...claimReviewDocuments([review, other])];
    expect(docs).toEqual([
      { doc: review, pointer: "/0" },
      { doc: other, pointer: "/1" },
    ]);
    expect(claimReviewToRecords(docs[1]!.doc, docs[1]!.pointer)).toEqual({
      error: { pointer: "/1/@type", reason: "not a ClaimReview" },
    });
  });

  it("yields only the ClaimReviews of a @graph, with their pointers", () => {
    const graph = {
      "@context": "https://schema.org",
      "@graph": [{ "@type": "WebPage" }, review, { "@type": ["schema:ClaimReview"] }, "junk", { "@type": "Person" }],
    };
    expect([...claimReviewDocuments(graph)].map((d) => d.pointer)).toEqual(["/@graph/1", "/@graph/2"]);
  });

  it("expands a @graph inside an array and a @graph that is a single object", () => {
    expect([...claimReviewDocuments([{ "@graph": [review] }])].map((d) => d.pointer)).toEqual(["/0/@graph/0"]);
    expect([...claimReviewDocuments({ "@graph": review })].map((d) => d.pointer)).toEqual(["/@graph"]);
  });

  it("yields a non-object top level as is, to be rejected", () => {
    expect([...claimReviewDocuments(null)]).toEqual([{ doc: null, pointer: "" }]);
    expect(claimReviewToRecords(null, "")).toEqual({ error: { pointer: "", reason: "not a ClaimReview" } });
  });
});

describe("normalizeRating", () => {
  const rows = RATING_TABLE.flatMap((row) => row.labels.map((label) => [row.source, label, row.normalized] as const));

  it.each(rows)("%s %j -> %s", (_source, label, normalized) => {
    const expected = normalized === null ? null : { normalized, original: label };
    expect(normalizeRating({ alternateName: label })).toEqual(expected);
    expect(normalizeRating({ alternateName: `  ${label.toUpperCase().replace(/ /g, "-")}.` })).toEqual(
      expected && { normalized, original: `${label.toUpperCase().replace(/ /g, "-")}.` },
    );
  });

  it("uses only values of the NormalizedRating enum, and never maps one label two ways", () => {
    const values = Object.values(NormalizedRating) as string[];
    const seen = new Map<string, string | null>();
    for (const row of RATING_TABLE) {
      if (row.normalized !== null) expect(values).toContain(row.normalized);
      for (const label of row.labels) {
        const key = ratingLabelKey(label);
        if (seen.has(key)) expect(seen.get(key)).toBe(row.normalized);
        seen.set(key, row.normalized);
      }
    }
  });

  it("matches labels ignoring case, accents and punctuation", () => {
    expect(normalizeRating({ alternateName: "pants on fire" })?.normalized).toBe("FALSE");
    expect(normalizeRating({ alternateName: "MIXTURE" })?.normalized).toBe("MIXED");
    expect(normalizeRating({ alternateName: "Géppetto  check-mark" })?.normalized).toBe("TRUE");
  });

  it.each([
    [1, "FALSE"],
    [1.5, "FALSE"],
    [1.8, "MOSTLY_FALSE"],
    [2, "MOSTLY_FALSE"],
    [2.6, "MIXED"],
    [3, "MIXED"],
    [3.4, "MOSTLY_TRUE"],
    [4, "MOSTLY_TRUE"],
    [4.2, "TRUE"],
    [5, "TRUE"],
  ])("scales ratingValue %d on the default 1..5 scale to %s", (value, expected) => {
    expect(normalizeRating({ ratingValue: value })).toEqual({
      normalized: expected,
      original: `${value} (worst 1, best 5)`,
    });
  });

  it.each([
    [{ ratingValue: 0, worstRating: 0, bestRating: 10 }, "FALSE"],
    [{ ratingValue: 2, worstRating: 0, bestRating: 10 }, "MOSTLY_FALSE"],
    [{ ratingValue: 6, worstRating: 0, bestRating: 10 }, "MOSTLY_TRUE"],
    [{ ratingValue: 8, worstRating: 0, bestRating: 10 }, "TRUE"],
    [{ ratingValue: "3", worstRating: "1", bestRating: "6" }, "MIXED"],
    [{ ratingValue: 0.5, worstRating: 0, bestRating: 1 }, "MIXED"],
  ])("puts %j in fifths of its scale: %s (boundaries go up)", (rating, expected) => {
    expect(normalizeRating(rating)?.normalized).toBe(expected);
  });

  it("inverts a reversed scale (worstRating greater than bestRating)", () => {
    expect(normalizeRating({ ratingValue: 1, worstRating: 5, bestRating: 1 })?.normalized).toBe("TRUE");
    expect(normalizeRating({ ratingValue: 2, worstRating: 5, bestRating: 1 })?.normalized).toBe("MOSTLY_TRUE");
    expect(normalizeRating({ ratingValue: 5, worstRating: 5, bestRating: 1 })?.normalized).toBe("FALSE");
    expect(normalizeRating({ ratingValue: 4, worstRating: 4, bestRating: 0 })?.normalized).toBe("FALSE");
  });

  it("prefers a known label over the number", () => {
    expect(normalizeRating({ alternateName: "False", ratingValue: 5 })).toEqual({
      normalized: "FALSE",
      original: "False",
    });
  });

  it.each([
    ["an unknown label and no number", { alternateName: "Spicy" }],
    ["an unknown label and a non-numeric value", { alternateName: "Spicy", ratingValue: "n/a" }],
    ["a value below the scale", { ratingValue: 0 }],
    ["a value above the scale", { ratingValue: 11, worstRating: 0, bestRating: 10 }],
    ["a scale without extent", { ratingValue: 3, worstRating: 3, bestRating: 3 }],
    ["a non-finite value", { ratingValue: Number.POSITIVE_INFINITY }],
    ["nothing at all", {}],
    ["a blank label", { alternateName: "   " }],
    ["a non-verdict label even with a number", { alternateName: "No Flip", ratingValue: 5 }],
  ])("returns null for %s", (_name, rating) => {
    expect(normalizeRating(rating)).toBeNull();
  });
});

describe("slugify", () => {
  it.each([
    ["Barack Obama", "barack-obama"],
    ["PolitiFact", "politifact"],
    ["José Martínez-Núñez", "jose-martinez-nunez"],
    ["Ångström & Søn GmbH", "angstrom-son-gmbh"],
    ["Straße Łódź Þór", "strasse-lodz-thor"],
    ["ﬁ ligature ①", "fi-ligature-1"],
    ["  --Hello,   World!!--  ", "hello-world"],
    ["U.S. Dept. of Health & Human Services", "u-s-dept-of-health-human-services"],
    ["C-3PO", "c-3po"],
    ["", "unnamed"],
    ["   ", "unnamed"],
    ["!!!", "unnamed"],
  ])("%j -> %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("caps at 120 characters without a trailing hyphen", () => {
    const slug = slugify(`${"a".repeat(119)} bcd`);
    expect(slug).toBe("a".repeat(119));
    expect(slugify("word ".repeat(60))).toHaveLength(119);
    expect(slugify("x".repeat(500))).toHaveLength(120);
  });

  it("gives names without Latin letters distinct, deterministic slugs", () => {
    const putin = slugify("Владимир Путин");
    expect(putin).toMatch(/^unnamed-[0-9a-f]{10}$/);
    expect(slugify("Владимир Путин")).toBe(putin);
    expect(slugify("習近平")).not.toBe(putin);
  });

  it("always produces a valid slug", () => {
    for (const name of ["a", "Ǆemal", "-", "x--y", "😀 Emoji Person", "1"]) {
      expect(slugify(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
});

describe("docs/claimreview-mapping.md", () => {
  it("prints RATING_TABLE as it is", () => {
    const doc = readFileSync(path.join(__dirname, "../../docs/claimreview-mapping.md"), "utf8");
    const section = /<!-- RATING_TABLE:start -->([\s\S]*?)<!-- RATING_TABLE:end -->/.exec(doc)?.[1] ?? "";
    const rows = section
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .slice(2)
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(
      RATING_TABLE.map((row) => [
        row.source,
        row.labels.map((label) => JSON.stringify(label)).join(", "),
        row.normalized === null ? "— (rejected: not a verdict)" : `\`${row.normalized}\``,
        row.note ?? "",
      ]),
    );
  });
});
