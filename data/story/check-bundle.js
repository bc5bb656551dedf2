#!/usr/bin/env node
/*
 * Standalone validator for a claimbase bundle (no dependencies).
 *
 *   node data/story/check-bundle.js [path/to/bundle.json]
 *
 * Default bundle: sanctuary-city.json next to this script.
 * Checks: required keys and no unknown keys, enum values, slug/ref syntax,
 * uniqueness rules, every reference resolves, and every QuoteRef's `exact`
 * occurs exactly once in its source text (after narrowing by prefix/suffix).
 *
 * Attribution (who speaks in a quote, according to its source): every QuoteRef
 * names its `speakers` (entity slugs) and `attribution` (DIRECT, INDIRECT,
 * AUTHOR, ATTRIBUTED_TO_GROUP), and optionally a `cue` (the reporting verb),
 * which must occur once in the same source. AUTHOR quotes are spoken by the
 * source's authors or publisher, and only they; ATTRIBUTED_TO_GROUP speakers
 * are GROUP entities. One passage (one span of one source) has the same
 * speakers, attribution and cue wherever it is cited. Then the rules:
 *   1. every claimant of a claim speaks in one of its appearances;
 *   2. every stance held by an entity cites evidence in which that entity speaks;
 *   3. every stance held by a viewpoint cites evidence in which a member speaks;
 *   4. every viewpoint member has membership evidence in which it speaks.
 * Prints counts per section; exits 1 on any error.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const ENUMS = {
  entityKind: ["PERSON", "ORGANIZATION", "GOVERNMENT_BODY", "PLACE", "POLICY", "EVENT", "GROUP", "TOPIC"],
  entityPredicate: [
    "HEAD_OF",
    "MEMBER_OF",
    "EMPLOYED_BY",
    "LOCATED_IN",
    "PART_OF",
    "PARTICIPANT_IN",
    "ADOPTED",
    "SUBJECT_TO",
    "AFFECTS",
  ],
  sourceKind: ["NEWS_ARTICLE", "SOCIAL_POST", "OFFICIAL_STATEMENT", "FACT_CHECK", "REPORT", "LEGAL_TEXT", "OTHER"],
  derivationKind: ["REWRITE", "SYNDICATION", "QUOTATION", "TRANSLATION"],
  claimKind: ["FACTUAL", "CAUSAL", "NORMATIVE", "PREDICTIVE", "EVALUATIVE"],
  claimRelationKind: ["SUPPORTS", "ATTACKS", "CONTRADICTS", "QUALIFIES", "REPHRASES"],
  viewpointRole: ["PROPONENT", "SUPPORTER", "SPOKESPERSON"],
  stancePosition: ["SUPPORTS", "OPPOSES", "QUALIFIES", "NEUTRAL"],
  attribution: ["DIRECT", "INDIRECT", "AUTHOR", "ATTRIBUTED_TO_GROUP"],
};

// Spans of source text that are not evidence for anything (ads, boilerplate).
// A quote overlapping one of them is an error.
const NON_EVIDENCE_LINES = [/^- YOU MAY ALSO LIKE TO WATCH THIS TRENDING STORY ON YOUTUBE\..*$/gm];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LONG_QUOTE_WARN = 320; // characters; quotes should be a clause or a sentence
const CUE_DISTANCE_WARN = 200; // characters between a cue and its quote

const errors = [];
const warnings = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);
const warn = (where, msg) => warnings.push(`${where}: ${msg}`);

const bundlePath = path.resolve(process.argv[2] || path.join(__dirname, "sanctuary-city.json"));
let bundle;
try {
  bundle = JSON.parse(fs.readFileSync(bundlePath, "utf8"));
} catch (e) {
  console.error(`cannot read bundle ${bundlePath}: ${e.message}`);
  process.exit(1);
}

// ---------- generic shape helpers ----------
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isStr = (v) => typeof v === "string" && v.trim().length > 0;

function keys(where, obj, required, optional) {
  if (!isObj(obj)) {
    err(where, "must be an object");
    return false;
  }
  for (const k of required) if (!(k in obj)) err(where, `missing required key "${k}"`);
  const allowed = new Set([...required, ...optional]);
  for (const k of Object.keys(obj)) if (!allowed.has(k)) err(where, `unknown key "${k}"`);
  return true;
}
function str(where, obj, k, { optional = false } = {}) {
  if (!(k in obj)) return !optional ? (err(where, `missing "${k}"`), false) : false;
  if (!isStr(obj[k])) return (err(where, `"${k}" must be a non-empty string`), false);
  return true;
}
function enumv(where, value, enumName) {
  if (!ENUMS[enumName].includes(value)) err(where, `illegal ${enumName} value ${JSON.stringify(value)}`);
}
function arr(where, obj, k, { optional = false, nonEmpty = false } = {}) {
  if (!(k in obj)) {
    if (!optional) err(where, `missing "${k}"`);
    return [];
  }
  if (!Array.isArray(obj[k])) return (err(where, `"${k}" must be an array`), []);
  if (nonEmpty && obj[k].length === 0) err(where, `"${k}" must not be empty`);
  return obj[k];
}
function date(where, v) {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
    Number.isNaN(Date.parse(v + "T00:00:00Z")) ||
    new Date(v + "T00:00:00Z").toISOString().slice(0, 10) !== v
  ) {
    err(where, `invalid date ${JSON.stringify(v)} (expected YYYY-MM-DD)`);
  }
}
function uniq(where, seen, key, label) {
  if (seen.has(key)) err(where, `duplicate ${label} ${JSON.stringify(key)}`);
  seen.add(key);
}

// ---------- top level ----------
keys(
  "bundle",
  bundle,
  [
    "format",
    "version",
    "entities",
    "sources",
    "entityRelations",
    "claims",
    "claimRelations",
    "viewpoints",
    "stances",
    "reviews",
  ],
  ["description"],
);
if (bundle.format !== "claimbase-bundle") err("bundle", 'format must be "claimbase-bundle"');
if (bundle.version !== 1) err("bundle", "version must be 1");
const section = (k) => (Array.isArray(bundle[k]) ? bundle[k] : (err("bundle", `"${k}" must be an array`), []));
const entities = section("entities");
const sources = section("sources");
const entityRelations = section("entityRelations");
const claims = section("claims");
const claimRelations = section("claimRelations");
const viewpoints = section("viewpoints");
const stances = section("stances");
const reviews = section("reviews");

// ---------- entities ----------
const entityBySlug = new Map();
entities.forEach((e, i) => {
  const w = `entities[${i}]${e && e.slug ? ` (${e.slug})` : ""}`;
  if (!keys(w, e, ["slug", "kind", "name"], ["aliases", "description", "externalIds"])) return;
  if (str(w, e, "slug")) {
    if (!KEBAB.test(e.slug)) err(w, "slug must be kebab-case");
    if (entityBySlug.has(e.slug)) err(w, `duplicate entity slug "${e.slug}"`);
    entityBySlug.set(e.slug, e);
  }
  enumv(w, e.kind, "entityKind");
  str(w, e, "name");
  str(w, e, "description", { optional: true });
  const aliases = arr(w, e, "aliases", { optional: true });
  aliases.forEach((a, j) => {
    if (!isStr(a)) err(w, `aliases[${j}] must be a non-empty string`);
  });
  if (new Set(aliases).size !== aliases.length) err(w, "duplicate alias");
  if ("externalIds" in e && !isObj(e.externalIds)) err(w, "externalIds must be an object");
});
function entityRef(where, slug, label = "entity") {
  if (!isStr(slug)) return (err(where, `${label} must be an entity slug`), false);
  if (!entityBySlug.has(slug)) return (err(where, `unknown ${label} "${slug}"`), false);
  return true;
}

// ---------- sources ----------
const sourceByRef = new Map();
const sourceText = new Map();
const sourceVoices = new Map(); // source ref -> entities who speak in its own voice (authors, publisher)
const bundleDir = path.dirname(bundlePath);
sources.forEach((s, i) => {
  const w = `sources[${i}]${s && s.ref ? ` (${s.ref})` : ""}`;
  if (
    !keys(
      w,
      s,
      ["ref", "kind", "title"],
      ["url", "publisher", "authors", "publishedAt", "language", "text", "textFile", "derivedFrom", "derivationKind"],
    )
  )
    return;
  if (str(w, s, "ref")) {
    if (!KEBAB.test(s.ref)) err(w, "ref must be kebab-case");
    if (sourceByRef.has(s.ref)) err(w, `duplicate source ref "${s.ref}"`);
    sourceByRef.set(s.ref, s);
  }
  enumv(w, s.kind, "sourceKind");
  str(w, s, "title");
  if ("url" in s && str(w, s, "url") && !/^https?:\/\/\S+$/.test(s.url)) err(w, "url must be an http(s) URL");
  if ("publisher" in s) entityRef(w, s.publisher, "publisher");
  const authors = arr(w, s, "authors", { optional: true });
  authors.forEach((a) => entityRef(w, a, "author"));
  if (isStr(s.ref)) sourceVoices.set(s.ref, new Set([...authors, ...(isStr(s.publisher) ? [s.publisher] : [])]));
  if ("publishedAt" in s) date(w, s.publishedAt);
  if ("language" in s && !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(s.language))
    err(w, 'language must be a BCP 47 tag like "en"');
  const hasText = "text" in s;
  const hasFile = "textFile" in s;
  if (hasText === hasFile) err(w, 'exactly one of "text" or "textFile" is required');
  if (hasText && str(w, s, "text") && s.ref) sourceText.set(s.ref, s.text);
  if (hasFile && str(w, s, "textFile") && s.ref) {
    const p = path.resolve(bundleDir, s.textFile);
    try {
      sourceText.set(s.ref, fs.readFileSync(p, "utf8"));
    } catch (e) {
      err(w, `cannot read textFile ${s.textFile}: ${e.message}`);
    }
  }
  if ("derivationKind" in s && !("derivedFrom" in s)) err(w, "derivationKind requires derivedFrom");
  if ("derivedFrom" in s && !("derivationKind" in s)) err(w, "derivedFrom requires derivationKind");
  if ("derivationKind" in s) enumv(w, s.derivationKind, "derivationKind");
});
sources.forEach((s, i) => {
  if (!isObj(s) || !("derivedFrom" in s)) return;
  const w = `sources[${i}] (${s.ref})`;
  if (!sourceByRef.has(s.derivedFrom)) err(w, `derivedFrom: unknown source "${s.derivedFrom}"`);
  else if (s.derivedFrom === s.ref) err(w, "a source cannot derive from itself");
});

// non-evidence spans per source
const forbiddenSpans = new Map();
for (const [ref, text] of sourceText) {
  const spans = [];
  for (const re of NON_EVIDENCE_LINES) {
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
  }
  forbiddenSpans.set(ref, spans);
}

// ---------- quotes ----------
let quoteCount = 0;
const attributionCount = Object.fromEntries(ENUMS.attribution.map((a) => [a, 0]));
const passages = new Map(); // "source:start:end" -> { where, speakers, attribution, cue }
function occurrences(text, needle) {
  const out = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}
const shorten = (t) => JSON.stringify(t.length > 70 ? t.slice(0, 67) + "..." : t);
/** Start offsets of a TextQuote selector ({exact, prefix?, suffix?}) in a text. */
function locate(text, sel) {
  return occurrences(text, sel.exact).filter(
    (i) =>
      (!sel.prefix || text.slice(Math.max(0, i - sel.prefix.length), i) === sel.prefix) &&
      (!sel.suffix || text.startsWith(sel.suffix, i + sel.exact.length)),
  );
}
/** Checks a cue ({exact, prefix?, suffix?}) of a quote at [start, end) of a source; returns its canonical form. */
function cue(where, c, source, text, start, end) {
  if (!keys(where, c, ["exact"], ["prefix", "suffix"])) return null;
  if (!isStr(c.exact)) return (err(where, '"exact" must be a non-empty string'), null);
  for (const k of ["prefix", "suffix"])
    if (k in c && (typeof c[k] !== "string" || c[k] === "")) err(where, `"${k}" must be a non-empty string`);
  const hits = locate(text, c);
  if (hits.length !== 1) {
    const all = occurrences(text, c.exact).length;
    return (
      err(
        where,
        `cue ${shorten(c.exact)} matches ${hits.length} times in "${source}" (${all} before prefix/suffix); must be exactly 1`,
      ),
      null
    );
  }
  const cs = hits[0];
  const ce = cs + c.exact.length;
  const gap = cs >= end ? cs - end : start >= ce ? start - ce : 0;
  if (gap > CUE_DISTANCE_WARN) warn(where, `cue ${shorten(c.exact)} is ${gap} characters away from its quote`);
  return `${cs}:${ce}`;
}
/**
 * Validates a QuoteRef with its attribution; returns { span: "source:start:end", speakers, attribution }
 * or null.
 */
function quote(where, q) {
  quoteCount++;
  if (!keys(where, q, ["source", "exact", "speakers", "attribution"], ["prefix", "suffix", "cue"])) return null;
  if (!isStr(q.source) || !sourceByRef.has(q.source))
    return (err(where, `unknown source ${JSON.stringify(q.source)}`), null);
  if (!isStr(q.exact)) return (err(where, '"exact" must be a non-empty string'), null);
  for (const k of ["prefix", "suffix"])
    if (k in q && (typeof q[k] !== "string" || q[k] === "")) err(where, `"${k}" must be a non-empty string`);
  if (q.exact !== q.exact.trim()) warn(where, "exact has leading/trailing whitespace");
  if (q.exact.length > LONG_QUOTE_WARN) warn(where, `long quote (${q.exact.length} chars); quotes should be tight`);
  const text = sourceText.get(q.source);
  if (text === undefined) return (err(where, `no text available for source "${q.source}"`), null);
  const all = occurrences(text, q.exact);
  const short = shorten(q.exact);
  if (all.length === 0) return (err(where, `exact ${short} not found in source "${q.source}"`), null);
  const hits = locate(text, q);
  if (hits.length !== 1) {
    return (
      err(
        where,
        `exact ${short} matches ${hits.length} times in "${q.source}" (${all.length} before prefix/suffix); must be exactly 1`,
      ),
      null
    );
  }
  if (all.length === 1 && (q.prefix || q.suffix)) warn(where, `prefix/suffix unnecessary for unique quote ${short}`);
  const start = hits[0];
  const end = start + q.exact.length;
  for (const [a, b] of forbiddenSpans.get(q.source) || []) {
    if (start < b && a < end) err(where, `quote ${short} overlaps non-evidence text (advertisement)`);
  }
  const span = `${q.source}:${start}:${end}`;

  // who speaks
  const speakers = arr(where, q, "speakers", { nonEmpty: true });
  speakers.forEach((slug, j) => entityRef(`${where}.speakers[${j}]`, slug, "speaker"));
  if (new Set(speakers).size !== speakers.length) err(where, "duplicate speaker");
  enumv(where, q.attribution, "attribution");
  if (q.attribution in attributionCount) attributionCount[q.attribution]++;
  const voices = sourceVoices.get(q.source) || new Set();
  for (const slug of speakers) {
    if (!entityBySlug.has(slug)) continue;
    const own = voices.has(slug);
    if (q.attribution === "AUTHOR" && !own)
      err(where, `AUTHOR quote spoken by "${slug}", who is neither an author nor the publisher of "${q.source}"`);
    if (q.attribution !== "AUTHOR" && own)
      err(where, `"${slug}" is an author or the publisher of "${q.source}": its own voice is attribution AUTHOR`);
    if (q.attribution === "ATTRIBUTED_TO_GROUP" && entityBySlug.get(slug).kind !== "GROUP")
      err(where, `ATTRIBUTED_TO_GROUP speaker "${slug}" is a ${entityBySlug.get(slug).kind}, not a GROUP`);
  }
  if (q.attribution === "AUTHOR" && voices.size === 0)
    err(where, `AUTHOR quote in "${q.source}", which names no author or publisher`);
  if (q.attribution === "DIRECT" && !/["“”‘’]/.test(q.exact))
    warn(where, `DIRECT quote ${short} has no quotation marks`);
  let cueSpan = null;
  if ("cue" in q) cueSpan = cue(`${where}.cue`, q.cue, q.source, text, start, end);

  // one passage, one attribution
  const seen = passages.get(span);
  const attr = { speakers: [...speakers].sort().join(","), attribution: q.attribution, cue: cueSpan };
  if (!seen) passages.set(span, { where, ...attr });
  else {
    for (const k of ["speakers", "attribution", "cue"]) {
      if (seen[k] !== attr[k] && !(k === "cue" && (seen.cue === null || attr.cue === null))) {
        err(
          where,
          `passage ${short} has ${k} ${JSON.stringify(attr[k])} here but ${JSON.stringify(seen[k])} at ${seen.where}`,
        );
      }
    }
    if (seen.cue === null && attr.cue !== null) seen.cue = attr.cue;
  }
  return { span, speakers, attribution: q.attribution };
}
/** Validates a list of QuoteRefs; returns the valid ones' results. */
function quoteList(where, list, { nonEmpty = false } = {}) {
  if (list === undefined) {
    if (nonEmpty) err(where, "at least one quote required");
    return [];
  }
  if (!Array.isArray(list)) return (err(where, "must be an array of QuoteRefs"), []);
  if (nonEmpty && list.length === 0) err(where, "at least one quote required");
  const seen = new Set();
  const out = [];
  list.forEach((q, j) => {
    const r = quote(`${where}[${j}]`, q);
    if (r) {
      uniq(`${where}[${j}]`, seen, r.span, "quote span");
      out.push(r);
    }
  });
  return out;
}
const speaksIn = (results, slug) => results.some((r) => r.speakers.includes(slug));
const ruleViolations = { 1: 0, 2: 0, 3: 0, 4: 0 };
function rule(n, where, msg) {
  ruleViolations[n]++;
  err(where, `rule ${n}: ${msg}`);
}

// ---------- entity relations ----------
const relSeen = new Set();
entityRelations.forEach((r, i) => {
  const w = `entityRelations[${i}]${r && r.subject ? ` (${r.subject} ${r.predicate} ${r.object})` : ""}`;
  if (!keys(w, r, ["subject", "predicate", "object"], ["evidence"])) return;
  entityRef(w, r.subject, "subject");
  entityRef(w, r.object, "object");
  enumv(w, r.predicate, "entityPredicate");
  if (r.subject === r.object) err(w, "subject and object must differ");
  uniq(w, relSeen, `${r.subject}|${r.predicate}|${r.object}`, "entity relation");
  quoteList(`${w}.evidence`, r.evidence);
});

// ---------- claims ----------
const claimByRef = new Map();
claims.forEach((c, i) => {
  const w = `claims[${i}]${c && c.ref ? ` (${c.ref})` : ""}`;
  if (!keys(w, c, ["ref", "text", "kind", "claimants", "subjects", "appearances"], ["statedAt", "qualifiers"])) return;
  if (str(w, c, "ref")) {
    if (!KEBAB.test(c.ref)) err(w, "ref must be kebab-case");
    if (claimByRef.has(c.ref)) err(w, `duplicate claim ref "${c.ref}"`);
    claimByRef.set(c.ref, c);
  }
  str(w, c, "text");
  enumv(w, c.kind, "claimKind");
  for (const k of ["claimants", "subjects"]) {
    const list = arr(w, c, k, { nonEmpty: k === "claimants" });
    list.forEach((s) => entityRef(`${w}.${k}`, s));
    if (new Set(list).size !== list.length) err(w, `duplicate entry in ${k}`);
  }
  if ("statedAt" in c) date(w, c.statedAt);
  if ("qualifiers" in c && keys(`${w}.qualifiers`, c.qualifiers, [], ["place", "condition"])) {
    if ("place" in c.qualifiers && entityRef(`${w}.qualifiers`, c.qualifiers.place, "place")) {
      const k = entityBySlug.get(c.qualifiers.place).kind;
      if (k !== "PLACE") warn(`${w}.qualifiers`, `place "${c.qualifiers.place}" is a ${k}, not a PLACE`);
    }
    if ("condition" in c.qualifiers) str(`${w}.qualifiers`, c.qualifiers, "condition");
  }
  const appearances = quoteList(`${w}.appearances`, c.appearances, { nonEmpty: true });
  if (Array.isArray(c.claimants) && appearances.length === (Array.isArray(c.appearances) ? c.appearances.length : 0)) {
    for (const slug of c.claimants) {
      if (!speaksIn(appearances, slug)) rule(1, w, `claimant "${slug}" speaks in none of the claim's appearances`);
    }
  }
});
function claimRef(where, ref, label = "claim") {
  if (!isStr(ref) || !claimByRef.has(ref)) return (err(where, `unknown ${label} ${JSON.stringify(ref)}`), false);
  return true;
}

// ---------- claim relations ----------
const crSeen = new Set();
claimRelations.forEach((r, i) => {
  const w = `claimRelations[${i}]${r && r.from ? ` (${r.from} ${r.kind} ${r.to})` : ""}`;
  if (!keys(w, r, ["from", "to", "kind"], ["evidence"])) return;
  claimRef(w, r.from, "from");
  claimRef(w, r.to, "to");
  enumv(w, r.kind, "claimRelationKind");
  if (r.from === r.to) err(w, "from and to must differ");
  uniq(w, crSeen, `${r.from}|${r.to}|${r.kind}`, "claim relation");
  quoteList(`${w}.evidence`, r.evidence);
});

// ---------- viewpoints ----------
const viewpointBySlug = new Map();
const membersOf = new Map(); // viewpoint slug -> member entity slugs
let memberCount = 0;
viewpoints.forEach((v, i) => {
  const w = `viewpoints[${i}]${v && v.slug ? ` (${v.slug})` : ""}`;
  if (!keys(w, v, ["slug", "title", "members"], ["summary", "topic"])) return;
  if (str(w, v, "slug")) {
    if (!KEBAB.test(v.slug)) err(w, "slug must be kebab-case");
    if (viewpointBySlug.has(v.slug)) err(w, `duplicate viewpoint slug "${v.slug}"`);
    viewpointBySlug.set(v.slug, v);
  }
  str(w, v, "title");
  str(w, v, "summary", { optional: true });
  if ("topic" in v && entityRef(w, v.topic, "topic") && entityBySlug.get(v.topic).kind !== "TOPIC") {
    warn(w, `topic "${v.topic}" is not a TOPIC entity`);
  }
  const seen = new Set();
  const members = [];
  arr(w, v, "members").forEach((m, j) => {
    const mw = `${w}.members[${j}]`;
    memberCount++;
    if (!keys(mw, m, ["entity", "role"], ["evidence"])) return;
    entityRef(mw, m.entity);
    enumv(mw, m.role, "viewpointRole");
    uniq(mw, seen, m.entity, "member entity");
    members.push(m.entity);
    const evidence = quoteList(`${mw}.evidence`, m.evidence);
    const complete = evidence.length === (Array.isArray(m.evidence) ? m.evidence.length : 0);
    if (complete && !speaksIn(evidence, m.entity))
      rule(4, mw, `member "${m.entity}" speaks in none of its membership evidence`);
  });
  if (isStr(v.slug)) membersOf.set(v.slug, members);
});

// ---------- stances ----------
const stanceSeen = new Set();
const stancesByClaim = new Map();
stances.forEach((s, i) => {
  const w = `stances[${i}]`;
  if (!keys(w, s, ["holder", "claim", "position"], ["note", "evidence"])) return;
  let holderKey = null;
  if (keys(`${w}.holder`, s.holder, [], ["entity", "viewpoint"])) {
    const hasE = "entity" in s.holder;
    const hasV = "viewpoint" in s.holder;
    if (hasE === hasV) err(`${w}.holder`, 'exactly one of "entity" or "viewpoint" is required');
    else if (hasE) {
      entityRef(`${w}.holder`, s.holder.entity);
      holderKey = `entity:${s.holder.entity}`;
    } else {
      if (!viewpointBySlug.has(s.holder.viewpoint))
        err(`${w}.holder`, `unknown viewpoint ${JSON.stringify(s.holder.viewpoint)}`);
      holderKey = `viewpoint:${s.holder.viewpoint}`;
    }
  }
  claimRef(w, s.claim);
  enumv(w, s.position, "stancePosition");
  str(w, s, "note", { optional: true });
  if (holderKey) uniq(w, stanceSeen, `${holderKey}|${s.claim}`, "stance (holder, claim)");
  if (holderKey && holderKey.startsWith("viewpoint:")) {
    if (!stancesByClaim.has(s.claim)) stancesByClaim.set(s.claim, []);
    stancesByClaim.get(s.claim).push(s.position);
  }
  const evidence = quoteList(`${w}.evidence`, s.evidence);
  const complete = (Array.isArray(s.evidence) ? s.evidence.length : 0) === evidence.length;
  if (complete && holderKey && holderKey.startsWith("entity:")) {
    if (!speaksIn(evidence, s.holder.entity))
      rule(2, w, `holder "${s.holder.entity}" speaks in none of the stance's evidence`);
  } else if (complete && holderKey && viewpointBySlug.has(s.holder.viewpoint)) {
    const members = membersOf.get(s.holder.viewpoint) || [];
    if (!members.some((slug) => speaksIn(evidence, slug)))
      rule(3, w, `no member of viewpoint "${s.holder.viewpoint}" speaks in the stance's evidence`);
  }
});

// reviews: this checker only knows the empty form
if (reviews.length > 0) warn("reviews", `${reviews.length} review(s) not validated by this checker`);

// ---------- report ----------
const contested = [...stancesByClaim.values()].filter((p) => p.includes("SUPPORTS") && p.includes("OPPOSES")).length;
const count = (list, f) => list.filter(f).length;
console.log(`bundle: ${path.relative(process.cwd(), bundlePath) || bundlePath}`);
console.log(`  entities        ${entities.length}`);
console.log(`  sources         ${sources.length}`);
console.log(`  entityRelations ${entityRelations.length}`);
console.log(
  `  claims          ${claims.length}  (${ENUMS.claimKind.map((k) => `${k} ${count(claims, (c) => c.kind === k)}`).join(", ")})`,
);
console.log(
  `  claimRelations  ${claimRelations.length}  (${ENUMS.claimRelationKind.map((k) => `${k} ${count(claimRelations, (r) => r.kind === k)}`).join(", ")})`,
);
console.log(`  viewpoints      ${viewpoints.length}  (${memberCount} members)`);
console.log(
  `  stances         ${stances.length}  (${count(stances, (s) => s.holder && s.holder.viewpoint)} by viewpoints, ${count(stances, (s) => s.holder && s.holder.entity)} by entities; ${contested} claims supported by one viewpoint and opposed by another)`,
);
console.log(`  reviews         ${reviews.length}`);
console.log(
  `  quotes          ${quoteCount}  (${passages.size} passages; ${ENUMS.attribution.map((a) => `${a} ${attributionCount[a]}`).join(", ")})`,
);
console.log(
  `  attribution     ${Object.entries(ruleViolations)
    .map(([n, c]) => `rule ${n}: ${c}`)
    .join(", ")} violation(s)`,
);
for (const m of warnings) console.log(`WARN  ${m}`);
for (const m of errors) console.log(`ERROR ${m}`);
if (errors.length) {
  console.log(`FAILED: ${errors.length} error(s)`);
  process.exit(1);
}
console.log("OK");
