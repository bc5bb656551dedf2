import type { PrismaClient } from "../../src/generated/prisma/client";
import { claimFingerprint, locateQuote, sha256Hex } from "../../src/shared/text";

/** Small builders for tests that need their own data (the story has its own tests). */
export async function makeEntities(prisma: PrismaClient, count: number, prefix = "entity") {
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    rows.push(
      await prisma.entity.create({
        data: { slug: `${prefix}-${i}`, kind: i % 2 === 0 ? "PERSON" : "ORGANIZATION", name: `${prefix} ${i}` },
      }),
    );
  }
  return rows;
}

export async function makeSource(prisma: PrismaClient, text: string, title = "A source") {
  return prisma.source.create({ data: { kind: "NEWS_ARTICLE", title, text, textSha256: sha256Hex(text) } });
}

export async function makeQuote(prisma: PrismaClient, source: { id: string; text: string | null }, exact: string) {
  const located = locateQuote(source.text ?? "", exact);
  if (!located.ok) throw new Error(located.message);
  return prisma.quote.create({
    data: {
      sourceId: source.id,
      exact,
      start: located.start,
      end: located.end,
      prefix: located.prefix,
      suffix: located.suffix,
    },
  });
}

export async function makeClaim(
  prisma: PrismaClient,
  text: string,
  claimants: { id: string; slug: string }[],
  quoteIds: string[] = [],
) {
  return prisma.claim.create({
    data: {
      text,
      kind: "FACTUAL",
      fingerprint: claimFingerprint(
        text,
        claimants.map((c) => c.slug),
      ),
      claimants: { create: claimants.map((c, position) => ({ entityId: c.id, position })) },
      appearances: { create: quoteIds.map((quoteId) => ({ quoteId })) },
    },
  });
}
