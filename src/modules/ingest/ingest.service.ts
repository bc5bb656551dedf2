import type { GraphQLResolveInfo } from "graphql";
import { MATCH_THRESHOLD_DEFAULTS } from "../../config";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { RecordError } from "../../shared/errors";
import { actorOf, load, transact, uuidOf, type Ref } from "../../shared/mutation";
import { Slots } from "../../shared/slots";
import { eventPayload } from "../../shared/outbox";
import { toGlobalId } from "../../shared/global-id";
import type { WriteSession } from "../../shared/write-session";
import { CLAIM_APPEARANCES_LINK, writeClaim } from "../claim";
import { slugify } from "../claimreview";
import { writeEntity } from "../entity";
import { type ListArgsShape, loadList } from "../filter";
import { matchClaimsSql } from "../matching";
import { SOURCE, writeSource, type Source } from "../source";
import { writeStance } from "../stance";
import type { Analysis, KnownEntity, SpeakerProposal, TextSpan } from "./analysis.model";
import { analyse } from "./analyse";
import { extractMainText, htmlDepth, MAX_HTML_DEPTH } from "./extract";
import type { AcceptSuggestionInput, IngestDocumentInput, RejectSuggestionInput } from "./ingest.inputs";
import { SOURCE_SUGGESTIONS, SUGGESTION } from "./suggestion.sql";
import type { StoredEntity, StoredMatch, StoredProposal, StoredResult } from "./suggestion.type";

export { SOURCE_SUGGESTIONS, SUGGESTION };

/**
 * Ingestion (docs/ingestion.md): a document becomes a Source and a set of Suggestions, nothing more.
 * The analysis (analyse.ts) runs before the transaction, on this process's CPU, with no connection
 * held; the transaction stores the source, finds likely matches for the proposals (trigram
 * candidates for new names, claim matching for claim candidates) and writes the suggestions.
 */

/** Longest document analysed, in characters (a long report; 1,000 LIAR statements are ~120,000). */
export const INGEST_TEXT_MAX = 2_000_000;
/** Longest HTML page taken (the main text is extracted from it). */
export const INGEST_HTML_MAX = 10_000_000;
/** Matches kept per claim candidate. */
const MATCHES_PER_CLAIM = 5;
/**
 * Claim candidates matched per statement: each statement stays well under the statement timeout
 * (about 15 ms a candidate against LIAR's 12,800 claims on a quiet machine; 100 at once timed out at
 * 10 s on a loaded one).
 */
const MATCH_BATCH = 25;
/** Suggestions written per statement. */
const INSERT_BATCH = 500;
/** Known entities handed to the analyser (current ones, most recent first past this many). */
const KNOWN_MAX = 50_000;
/** Existing entities kept as near misses for a new name, and how alike they must be. */
const ENTITY_CANDIDATES = 3;
const ENTITY_CANDIDATE_MIN = 0.4;

/**
 * Analyses running at once in this process: the analysis is CPU work on the event loop, so a second
 * one waits rather than halving both; past this many waiting, ingestion answers 503 (retry).
 */
const analyses = new Slots(1);
const ANALYSES_WAITING_MAX = 4;
let waiting = 0;

export interface IngestCounts {
  quotes: number;
  mentions: number;
  claims: number;
  created: number;
  refreshed: number;
  sentences: number;
  analysisMs: number;
}

export interface IngestOutcome {
  source: Source;
  counts: IngestCounts;
}

interface Document {
  text: string;
  title: string;
  url: string | null;
  publishedAt: Date | null;
  language: string | null;
}

function documentOf(input: IngestDocumentInput): Document {
  const given = [input.text, input.html].filter((v) => v !== undefined && v !== null);
  if (given.length !== 1) {
    throw new RecordError("input/text", "REQUIRED", "give the document as `text` or as `html`, exactly one");
  }
  let text: string;
  let title = input.title ?? null;
  let publishedAt = input.publishedAt ?? null;
  let language = input.language ?? null;
  if (input.html != null) {
    if (input.html.length > INGEST_HTML_MAX) {
      throw new RecordError("input/html", "INVALID", `must be at most ${INGEST_HTML_MAX} characters`);
    }
    if (htmlDepth(input.html) > MAX_HTML_DEPTH) {
      throw new RecordError(
        "input/html",
        "INVALID",
        `the page nests elements more than ${MAX_HTML_DEPTH} levels deep: send its text instead (text/plain)`,
      );
    }
    const page = extractMainText(input.html, input.url ?? undefined);
    text = page.text;
    title ??= page.title ?? null;
    if (!publishedAt && page.publishedAt && !Number.isNaN(Date.parse(page.publishedAt))) {
      publishedAt = new Date(page.publishedAt);
    }
    language ??= page.language ?? null;
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new RecordError("input/html", "INVALID", "no main text could be found in the page");
    }
  } else {
    text = input.text!;
  }
  if (text.length > INGEST_TEXT_MAX) {
    throw new RecordError("input/text", "INVALID", `must be at most ${INGEST_TEXT_MAX} characters`);
  }
  if (!/[\p{L}\p{N}]/u.test(text)) throw new RecordError("input/text", "REQUIRED", "the document has no words");
  if (text.includes("\u0000")) throw new RecordError("input/text", "INVALID", "must not contain NUL characters");
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    throw new RecordError("input/text", "INVALID", "must not contain lone surrogates (text that is not Unicode)");
  }
  title ??= firstLine(text);
  return { text, title, url: input.url ?? null, publishedAt, language };
}

function firstLine(text: string): string {
  const line = text.trim().split(/\n/)[0]!.trim();
  const points = Array.from(line);
  return points.length > 200 ? `${points.slice(0, 199).join("")}…` : line;
}

/** UTF-16 offsets (the analyser's) to code point offsets (the store's), for every offset of a text. */
function codePointIndex(text: string): Int32Array {
  const index = new Int32Array(text.length + 1);
  let points = 0;
  for (let i = 0; i < text.length; i++) {
    index[i] = points;
    const code = text.charCodeAt(i);
    // A high surrogate and the low one after it are one code point.
    if (!(code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)) {
      points++;
    }
  }
  index[text.length] = points;
  return index;
}

async function knownEntities(ctx: Context): Promise<KnownEntity[]> {
  return queryRows<KnownEntity>(
    ctx.sql,
    sql`SELECT id::text, slug, name, aliases, kind::text AS kind FROM entity
        WHERE merged_into_id IS NULL ORDER BY seq DESC LIMIT ${KNOWN_MAX}`,
  );
}

async function runAnalysis(ctx: Context, document: Document): Promise<{ analysis: Analysis; ms: number }> {
  if (waiting >= ANALYSES_WAITING_MAX) {
    throw new RecordError("input", "CONFLICT", "too many documents are being analysed at once; retry shortly");
  }
  waiting++;
  await analyses.enter();
  waiting--;
  try {
    const known = await knownEntities(ctx);
    const started = performance.now();
    const analysis = await analyse({ text: document.text, language: document.language ?? undefined, known });
    return { analysis, ms: Math.round(performance.now() - started) };
  } finally {
    analyses.leave();
  }
}

interface Row {
  kind: "QUOTE" | "MENTION" | "CLAIM";
  start: number;
  end: number;
  exact: string;
  score: number;
  attribution: string | null;
  proposal: StoredProposal;
  matches: StoredMatch[];
}

/** The analysis as suggestion rows, in code point offsets; one per kind and span (the best scored). */
function rowsOf(text: string, analysis: Analysis): Row[] {
  const cp = codePointIndex(text);
  const span = (s: TextSpan) => ({ start: cp[s.start]!, end: cp[s.end]!, exact: s.exact });
  const speaker = (s: SpeakerProposal): StoredEntity =>
    s.author
      ? { author: true }
      : { entityId: s.entityId, name: s.name, kind: s.kind, mention: s.mention ? span(s.mention) : undefined };
  const rows = new Map<string, Row>();
  const add = (row: Row) => {
    if (row.end <= row.start || row.exact.trim() === "") return;
    const key = `${row.kind}:${row.start}:${row.end}`;
    const held = rows.get(key);
    if (!held || held.score < row.score) rows.set(key, row);
  };
  const score = (n: number) => Math.round(Math.min(1, Math.max(0, Number.isFinite(n) ? n : 0)) * 1000) / 1000;
  for (const q of analysis.quotes) {
    add({
      kind: "QUOTE",
      ...span(q),
      score: score(q.score),
      attribution: q.attribution,
      proposal: { speakers: q.speakers.map(speaker), cue: q.cue ? span(q.cue) : undefined, quoted: q.quoted },
      matches: [],
    });
  }
  for (const m of analysis.mentions) {
    add({
      kind: "MENTION",
      ...span(m),
      score: score(m.score),
      attribution: null,
      proposal: { entity: { entityId: m.entityId, name: m.name, kind: m.kind, how: m.how } },
      matches: [],
    });
  }
  for (const c of analysis.claims) {
    add({
      kind: "CLAIM",
      ...span(c),
      score: score(c.score),
      attribution: c.attribution,
      proposal: {
        text: c.text,
        claimKind: c.kind,
        speakers: c.speakers.map(speaker),
        subjects: c.subjects.map((s) => ({ entityId: s.entityId, name: s.name, kind: s.kind })),
      },
      matches: [],
    });
  }
  return [...rows.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));
}

/** Likely matches: existing claims for claim candidates, existing entities for new names. */
async function addMatches(w: WriteSession, rows: Row[], minScore: number): Promise<void> {
  const claims = rows.filter((r) => r.kind === "CLAIM" && r.proposal.text);
  if (claims.length > 0) {
    for (let i = 0; i < claims.length; i += MATCH_BATCH) {
      const batch = claims.slice(i, i + MATCH_BATCH);
      const found = await w.rows<{ i: number; claimId: string; score: number }>(
        matchClaimsSql(
          batch.map((r) => r.proposal.text!),
          minScore,
        ),
      );
      for (const m of found) {
        const row = batch[m.i - 1]!;
        if (row.matches.length < MATCHES_PER_CLAIM) row.matches.push({ claimId: m.claimId, score: m.score });
      }
    }
  }
  const unmatched = rows.filter((r) => r.kind === "MENTION" && !r.proposal.entity?.entityId && r.proposal.entity?.name);
  const names = [...new Set(unmatched.map((r) => r.proposal.entity!.name!))];
  if (names.length > 0) {
    const found = await w.rows<{ name: string; entityId: string; score: number }>(
      sql`SELECT c.name, m.id::text AS "entityId", m.score
          FROM unnest(${names}::text[]) AS c(name)
          CROSS JOIN LATERAL (
            SELECT e.id, round(greatest(similarity(e.name, c.name),
                     coalesce((SELECT max(similarity(a, c.name)) FROM unnest(e.aliases) a), 0))::numeric, 3)::float8 AS score
            FROM entity e
            WHERE e.merged_into_id IS NULL AND c.name <% claimbase_names(e.name, e.aliases)
            ORDER BY score DESC, e.seq LIMIT ${ENTITY_CANDIDATES}) m
          WHERE m.score >= ${ENTITY_CANDIDATE_MIN}
          ORDER BY c.name, m.score DESC`,
    );
    const byName = new Map<string, StoredMatch[]>();
    for (const m of found) {
      const list = byName.get(m.name) ?? [];
      list.push({ entityId: m.entityId, score: m.score });
      byName.set(m.name, list);
    }
    for (const r of unmatched) r.matches = byName.get(r.proposal.entity!.name!) ?? [];
  }
}

/** Inserts new suggestions; refreshes the proposal of those still PENDING; leaves decided ones alone. */
/** The most SuggestionCreated events one ingestion appends; past it one SuggestionsCreated counts them. */
const SUGGESTION_EVENTS_MAX = 200;

async function storeSuggestions(w: WriteSession, sourceId: string, rows: Row[]) {
  let created = 0;
  let refreshed = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    const written = await w.rows<{ inserted: boolean; id: string; kind: string }>(
      sql`INSERT INTO suggestion (source_id, kind, start, "end", exact, score, attribution, proposal, matches)
          SELECT ${sourceId}::uuid, r.kind::suggestion_kind, r.start, r."end", r.exact, r.score,
                 r.attribution::attribution, r.proposal, r.matches
          FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
            AS r(kind text, start int, "end" int, exact text, score float8, attribution text, proposal jsonb, matches jsonb)
          ON CONFLICT (source_id, kind, start, "end") DO UPDATE
            SET score = EXCLUDED.score, attribution = EXCLUDED.attribution, proposal = EXCLUDED.proposal,
                matches = EXCLUDED.matches, version = suggestion.version + 1, updated_at = now()
            WHERE suggestion.status = 'PENDING'
              AND (suggestion.proposal, suggestion.matches, suggestion.score, suggestion.attribution)
                  IS DISTINCT FROM (EXCLUDED.proposal, EXCLUDED.matches, EXCLUDED.score, EXCLUDED.attribution)
          RETURNING (xmax = 0) AS inserted, id::text, kind::text`,
    );
    for (const r of written)
      if (r.inserted) {
        created++;
        // One event per new suggestion, bounded like an import's (docs/live.md); the rest are counted.
        if (created <= SUGGESTION_EVENTS_MAX) {
          w.emit({
            type: "SuggestionCreated",
            subjectType: "Suggestion",
            subjectId: r.id,
            payload: eventPayload("Suggestion", r.id, "CREATE", {
              kind: r.kind,
              sourceId: toGlobalId("Source", sourceId),
            }),
          });
        }
      } else refreshed++;
  }
  if (created > SUGGESTION_EVENTS_MAX) {
    w.emit({
      type: "SuggestionsCreated",
      subjectType: "Source",
      subjectId: sourceId,
      payload: eventPayload("Source", sourceId, "UPDATE", null, {
        created,
        eventsOmitted: created - SUGGESTION_EVENTS_MAX,
      }),
    });
  }
  return { created, refreshed };
}

export async function ingestDocument(ctx: Context, input: IngestDocumentInput) {
  let document: Document;
  try {
    document = documentOf(input);
  } catch (error) {
    if (error instanceof RecordError) return { value: null, userErrors: [userErrorOf(error)] };
    throw error;
  }
  const { analysis, ms } = await runAnalysis(ctx, document);
  const rows = rowsOf(document.text, analysis);
  const minScore = (ctx.matching ?? MATCH_THRESHOLD_DEFAULTS).similar;
  const counts: IngestCounts = {
    quotes: rows.filter((r) => r.kind === "QUOTE").length,
    mentions: rows.filter((r) => r.kind === "MENTION").length,
    claims: rows.filter((r) => r.kind === "CLAIM").length,
    created: 0,
    refreshed: 0,
    sentences: analysis.sentences.length,
    analysisMs: ms,
  };
  return transact(
    ctx,
    async (w, ref) => {
      const record = {
        kind: input.kind ?? "NEWS_ARTICLE",
        title: document.title,
        url: document.url ?? undefined,
        text: document.text,
        publisher: ref(input.publisher, ["Entity"], "input/publisher"),
        authors: input.authors?.map((id, i) => ref(id, ["Entity"], `input/authors/${i}`)!),
        publishedAt: document.publishedAt?.toISOString(),
        language: document.language ?? undefined,
        derivedFrom: ref(input.derivedFrom, ["Source"], "input/derivedFrom"),
      };
      if (document.url) {
        // Idempotent by url: the same url with another text is a different document, not an edit.
        const [held] = await w.rows<{ same: boolean }>(
          sql`SELECT text IS NOT DISTINCT FROM ${document.text} AS same FROM source WHERE url = ${document.url}`,
        );
        if (held && !held.same) {
          throw new RecordError(
            "input/url",
            "TAKEN",
            "a source with this url holds another text: ingest it under its own url, or change the stored text with updateSource",
          );
        }
      }
      const sourceId = (await writeSource(w, record as Parameters<typeof writeSource>[1], "input")).id;
      await addMatches(w, rows, minScore);
      const stored = await storeSuggestions(w, sourceId, rows);
      counts.created = stored.created;
      counts.refreshed = stored.refreshed;
      return sourceId;
    },
    async (tx, id): Promise<IngestOutcome | null> => {
      const source = await load(SOURCE)(tx, id);
      return source ? { source, counts } : null;
    },
  );
}

function userErrorOf(error: RecordError) {
  return { field: error.path.split("/").filter(Boolean), code: error.code, message: error.message };
}

export function sourceSuggestions(ctx: Context, sourceId: string, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, SOURCE_SUGGESTIONS, "Suggestion", args, sourceId, info);
}

export function listSuggestions(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(
    ctx.loaders,
    { ...SUGGESTION, name: "suggestions", reads: [{ table: "suggestion" }] },
    "Suggestion",
    args,
    undefined,
    info,
  );
}

interface Locked {
  id: string;
  sourceId: string;
  kind: "QUOTE" | "MENTION" | "CLAIM";
  status: string;
  start: number;
  end: number;
  exact: string;
  attribution: string | null;
  proposal: StoredProposal;
  version: number;
  decidedBy: string | null;
}

/** The suggestion, locked until the decision commits; refused when already decided or changed. */
async function lockPending(w: WriteSession, globalId: string, version: number | null | undefined): Promise<Locked> {
  const id = uuidOf(globalId, "Suggestion", "input/id");
  const [row] = await w.rows<Locked>(
    sql`SELECT id::text, source_id::text AS "sourceId", kind::text, status::text, start, "end", exact,
               attribution::text, proposal, version, decided_by AS "decidedBy"
        FROM suggestion WHERE id = ${id}::uuid FOR UPDATE`,
  );
  if (!row) throw new RecordError("input/id", "NOT_FOUND", "no suggestion has this ID");
  if (row.status !== "PENDING") {
    throw new RecordError(
      "input/id",
      "ALREADY_DECIDED",
      `the suggestion is already ${row.status}${row.decidedBy ? ` (by ${row.decidedBy})` : ""}`,
    );
  }
  if (version != null && version !== row.version) {
    throw new RecordError("input/version", "STALE_VERSION", `the suggestion is at version ${row.version}`);
  }
  return row;
}

async function decide(
  w: WriteSession,
  row: Locked,
  status: "ACCEPTED" | "REJECTED" | "EDITED",
  actor: string,
  reason: string | null | undefined,
  result: StoredResult | null,
) {
  if (reason != null) w.text(reason, "input/reason", 2000);
  await w.rows(
    sql`UPDATE suggestion SET status = ${status}::suggestion_status, decided_at = now(), decided_by = ${actor},
          decision_reason = ${reason ?? null}, result = ${result === null ? null : JSON.stringify(result)}::jsonb,
          version = version + 1, updated_at = now()
        WHERE id = ${row.id}::uuid`,
  );
  const type = { ACCEPTED: "SuggestionAccepted", REJECTED: "SuggestionRejected", EDITED: "SuggestionEdited" }[status];
  w.emit({
    type,
    subjectType: "Suggestion",
    subjectId: row.id,
    payload: eventPayload("Suggestion", row.id, "UPDATE", { status, kind: row.kind, decidedBy: actor }),
  });
}

/** A slug no entity holds yet, made from a name. */
async function freeSlug(w: WriteSession, name: string): Promise<string> {
  const base = slugify(name).slice(0, 180) || "entity";
  const taken = await w.rows<{ slug: string }>(
    sql`SELECT slug FROM entity WHERE slug = ${base} OR slug LIKE ${`${base}-%`}`,
  );
  const held = new Set(taken.map((t) => t.slug));
  if (!held.has(base)) return base;
  for (let n = 2; ; n++) if (!held.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The entity a proposal names: the matched one (following merges), else an existing entity with that
 * exact name or alias (case and accents aside), else a new entity with the proposed name and kind.
 */
async function entityFor(
  w: WriteSession,
  proposed: StoredEntity,
  path: string,
  created: string[],
  source: { authors: string[]; publisher: string | null },
): Promise<string[]> {
  if (proposed.author) {
    const voice = source.authors.length > 0 ? source.authors : source.publisher ? [source.publisher] : [];
    if (voice.length === 0) {
      throw new RecordError(
        path,
        "SPEAKER_MISSING",
        "the source's own voice speaks here, but the source has no authors or publisher: give `speakers`, or set the source's authors (updateSource)",
      );
    }
    return voice;
  }
  if (proposed.entityId) return [await w.entityId(`id:${proposed.entityId}`, path)];
  if (!proposed.name || !proposed.kind) throw new RecordError(path, "REQUIRED", "the proposal names no entity");
  const slug = await freeSlug(w, proposed.name);
  const applied = await writeEntity(
    w,
    { slug, name: proposed.name, kind: proposed.kind } as Parameters<typeof writeEntity>[1],
    path,
    { mode: "upsert" },
    true,
  );
  if (applied.outcome === "created") created.push(applied.id);
  return [applied.id];
}

async function sourceVoice(w: WriteSession, sourceId: string) {
  const [row] = await w.rows<{ authors: string[]; publisher: string | null }>(
    sql`SELECT coalesce((SELECT array_agg(entity_id::text ORDER BY position) FROM source_author WHERE source_id = s.id), '{}') AS authors,
               s.publisher_id::text AS publisher
        FROM source s WHERE s.id = ${sourceId}::uuid`,
  );
  return row ?? { authors: [], publisher: null };
}

async function speakersOf(
  w: WriteSession,
  ref: Ref,
  row: Locked,
  input: AcceptSuggestionInput,
  created: string[],
): Promise<string[]> {
  if (input.speakers) {
    return input.speakers.map((id, i) => ref(id, ["Entity"], `input/speakers/${i}`)!);
  }
  const voice = await sourceVoice(w, row.sourceId);
  const ids: string[] = [];
  for (const [i, proposed] of (row.proposal.speakers ?? []).entries()) {
    for (const id of await entityFor(w, proposed, `input/speakers/${i}`, created, voice)) {
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids.map((id) => `id:${id}`);
}

function edited(input: AcceptSuggestionInput): boolean {
  const edits: (keyof AcceptSuggestionInput)[] = [
    "speakers",
    "attribution",
    "entity",
    "name",
    "entityKind",
    "text",
    "claimKind",
    "subjects",
    "existingClaim",
  ];
  return edits.some((key) => input[key] !== undefined && input[key] !== null);
}

/** The span as a quote, with its speakers and attribution: the evidence every accepted QUOTE and CLAIM writes. */
async function writeSpan(w: WriteSession, row: Locked, speakers: string[], attribution: string | null) {
  const [quoteId] = await w.evidence(
    [
      {
        source: `id:${row.sourceId}`,
        exact: row.exact,
        start: row.start,
        end: row.end,
        speakers,
        attribution: (attribution ?? undefined) as never,
        cue: row.proposal.cue,
      },
    ],
    "input",
  );
  return quoteId!;
}

export const suggestions = {
  accept: (ctx: Context, input: AcceptSuggestionInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const row = await lockPending(w, input.id, input.version);
        const created: string[] = [];
        const result: StoredResult = {};
        const status = edited(input) ? "EDITED" : "ACCEPTED";
        if (row.kind === "MENTION") {
          if (input.entity) {
            result.entityIds = [await w.entityId(ref(input.entity, ["Entity"], "input/entity"), "input/entity")];
          } else {
            const proposed = row.proposal.entity ?? {};
            const renamed = input.name != null || input.entityKind != null;
            const entity: StoredEntity = renamed
              ? { name: input.name ?? proposed.name, kind: input.entityKind ?? proposed.kind }
              : proposed;
            if (entity.name != null) w.text(entity.name, "input/name", 500);
            result.entityIds = await entityFor(w, entity, "input/name", created, { authors: [], publisher: null });
          }
        } else {
          const speakers = await speakersOf(w, ref, row, input, created);
          const attribution = input.attribution ?? row.attribution;
          const quoteId = await writeSpan(w, row, speakers, attribution);
          result.quoteId = quoteId;
          if (row.kind === "CLAIM") {
            let claimId: string;
            if (input.existingClaim) {
              claimId = await w.claimId(
                ref(input.existingClaim, ["Claim"], "input/existingClaim")!,
                "input/existingClaim",
              );
              await w.addEvidence({ ...CLAIM_APPEARANCES_LINK, id: claimId }, quoteId);
            } else {
              const subjects =
                input.subjects?.map((id, i) => ref(id, ["Entity"], `input/subjects/${i}`)!) ??
                (row.proposal.subjects ?? []).flatMap((s) => (s.entityId ? [`id:${s.entityId}`] : []));
              const text = input.text ?? row.proposal.text ?? row.exact;
              claimId = (
                await writeClaim(
                  w,
                  {
                    text: w.text(text, "input/text", 5000),
                    kind: input.claimKind ?? row.proposal.claimKind ?? "FACTUAL",
                    claimants: speakers,
                    subjects: [...new Set(subjects)],
                    appearances: [{ source: `id:${row.sourceId}`, exact: row.exact, start: row.start, end: row.end }],
                  } as Parameters<typeof writeClaim>[1],
                  "input",
                )
              ).id;
            }
            result.claimId = claimId;
            if (input.stance) {
              result.stanceIds = [];
              for (const [i, speaker] of speakers.entries()) {
                const stance = await writeStance(
                  w,
                  {
                    holder: { entity: speaker },
                    claim: `id:${claimId}`,
                    position: input.stance,
                    evidence: [{ source: `id:${row.sourceId}`, exact: row.exact, start: row.start, end: row.end }],
                  } as Parameters<typeof writeStance>[1],
                  `input/speakers/${i}`,
                );
                result.stanceIds.push(stance.id);
              }
            }
          }
        }
        if (created.length > 0) result.entityIds = [...new Set([...(result.entityIds ?? []), ...created])];
        await decide(w, row, status, actorOf(ctx).label, input.reason, result);
        return row.id;
      },
      load(SUGGESTION),
    ),

  reject: (ctx: Context, input: RejectSuggestionInput) =>
    transact(
      ctx,
      async (w) => {
        const row = await lockPending(w, input.id, input.version);
        await decide(w, row, "REJECTED", actorOf(ctx).label, input.reason, null);
        return row.id;
      },
      load(SUGGESTION),
    ),
};
