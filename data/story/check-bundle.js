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
};

// Spans of source text that are not evidence for anything (ads, boilerplate).
// A quote overlapping one of them is an error.
const NON_EVIDENCE_LINES = [/^- YOU MAY ALSO LIKE TO WATCH THIS TRENDING STORY ON YOUTUBE\..*$/gm];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LONG_QUOTE_WARN = 320; // characters; quotes should be a clause or a sentence

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
  arr(w, s, "authors", { optional: true }).forEach((a) => entityRef(w, a, "author"));
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
function occurrences(text, needle) {
  const out = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}
/** Validates a QuoteRef; returns "source:start:end" or null. */
function quote(where, q) {
  quoteCount++;
  if (!keys(where, q, ["source", "exact"], ["prefix", "suffix"])) return null;
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
  const short = JSON.stringify(q.exact.length > 70 ? q.exact.slice(0, 67) + "..." : q.exact);
  if (all.length === 0) return (err(where, `exact ${short} not found in source "${q.source}"`), null);
  const hits = all.filter(
    (i) =>
      (!q.prefix || text.slice(Math.max(0, i - q.prefix.length), i) === q.prefix) &&
      (!q.suffix || text.startsWith(q.suffix, i + q.exact.length)),
  );
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
  return `${q.source}:${start}:${end}`;
}
function quoteList(where, list, { nonEmpty = false } = {}) {
  if (list === undefined) {
    if (nonEmpty) err(where, "at least one quote required");
    return;
  }
  if (!Array.isArray(list)) return err(where, "must be an array of QuoteRefs");
  if (nonEmpty && list.length === 0) err(where, "at least one quote required");
  const seen = new Set();
  list.forEach((q, j) => {
    const span = quote(`${where}[${j}]`, q);
    if (span) uniq(`${where}[${j}]`, seen, span, "quote span");
  });
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
  quoteList(`${w}.appearances`, c.appearances, { nonEmpty: true });
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
  arr(w, v, "members").forEach((m, j) => {
    const mw = `${w}.members[${j}]`;
    memberCount++;
    if (!keys(mw, m, ["entity", "role"], [])) return;
    entityRef(mw, m.entity);
    enumv(mw, m.role, "viewpointRole");
    uniq(mw, seen, m.entity, "member entity");
  });
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
  quoteList(`${w}.evidence`, s.evidence);
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
console.log(`  quotes          ${quoteCount}`);
for (const m of warnings) console.log(`WARN  ${m}`);
for (const m of errors) console.log(`ERROR ${m}`);
if (errors.length) {
  console.log(`FAILED: ${errors.length} error(s)`);
  process.exit(1);
}
console.log("OK");
