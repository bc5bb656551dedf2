import { toGlobalId } from "../../shared/global-id";
import { ATTRIBUTION_URN, VERDICT_URN } from "../claimreview";
import { claimModel } from "../claim/claim.model";
import { entityModel } from "../entity/entity.model";
import { reviewModel } from "../review/review.model";
import { sourceModel } from "../source/source.model";
import { modelJsonLd } from "./export.model";
import type { ClaimRow, EntityRef, EntityRow, ReviewRow, ReviewSummary, SourceRow, SourceSummary } from "./export.rows";

/**
 * JSON-LD with schema.org terms only: `{"@context": "https://schema.org", "@graph": [...]}`. Every
 * object has a stable `@id` (`urn:claimbase:<type>:<uuid>`) and its API global ID as `identifier`, so
 * the same entity or source is one node wherever it is mentioned. docs/export-format.md has the table.
 */

export const JSONLD_HEAD = '{"@context":"https://schema.org","@graph":[\n';
export const JSONLD_TAIL = "\n]}\n";

type Node = Record<string, unknown>;

export const urn = (type: string, uuid: string) => `urn:claimbase:${type}:${uuid}`;

const ENTITY_TYPES: Record<string, string> = {
  PERSON: "Person",
  ORGANIZATION: "Organization",
  GOVERNMENT_BODY: "GovernmentOrganization",
  PLACE: "Place",
  EVENT: "Event",
};

/** Any entity as a schema.org Thing (a group, policy or topic has no closer type). */
export function entityType(kind: string): string {
  return ENTITY_TYPES[kind] ?? "Thing";
}

/** `author` takes a Person or an Organization: anything that is not a person speaks as an organization. */
function agentType(kind: string): string {
  if (kind === "PERSON") return "Person";
  if (kind === "GOVERNMENT_BODY") return "GovernmentOrganization";
  return "Organization";
}

const SOURCE_TYPES: Record<string, string> = {
  NEWS_ARTICLE: "NewsArticle",
  SOCIAL_POST: "SocialMediaPosting",
  REPORT: "Report",
  LEGAL_TEXT: "Legislation",
};

export function sourceType(kind: string): string {
  return SOURCE_TYPES[kind] ?? "CreativeWork";
}

function iso(value: Date | string | null | undefined): string | undefined {
  if (value == null) return undefined;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function compact(node: Node): Node {
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) delete node[key];
  }
  return node;
}

function thing(e: EntityRef): Node {
  return { "@type": entityType(e.kind), "@id": urn("entity", e.id), name: e.name };
}

function agent(e: EntityRef): Node {
  return { "@type": agentType(e.kind), "@id": urn("entity", e.id), name: e.name };
}

function sourceRef(s: SourceSummary): Node {
  return compact({
    "@type": sourceType(s.kind),
    "@id": urn("source", s.id),
    url: s.url,
    headline: s.title,
    datePublished: iso(s.publishedAt),
    publisher: s.publisher ? agent(s.publisher) : undefined,
  });
}

/** A claim's or a review's ISO 8601 interval, open ends as "..". */
function interval(from: string | null, to: string | null): string | undefined {
  if (!from && !to) return undefined;
  return `${from ?? ".."}/${to ?? ".."}`;
}

export function entityNode(r: EntityRow): Node {
  const wikidata = r.externalIds?.wikidata;
  return compact({
    "@type": entityType(r.kind),
    "@id": urn("entity", r.id),
    identifier: toGlobalId("Entity", r.id),
    ...modelJsonLd(entityModel, r),
    sameAs:
      typeof wikidata === "string" && /^Q\d+$/.test(wikidata)
        ? [`https://www.wikidata.org/wiki/${wikidata}`]
        : undefined,
  });
}

export function sourceNode(r: SourceRow): Node {
  return compact({
    "@type": sourceType(r.kind),
    "@id": urn("source", r.id),
    identifier: toGlobalId("Source", r.id),
    ...modelJsonLd(sourceModel, r),
    publisher: r.publisherEntity ? agent(r.publisherEntity) : undefined,
    author: r.authorEntities?.map(agent),
    isBasedOn: r.derivedFromId ? { "@id": urn("source", r.derivedFromId) } : undefined,
  });
}

export function claimNode(r: ClaimRow): Node {
  return compact({
    "@type": "Claim",
    "@id": urn("claim", r.id),
    identifier: toGlobalId("Claim", r.id),
    text: r.text,
    ...modelJsonLd(claimModel, r),
    author: r.claimantEntities?.map(agent),
    about: r.subjectEntities?.map(thing),
    spatialCoverage: r.placeEntity ? thing(r.placeEntity) : undefined,
    temporalCoverage: interval(r.validFrom, r.validTo),
    appearance: r.appearanceItems?.map((a) =>
      compact({
        "@type": "Quotation",
        text: a.exact,
        isPartOf: sourceRef(a.source),
        // Who speaks in it according to its source, and how (docs/export-format.md, JSON-LD).
        spokenByCharacter: a.speakers.map(agent),
        additionalType: `${ATTRIBUTION_URN}${a.attribution}`,
        disambiguatingDescription: a.cue ?? undefined,
      }),
    ),
  });
}

/**
 * The normalized verdict as a number on schema.org's default 1..5 scale, next to the label as
 * published: claimbase's own importer (and other readers) map an unknown label through the number
 * (docs/claimreview-mapping.md, numeric fallback), so an export re-imports with the same verdicts.
 * UNPROVEN has no place on a truth scale and gets no number.
 */
const RATING_VALUE: Record<string, number> = { FALSE: 1, MOSTLY_FALSE: 2, MIXED: 3, MOSTLY_TRUE: 4, TRUE: 5 };

function claimReview(
  review: Omit<ReviewSummary, "reviewedAt"> & { reviewedAt: Date | string | null },
  claim: { id: string; text: string; authors?: EntityRef[] },
): Node {
  return compact({
    "@type": "ClaimReview",
    "@id": urn("review", review.id),
    identifier: toGlobalId("Review", review.id),
    claimReviewed: claim.text,
    itemReviewed: compact({ "@type": "Claim", "@id": urn("claim", claim.id), author: claim.authors?.map(agent) }),
    author: agent(review.reviewer),
    reviewRating: {
      "@type": "Rating",
      alternateName: review.originalRating,
      // The verdict itself, which claimbase's importer reads before the label (UNPROVEN has no number).
      additionalType: `${VERDICT_URN}${review.normalizedRating}`,
      ...(RATING_VALUE[review.normalizedRating] !== undefined
        ? { ratingValue: RATING_VALUE[review.normalizedRating], bestRating: 5, worstRating: 1 }
        : {}),
    },
    url: review.sourceUrl,
    headline: review.sourceTitle,
    ...modelJsonLd(reviewModel, review),
  });
}

/** The ClaimReviews of a claim, written after it in the graph. */
export function claimReviewNodes(r: ClaimRow): Node[] {
  return (r.reviewItems ?? []).map((review) => claimReview(review, { id: r.id, text: r.text }));
}

export function reviewNode(r: ReviewRow): Node {
  return claimReview(
    {
      id: r.id,
      originalRating: r.originalRating,
      normalizedRating: r.normalizedRating,
      reviewedAt: r.reviewedAt,
      reviewer: r.reviewerEntity as EntityRef,
      sourceUrl: r.sourceUrl ?? null,
      sourceTitle: r.sourceTitle ?? "",
    },
    { id: r.claimId, text: r.claim.text, authors: r.claimantEntities },
  );
}
