/**
 * schema.org ClaimReview -> claimbase bundle records (pure: no database, no I/O).
 *
 * One ClaimReview becomes, in dependency order: the reviewer and speaker entities (plus the authors of
 * the claim's appearances), the review's own source (FACT_CHECK), the appearance sources, the review's
 * statement of the claim (one per appearance, else one: see `statement`), the claim, appearing in the
 * statement and spoken by the speaker, and the review. References use natural keys (bundle.types.ts): entities by slug, sources by
 * `url:<canonical url>`, claims by `fingerprint:<claimFingerprint(text, claimants)>`.
 * docs/claimreview-mapping.md documents the mapping and prints RATING_TABLE.
 */
import { type EntityKind, NormalizedRating, type SourceKind } from "../../generated/prisma/enums";
import { claimFingerprint, sha256Hex } from "../../shared/text";
// eslint-disable-next-line no-restricted-imports -- types only, and ../bundle imports this module: no cycle.
import type { BundleRecord, QuoteRef } from "../bundle/bundle.types";

export type { NormalizedRating };

// ---------------------------------------------------------------------------------------------------
// Slugs

const SLUG_MAX = 120;

/** Latin letters that NFKD does not decompose into base letter + mark. */
const LATIN_EXTRA: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

/**
 * A deterministic entity slug (^[a-z0-9]+(-[a-z0-9]+)*$): NFKD, diacritics stripped, lowercase, runs of
 * anything else become one hyphen, trimmed, at most 120 characters. A name without letters or digits
 * gives "unnamed"; a name whose letters are all non-Latin (e.g. Cyrillic) gives "unnamed-<first 10 hex
 * of the sha256 of its NFC form>", so that distinct such names do not collapse into one entity.
 */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LATIN_EXTRA[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const slug = base.slice(0, SLUG_MAX).replace(/-+$/, "");
  if (slug) return slug;
  const trimmed = name.normalize("NFC").trim();
  return /[\p{L}\p{N}]/u.test(trimmed) ? `unnamed-${sha256Hex(trimmed).slice(0, 10)}` : "unnamed";
}

// ---------------------------------------------------------------------------------------------------
// Ratings

export type RatingPublisher =
  "PolitiFact" | "Snopes" | "FactCheck.org / AFP / Full Fact / Reuters" | "Washington Post" | "LIAR dataset";

export interface RatingTableRow {
  /** Labels as published; matched case-, accent- and punctuation-insensitively. */
  labels: string[];
  /** `null`: the label is not a verdict on the claim's truth, and the review is rejected. */
  normalized: NormalizedRating | null;
  source: RatingPublisher;
  note?: string;
}

/** Published rating labels -> the common scale. Docs and tests read this same table. */
export const RATING_TABLE: readonly RatingTableRow[] = [
  { source: "PolitiFact", labels: ["True"], normalized: "TRUE" },
  { source: "PolitiFact", labels: ["Mostly True"], normalized: "MOSTLY_TRUE" },
  { source: "PolitiFact", labels: ["Half True"], normalized: "MIXED" },
  {
    source: "PolitiFact",
    labels: ["Mostly False", "Barely True"],
    normalized: "MOSTLY_FALSE",
    note: '"Barely True" was renamed "Mostly False" in 2011',
  },
  { source: "PolitiFact", labels: ["False"], normalized: "FALSE" },
  { source: "PolitiFact", labels: ["Pants on Fire!"], normalized: "FALSE" },
  {
    source: "PolitiFact",
    labels: ["Full Flop", "Half Flip", "No Flip"],
    normalized: null,
    note: "Flip-O-Meter rates consistency of a position, not truth",
  },
  { source: "Snopes", labels: ["True", "Correct Attribution"], normalized: "TRUE" },
  { source: "Snopes", labels: ["Mostly True"], normalized: "MOSTLY_TRUE" },
  { source: "Snopes", labels: ["Mixture"], normalized: "MIXED" },
  {
    source: "Snopes",
    labels: ["Outdated"],
    normalized: "MIXED",
    note: "was accurate once, no longer is; a review has no validity period",
  },
  { source: "Snopes", labels: ["Mostly False"], normalized: "MOSTLY_FALSE" },
  { source: "Snopes", labels: ["False"], normalized: "FALSE" },
  {
    source: "Snopes",
    labels: ["Miscaptioned", "Misattributed", "Scam"],
    normalized: "FALSE",
    note: "the claim as worded (the caption, the attribution, the offer) is false",
  },
  { source: "Snopes", labels: ["Unproven", "Legend"], normalized: "UNPROVEN" },
  {
    source: "Snopes",
    labels: ["Labeled Satire", "Originated as Satire"],
    normalized: null,
    note: "says where the content came from, not whether the claim is true",
  },
  { source: "FactCheck.org / AFP / Full Fact / Reuters", labels: ["Correct", "Accurate"], normalized: "TRUE" },
  {
    source: "FactCheck.org / AFP / Full Fact / Reuters",
    labels: ["Missing context", "Needs context", "Lacks context", "Partly true"],
    normalized: "MIXED",
  },
  {
    source: "FactCheck.org / AFP / Full Fact / Reuters",
    labels: ["Misleading", "Partly false"],
    normalized: "MOSTLY_FALSE",
  },
  {
    source: "FactCheck.org / AFP / Full Fact / Reuters",
    labels: ["Inaccurate", "Incorrect", "Altered", "Fabricated", "Fake"],
    normalized: "FALSE",
  },
  {
    source: "FactCheck.org / AFP / Full Fact / Reuters",
    labels: ["Unsupported", "No evidence", "Unverified"],
    normalized: "UNPROVEN",
  },
  {
    source: "FactCheck.org / AFP / Full Fact / Reuters",
    labels: ["Satire"],
    normalized: null,
    note: "says where the content came from, not whether the claim is true",
  },
  {
    source: "Washington Post",
    labels: ["Geppetto Checkmark", "Geppetto Check Mark"],
    normalized: "TRUE",
  },
  { source: "Washington Post", labels: ["One Pinocchio", "1 Pinocchio"], normalized: "MOSTLY_TRUE" },
  { source: "Washington Post", labels: ["Two Pinocchios", "2 Pinocchios"], normalized: "MIXED" },
  { source: "Washington Post", labels: ["Three Pinocchios", "3 Pinocchios"], normalized: "MOSTLY_FALSE" },
  {
    source: "Washington Post",
    labels: ["Four Pinocchios", "4 Pinocchios", "Bottomless Pinocchio"],
    normalized: "FALSE",
    note: "Bottomless Pinocchio: a Three or Four Pinocchio claim repeated 20+ times",
  },
  { source: "LIAR dataset", labels: ["true"], normalized: "TRUE" },
  { source: "LIAR dataset", labels: ["mostly-true"], normalized: "MOSTLY_TRUE" },
  { source: "LIAR dataset", labels: ["half-true"], normalized: "MIXED" },
  { source: "LIAR dataset", labels: ["barely-true"], normalized: "MOSTLY_FALSE" },
  { source: "LIAR dataset", labels: ["false"], normalized: "FALSE" },
  { source: "LIAR dataset", labels: ["pants-fire"], normalized: "FALSE" },
];

/** The key a label is matched by: "Pants on Fire!" and "pants on fire" are the same label. */
export function ratingLabelKey(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const LABELS: ReadonlyMap<string, RatingTableRow> = (() => {
  const map = new Map<string, RatingTableRow>();
  for (const row of RATING_TABLE) {
    for (const label of row.labels) {
      const key = ratingLabelKey(label);
      const seen = map.get(key);
      if (seen && seen.normalized !== row.normalized) {
        throw new Error(`RATING_TABLE maps ${JSON.stringify(label)} both to ${seen.normalized} and ${row.normalized}`);
      }
      if (!seen) map.set(key, row);
    }
  }
  return map;
})();

/** How claimbase's ClaimReview export states a verdict (`reviewRating.additionalType`). */
export const VERDICT_URN = "urn:claimbase:verdict:";
/**
 * How a review states who speaks how (`itemReviewed.additionalType`, and a JSON-LD Quotation's):
 * `urn:claimbase:attribution:DIRECT` (the claim in the speaker's own words) or `...:INDIRECT`.
 */
export const ATTRIBUTION_URN = "urn:claimbase:attribution:";
/** The attributions a review can state; without one, INDIRECT (the review's words for the claim). */
const REVIEW_ATTRIBUTIONS = ["DIRECT", "INDIRECT"] as const;
type ReviewAttribution = (typeof REVIEW_ATTRIBUTIONS)[number];
const NORMALIZED_RATINGS: readonly string[] = Object.values(NormalizedRating);

/** The numeric fallback: where ratingValue sits between worstRating and bestRating, in fifths. */
const FIFTHS: readonly NormalizedRating[] = ["FALSE", "MOSTLY_FALSE", "MIXED", "MOSTLY_TRUE", "TRUE"];
const DEFAULT_WORST = 1;
const DEFAULT_BEST = 5;

export interface RatingInput {
  /** A verdict stated outright: `additionalType` `urn:claimbase:verdict:<VERDICT>`, as claimbase exports. */
  verdict?: NormalizedRating;
  alternateName?: string;
  ratingValue?: number | string;
  bestRating?: number | string;
  worstRating?: number | string;
}

type RatingOutcome =
  | { ok: true; normalized: NormalizedRating; original: string }
  | { ok: false; field: "alternateName" | "ratingValue" | "bestRating" | ""; reason: string };

function toNumber(value: number | string | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === "string" && value.trim() !== "") return Number(value.trim());
  return undefined;
}

function rateNumber(input: RatingInput): RatingOutcome {
  const value = toNumber(input.ratingValue);
  const worst = toNumber(input.worstRating) ?? DEFAULT_WORST;
  const best = toNumber(input.bestRating) ?? DEFAULT_BEST;
  if (value === undefined) return { ok: false, field: "ratingValue", reason: "no ratingValue" };
  if (Number.isNaN(value)) return { ok: false, field: "ratingValue", reason: "ratingValue is not a number" };
  if (Number.isNaN(worst) || Number.isNaN(best)) {
    return { ok: false, field: "bestRating", reason: "bestRating and worstRating must be numbers" };
  }
  if (worst === best) return { ok: false, field: "bestRating", reason: "bestRating equals worstRating" };
  // worst > best is a reversed scale (e.g. 1 = best): measure the distance from the worst end.
  const position = (value - worst) / (best - worst);
  if (position < 0 || position > 1) {
    return {
      ok: false,
      field: "ratingValue",
      reason: `ratingValue ${value} is outside the scale from worstRating ${worst} to bestRating ${best}`,
    };
  }
  // Fifths: [0, 0.2) FALSE ... [0.8, 1] TRUE. Rounding first keeps 0.6 * 5 = 2.9999999999999996 in its fifth.
  const fifth = Math.min(4, Math.floor(Math.round(position * 5 * 1e9) / 1e9));
  const original = input.alternateName?.trim() || `${value} (worst ${worst}, best ${best})`;
  return { ok: true, normalized: FIFTHS[fifth]!, original };
}

function rate(input: RatingInput): RatingOutcome {
  const label = input.alternateName?.trim();
  if (input.verdict) {
    const original = label || (input.ratingValue !== undefined ? String(input.ratingValue) : input.verdict);
    return { ok: true, normalized: input.verdict, original };
  }
  if (label) {
    const row = LABELS.get(ratingLabelKey(label));
    if (row) {
      if (row.normalized === null) {
        return {
          ok: false,
          field: "alternateName",
          reason: `rating ${JSON.stringify(label)} (${row.source}) is not a verdict on the claim's truth`,
        };
      }
      return { ok: true, normalized: row.normalized, original: label };
    }
    const byNumber = rateNumber(input);
    if (byNumber.ok) return byNumber;
    return {
      ok: false,
      field: "alternateName",
      reason: `unknown rating label ${JSON.stringify(label)} and no usable ratingValue (${byNumber.reason})`,
    };
  }
  if (input.ratingValue === undefined) {
    return { ok: false, field: "", reason: "reviewRating needs an alternateName or a ratingValue" };
  }
  return rateNumber(input);
}

/**
 * The verdict on the common scale, and the label as published. A label in RATING_TABLE wins; otherwise
 * ratingValue is placed between worstRating and bestRating (default 1..5) in fifths, top fifth TRUE.
 * Returns null when neither works (unknown label and no usable number, or a non-verdict label).
 */
export function normalizeRating(rating: RatingInput): { normalized: NormalizedRating; original: string } | null {
  const outcome = rate(rating);
  return outcome.ok ? { normalized: outcome.normalized, original: outcome.original } : null;
}

// ---------------------------------------------------------------------------------------------------
// Documents

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Local names of `@type` (string or array; "schema:X" and "https://schema.org/X" give "X"). */
function typeNames(value: Json): string[] {
  const raw = value["@type"];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((t): t is string => typeof t === "string").map((t) => t.replace(/^.*[/:#]/, ""));
}

function isClaimReview(value: unknown): boolean {
  return isObject(value) && typeNames(value).includes("ClaimReview");
}

/**
 * Each ClaimReview in a parsed JSON(-LD) file with its JSON pointer: one object (""), an array ("/3"),
 * or an object with `@graph` ("/@graph/3"; other node types in a graph are skipped). Anything else at
 * the top level, or in a top-level array, is yielded as is so that claimReviewToRecords rejects it.
 */
export function* claimReviewDocuments(json: unknown): Generator<{ doc: unknown; pointer: string }> {
  function* visit(value: unknown, pointer: string): Generator<{ doc: unknown; pointer: string }> {
    if (isObject(value) && "@graph" in value && !isClaimReview(value)) {
      const graph = value["@graph"];
      const nodes: [unknown, string][] = Array.isArray(graph) ? graph.map((n, i) => [n, `${pointer}/@graph/${i}`]) : [];
      if (isObject(graph)) nodes.push([graph, `${pointer}/@graph`]);
      for (const [node, at] of nodes) if (isClaimReview(node)) yield { doc: node, pointer: at };
      return;
    }
    yield { doc: value, pointer };
  }
  if (Array.isArray(json)) {
    for (const [i, item] of json.entries()) yield* visit(item, `/${i}`);
  } else {
    yield* visit(json, "");
  }
}

class MappingError extends Error {
  constructor(
    readonly pointer: string,
    readonly reason: string,
  ) {
    super(`${pointer}: ${reason}`);
  }
}

function fail(pointer: string, reason: string): never {
  throw new MappingError(pointer, reason);
}

/** The importer's length limits (bundle.writer.ts), checked here so the error names the ClaimReview field. */
const MAX = { text: 10_000, name: 1000, title: 2000, url: 2000, rating: 500, other: 100_000 } as const;

function checked(value: string, at: string, what: string, max: number): string {
  if (value.length > max) fail(at, `${what} must be at most ${max} characters`);
  if (value.includes("\u0000")) fail(at, `${what} must not contain NUL characters`);
  return value;
}

function optionalString(obj: Json, key: string, at: string, max: number = MAX.other): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") fail(`${at}/${key}`, `${key} must be a string`);
  return checked(value.trim(), `${at}/${key}`, key, max) || undefined;
}

function requiredString(obj: Json, key: string, at: string, what: string, max: number = MAX.other): string {
  const value = obj[key];
  if (value === undefined || value === null) fail(`${at}/${key}`, `${what} is required`);
  if (typeof value !== "string") fail(`${at}/${key}`, `${what} must be a string`);
  if (!value.trim()) fail(`${at}/${key}`, `${what} must not be empty`);
  return checked(value.trim(), `${at}/${key}`, what, max);
}

/** Canonical form used as the source's natural key: WHATWG serialization, fragment dropped. */
function httpUrl(value: unknown, at: string, what: string): string {
  if (typeof value !== "string") fail(at, `${what} must be a string`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    fail(at, `${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(at, `${what} must be an absolute http(s) URL`);
  url.hash = "";
  return checked(url.href, at, what, MAX.url);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601: "YYYY-MM-DD" is kept as is; a date-time becomes UTC `toISOString()` (no offset = UTC).
 * Impossible calendar dates (2021-02-30) are rejected rather than rolled over.
 */
function isoDate(obj: Json, key: string, at: string): string | undefined {
  const value = optionalString(obj, key, at);
  if (value === undefined) return undefined;
  const bad = (): never => fail(`${at}/${key}`, `${key} must be an ISO 8601 date (YYYY-MM-DD or a date-time)`);
  const match = DATE_ONLY.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return bad();
  const [, y, m, d, hh = "00", mm = "00", ss = "00"] = match;
  const calendar = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    calendar.getUTCFullYear() !== Number(y) ||
    calendar.getUTCMonth() !== Number(m) - 1 ||
    calendar.getUTCDate() !== Number(d) ||
    Number(hh) > 23 ||
    Number(mm) > 59 ||
    Number(ss) > 59
  ) {
    return bad();
  }
  if (DATE_ONLY.test(value)) return value;
  const zone = match[7];
  const instant = new Date(zone ? value.replace(" ", "T") : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(instant.getTime()) ? bad() : instant.toISOString();
}

interface Party {
  slug: string;
  kind: EntityKind;
  name: string;
  url?: string;
}

const GOVERNMENT_TYPES = new Set(["GovernmentOrganization"]);
const ORGANIZATION_TYPES = new Set([
  "Organization",
  "NewsMediaOrganization",
  "Corporation",
  "NGO",
  "EducationalOrganization",
  "PoliticalParty",
  "OnlineBusiness",
  "LocalBusiness",
  "PerformingGroup",
  "SportsOrganization",
  "MedicalOrganization",
  "Project",
]);

/**
 * An author-like value: object, array (first element), or plain string name. `defaultKind` applies
 * to strings and to objects whose @type says neither Person nor an organization.
 */
function party(value: unknown, at: string, what: string, defaultKind: "PERSON" | "ORGANIZATION"): Party {
  if (value === undefined || value === null) fail(at, `${what} is required`);
  if (Array.isArray(value)) {
    if (value.length === 0) fail(at, `${what} is required`);
    return party(value[0], `${at}/0`, what, defaultKind);
  }
  if (typeof value === "string") {
    const name = checked(value.trim(), at, what, MAX.name);
    if (!name) fail(at, `${what} must not be empty`);
    return { slug: slugify(name), kind: defaultKind, name };
  }
  if (!isObject(value)) fail(at, `${what} must be an object, an array or a name`);
  const name = requiredString(value, "name", at, `${what}.name`, MAX.name);
  const types = typeNames(value);
  const kind = types.includes("Person")
    ? "PERSON"
    : types.some((t) => GOVERNMENT_TYPES.has(t))
      ? "GOVERNMENT_BODY"
      : types.some((t) => ORGANIZATION_TYPES.has(t))
        ? "ORGANIZATION"
        : defaultKind;
  const url = value.url === undefined || value.url === null ? undefined : httpUrl(value.url, `${at}/url`, "url");
  return { slug: slugify(name), kind, name, ...(url ? { url } : {}) };
}

const NEWS_TYPES = new Set([
  "NewsArticle",
  "Article",
  "ReportageNewsArticle",
  "AnalysisNewsArticle",
  "OpinionNewsArticle",
  "BackgroundNewsArticle",
  "ReviewNewsArticle",
]);
const SOCIAL_TYPES = new Set(["SocialMediaPosting", "DiscussionForumPosting", "BlogPosting"]);

interface Appearance {
  url: string;
  kind: SourceKind;
  title: string;
  publishedAt?: string;
  author?: Party;
}

function appearances(item: Json, key: "appearance" | "firstAppearance", at: string): Appearance[] {
  const raw = item[key];
  if (raw === undefined || raw === null) return [];
  const list: [unknown, string][] = Array.isArray(raw)
    ? raw.map((v, i) => [v, `${at}/${key}/${i}`])
    : [[raw, `${at}/${key}`]];
  const found: Appearance[] = [];
  for (const [value, here] of list) {
    if (typeof value === "string") {
      const url = httpUrl(value, here, key);
      found.push({ url, kind: "OTHER", title: url });
      continue;
    }
    if (!isObject(value)) fail(here, `${key} must be a CreativeWork or a URL`);
    if (value.url === undefined || value.url === null) continue; // nothing to key a source on
    const url = httpUrl(value.url, `${here}/url`, "url");
    const types = typeNames(value);
    const kind = types.some((t) => NEWS_TYPES.has(t))
      ? "NEWS_ARTICLE"
      : types.some((t) => SOCIAL_TYPES.has(t))
        ? "SOCIAL_POST"
        : "OTHER";
    const title =
      optionalString(value, "headline", here, MAX.title) ?? optionalString(value, "name", here, MAX.title) ?? url;
    const publishedAt = isoDate(value, "datePublished", here);
    const author =
      value.author === undefined || value.author === null
        ? undefined
        : party(value.author, `${here}/author`, "author", "PERSON");
    found.push({ url, kind, title, ...(publishedAt ? { publishedAt } : {}), ...(author ? { author } : {}) });
  }
  return found;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join("").trimEnd()}…`;
}

function entityRecord(p: Party): BundleRecord {
  return {
    type: "entity",
    slug: p.slug,
    kind: p.kind,
    name: p.name,
    ...(p.url ? { externalIds: { url: p.url } } : {}),
  };
}

function ratingOf(review: Json, at: string): { normalized: NormalizedRating; original: string } {
  const raw = review.reviewRating;
  const here = `${at}/reviewRating`;
  if (raw === undefined || raw === null) fail(here, "reviewRating is required");
  if (!isObject(raw)) fail(here, "reviewRating must be an object");
  const input: RatingInput = {};
  const label = optionalString(raw, "alternateName", here, MAX.rating);
  if (label !== undefined) input.alternateName = label;
  // claimbase's own exports state the verdict as a URN; other values of additionalType are not ours.
  const type = raw.additionalType;
  if (typeof type === "string" && type.startsWith(VERDICT_URN)) {
    const verdict = type.slice(VERDICT_URN.length);
    if (!NORMALIZED_RATINGS.includes(verdict)) {
      fail(
        `${here}/additionalType`,
        `unknown verdict ${JSON.stringify(verdict)} (expected ${NORMALIZED_RATINGS.join(", ")})`,
      );
    }
    input.verdict = verdict as NormalizedRating;
  }
  for (const key of ["ratingValue", "bestRating", "worstRating"] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (
      !(typeof value === "number" && Number.isFinite(value)) &&
      !(typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    ) {
      fail(`${here}/${key}`, `${key} must be a number`);
    }
    input[key] = value;
  }
  const outcome = rate(input);
  if (!outcome.ok) fail(outcome.field ? `${here}/${outcome.field}` : here, outcome.reason);
  return { normalized: outcome.normalized, original: outcome.original };
}

/** The attribution `itemReviewed.additionalType` states (ATTRIBUTION_URN), else INDIRECT. */
function attributionOf(item: Json, at: string): ReviewAttribution {
  const types = Array.isArray(item.additionalType) ? item.additionalType : [item.additionalType];
  const stated = types.filter((t): t is string => typeof t === "string" && t.startsWith(ATTRIBUTION_URN));
  if (stated.length === 0) return "INDIRECT";
  const value = stated[0]!.slice(ATTRIBUTION_URN.length);
  if (stated.length > 1 || !(REVIEW_ATTRIBUTIONS as readonly string[]).includes(value)) {
    fail(
      `${at}/additionalType`,
      `a review states one attribution, ${REVIEW_ATTRIBUTIONS.map((a) => ATTRIBUTION_URN + a).join(" or ")}`,
    );
  }
  return value as ReviewAttribution;
}

/**
 * The review's statement of the claim: a source of its own (no url: keyed by its text's hash), in the
 * reviewer's voice, whose text names the speaker (and the appearance) and then quotes the claim as the
 * review words it (`claimReviewed`). The claim's appearance is that quote, spoken by the speaker; the
 * statement derives (QUOTATION) from the appearance it reports, else from the review. So every claim
 * of a ClaimReview has an appearance in which its claimant speaks, and every appearance URL is linked
 * to the claim through one, although none of their texts is known (docs/claimreview-mapping.md).
 */
function statement(
  text: string,
  speaker: Party,
  reviewer: Party,
  review: { url: string; publishedAt?: string; language?: string },
  appearance: Appearance | null,
  attribution: ReviewAttribution,
): { source: BundleRecord; quote: QuoteRef } {
  const lead = `${speaker.name}${appearance ? `, in ${appearance.url}` : ""}, as reviewed by ${reviewer.name}: `;
  const body = lead + text;
  const start = Array.from(lead).length;
  return {
    source: {
      type: "source",
      kind: "FACT_CHECK",
      title: `Claim by ${truncate(speaker.name, 100)}, reviewed by ${truncate(reviewer.name, 100)}: ${truncate(text, 80)}`,
      text: body,
      publisher: reviewer.slug,
      derivedFrom: `url:${appearance ? appearance.url : review.url}`,
      derivationKind: "QUOTATION",
      ...(review.publishedAt ? { publishedAt: review.publishedAt } : {}),
      ...(review.language ? { language: review.language } : {}),
    },
    quote: {
      source: `sha256:${sha256Hex(body)}`,
      exact: text,
      start,
      end: start + Array.from(text).length,
      speakers: [speaker.slug],
      attribution,
    },
  };
}

/**
 * Maps ONE schema.org ClaimReview to bundle records in dependency order (entities, sources, claim,
 * review), or explains with a JSON pointer (relative to `pointer`) why it cannot be imported.
 */
export function claimReviewToRecords(
  doc: unknown,
  pointer: string,
): { records: BundleRecord[] } | { error: { pointer: string; reason: string } } {
  try {
    return { records: mapClaimReview(doc, pointer) };
  } catch (error) {
    if (error instanceof MappingError) return { error: { pointer: error.pointer, reason: error.reason } };
    throw error;
  }
}

function mapClaimReview(doc: unknown, at: string): BundleRecord[] {
  if (!isObject(doc)) fail(at, "not a ClaimReview");
  if (!isClaimReview(doc)) fail(`${at}/@type`, "not a ClaimReview");

  const text = requiredString(doc, "claimReviewed", at, "claimReviewed", MAX.text);
  if (doc.url === undefined || doc.url === null) fail(`${at}/url`, "url is required");
  const url = httpUrl(doc.url, `${at}/url`, "url");
  const reviewer = party(doc.author, `${at}/author`, "author", "ORGANIZATION");

  const item = doc.itemReviewed;
  if (item === undefined || item === null) fail(`${at}/itemReviewed`, "itemReviewed is required");
  if (!isObject(item)) fail(`${at}/itemReviewed`, "itemReviewed must be an object");
  const itemAt = `${at}/itemReviewed`;
  if (item.author === undefined || item.author === null) {
    fail(`${itemAt}/author`, "itemReviewed.author is required");
  }
  const speaker = party(item.author, `${itemAt}/author`, "itemReviewed.author", "PERSON");
  const attribution = attributionOf(item, itemAt);
  const statedAt = isoDate(item, "datePublished", itemAt);
  const seen = [...appearances(item, "appearance", itemAt), ...appearances(item, "firstAppearance", itemAt)];

  const rating = ratingOf(doc, at);
  const reviewedAt = isoDate(doc, "datePublished", at);
  const title =
    optionalString(doc, "headline", at, MAX.title) ??
    optionalString(doc, "name", at, MAX.title) ??
    `Review of: ${truncate(text, 80)}`;
  // inLanguage may also be a schema.org Language object; only a BCP 47 tag string is carried over.
  const language = typeof doc.inLanguage === "string" ? doc.inLanguage.trim() : undefined;

  const records: BundleRecord[] = [];
  const slugs = new Set<string>();
  for (const p of [reviewer, speaker, ...seen.flatMap((a) => (a.author ? [a.author] : []))]) {
    if (slugs.has(p.slug)) continue;
    slugs.add(p.slug);
    records.push(entityRecord(p));
  }

  const tag = language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : undefined;
  records.push({
    type: "source",
    kind: "FACT_CHECK",
    title,
    url,
    publisher: reviewer.slug,
    ...(reviewedAt ? { publishedAt: reviewedAt } : {}),
    ...(tag ? { language: tag } : {}),
  });
  const urls = new Set([url]);
  for (const a of seen) {
    if (urls.has(a.url)) continue;
    urls.add(a.url);
    records.push({
      type: "source",
      kind: a.kind,
      title: a.title,
      url: a.url,
      ...(a.author ? { authors: [a.author.slug] } : {}),
      ...(a.publishedAt ? { publishedAt: a.publishedAt } : {}),
    });
  }

  // One statement per appearance (its URL once), else one of the review itself.
  const reported = seen.filter((a, i) => seen.findIndex((b) => b.url === a.url) === i);
  const review = { url, ...(reviewedAt ? { publishedAt: reviewedAt } : {}), ...(tag ? { language: tag } : {}) };
  const statements = (reported.length > 0 ? reported : [null]).map((a) =>
    statement(text, speaker, reviewer, review, a, attribution),
  );
  for (const { source } of statements) records.push(source);
  records.push({
    type: "claim",
    text,
    kind: "FACTUAL",
    claimants: [speaker.slug],
    ...(statedAt ? { statedAt } : {}),
    appearances: statements.map(({ quote }) => quote),
  });
  records.push({
    type: "review",
    claim: `fingerprint:${claimFingerprint(text, [speaker.slug])}`,
    reviewer: reviewer.slug,
    source: `url:${url}`,
    originalRating: rating.original,
    normalizedRating: rating.normalized,
    ...(reviewedAt ? { reviewedAt } : {}),
  });
  return records;
}
