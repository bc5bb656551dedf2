/**
 * Deterministic synthetic data for benchmarks: fills an EMPTY, migrated claimbase database with entities,
 * sources (with text snapshots), quotes, claims, viewpoints, stances, reviews and relations in realistic
 * proportions. The same tier and seed always give the same rows, ids included.
 *
 *   node dist/bench/generate/generate.js --tier small|medium|large [--seed N] [--database-url URL]
 *
 * Rows are written with batched `INSERT ... SELECT FROM unnest(...)`, claim by claim in chunks, so the large
 * tier never holds more than a chunk of texts in memory. Triggers and constraints stay on.
 */
import { setImmediate as yieldToIo } from "node:timers/promises";
import pg from "pg";
import { claimFingerprint, sha256Hex } from "../../src/shared/text";
import { CLAIM_KINDS, type ClaimKind, type NameBank, Prose, cap, slugify } from "./prose";
import { Rng, UuidSpace, Zipf, cumulative, subSeed } from "./random";
import {
  COMPANY_SUFFIXES,
  EVENT_FORMS,
  FACT_CHECKERS,
  FIRST_NAMES,
  GOV_NOUNS,
  GROUP_FORMS,
  LAST_NAMES,
  NEWS_SUFFIXES,
  ORG_NOUNS,
  PERSON_ROLES,
  PLACE_HEADS,
  PLACE_TAILS,
  POLICY_FORMS,
  RATING_LABELS,
  STATES,
  TOPIC_FORMS,
  TOPIC_WORDS,
} from "./vocab";
import { type Batch, TableWriter, writeAll } from "./writer";

export type Tier = "small" | "medium" | "large";

export interface GenerateOptions {
  seed?: number;
  log?: (msg: string) => void;
}

export const TIERS: Record<Tier, { entities: number; claims: number }> = {
  small: { entities: 2_000, claims: 5_000 },
  medium: { entities: 20_000, claims: 100_000 },
  large: { entities: 100_000, claims: 1_000_000 },
};

/** Session settings only: nothing is disabled (constraints and triggers stay on). */
const SESSION_SETTINGS = [
  "SET synchronous_commit = off",
  // GIN indexes (full-text and trigram) gather more entries in their pending list before merging them.
  "SET gin_pending_list_limit = '64MB'",
  "SET work_mem = '256MB'",
];

/** Claims per chunk: texts, quotes and per-claim lists exist only for the current chunk. */
const CHUNK = 5_000;

// ---------------------------------------------------------------------------------------------- proportions

const ENTITY_KINDS = ["PERSON", "ORGANIZATION", "GOVERNMENT_BODY", "PLACE", "GROUP", "POLICY", "EVENT", "TOPIC"];
const ENTITY_KIND_SHARE = [45, 20, 8, 10, 8, 4, 3, 2];
const [PERSON, ORGANIZATION, GOVERNMENT_BODY, PLACE, GROUP, POLICY, EVENT, TOPIC] = [0, 1, 2, 3, 4, 5, 6, 7];
const ROLE_NONE = 0;
const ROLE_NEWS = 1;
const ROLE_FACT_CHECKER = 2;
const ROLE_JOURNALIST = 3;

const CLAIM_KIND_CDF = cumulative([50, 15, 15, 10, 10]);
const SOURCE_KINDS = ["NEWS_ARTICLE", "SOCIAL_POST", "OFFICIAL_STATEMENT", "REPORT", "LEGAL_TEXT", "OTHER"];
const SOURCE_KIND_CDF = cumulative([60, 12, 10, 8, 4, 6]);
const DERIVATION_KINDS = ["REWRITE", "SYNDICATION", "QUOTATION", "TRANSLATION"];
const DERIVATION_CDF = cumulative([40, 30, 20, 10]);
const QUOTES_PER_CLAIM_CDF = cumulative([10, 25, 30, 20, 15]); // 1..5, mean 3.05
const STANCES_PER_CLAIM_CDF = cumulative([15, 35, 35, 15]); // 0..3, mean 1.5
const POSITIONS = ["SUPPORTS", "OPPOSES", "QUALIFIES", "NEUTRAL"];
const POSITION_CDF = cumulative([45, 35, 10, 10]);
const RATINGS = ["TRUE", "MOSTLY_TRUE", "MIXED", "MOSTLY_FALSE", "FALSE", "UNPROVEN"];
const RATING_CDF = cumulative([10, 15, 20, 20, 25, 10]);
const CLAIM_RELATION_KINDS = ["SUPPORTS", "ATTACKS", "CONTRADICTS", "QUALIFIES", "REPHRASES"];
const CLAIM_RELATION_CDF = cumulative([40, 30, 10, 10, 10]);
const DEPRECATION_REASONS = [
  "Duplicate of a better-sourced claim.",
  "Misattributed: the quote belongs to another speaker.",
  "Superseded by a corrected statement.",
  "The source retracted the article.",
  "Merged into a more precise formulation.",
];
const CONDITIONS = [
  "if the ordinance passes",
  "unless federal funding is withdrawn",
  "assuming current enforcement levels",
  "if the budget is approved",
  "within city limits only",
];

interface RelationRule {
  predicate: string;
  weight: number;
  subjects: number[];
  objects: number[];
  sameKind?: boolean;
}

const ENTITY_RELATION_RULES: RelationRule[] = [
  { predicate: "HEAD_OF", weight: 10, subjects: [PERSON], objects: [ORGANIZATION, GOVERNMENT_BODY] },
  { predicate: "MEMBER_OF", weight: 20, subjects: [PERSON, ORGANIZATION], objects: [ORGANIZATION, GROUP] },
  { predicate: "EMPLOYED_BY", weight: 20, subjects: [PERSON], objects: [ORGANIZATION, GOVERNMENT_BODY] },
  { predicate: "LOCATED_IN", weight: 18, subjects: [ORGANIZATION, GOVERNMENT_BODY, GROUP, EVENT], objects: [PLACE] },
  {
    predicate: "PART_OF",
    weight: 8,
    subjects: [GOVERNMENT_BODY, PLACE],
    objects: [GOVERNMENT_BODY, PLACE],
    sameKind: true,
  },
  { predicate: "PARTICIPANT_IN", weight: 10, subjects: [PERSON, ORGANIZATION, GROUP], objects: [EVENT] },
  { predicate: "ADOPTED", weight: 5, subjects: [GOVERNMENT_BODY], objects: [POLICY] },
  { predicate: "SUBJECT_TO", weight: 4, subjects: [PLACE, ORGANIZATION], objects: [POLICY] },
  { predicate: "AFFECTS", weight: 5, subjects: [POLICY], objects: [GROUP, PLACE, TOPIC] },
];

// ---------------------------------------------------------------------------------------------- time

const DAY = 86_400_000;
const T_START = Date.UTC(2015, 0, 1);
const T_END = Date.UTC(2026, 0, 1); // exclusive: 2025-12-31 is the last day
const T_CREATED_MAX = Date.UTC(2026, 1, 28);

function randomTime(r: Rng, from = T_START, to = T_END): number {
  return from + Math.floor(r.next() * ((to - from) / 60_000)) * 60_000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

function after(r: Rng, ms: number, maxDays: number): number {
  return Math.min(T_CREATED_MAX, ms + r.int(maxDays * 1440) * 60_000);
}

// ---------------------------------------------------------------------------------------------- writers

function writers() {
  const entity = new TableWriter("entity", [
    { name: "id", type: "uuid" },
    { name: "slug", type: "text" },
    { name: "kind", type: "entity_kind" },
    { name: "name", type: "text" },
    { name: "aliases", type: "text", expr: 'string_to_array(t."aliases", chr(31))' },
    { name: "description", type: "text" },
    { name: "external_ids", type: "jsonb" },
    { name: "created_at", type: "timestamptz" },
    { name: "updated_at", type: "timestamptz" },
  ]);
  const entityRelation = new TableWriter("entity_relation", [
    { name: "id", type: "uuid" },
    { name: "subject_id", type: "uuid" },
    { name: "predicate", type: "entity_predicate" },
    { name: "object_id", type: "uuid" },
    { name: "valid_from", type: "date" },
    { name: "valid_to", type: "date" },
    { name: "created_at", type: "timestamptz" },
  ]);
  const source = new TableWriter(
    "source",
    [
      { name: "id", type: "uuid" },
      { name: "kind", type: "source_kind" },
      { name: "title", type: "text" },
      { name: "url", type: "text" },
      { name: "publisher_id", type: "uuid" },
      { name: "published_at", type: "timestamptz" },
      { name: "retrieved_at", type: "timestamptz" },
      { name: "language", type: "text" },
      { name: "text", type: "text" },
      { name: "text_sha256", type: "text" },
      { name: "derived_from_id", type: "uuid" },
      { name: "derivation_kind", type: "derivation_kind" },
      { name: "created_at", type: "timestamptz" },
      { name: "updated_at", type: "timestamptz" },
    ],
    1000,
  );
  const sourceAuthor = new TableWriter("source_author", [
    { name: "source_id", type: "uuid" },
    { name: "entity_id", type: "uuid" },
    { name: "position", type: "int4" },
  ]);
  const quote = new TableWriter("quote", [
    { name: "id", type: "uuid" },
    { name: "source_id", type: "uuid" },
    { name: "exact", type: "text" },
    { name: "prefix", type: "text" },
    { name: "suffix", type: "text" },
    { name: "start", type: "int4" },
    { name: "end", type: "int4" },
    { name: "created_at", type: "timestamptz" },
  ]);
  const claim = new TableWriter("claim", [
    { name: "id", type: "uuid" },
    { name: "text", type: "text" },
    { name: "fingerprint", type: "text" },
    { name: "kind", type: "claim_kind" },
    { name: "stated_at", type: "timestamptz" },
    { name: "place_id", type: "uuid" },
    { name: "valid_from", type: "date" },
    { name: "valid_to", type: "date" },
    { name: "condition", type: "text" },
    { name: "rank", type: "claim_rank" },
    { name: "deprecation_reason", type: "text" },
    { name: "created_at", type: "timestamptz" },
    { name: "updated_at", type: "timestamptz" },
  ]);
  const link = (table: string, owner: string) =>
    new TableWriter(table, [
      { name: owner, type: "uuid" },
      { name: "entity_id", type: "uuid" },
      { name: "position", type: "int4" },
    ]);
  const pair = (table: string, a: string, b: string) =>
    new TableWriter(table, [
      { name: a, type: "uuid" },
      { name: b, type: "uuid" },
    ]);
  const claimRelation = new TableWriter("claim_relation", [
    { name: "id", type: "uuid" },
    { name: "from_id", type: "uuid" },
    { name: "to_id", type: "uuid" },
    { name: "kind", type: "claim_relation_kind" },
    { name: "created_at", type: "timestamptz" },
  ]);
  const viewpoint = new TableWriter("viewpoint", [
    { name: "id", type: "uuid" },
    { name: "slug", type: "text" },
    { name: "title", type: "text" },
    { name: "summary", type: "text" },
    { name: "topic_id", type: "uuid" },
    { name: "created_at", type: "timestamptz" },
    { name: "updated_at", type: "timestamptz" },
  ]);
  const viewpointMember = new TableWriter("viewpoint_member", [
    { name: "viewpoint_id", type: "uuid" },
    { name: "entity_id", type: "uuid" },
    { name: "role", type: "viewpoint_role" },
    { name: "position", type: "int4" },
  ]);
  const stance = new TableWriter("stance", [
    { name: "id", type: "uuid" },
    { name: "holder_entity_id", type: "uuid" },
    { name: "holder_viewpoint_id", type: "uuid" },
    { name: "claim_id", type: "uuid" },
    { name: "position", type: "stance_position" },
    { name: "note", type: "text" },
    { name: "created_at", type: "timestamptz" },
    { name: "updated_at", type: "timestamptz" },
  ]);
  const review = new TableWriter("review", [
    { name: "id", type: "uuid" },
    { name: "claim_id", type: "uuid" },
    { name: "reviewer_id", type: "uuid" },
    { name: "source_id", type: "uuid" },
    { name: "original_rating", type: "text" },
    { name: "normalized_rating", type: "normalized_rating" },
    { name: "reviewed_at", type: "timestamptz" },
    { name: "created_at", type: "timestamptz" },
    { name: "updated_at", type: "timestamptz" },
  ]);
  return {
    entity,
    entityRelation,
    viewpoint,
    viewpointMember,
    source,
    sourceAuthor,
    quote,
    claim,
    claimClaimant: link("claim_claimant", "claim_id"),
    claimSubject: link("claim_subject", "claim_id"),
    claimAppearance: pair("claim_appearance", "claim_id", "quote_id"),
    claimRelation,
    claimRelationEvidence: pair("claim_relation_evidence", "relation_id", "quote_id"),
    stance,
    stanceEvidence: pair("stance_evidence", "stance_id", "quote_id"),
    review,
    entityRelationEvidence: pair("entity_relation_evidence", "relation_id", "quote_id"),
  };
}

type Writers = ReturnType<typeof writers>;

// ---------------------------------------------------------------------------------------------- entities

interface Entities {
  count: number;
  kind: Uint8Array;
  role: Uint8Array;
  name: string[];
  slug: string[];
  byKind: number[][];
  factCheckers: number[];
  factCheckerScale: number[];
  /** Who makes claims and holds stances: people, organizations, government bodies, groups. */
  speakers: Zipf;
  subjects: Zipf;
  publishers: Zipf;
  journalists: Zipf;
  organizations: number[];
}

function misspell(r: Rng, name: string): string {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const i = r.between(1, Math.max(1, name.length - 2));
    const a = name.charAt(i);
    const b = name.charAt(i + 1);
    if (!/[a-z]/.test(a)) continue;
    let variant: string;
    switch (r.int(4)) {
      case 0:
        if (!/[a-z]/.test(b) || a === b) continue;
        variant = name.slice(0, i) + b + a + name.slice(i + 2);
        break;
      case 1:
        variant = name.slice(0, i) + a + name.slice(i);
        break;
      case 2:
        variant = name.slice(0, i) + name.slice(i + 1);
        break;
      default:
        variant =
          name.slice(0, i) +
          (a === "e" ? "a" : a === "a" ? "e" : a === "i" ? "y" : a === "o" ? "u" : "e") +
          name.slice(i + 1);
    }
    if (variant !== name && variant.trim()) return variant;
  }
  return `${name}s`;
}

function acronym(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w.charAt(0))
    .join("");
}

function fillForm(r: Rng, form: string, places: string[], prose: Prose): string {
  return form.replace(/\{(P|T|T2|N|L|S|Y)\}/g, (_, key: string) => {
    switch (key) {
      case "P":
        return r.pick(places);
      case "T":
      case "T2":
        return cap(prose.topic(r));
      case "N":
        return String(r.between(1, 999));
      case "L":
        return String.fromCharCode(65 + r.int(26)) + (r.chance(0.3) ? String(r.between(1, 9)) : "");
      case "S":
        return r.pick(STATES);
      default:
        return String(r.between(2008, 2025));
    }
  });
}

async function generateEntities(
  client: pg.ClientBase,
  w: Writers,
  seed: number,
  total: number,
): Promise<{ entities: Entities; prose: Prose }> {
  const r = new Rng(subSeed(seed, "entities"));
  const ids = new UuidSpace(seed, "entity");
  const counts = ENTITY_KIND_SHARE.map((share) => Math.round((total * share) / 100));
  counts[PERSON] += total - counts.reduce((a, b) => a + b, 0);
  const kind = new Uint8Array(total);
  const role = new Uint8Array(total);
  const order: number[] = [];
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i += 1) order.push(k);
  });
  r.shuffle(order);
  order.forEach((k, i) => (kind[i] = k));
  const byKind: number[][] = ENTITY_KINDS.map(() => []);
  for (let i = 0; i < total; i += 1) byKind[kind[i]].push(i);

  const newsCount = Math.max(5, Math.round(total * 0.02));
  const orgs = byKind[ORGANIZATION];
  const factCheckers = orgs.slice(0, FACT_CHECKERS.length);
  for (const i of factCheckers) role[i] = ROLE_FACT_CHECKER;
  for (const i of orgs.slice(FACT_CHECKERS.length, FACT_CHECKERS.length + newsCount)) role[i] = ROLE_NEWS;
  for (const i of byKind[PERSON]) if (r.chance(0.04)) role[i] = ROLE_JOURNALIST;

  const name: string[] = new Array(total).fill("");
  const firstLast: Array<[string, string] | null> = new Array(total).fill(null);
  const placeState: string[] = new Array(total).fill("");
  // Places first: every other name may mention one.
  const places = byKind[PLACE];
  const stateCount = Math.min(STATES.length, Math.floor(places.length / 5));
  places.forEach((i, n) => {
    if (n < stateCount) {
      name[i] = STATES[n];
      placeState[i] = "United States";
      return;
    }
    const town = r.pick(PLACE_HEADS) + r.pick(PLACE_TAILS);
    placeState[i] = r.pick(STATES);
    name[i] = r.chance(0.4) ? `${town}, ${placeState[i]}` : town;
  });
  const townNames = places.slice(stateCount).map((i) => name[i].split(",")[0]);
  // Topics use the Prose topic sampler before the name bank is complete; the bank is filled in below.
  const bank: NameBank = { persons: [], organizations: [], governments: [], places: townNames };
  const prose = new Prose(bank, new Rng(subSeed(seed, "topics")));

  let factCheckerNo = 0;
  let topicNo = 0;
  for (let i = 0; i < total; i += 1) {
    switch (kind[i]) {
      case PERSON: {
        const first = r.pick(FIRST_NAMES);
        const last = r.pick(LAST_NAMES);
        firstLast[i] = [first, last];
        name[i] = r.chance(0.12) ? `${first} ${String.fromCharCode(65 + r.int(26))}. ${last}` : `${first} ${last}`;
        break;
      }
      case ORGANIZATION:
        if (role[i] === ROLE_FACT_CHECKER) name[i] = FACT_CHECKERS[factCheckerNo++].name;
        else if (role[i] === ROLE_NEWS) {
          const x = r.int(10);
          const p = r.pick(townNames);
          name[i] =
            x < 6
              ? `The ${p} ${r.pick(NEWS_SUFFIXES)}`
              : x < 8
                ? `${p} Public Radio`
                : x < 9
                  ? `Channel ${r.between(2, 13)} ${p}`
                  : `${p} ${r.pick(NEWS_SUFFIXES)} Online`;
        } else {
          const x = r.int(6);
          name[i] =
            x === 0
              ? `${r.pick(townNames)} ${r.pick(ORG_NOUNS)}`
              : x === 1
                ? `${r.pick(LAST_NAMES)} ${r.pick(ORG_NOUNS)}`
                : x === 2
                  ? `National ${cap(prose.topic(r))} ${r.pick(ORG_NOUNS)}`
                  : x === 3
                    ? `${r.pick(LAST_NAMES)} & ${r.pick(LAST_NAMES)} ${r.pick(COMPANY_SUFFIXES)}`
                    : x === 4
                      ? `${r.pick(townNames)} Chamber of Commerce`
                      : `${cap(prose.topic(r))} Policy ${r.pick(ORG_NOUNS)}`;
        }
        break;
      case GOVERNMENT_BODY:
        name[i] = r.chance(0.8)
          ? `${r.pick(townNames)} ${r.pick(GOV_NOUNS)}`
          : `${r.pick(STATES)} ${r.pick(GOV_NOUNS)}`;
        break;
      case PLACE:
        break;
      case GROUP:
        name[i] = fillForm(r, r.pick(GROUP_FORMS), townNames, prose);
        break;
      case POLICY:
        name[i] = fillForm(r, r.pick(POLICY_FORMS), townNames, prose);
        break;
      case EVENT:
        name[i] = fillForm(r, r.pick(EVENT_FORMS), townNames, prose);
        break;
      default:
        name[i] =
          topicNo < TOPIC_WORDS.length ? cap(TOPIC_WORDS[topicNo]) : fillForm(r, r.pick(TOPIC_FORMS), townNames, prose);
        topicNo += 1;
    }
  }
  for (let i = 0; i < total; i += 1) {
    if (kind[i] === PERSON) bank.persons.push(name[i]);
    else if (kind[i] === ORGANIZATION) bank.organizations.push(name[i]);
    else if (kind[i] === GOVERNMENT_BODY) bank.governments.push(name[i]);
  }

  const slug: string[] = new Array(total).fill("");
  const used = new Set<string>();
  for (let i = 0; i < total; i += 1) {
    const base = slugify(name[i], 120);
    let candidate = base;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${base}-${n}`;
    used.add(candidate);
    slug[i] = candidate;

    const aliases: string[] = [];
    if (role[i] === ROLE_FACT_CHECKER || r.chance(0.3)) {
      const want = r.chance(0.7) ? 1 : r.chance(0.6) ? 2 : 3;
      for (let attempt = 0; attempt < 6 && aliases.length < want; attempt += 1) {
        let alias: string;
        const fl = firstLast[i];
        const x = r.int(4);
        if (fl) {
          alias =
            x === 0
              ? `${fl[0].charAt(0)}. ${fl[1]}`
              : x === 1
                ? misspell(r, name[i])
                : x === 2
                  ? `${r.pick(["Mayor", "Sen.", "Rep.", "Dr.", "Chief", "Gov.", "Councilmember"])} ${fl[1]}`
                  : `${fl[0]} ${misspell(r, fl[1])}`;
        } else {
          const a = acronym(name[i]);
          alias =
            x === 0 && a.length >= 2
              ? a
              : x === 1 && kind[i] !== PLACE
                ? `the ${name[i]}`
                : x === 2 && kind[i] === PLACE
                  ? `City of ${name[i].split(",")[0]}`
                  : misspell(r, name[i]);
        }
        if (alias !== name[i] && !aliases.includes(alias)) aliases.push(alias);
      }
    }

    let description: string | null = null;
    if (r.chance(0.9)) {
      const p = r.pick(townNames);
      switch (kind[i]) {
        case PERSON:
          description =
            role[i] === ROLE_JOURNALIST
              ? `Journalist covering ${prose.topic(r)} and ${prose.topic(r)} for local outlets.`
              : `${cap(fillForm(r, r.pick(PERSON_ROLES), townNames, prose))}.`;
          break;
        case ORGANIZATION:
          description =
            role[i] === ROLE_FACT_CHECKER
              ? "Independent fact-checking organization that rates public claims."
              : role[i] === ROLE_NEWS
                ? `News organization based in ${p}, covering ${prose.topic(r)}, ${prose.topic(r)} and local politics.`
                : `Organization based in ${p} working on ${prose.topic(r)} and ${prose.topic(r)}.`;
          break;
        case GOVERNMENT_BODY:
          description = `Public body responsible for ${prose.topic(r)} ${prose.nouns(r)} and ${prose.topic(r)}.`;
          break;
        case PLACE:
          description = placeState[i] === "United States" ? "State of the United States." : `City in ${placeState[i]}.`;
          break;
        case GROUP:
          description = `Advocacy group in ${p} focused on ${prose.topic(r)}.`;
          break;
        case POLICY:
          description = `Policy adopted in ${r.between(2008, 2025)} concerning ${prose.topic(r)} and ${prose.topic(r)}.`;
          break;
        case EVENT:
          description = `Event in ${p} that drew attention to ${prose.topic(r)}.`;
          break;
        default:
          description = `Public debate about ${prose.topic(r)}, ${prose.topic(r)} and ${prose.topic(r)}.`;
      }
    }
    const externalIds = r.chance(0.1) ? JSON.stringify({ wikidata: `Q${r.between(100_000, 99_999_999)}` }) : "{}";
    const created = iso(randomTime(r, Date.UTC(2023, 0, 1), T_END));
    w.entity.add(
      ids.id(i),
      slug[i],
      ENTITY_KINDS[kind[i]],
      name[i],
      aliases.join("\u001f"),
      description,
      externalIds,
      created,
      created,
    );
    await w.entity.flushIfFull(client);
  }
  await w.entity.flush(client);

  const speakerPool = [...byKind[PERSON], ...byKind[GOVERNMENT_BODY], ...byKind[GROUP]].concat(
    orgs.filter((i) => role[i] !== ROLE_FACT_CHECKER),
  );
  speakerPool.sort((a, b) => a - b);
  const journalists = byKind[PERSON].filter((i) => role[i] === ROLE_JOURNALIST);
  const entities: Entities = {
    count: total,
    kind,
    role,
    name,
    slug,
    byKind,
    factCheckers,
    factCheckerScale: FACT_CHECKERS.map((f) => f.scale),
    speakers: Zipf.of(speakerPool, 1.0, r),
    subjects: Zipf.of(
      Array.from({ length: total }, (_, i) => i).filter((i) => role[i] !== ROLE_FACT_CHECKER),
      0.9,
      r,
    ),
    publishers: Zipf.of(
      orgs.filter((i) => role[i] === ROLE_NEWS),
      1.1,
      r,
    ),
    journalists: Zipf.of(journalists.length ? journalists : byKind[PERSON], 0.8, r),
    organizations: orgs.filter((i) => role[i] === ROLE_NONE),
  };
  return { entities, prose };
}

async function generateEntityRelations(
  client: pg.ClientBase,
  w: Writers,
  seed: number,
  e: Entities,
): Promise<number[]> {
  const r = new Rng(subSeed(seed, "entity_relations"));
  const ids = new UuidSpace(seed, "entity_relation");
  const entityIds = new UuidSpace(seed, "entity");
  const target = Math.round(e.count * 0.3);
  const cdf = cumulative(ENTITY_RELATION_RULES.map((rule) => rule.weight));
  const pools = ENTITY_RELATION_RULES.map((rule) => ({
    subjects: rule.subjects.flatMap((k) => e.byKind[k]).sort((a, b) => a - b),
    objects: rule.objects.map((k) => Zipf.of(e.byKind[k], 0.8, r)),
  }));
  const seen = new Set<string>();
  const needsEvidence: number[] = [];
  let made = 0;
  for (let attempt = 0; made < target && attempt < target * 5; attempt += 1) {
    const ruleNo = r.weighted(cdf);
    const rule = ENTITY_RELATION_RULES[ruleNo];
    const pool = pools[ruleNo];
    if (pool.subjects.length === 0) continue;
    const subject = r.pick(pool.subjects);
    const objectPool = rule.sameKind
      ? pool.objects[rule.objects.indexOf(e.kind[subject])]
      : pool.objects[r.int(pool.objects.length)];
    if (!objectPool || objectPool.size === 0) continue;
    const object = objectPool.sample(r);
    const key = `${subject}:${ruleNo}:${object}`;
    if (object === subject || seen.has(key)) continue;
    seen.add(key);
    let validFrom: string | null = null;
    let validTo: string | null = null;
    if (r.chance(0.3)) {
      const from = randomTime(r, Date.UTC(2000, 0, 1), T_END);
      validFrom = isoDate(from);
      if (r.chance(0.35)) validTo = isoDate(from + r.between(30, 3000) * DAY);
    }
    w.entityRelation.add(
      ids.id(made),
      entityIds.id(subject),
      rule.predicate,
      entityIds.id(object),
      validFrom,
      validTo,
      iso(randomTime(r, Date.UTC(2023, 0, 1), T_END)),
    );
    if (r.chance(0.1)) needsEvidence.push(made);
    made += 1;
    await w.entityRelation.flushIfFull(client);
  }
  await w.entityRelation.flush(client);
  return needsEvidence;
}

// ---------------------------------------------------------------------------------------------- viewpoints

interface Viewpoints {
  count: number;
  zipf: Zipf;
  /** Entity indexes that belong to some viewpoint (with repeats: popular members appear more often). */
  members: Int32Array;
}

const VIEWPOINT_FORMS = [
  "{P} should {V} its {T} {N}",
  "{T} policy makes {P} {A}",
  "Local police should not enforce federal immigration law in {P}",
  "{T} {Ns} help {P} {W}",
  "{T} {Ns} hurt {P} {W}",
  "Stronger {T} rules are {B}",
  "{P} {T} spending is {C}",
  "Sanctuary policies make {P} {A}",
  "{P} needs more police, not less {T}",
  "Trust between police and immigrant communities in {P} is {B}",
];

async function generateViewpoints(
  client: pg.ClientBase,
  w: Writers,
  seed: number,
  e: Entities,
  prose: Prose,
  count: number,
): Promise<Viewpoints> {
  const r = new Rng(subSeed(seed, "viewpoints"));
  const ids = new UuidSpace(seed, "viewpoint");
  const entityIds = new UuidSpace(seed, "entity");
  const topics = e.byKind[TOPIC];
  const used = new Set<string>();
  const members: number[] = [];
  for (let v = 0; v < count; v += 1) {
    const title = r.pick(VIEWPOINT_FORMS).replace(/\{(P|T|N|Ns|V|A|W|B|C)\}/g, (_, key: string) => {
      switch (key) {
        case "P":
          return prose.place(r);
        case "T":
          return prose.topic(r);
        case "N":
          return r.pick(["policy", "program", "ordinance", "budget", "strategy"]);
        case "Ns":
          return r.pick(["policies", "programs", "rules", "cuts", "investments"]);
        case "V":
          return r.pick(["expand", "end", "protect", "restrict", "fund", "defund", "reform", "keep", "audit"]);
        case "A":
          return r.pick(["safer", "less safe", "poorer", "stronger", "more divided", "more affordable"]);
        case "W":
          return r.pick(["residents", "families", "businesses", "workers", "students", "immigrants"]);
        case "B":
          return r.pick(["needed", "overdue", "unnecessary", "harmful", "broken", "improving"]);
        default:
          return r.pick(["wasteful", "essential", "too low", "too high", "misdirected"]);
      }
    });
    const fullTitle = cap(title);
    const base = slugify(fullTitle, 120);
    let slug = base;
    for (let n = 2; used.has(slug); n += 1) slug = `${base}-${n}`;
    used.add(slug);
    const summary = r.chance(0.9) ? `${prose.filler(r)} ${prose.filler(r)}` : null;
    const topic = topics.length && r.chance(0.9) ? entityIds.id(r.pick(topics)) : null;
    const created = iso(randomTime(r, Date.UTC(2023, 0, 1), T_END));
    w.viewpoint.add(ids.id(v), slug, fullTitle, summary, topic, created, created);

    const size = r.between(3, 10);
    const chosen: number[] = [];
    for (let attempt = 0; attempt < size * 4 && chosen.length < size; attempt += 1) {
      const m = e.speakers.sample(r);
      if (!chosen.includes(m)) chosen.push(m);
    }
    const spokesperson = chosen.length >= 4 ? r.between(1, chosen.length - 1) : -1;
    chosen.forEach((m, position) => {
      const role =
        position === 0
          ? "PROPONENT"
          : position === spokesperson
            ? "SPOKESPERSON"
            : r.chance(0.2)
              ? "PROPONENT"
              : "SUPPORTER";
      w.viewpointMember.add(ids.id(v), entityIds.id(m), role, position);
      members.push(m);
    });
  }
  await w.viewpoint.flush(client);
  await w.viewpointMember.flush(client);
  return {
    count,
    zipf: Zipf.of(
      Array.from({ length: count }, (_, i) => i),
      0.8,
      r,
    ),
    members: Int32Array.from(members),
  };
}

// ---------------------------------------------------------------------------------------------- claims

interface Counters {
  source: number;
  quote: number;
  stance: number;
  review: number;
  claimRelation: number;
}

function pickDistinct(r: Rng, howMany: number, draw: () => number): number[] {
  const out: number[] = [];
  for (let attempt = 0; attempt < howMany * 6 && out.length < howMany; attempt += 1) {
    const x = draw();
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

function domainOf(slug: string, tld: string): string {
  return `${slug.replace(/-/g, "").slice(0, 40)}.${tld}`;
}

/** Joins sentences into paragraphs (3-7 sentences each) and reports where each sentence starts. */
function assemble(r: Rng, sentences: string[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = "";
  let left = 0;
  for (const sentence of sentences) {
    if (text.length > 0) {
      if (left === 0) {
        text += "\n\n";
        left = r.between(3, 7);
      } else text += " ";
    } else left = r.between(3, 7);
    starts.push(text.length);
    text += sentence;
    left -= 1;
  }
  return { text, starts };
}

interface ChunkClaim {
  index: number;
  id: string;
  text: string;
  claimants: number[];
  subjects: number[];
  stated: number | null;
  created: number;
  quotes: number[];
}

async function generateClaims(
  a: pg.ClientBase,
  b: pg.ClientBase,
  w: Writers,
  seed: number,
  e: Entities,
  vp: Viewpoints,
  prose: Prose,
  totalClaims: number,
  log: (msg: string) => void,
): Promise<Counters> {
  const ids = {
    claim: new UuidSpace(seed, "claim"),
    entity: new UuidSpace(seed, "entity"),
    source: new UuidSpace(seed, "source"),
    quote: new UuidSpace(seed, "quote"),
    stance: new UuidSpace(seed, "stance"),
    review: new UuidSpace(seed, "review"),
    viewpoint: new UuidSpace(seed, "viewpoint"),
    claimRelation: new UuidSpace(seed, "claim_relation"),
  };
  const n: Counters = { source: 0, quote: 0, stance: 0, review: 0, claimRelation: 0 };
  const fingerprints = new Set<string>();
  // The last four claims about each entity: claim relations mostly link claims that share a subject.
  const recent = new Int32Array(e.count * 4).fill(-1);
  const recentNext = new Uint8Array(e.count);
  const places = e.byKind[PLACE];
  const governments = e.byKind[GOVERNMENT_BODY];
  const reviewerZipf = new Zipf(Int32Array.from(e.factCheckers.keys()), 0.7);
  const started = performance.now();
  let previousA: Promise<void> = Promise.resolve();
  let previousB: Promise<void> = Promise.resolve();

  try {
    for (let c0 = 0; c0 < totalClaims; c0 += CHUNK) {
      const size = Math.min(CHUNK, totalClaims - c0);
      const r = new Rng(subSeed(seed, "claims", c0));
      const chunk: ChunkClaim[] = [];

      // Claims, with claimants and subjects.
      for (let j = 0; j < size; j += 1) {
        const index = c0 + j;
        const kind = CLAIM_KINDS[r.weighted(CLAIM_KIND_CDF)] as ClaimKind;
        const claimants = pickDistinct(r, r.chance(0.75) ? 1 : 2, () => e.speakers.sample(r));
        const subjects = pickDistinct(r, r.chance(0.5) ? 1 : r.chance(0.7) ? 2 : 3, () => e.subjects.sample(r));
        const place = places.length && r.chance(0.3) ? r.pick(places) : -1;
        const placeName = place >= 0 ? e.name[place].split(",")[0] : prose.place(r);
        const subjectNames = subjects.map((s) => e.name[s]);
        const claimantSlugs = claimants.map((c) => e.slug[c]);
        let text = prose.claim(r, kind, subjectNames, placeName);
        let fingerprint = claimFingerprint(text, claimantSlugs);
        while (fingerprints.has(fingerprint.slice(0, 16))) {
          text = prose.claim(r, kind, subjectNames, placeName);
          fingerprint = claimFingerprint(text, claimantSlugs);
        }
        fingerprints.add(fingerprint.slice(0, 16));
        const stated = r.chance(0.8) ? randomTime(r) : null;
        const created = after(r, stated ?? randomTime(r), 120);
        const x = r.next();
        const rank = x < 0.01 ? "DEPRECATED" : x < 0.03 ? "PREFERRED" : "NORMAL";
        let validFrom: string | null = null;
        let validTo: string | null = null;
        if (r.chance(0.1)) {
          const from = randomTime(r, Date.UTC(2010, 0, 1));
          validFrom = isoDate(from);
          if (r.chance(0.5)) validTo = isoDate(from + r.between(30, 2000) * DAY);
        }
        const id = ids.claim.id(index);
        w.claim.add(
          id,
          text,
          fingerprint,
          kind,
          stated === null ? null : iso(stated),
          place >= 0 ? ids.entity.id(place) : null,
          validFrom,
          validTo,
          r.chance(0.03) ? r.pick(CONDITIONS) : null,
          rank,
          rank === "DEPRECATED" ? r.pick(DEPRECATION_REASONS) : null,
          iso(created),
          iso(after(r, created, 30)),
        );
        claimants.forEach((c, position) => w.claimClaimant.add(id, ids.entity.id(c), position));
        subjects.forEach((s, position) => w.claimSubject.add(id, ids.entity.id(s), position));
        chunk.push({ index, id, text, claimants, subjects, stated, created, quotes: [] });
      }
      await yieldToIo(); // let the previous chunk's next INSERT go out

      // Evidence sources: each claim is quoted 1-5 times across 1-3 of the chunk's sources.
      const sourceCount = Math.max(1, Math.round(size * 0.16));
      const slots: number[][] = Array.from({ length: sourceCount }, () => []);
      for (let j = 0; j < size; j += 1) {
        const quotes = r.weighted(QUOTES_PER_CLAIM_CDF) + 1;
        const spread = Math.min(quotes, 1 + (r.chance(0.5) ? 1 : 0) + (r.chance(0.2) ? 1 : 0), sourceCount);
        const chosen = pickDistinct(r, spread, () => r.int(sourceCount));
        for (let q = 0; q < quotes; q += 1) slots[chosen[q % chosen.length]].push(j);
      }
      for (let s = 0; s < sourceCount; s += 1) {
        if (s % 100 === 99) await yieldToIo();
        const index = n.source++;
        const id = ids.source.id(index);
        const kind = SOURCE_KINDS[r.weighted(SOURCE_KIND_CDF)];
        let publisher = -1;
        if (kind === "NEWS_ARTICLE" && e.publishers.size) publisher = e.publishers.sample(r);
        else if ((kind === "OFFICIAL_STATEMENT" || kind === "LEGAL_TEXT") && governments.length)
          publisher = r.pick(governments);
        else if (kind === "REPORT" && e.organizations.length) publisher = r.pick(e.organizations);
        const published = r.chance(0.065) ? null : randomTime(r);
        const firstClaim = slots[s].length ? chunk[slots[s][0]] : chunk[0];
        const author = firstClaim.claimants[0];

        const items = slots[s].concat(new Array<number>(r.between(8, 23)).fill(-1));
        r.shuffle(items);
        const sentences = items.map((j) => {
          if (j < 0) return prose.filler(r);
          const c = chunk[j];
          return prose.quoteSentence(r, c.text, e.name[r.pick(c.claimants)]);
        });
        const { text, starts } = assemble(r, sentences);
        const headline = prose.headline(r);
        const title =
          kind === "SOCIAL_POST"
            ? `Post by ${e.name[author]}: ${headline}`
            : kind === "OFFICIAL_STATEMENT"
              ? `Statement: ${headline}`
              : kind === "REPORT"
                ? `Report: ${headline}`
                : kind === "LEGAL_TEXT"
                  ? `Ordinance No. ${r.between(100, 9999)}: ${headline}`
                  : headline;
        const yearMonth = published === null ? "archive" : iso(published).slice(0, 7).replace("-", "/");
        const path = `${slugify(headline, 60)}-${index}`;
        let url: string | null;
        if (kind === "SOCIAL_POST")
          url = `https://social.example.com/${e.slug[author]}/status/${1_000_000_000 + index}`;
        else if (publisher >= 0) {
          const tld = kind === "NEWS_ARTICLE" ? "com" : kind === "REPORT" ? "org" : "gov";
          url = `https://www.${domainOf(e.slug[publisher], tld)}/${yearMonth}/${path}`;
        } else url = r.chance(0.5) ? null : `https://archive.example.org/${yearMonth}/${path}`;
        const derived = index > 0 && r.chance(0.05);
        const created = after(r, published ?? randomTime(r), 30);
        w.source.add(
          id,
          kind,
          title,
          url,
          publisher >= 0 ? ids.entity.id(publisher) : null,
          published === null ? null : iso(published),
          published !== null && r.chance(0.7) ? iso(after(r, published, 10)) : null,
          r.chance(0.97) ? "en" : null,
          text,
          sha256Hex(text),
          derived ? ids.source.id(r.int(index)) : null,
          derived ? DERIVATION_KINDS[r.weighted(DERIVATION_CDF)] : null,
          iso(created),
          iso(created),
        );
        const authors =
          kind === "NEWS_ARTICLE"
            ? pickDistinct(r, r.chance(0.7) ? 1 : 2, () => e.journalists.sample(r))
            : kind === "SOCIAL_POST"
              ? [author]
              : kind === "REPORT" && r.chance(0.5)
                ? [e.speakers.sample(r)]
                : [];
        authors.forEach((a, position) => w.sourceAuthor.add(id, ids.entity.id(a), position));

        items.forEach((j, k) => {
          if (j < 0) return;
          const start = starts[k];
          const exact = sentences[k];
          const end = start + exact.length;
          const quoteIndex = n.quote++;
          const quoteId = ids.quote.id(quoteIndex);
          w.quote.add(
            quoteId,
            id,
            exact,
            text.slice(Math.max(0, start - 32), start),
            text.slice(end, end + 32),
            start,
            end,
            iso(created),
          );
          chunk[j].quotes.push(quoteIndex);
          w.claimAppearance.add(chunk[j].id, quoteId);
        });
      }

      // Reviews: ~40% of claims, grouped into fact-check articles (6-16 claims each) per fact-checker.
      const reviewed: number[][] = e.factCheckers.map(() => []);
      for (let j = 0; j < size; j += 1) {
        if (!r.chance(0.4)) continue;
        const first = reviewerZipf.sample(r);
        reviewed[first].push(j);
        if (r.chance(0.07)) {
          const second = reviewerZipf.sample(r);
          if (second !== first) reviewed[second].push(j);
        }
      }
      reviewed.forEach((claims, reviewerNo) => {
        const reviewer = e.factCheckers[reviewerNo];
        const scale = e.factCheckerScale[reviewerNo];
        for (let from = 0; from < claims.length;) {
          const group = claims.slice(from, from + r.between(6, 16));
          from += group.length;
          const index = n.source++;
          const id = ids.source.id(index);
          const latest = Math.max(T_START, ...group.map((j) => chunk[j].stated ?? 0));
          const published = Math.min(T_END - 60_000, after(r, latest, 45));
          const sentences: string[] = [prose.filler(r), prose.filler(r)];
          const ratings = group.map((j) => {
            const rating = r.weighted(RATING_CDF);
            const label = r.pick(RATING_LABELS[scale][rating]);
            const c = chunk[j];
            sentences.push(`${e.name[c.claimants[0]]} ${prose.say(r)}: "${c.text}" We rate this claim ${label}.`);
            sentences.push(prose.filler(r));
            return { j, rating, label };
          });
          const { text } = assemble(r, sentences);
          const topic = prose.topic(r);
          const title = `Fact check: ${e.name[chunk[group[0]].claimants[0]]} and other claims about ${topic}`;
          const created = after(r, published, 3);
          w.source.add(
            id,
            "FACT_CHECK",
            title,
            `https://www.${domainOf(e.slug[reviewer], "org")}/fact-check/${iso(published).slice(0, 4)}/${slugify(title, 60)}-${index}`,
            ids.entity.id(reviewer),
            iso(published),
            iso(after(r, published, 2)),
            "en",
            text,
            sha256Hex(text),
            null,
            null,
            iso(created),
            iso(created),
          );
          w.sourceAuthor.add(id, ids.entity.id(e.journalists.sample(r)), 0);
          for (const { j, rating, label } of ratings) {
            w.review.add(
              ids.review.id(n.review++),
              chunk[j].id,
              ids.entity.id(reviewer),
              id,
              label,
              RATINGS[rating],
              iso(published),
              iso(created),
              iso(created),
            );
          }
        }
      });

      await yieldToIo();

      // Claim relations: ~0.5 per claim, mostly to an earlier claim about the same subject.
      for (const c of chunk) {
        const wanted = r.chance(0.45) ? (r.chance(0.11) ? 2 : 1) : 0;
        const targets: number[] = [];
        for (let t = 0; t < wanted && c.index > 0; t += 1) {
          let target = -1;
          if (r.chance(0.85)) {
            const candidates: number[] = [];
            for (const s of c.subjects) {
              for (let k = 0; k < 4; k += 1) {
                const other = recent[s * 4 + k];
                if (other >= 0 && other !== c.index && !targets.includes(other) && !candidates.includes(other)) {
                  candidates.push(other);
                }
              }
            }
            if (candidates.length) target = r.pick(candidates);
          }
          if (target < 0) target = r.int(c.index);
          if (targets.includes(target)) continue;
          targets.push(target);
          const relationIndex = n.claimRelation++;
          const relationId = ids.claimRelation.id(relationIndex);
          w.claimRelation.add(
            relationId,
            c.id,
            ids.claim.id(target),
            CLAIM_RELATION_KINDS[r.weighted(CLAIM_RELATION_CDF)],
            iso(after(r, c.created, 60)),
          );
          if (c.quotes.length && r.chance(0.1)) w.claimRelationEvidence.add(relationId, ids.quote.id(r.pick(c.quotes)));
        }
        for (const s of c.subjects) {
          recent[s * 4 + recentNext[s]] = c.index;
          recentNext[s] = (recentNext[s] + 1) & 3;
        }
      }

      // Stances: ~1.5 per claim, 80% held by entities (often viewpoint members), 20% by viewpoints.
      for (const c of chunk) {
        const wanted = r.weighted(STANCES_PER_CLAIM_CDF);
        const entityHolders: number[] = [];
        const viewpointHolders: number[] = [];
        for (let t = 0; t < wanted; t += 1) {
          let holderEntity: string | null = null;
          let holderViewpoint: string | null = null;
          let position = POSITIONS[r.weighted(POSITION_CDF)];
          if (vp.count === 0 || r.chance(0.8)) {
            const h = vp.members.length && r.chance(0.4) ? vp.members[r.int(vp.members.length)] : e.speakers.sample(r);
            if (entityHolders.includes(h)) continue;
            entityHolders.push(h);
            holderEntity = ids.entity.id(h);
            if (c.claimants.includes(h)) position = "SUPPORTS";
          } else {
            const v = vp.zipf.sample(r);
            if (viewpointHolders.includes(v)) continue;
            viewpointHolders.push(v);
            holderViewpoint = ids.viewpoint.id(v);
          }
          const stanceId = ids.stance.id(n.stance++);
          const created = iso(after(r, c.created, 90));
          const note = r.chance(0.2) ? prose.filler(r) : null;
          w.stance.add(stanceId, holderEntity, holderViewpoint, c.id, position, note, created, created);
          if (c.quotes.length && r.chance(0.3)) w.stanceEvidence.add(stanceId, ids.quote.id(r.pick(c.quotes)));
        }
      }

      // Parents before children. Connection `a` writes sources and quotes while `b` writes claims and stances;
      // the rows that need both (appearances, evidence, reviews) follow on `b` once `a` is done with the chunk.
      // Each table is written by one connection in chunk order, so SERIAL seq values are reproducible.
      const forA: Batch[] = [w.source.take(), w.sourceAuthor.take(), w.quote.take()];
      const forB: Batch[] = [w.claim.take(), w.claimClaimant.take(), w.claimSubject.take(), w.claimRelation.take()];
      forB.push(w.stance.take());
      const forBoth: Batch[] = [w.claimAppearance.take(), w.claimRelationEvidence.take(), w.stanceEvidence.take()];
      forBoth.push(w.review.take());
      const doneA = previousA.then(() => writeAll(a, forA));
      const doneB = previousB
        .then(() => writeAll(b, forB))
        .then(() => doneA)
        .then(() => writeAll(b, forBoth));
      // Failures surface where these are awaited; the no-op handlers only stop early "unhandled" reports.
      doneA.catch(() => undefined);
      doneB.catch(() => undefined);
      // Keep at most one chunk in flight while the next one is generated.
      const previous = previousB;
      previousA = doneA;
      previousB = doneB;
      await previous;
      const done = c0 + size;
      if (done % (CHUNK * 10) === 0 || done === totalClaims) {
        const seconds = (performance.now() - started) / 1000;
        if (done === totalClaims) await Promise.all([previousA, previousB]);
        log(`claims ${done}/${totalClaims} (${((100 * done) / totalClaims).toFixed(0)}%) in ${seconds.toFixed(1)}s`);
      }
    }
  } catch (error) {
    // Let the other connection finish its statement before the caller releases it.
    await Promise.allSettled([previousA, previousB]);
    throw error;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------- entry points

export async function generate(
  pool: pg.Pool,
  tier: Tier,
  options: GenerateOptions = {},
): Promise<Record<string, number>> {
  const size = TIERS[tier];
  if (!size) throw new Error(`unknown tier "${tier}" (expected small, medium or large)`);
  const seed = (options.seed ?? 1) >>> 0;
  const log = options.log ?? (() => undefined);
  const client = await pool.connect();
  // A second connection lets PostgreSQL index quotes and claims at the same time.
  let side: pg.PoolClient | null = null;
  try {
    const existing = await client.query<{ busy: boolean }>(`SELECT EXISTS (SELECT 1 FROM entity) AS busy`);
    if (existing.rows[0]?.busy) {
      throw new Error("the entity table already has rows: generate fills an empty, freshly migrated database only");
    }
    for (const sql of SESSION_SETTINGS) await client.query(sql);
    if ((pool.options.max ?? 10) >= 2) {
      side = await pool.connect();
      for (const sql of SESSION_SETTINGS) await side.query(sql);
    }
    const w = writers();
    const times: Record<string, number> = {};
    const phase = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await run();
      times[label] = performance.now() - started;
      log(`${label}: ${(times[label] / 1000).toFixed(1)}s`);
      return result;
    };

    const { entities, prose } = await phase("entities", () => generateEntities(client, w, seed, size.entities));
    const needsEvidence = await phase("entity relations", () => generateEntityRelations(client, w, seed, entities));
    const viewpoints = await phase("viewpoints", () =>
      generateViewpoints(client, w, seed, entities, prose, Math.max(5, Math.round(size.claims / 100))),
    );
    const counters = await phase("claims, sources, quotes, stances, reviews", () =>
      generateClaims(client, side ?? client, w, seed, entities, viewpoints, prose, size.claims, log),
    );
    await phase("entity relation evidence", async () => {
      const r = new Rng(subSeed(seed, "entity_relation_evidence"));
      const relationIds = new UuidSpace(seed, "entity_relation");
      const quoteIds = new UuidSpace(seed, "quote");
      for (const relation of needsEvidence) {
        if (counters.quote > 0)
          w.entityRelationEvidence.add(relationIds.id(relation), quoteIds.id(r.int(counters.quote)));
      }
      await w.entityRelationEvidence.flush(client);
    });
    // VACUUM, not just ANALYZE: it also flushes the GIN pending lists the bulk load filled, without
    // which the planner avoids the full-text and trigram indexes.
    await phase("vacuum analyze", () => client.query("VACUUM ANALYZE"));

    const counts: Record<string, number> = {};
    for (const writer of Object.values(w)) {
      counts[writer.table] = writer.total;
      log(
        `  ${writer.table.padEnd(26)} ${String(writer.total).padStart(9)} rows ${(writer.ms / 1000).toFixed(1).padStart(7)}s` +
          (writer.ms > 0 ? ` ${Math.round(writer.total / (writer.ms / 1000)).toLocaleString("en-US")} rows/s` : ""),
      );
    }
    return counts;
  } finally {
    client.release();
    side?.release();
  }
}

function parseArgs(argv: string[]): { tier: Tier; url?: string; seed?: number } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const [key, inline] = argv[i].split("=", 2);
    if (!key.startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    args.set(key.slice(2), value);
  }
  for (const key of args.keys()) {
    if (!["tier", "database-url", "seed"].includes(key)) throw new Error(`unknown option --${key}`);
  }
  const tier = args.get("tier") ?? "small";
  if (!(tier in TIERS)) throw new Error(`--tier must be small, medium or large (got ${tier})`);
  const seed = args.has("seed") ? Number(args.get("seed")) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error("--seed must be an integer");
  return { tier: tier as Tier, url: args.get("database-url") ?? process.env.DATABASE_URL, seed };
}

async function main(): Promise<void> {
  const { tier, url, seed } = parseArgs(process.argv.slice(2));
  if (!url) throw new Error("no database: pass --database-url or set DATABASE_URL");
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const started = performance.now();
  try {
    console.log(`generating tier ${tier} (seed ${seed ?? 1})`);
    const counts = await generate(pool, tier, { seed, log: (msg) => console.log(msg) });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - started) / 1000;
    console.log(`done: ${rows} rows in ${seconds.toFixed(1)}s (${Math.round(rows / seconds)} rows/s)`);
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
