import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/database";
import type { Prisma } from "../../generated/prisma/client";
import type {
  ClaimKind,
  ClaimRank,
  ClaimRelationKind,
  DerivationKind,
  EntityKind,
  EntityPredicate,
  NormalizedRating,
  SourceKind,
  StancePosition,
  ViewpointRole,
} from "../../generated/prisma/enums";
import { claimFingerprint, locateQuote, sha256Hex } from "../../shared/text";
import type { Bundle, QuoteRef } from "./bundle.types";

/** A record of the bundle that cannot be loaded; `pointer` is its JSON pointer in the file. */
export class BundleError extends Error {
  override name = "BundleError";
  constructor(
    readonly pointer: string,
    reason: string,
  ) {
    super(`${pointer}: ${reason}`);
  }
}

export interface LoadReport {
  loaded: boolean;
  counts: Record<string, number>;
}

type Tx = Prisma.TransactionClient;

function date(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

/** Serializes concurrent loads (two replicas seeding one empty database at start-up). */
const SEED_LOCK = 72707370;

/**
 * Loads a bundle in one transaction: all of it or nothing. Used by `claimbase seed` and at start-up
 * on an empty database. If the bundle's first entity already exists, nothing is written.
 */
export async function loadBundle(db: Database, bundle: Bundle, baseDir: string, actor = "seed"): Promise<LoadReport> {
  if (bundle.format !== "claimbase-bundle" || bundle.version !== 1) {
    throw new BundleError("", "not a claimbase bundle of version 1");
  }
  const texts = new Map<string, string>();
  for (const [i, source] of (bundle.sources ?? []).entries()) {
    if (source.textFile !== undefined) {
      const file = path.resolve(baseDir, source.textFile);
      if (!file.startsWith(path.resolve(baseDir) + path.sep)) {
        throw new BundleError(`/sources/${i}/textFile`, "must name a file inside the bundle's folder");
      }
      texts.set(source.ref, await readFile(file, "utf8"));
    } else if (source.text !== undefined) {
      texts.set(source.ref, source.text);
    }
  }

  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const first = bundle.entities?.[0];
      if (first && (await tx.entity.findUnique({ where: { slug: first.slug }, select: { id: true } }))) {
        return { loaded: false, counts: {} };
      }
      return write(tx, bundle, texts, actor);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function write(tx: Tx, bundle: Bundle, texts: Map<string, string>, actor: string): Promise<LoadReport> {
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const created: { id: string; type: string; after: Prisma.InputJsonValue }[] = [];

  const entities = new Map<string, string>();
  const entity = (slug: string, pointer: string): string => {
    const id = entities.get(slug);
    if (!id) throw new BundleError(pointer, `unknown entity slug ${JSON.stringify(slug)}`);
    return id;
  };
  for (const [i, e] of (bundle.entities ?? []).entries()) {
    const row = await tx.entity.create({
      data: {
        slug: e.slug,
        kind: e.kind as EntityKind,
        name: e.name,
        aliases: e.aliases ?? [],
        description: e.description ?? null,
        externalIds: (e.externalIds ?? {}) as Prisma.InputJsonValue,
      },
    });
    void i;
    entities.set(e.slug, row.id);
    created.push({ id: row.id, type: "Entity", after: { slug: row.slug, kind: row.kind, name: row.name } });
    bump("entities");
  }

  const sources = new Map<string, string>();
  const sourceTexts = new Map<string, string>();
  for (const [i, s] of (bundle.sources ?? []).entries()) {
    const text = texts.get(s.ref) ?? null;
    const derivedFromId = s.derivedFrom !== undefined ? sources.get(s.derivedFrom) : undefined;
    if (s.derivedFrom !== undefined && !derivedFromId) {
      throw new BundleError(
        `/sources/${i}/derivedFrom`,
        `unknown source ref ${JSON.stringify(s.derivedFrom)} (list it earlier)`,
      );
    }
    const row = await tx.source.create({
      data: {
        kind: s.kind as SourceKind,
        title: s.title,
        url: s.url ?? null,
        publisherId: s.publisher !== undefined ? entity(s.publisher, `/sources/${i}/publisher`) : null,
        publishedAt: date(s.publishedAt) ?? null,
        retrievedAt: date(s.retrievedAt) ?? null,
        language: s.language ?? null,
        text,
        textSha256: text === null ? null : sha256Hex(text),
        derivedFromId: derivedFromId ?? null,
        derivationKind: (s.derivationKind as DerivationKind | undefined) ?? null,
        authors: {
          create: (s.authors ?? []).map((slug, position) => ({
            entityId: entity(slug, `/sources/${i}/authors/${position}`),
            position,
          })),
        },
      },
    });
    sources.set(s.ref, row.id);
    if (text !== null) sourceTexts.set(row.id, text);
    created.push({ id: row.id, type: "Source", after: { title: row.title, textSha256: row.textSha256 } });
    bump("sources");
  }

  const quotes = new Map<string, string>();
  const quote = async (ref: QuoteRef, pointer: string): Promise<string> => {
    const sourceId = sources.get(ref.source);
    if (!sourceId) throw new BundleError(`${pointer}/source`, `unknown source ref ${JSON.stringify(ref.source)}`);
    const text = sourceTexts.get(sourceId);
    if (text === undefined) throw new BundleError(`${pointer}/source`, "the source has no text snapshot to quote");
    const located = locateQuote(text, ref.exact, ref.prefix, ref.suffix);
    if (!located.ok) throw new BundleError(`${pointer}/exact`, located.message);
    const key = `${sourceId}:${located.start}:${located.end}`;
    const existing = quotes.get(key);
    if (existing) return existing;
    const row = await tx.quote.create({
      data: {
        sourceId,
        exact: ref.exact,
        prefix: located.prefix,
        suffix: located.suffix,
        start: located.start,
        end: located.end,
      },
    });
    quotes.set(key, row.id);
    bump("quotes");
    return row.id;
  };
  const evidence = async (refs: QuoteRef[] | undefined, pointer: string): Promise<string[]> => {
    const ids: string[] = [];
    for (const [j, ref] of (refs ?? []).entries()) {
      const id = await quote(ref, `${pointer}/${j}`);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  };

  for (const [i, r] of (bundle.entityRelations ?? []).entries()) {
    const pointer = `/entityRelations/${i}`;
    const quoteIds = await evidence(r.evidence, `${pointer}/evidence`);
    const row = await tx.entityRelation.create({
      data: {
        subjectId: entity(r.subject, `${pointer}/subject`),
        predicate: r.predicate as EntityPredicate,
        objectId: entity(r.object, `${pointer}/object`),
        validFrom: date(r.validFrom) ?? null,
        validTo: date(r.validTo) ?? null,
        evidence: { create: quoteIds.map((quoteId) => ({ quoteId })) },
      },
    });
    created.push({ id: row.id, type: "EntityRelation", after: { predicate: row.predicate } });
    bump("entityRelations");
  }

  const claims = new Map<string, string>();
  const claim = (ref: string, pointer: string): string => {
    const id = claims.get(ref);
    if (!id) throw new BundleError(pointer, `unknown claim ref ${JSON.stringify(ref)}`);
    return id;
  };
  for (const [i, c] of (bundle.claims ?? []).entries()) {
    const pointer = `/claims/${i}`;
    const quoteIds = await evidence(c.appearances, `${pointer}/appearances`);
    const row = await tx.claim.create({
      data: {
        text: c.text,
        fingerprint: claimFingerprint(c.text, c.claimants),
        kind: c.kind as ClaimKind,
        statedAt: date(c.statedAt) ?? null,
        placeId: c.qualifiers?.place !== undefined ? entity(c.qualifiers.place, `${pointer}/qualifiers/place`) : null,
        validFrom: date(c.qualifiers?.validFrom) ?? null,
        validTo: date(c.qualifiers?.validTo) ?? null,
        condition: c.qualifiers?.condition ?? null,
        rank: (c.rank as ClaimRank | undefined) ?? "NORMAL",
        deprecationReason: c.deprecationReason ?? null,
        claimants: {
          create: c.claimants.map((slug, position) => ({
            entityId: entity(slug, `${pointer}/claimants/${position}`),
            position,
          })),
        },
        subjects: {
          create: (c.subjects ?? []).map((slug, position) => ({
            entityId: entity(slug, `${pointer}/subjects/${position}`),
            position,
          })),
        },
        appearances: { create: quoteIds.map((quoteId) => ({ quoteId })) },
      },
    });
    claims.set(c.ref, row.id);
    created.push({ id: row.id, type: "Claim", after: { text: row.text, kind: row.kind } });
    bump("claims");
  }

  for (const [i, r] of (bundle.claimRelations ?? []).entries()) {
    const pointer = `/claimRelations/${i}`;
    const quoteIds = await evidence(r.evidence, `${pointer}/evidence`);
    const row = await tx.claimRelation.create({
      data: {
        fromId: claim(r.from, `${pointer}/from`),
        toId: claim(r.to, `${pointer}/to`),
        kind: r.kind as ClaimRelationKind,
        evidence: { create: quoteIds.map((quoteId) => ({ quoteId })) },
      },
    });
    created.push({ id: row.id, type: "ClaimRelation", after: { kind: row.kind } });
    bump("claimRelations");
  }

  const viewpoints = new Map<string, string>();
  for (const [i, v] of (bundle.viewpoints ?? []).entries()) {
    const pointer = `/viewpoints/${i}`;
    const row = await tx.viewpoint.create({
      data: {
        slug: v.slug,
        title: v.title,
        summary: v.summary ?? null,
        topicId: v.topic !== undefined ? entity(v.topic, `${pointer}/topic`) : null,
        members: {
          create: (v.members ?? []).map((m, position) => ({
            entityId: entity(m.entity, `${pointer}/members/${position}/entity`),
            role: m.role as ViewpointRole,
            position,
          })),
        },
      },
    });
    viewpoints.set(v.slug, row.id);
    created.push({ id: row.id, type: "Viewpoint", after: { slug: row.slug, title: row.title } });
    bump("viewpoints");
  }

  for (const [i, s] of (bundle.stances ?? []).entries()) {
    const pointer = `/stances/${i}`;
    const quoteIds = await evidence(s.evidence, `${pointer}/evidence`);
    let holderEntityId: string | null = null;
    let holderViewpointId: string | null = null;
    if ("entity" in s.holder) holderEntityId = entity(s.holder.entity, `${pointer}/holder/entity`);
    else {
      holderViewpointId = viewpoints.get(s.holder.viewpoint) ?? null;
      if (!holderViewpointId) {
        throw new BundleError(
          `${pointer}/holder/viewpoint`,
          `unknown viewpoint slug ${JSON.stringify(s.holder.viewpoint)}`,
        );
      }
    }
    const row = await tx.stance.create({
      data: {
        holderEntityId,
        holderViewpointId,
        claimId: claim(s.claim, `${pointer}/claim`),
        position: s.position as StancePosition,
        note: s.note ?? null,
        evidence: { create: quoteIds.map((quoteId) => ({ quoteId })) },
      },
    });
    created.push({ id: row.id, type: "Stance", after: { position: row.position } });
    bump("stances");
  }

  for (const [i, r] of (bundle.reviews ?? []).entries()) {
    const pointer = `/reviews/${i}`;
    const sourceId = sources.get(r.source);
    if (!sourceId) throw new BundleError(`${pointer}/source`, `unknown source ref ${JSON.stringify(r.source)}`);
    const row = await tx.review.create({
      data: {
        claimId: claim(r.claim, `${pointer}/claim`),
        reviewerId: entity(r.reviewer, `${pointer}/reviewer`),
        sourceId,
        originalRating: r.originalRating,
        normalizedRating: r.normalizedRating as NormalizedRating,
        reviewedAt: date(r.reviewedAt) ?? null,
      },
    });
    created.push({ id: row.id, type: "Review", after: { normalizedRating: row.normalizedRating } });
    bump("reviews");
  }

  await tx.revision.createMany({
    data: created.map((c) => ({
      subjectId: c.id,
      subjectType: c.type,
      action: "CREATE" as const,
      after: c.after,
      actorLabel: actor,
    })),
  });
  return { loaded: true, counts };
}

export async function readBundleFile(file: string): Promise<{ bundle: Bundle; baseDir: string }> {
  const bundle = JSON.parse(await readFile(file, "utf8")) as Bundle;
  return { bundle, baseDir: path.dirname(path.resolve(file)) };
}
