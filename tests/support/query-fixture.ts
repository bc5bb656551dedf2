import type { PrismaClient } from "../../src/generated/prisma/client";
import { claimFingerprint, locateQuote, sha256Hex } from "../../src/shared/text";

/**
 * A small, fully known data set for the query-language tests: every filter, ordering and facet result
 * can be worked out by hand from this file.
 */
export const TEXT_1 =
  "Alice Johnson said taxes went up by five percent. Crime fell after the policy, officials said. The city will grow.";
export const TEXT_2 = "Bob Smith argued that taxes should go down. Crime fell after the policy, he agreed.";
export const TEXT_3 = "A blog wondered whether the city will grow at all.";

export async function buildQueryFixture(prisma: PrismaClient) {
  const entity = (
    slug: string,
    kind: "PERSON" | "ORGANIZATION" | "PLACE",
    name: string,
    aliases: string[] = [],
    description?: string,
  ) => prisma.entity.create({ data: { slug, kind, name, aliases, description } });
  const alice = await entity("alice", "PERSON", "Alice Johnson", ["A. Johnson"], "A city councillor.");
  const bob = await entity("bob", "PERSON", "Bob Smith", [], "A tax campaigner.");
  const post = await entity("daily-post", "ORGANIZATION", "Daily Post", ["The Post"]);
  const city = await entity("springfield", "PLACE", "Springfield");
  const checker = await entity("fact-checker", "ORGANIZATION", "Fact Checker 100%_sure");

  const source = (
    title: string,
    text: string,
    publisherId: string | null,
    publishedAt: string | null,
    url: string | null,
  ) =>
    prisma.source.create({
      data: {
        kind: "NEWS_ARTICLE",
        title,
        text,
        textSha256: sha256Hex(text),
        publisherId,
        publishedAt: publishedAt ? new Date(publishedAt) : null,
        url,
        language: "en",
      },
    });
  const s1 = await source("Taxes and crime", TEXT_1, post.id, "2020-01-01T00:00:00Z", "https://example.org/1");
  const s2 = await source("Tax debate", TEXT_2, post.id, "2024-05-01T00:00:00Z", "https://example.org/2");
  const s3 = await source("Growth blog", TEXT_3, null, null, null);
  const review1 = await prisma.source.create({
    data: { kind: "FACT_CHECK", title: "Check 1", url: "https://check.example/1" },
  });

  const quote = async (s: { id: string; text: string | null }, exact: string) => {
    const found = locateQuote(s.text!, exact);
    if (!found.ok) throw new Error(found.message);
    return prisma.quote.create({ data: { sourceId: s.id, exact, start: found.start, end: found.end } });
  };
  const q1 = await quote(s1, "taxes went up by five percent");
  const q2 = await quote(s2, "taxes should go down");
  const q3a = await quote(s1, "Crime fell after the policy, officials said");
  const q3b = await quote(s2, "Crime fell after the policy, he agreed");
  const q4 = await quote(s3, "whether the city will grow at all");

  const claim = (
    text: string,
    kind: "FACTUAL" | "NORMATIVE" | "CAUSAL" | "PREDICTIVE",
    claimants: { id: string; slug: string }[],
    quotes: string[],
    extra: Record<string, unknown> = {},
  ) =>
    prisma.claim.create({
      data: {
        text,
        kind,
        fingerprint: claimFingerprint(
          text,
          claimants.map((c) => c.slug),
        ),
        claimants: { create: claimants.map((c, position) => ({ entityId: c.id, position })) },
        appearances: { create: quotes.map((quoteId) => ({ quoteId })) },
        ...extra,
      },
    });
  const c1 = await claim("Taxes went up by five percent.", "FACTUAL", [alice], [q1.id], {
    statedAt: new Date("2021-03-01T00:00:00Z"),
    placeId: city.id,
    subjects: { create: [{ entityId: city.id }] },
  });
  const c2 = await claim("Taxes should go down.", "NORMATIVE", [bob], [q2.id], {
    statedAt: new Date("2024-05-01T00:00:00Z"),
  });
  const c3 = await claim("Crime fell after the policy.", "CAUSAL", [alice, bob], [q3a.id, q3b.id], {
    statedAt: new Date("2019-07-01T00:00:00Z"),
  });
  const c4 = await claim("The city will grow.", "PREDICTIVE", [post], [q4.id], { condition: "if taxes stay low" });
  const c5 = await claim("Taxes went up by fifty percent.", "FACTUAL", [bob], [], {
    rank: "DEPRECATED",
    deprecationReason: "misquoted",
  });

  const v1 = await prisma.viewpoint.create({
    data: {
      slug: "low-taxes",
      title: "Low taxes",
      summary: "Taxes should be low.",
      members: { create: [{ entityId: bob.id, role: "PROPONENT" }] },
    },
  });
  const v2 = await prisma.viewpoint.create({
    data: {
      slug: "public-spending",
      title: "Public spending",
      summary: "Public services need taxes.",
      members: { create: [{ entityId: alice.id, role: "PROPONENT" }] },
    },
  });
  const stance = (
    claimId: string,
    position: "SUPPORTS" | "OPPOSES" | "QUALIFIES",
    holder: { entity?: string; viewpoint?: string },
  ) =>
    prisma.stance.create({
      data: { claimId, position, holderEntityId: holder.entity ?? null, holderViewpointId: holder.viewpoint ?? null },
    });
  await stance(c1.id, "SUPPORTS", { entity: alice.id });
  await stance(c1.id, "OPPOSES", { entity: bob.id });
  await stance(c2.id, "SUPPORTS", { viewpoint: v1.id });
  await stance(c2.id, "OPPOSES", { viewpoint: v2.id });
  await stance(c3.id, "SUPPORTS", { entity: bob.id });
  await stance(c3.id, "SUPPORTS", { viewpoint: v1.id });
  await stance(c3.id, "SUPPORTS", { viewpoint: v2.id });
  await stance(c4.id, "QUALIFIES", { viewpoint: v1.id });
  await stance(c4.id, "SUPPORTS", { viewpoint: v2.id });

  await prisma.review.create({
    data: {
      claimId: c1.id,
      reviewerId: checker.id,
      sourceId: review1.id,
      originalRating: "Pants on Fire!",
      normalizedRating: "FALSE",
    },
  });
  await prisma.review.create({
    data: {
      claimId: c3.id,
      reviewerId: checker.id,
      sourceId: review1.id,
      originalRating: "True",
      normalizedRating: "TRUE",
    },
  });

  await prisma.claimRelation.create({ data: { fromId: c3.id, toId: c2.id, kind: "SUPPORTS" } });
  await prisma.claimRelation.create({ data: { fromId: c1.id, toId: c2.id, kind: "ATTACKS" } });
  await prisma.claimRelation.create({ data: { fromId: c4.id, toId: c3.id, kind: "QUALIFIES" } });
  await prisma.claimRelation.create({ data: { fromId: c2.id, toId: c4.id, kind: "SUPPORTS" } }); // a cycle c2 -> c4 -> c3 -> c2

  return { alice, bob, post, city, checker, s1, s2, s3, c1, c2, c3, c4, c5, v1, v2 };
}
