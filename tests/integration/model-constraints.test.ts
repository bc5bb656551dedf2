import pg from "pg";
import type { EntityKind } from "../../src/generated/prisma/client";
import { claimFingerprint, codePointLength, sha256Hex } from "../../src/shared/text";
import { useTestDatabase } from "../support/lifecycle";

/*
 * The database itself holds the model's rules (prisma/migrations/*_init/migration.sql): natural keys,
 * formats, foreign keys, the quote-verbatim triggers, append-only revisions. Each test breaks one
 * rule and checks that PostgreSQL refuses it with that rule's SQLSTATE and constraint name, the
 * values services map to userErrors. Valid rows come from the Prisma builders below; the rows meant
 * to be refused are mostly written as plain SQL, so the constraint name is easy to read off.
 */

const suite = useTestDatabase("empty");

// --- builders --------------------------------------------------------------------------------------

let counter = 0;
const unique = (prefix: string) => `${prefix}-${(counter += 1)}`;

function makeEntity(slug = unique("entity"), kind: EntityKind = "PERSON") {
  return suite.db.prisma.entity.create({ data: { slug, kind, name: `Entity ${slug}` } });
}

function makeViewpoint(slug = unique("viewpoint")) {
  return suite.db.prisma.viewpoint.create({ data: { slug, title: `Viewpoint ${slug}` } });
}

/** A source with a text snapshot (and its real hash), optionally a url. */
function makeSource(
  text: string | null = `${unique("Snapshot")}: the council met on Monday.`,
  url: string | null = null,
) {
  return suite.db.prisma.source.create({
    data: { kind: "NEWS_ARTICLE", title: "A source", url, text, textSha256: text === null ? null : sha256Hex(text) },
  });
}

/** A quote of `exact` where it first occurs in the source's text, offsets in code points. */
function makeQuote(source: { id: string; text: string | null }, exact: string) {
  const text = source.text!;
  const start = codePointLength(text.slice(0, text.indexOf(exact)));
  return suite.db.prisma.quote.create({
    data: { sourceId: source.id, exact, start, end: start + codePointLength(exact) },
  });
}

function makeClaim(text = `${unique("A claim")} was made`, claimants: { id: string; slug: string }[] = []) {
  const slugs = claimants.map((c) => c.slug);
  const fingerprint = claimFingerprint(text, slugs);
  return suite.db.prisma.claim.create({
    data: {
      text,
      fingerprint,
      kind: "FACTUAL",
      claimants: { create: claimants.map((c, position) => ({ entityId: c.id, position })) },
    },
  });
}

function makeStance(holder: { entityId?: string; viewpointId?: string }, claimId: string) {
  return suite.db.prisma.stance.create({
    data: { holderEntityId: holder.entityId, holderViewpointId: holder.viewpointId, claimId, position: "SUPPORTS" },
  });
}

function makeRevision() {
  return suite.db.prisma.revision.create({
    data: {
      subjectId: "00000000-0000-4000-8000-000000000001",
      subjectType: "Claim",
      action: "CREATE",
      actorLabel: "test",
    },
  });
}

/** INSERT one row as plain SQL; the column names are the database's. */
function insert(table: string, row: Record<string, unknown>) {
  const names = Object.keys(row);
  return suite.db.pool.query(
    `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(row),
  );
}

interface Refusal {
  code: string | undefined;
  constraint: string | undefined;
  message: string;
}

/** What PostgreSQL said when it refused `work`; fails the test if it accepted it. */
async function refusal(work: Promise<unknown>): Promise<Refusal> {
  try {
    await work;
  } catch (error) {
    if (error instanceof pg.DatabaseError)
      return { code: error.code, constraint: error.constraint, message: error.message };
    throw error;
  }
  throw new Error("the database accepted a row it should have refused");
}

const UNIQUE = "23505";
const FOREIGN_KEY = "23503";
const CHECK = "23514";
/** restrict_violation, raised by the append-only trigger. */
const RESTRICT = "23001";
/**
 * Deleting a row an ON DELETE RESTRICT foreign key still points at: PostgreSQL 18 reports
 * restrict_violation, earlier versions foreign_key_violation. Prisma maps both to P2003.
 */
const STILL_REFERENCED = expect.stringMatching(/^(23001|23503)$/);

/** Prisma's error for a database refusal, as the driver adapter reports it. */
const prismaRefusal = (code: string, sqlState: string, constraint: string) => ({
  code,
  meta: { driverAdapterError: { cause: { originalCode: sqlState, constraint: { index: constraint } } } },
});

// --- natural keys ----------------------------------------------------------------------------------

describe("natural keys", () => {
  it("refuses a second entity with the same slug (Prisma P2002)", async () => {
    await makeEntity("same-slug");
    await expect(makeEntity("same-slug", "ORGANIZATION")).rejects.toMatchObject(
      prismaRefusal("P2002", UNIQUE, "entity_slug_key"),
    );
  });

  it("refuses a second viewpoint with the same slug", async () => {
    await makeViewpoint("same-viewpoint");
    expect(await refusal(insert("viewpoint", { slug: "same-viewpoint", title: "Another title" }))).toMatchObject({
      code: UNIQUE,
      constraint: "viewpoint_slug_key",
    });
  });

  it("refuses a second source with the same url", async () => {
    await makeSource("First snapshot.", "https://example.org/same");
    const text = "Second snapshot.";
    expect(
      await refusal(
        insert("source", {
          kind: "REPORT",
          title: "Again",
          url: "https://example.org/same",
          text,
          text_sha256: sha256Hex(text),
        }),
      ),
    ).toMatchObject({ code: UNIQUE, constraint: "source_url_key" });
  });

  it("refuses a second url-less source with the same text, its natural key being the text's hash", async () => {
    const text = "A snapshot kept without a url.";
    await makeSource(text);
    expect(
      await refusal(insert("source", { kind: "OTHER", title: "Same text", text, text_sha256: sha256Hex(text) })),
    ).toMatchObject({ code: UNIQUE, constraint: "source_text_sha256_no_url_key" });
  });

  it("accepts sources with the same text under different urls, and one more without a url", async () => {
    const text = "A syndicated story, word for word.";
    await makeSource(text, "https://one.example.org/story");
    await makeSource(text, "https://two.example.org/story");
    await makeSource(text);
    expect(await suite.db.prisma.source.count({ where: { textSha256: sha256Hex(text) } })).toBe(3);
  });

  it("refuses a second quote at the same offsets of a source", async () => {
    const source = await makeSource("The council met on Monday.");
    const quote = await makeQuote(source, "council");
    expect(
      await refusal(insert("quote", { source_id: source.id, exact: "council", start: quote.start, end: quote.end })),
    ).toMatchObject({ code: UNIQUE, constraint: "quote_source_id_start_end_key" });
  });

  it("refuses a second claim with the same fingerprint, which ignores case, spacing and final punctuation", async () => {
    const mayor = await makeEntity();
    await makeClaim("The budget will pass.", [mayor]);
    expect(
      await refusal(
        insert("claim", {
          text: "the  budget will PASS",
          fingerprint: claimFingerprint("the  budget will PASS", [mayor.slug]),
          kind: "PREDICTIVE",
        }),
      ),
    ).toMatchObject({ code: UNIQUE, constraint: "claim_fingerprint_key" });
  });

  it("refuses a second relation with the same subject, predicate and object, but not with another predicate", async () => {
    const [person, body] = await Promise.all([makeEntity(), makeEntity(undefined, "GOVERNMENT_BODY")]);
    await suite.db.prisma.entityRelation.create({
      data: { subjectId: person.id, predicate: "HEAD_OF", objectId: body.id },
    });
    expect(
      await refusal(insert("entity_relation", { subject_id: person.id, predicate: "HEAD_OF", object_id: body.id })),
    ).toMatchObject({ code: UNIQUE, constraint: "entity_relation_subject_id_predicate_object_id_key" });
    await suite.db.prisma.entityRelation.create({
      data: { subjectId: person.id, predicate: "MEMBER_OF", objectId: body.id },
    });
  });

  it("refuses a second claim relation of the same kind between the same claims, but not of another kind", async () => {
    const [from, to] = await Promise.all([makeClaim(), makeClaim()]);
    await suite.db.prisma.claimRelation.create({ data: { fromId: from.id, toId: to.id, kind: "SUPPORTS" } });
    expect(await refusal(insert("claim_relation", { from_id: from.id, to_id: to.id, kind: "SUPPORTS" }))).toMatchObject(
      {
        code: UNIQUE,
        constraint: "claim_relation_from_id_to_id_kind_key",
      },
    );
    await suite.db.prisma.claimRelation.create({ data: { fromId: from.id, toId: to.id, kind: "QUALIFIES" } });
  });

  it("refuses a second stance of the same entity on a claim", async () => {
    const [holder, claim] = await Promise.all([makeEntity(), makeClaim()]);
    await makeStance({ entityId: holder.id }, claim.id);
    expect(
      await refusal(insert("stance", { holder_entity_id: holder.id, claim_id: claim.id, position: "OPPOSES" })),
    ).toMatchObject({ code: UNIQUE, constraint: "stance_holder_entity_id_claim_id_key" });
  });

  it("refuses a second stance of the same viewpoint on a claim", async () => {
    const [holder, claim] = await Promise.all([makeViewpoint(), makeClaim()]);
    await makeStance({ viewpointId: holder.id }, claim.id);
    expect(
      await refusal(insert("stance", { holder_viewpoint_id: holder.id, claim_id: claim.id, position: "NEUTRAL" })),
    ).toMatchObject({ code: UNIQUE, constraint: "stance_holder_viewpoint_id_claim_id_key" });
  });

  it("accepts stances on one claim from several entities and viewpoints (the other holder column is null)", async () => {
    const [a, b, v, w, claim] = await Promise.all([
      makeEntity(),
      makeEntity(),
      makeViewpoint(),
      makeViewpoint(),
      makeClaim(),
    ]);
    for (const holder of [{ entityId: a.id }, { entityId: b.id }, { viewpointId: v.id }, { viewpointId: w.id }]) {
      await makeStance(holder, claim.id);
    }
    expect(await suite.db.prisma.stance.count({ where: { claimId: claim.id } })).toBe(4);
  });

  it("refuses a second review of a claim by the same reviewer in the same source, but not in another source", async () => {
    const [claim, reviewer, article, followUp] = await Promise.all([
      makeClaim(),
      makeEntity(undefined, "ORGANIZATION"),
      makeSource(),
      makeSource(),
    ]);
    const review = {
      claimId: claim.id,
      reviewerId: reviewer.id,
      originalRating: "False",
      normalizedRating: "FALSE" as const,
    };
    await suite.db.prisma.review.create({ data: { ...review, sourceId: article.id } });
    expect(
      await refusal(
        insert("review", {
          claim_id: claim.id,
          reviewer_id: reviewer.id,
          source_id: article.id,
          original_rating: "Mostly false",
          normalized_rating: "MOSTLY_FALSE",
        }),
      ),
    ).toMatchObject({ code: UNIQUE, constraint: "review_claim_id_reviewer_id_source_id_key" });
    await suite.db.prisma.review.create({ data: { ...review, sourceId: followUp.id } });
  });

  it("refuses naming the same claimant twice on a claim", async () => {
    const mayor = await makeEntity();
    const claim = await makeClaim(undefined, [mayor]);
    expect(
      await refusal(insert("claim_claimant", { claim_id: claim.id, entity_id: mayor.id, position: 1 })),
    ).toMatchObject({
      code: UNIQUE,
      constraint: "claim_claimant_pkey",
    });
  });
});

// --- formats -----------------------------------------------------------------------------------------

describe("formats", () => {
  it.each(["Uppercase", "has space", "-leading", "trailing-", "double--hyphen", "under_score", "", "x".repeat(201)])(
    "refuses the entity slug %j",
    async (slug) => {
      expect(await refusal(insert("entity", { slug, kind: "PERSON", name: "Someone" }))).toMatchObject({
        code: CHECK,
        constraint: "entity_slug_format",
      });
    },
  );

  it("accepts lowercase slugs of letters and digits joined by single hyphens", async () => {
    for (const slug of ["g7", "new-york-post", "a-1-b", "x".repeat(200)]) await makeEntity(slug);
  });

  it.each(["Sanctuary-Cities", "sanctuary cities"])("refuses the viewpoint slug %j", async (slug) => {
    expect(await refusal(insert("viewpoint", { slug, title: "Sanctuary cities" }))).toMatchObject({
      code: CHECK,
      constraint: "viewpoint_slug_format",
    });
  });

  it.each(["", "   "])("refuses the blank entity name %j", async (name) => {
    expect(await refusal(insert("entity", { slug: unique("blank"), kind: "PERSON", name }))).toMatchObject({
      code: CHECK,
      constraint: "entity_name_not_blank",
    });
  });

  it("refuses blank viewpoint titles, source titles and claim texts", async () => {
    expect(await refusal(insert("viewpoint", { slug: unique("blank"), title: "  " }))).toMatchObject({
      code: CHECK,
      constraint: "viewpoint_title_not_blank",
    });
    expect(
      await refusal(insert("source", { kind: "OTHER", title: " ", url: "https://example.org/blank" })),
    ).toMatchObject({
      code: CHECK,
      constraint: "source_title_not_blank",
    });
    expect(
      await refusal(
        insert("claim", { text: "   ", fingerprint: claimFingerprint(unique("blank"), []), kind: "FACTUAL" }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "claim_text_not_blank" });
  });

  it.each(["\t", "\n", " \r\n "])("refuses a name, title or text made only of the whitespace %j", async (blank) => {
    expect(await refusal(insert("entity", { slug: unique("blank"), kind: "PERSON", name: blank }))).toMatchObject({
      code: CHECK,
      constraint: "entity_name_not_blank",
    });
    expect(await refusal(insert("viewpoint", { slug: unique("blank"), title: blank }))).toMatchObject({
      code: CHECK,
      constraint: "viewpoint_title_not_blank",
    });
    expect(
      await refusal(insert("source", { kind: "OTHER", title: blank, url: unique("https://example.org/blank") })),
    ).toMatchObject({ code: CHECK, constraint: "source_title_not_blank" });
    expect(
      await refusal(
        insert("claim", { text: blank, fingerprint: claimFingerprint(unique("blank"), []), kind: "FACTUAL" }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "claim_text_not_blank" });
  });

  it.each([
    ["uppercase hex", claimFingerprint("x", []).toUpperCase()],
    ["too short", "abc123"],
    ["not hex", "g".repeat(64)],
  ])("refuses a claim fingerprint that is %s", async (_, fingerprint) => {
    expect(await refusal(insert("claim", { text: unique("Claim"), fingerprint, kind: "FACTUAL" }))).toMatchObject({
      code: CHECK,
      constraint: "claim_fingerprint_hex",
    });
  });

  it.each(["example.org/story", "ftp://example.org/story", "https://example.org/a story"])(
    "refuses the source url %j",
    async (url) => {
      expect(await refusal(insert("source", { kind: "OTHER", title: "A source", url }))).toMatchObject({
        code: CHECK,
        constraint: "source_url_absolute",
      });
    },
  );

  it("refuses external ids that are not a JSON object", async () => {
    expect(
      await refusal(insert("entity", { slug: unique("ids"), kind: "PERSON", name: "Someone", external_ids: "[]" })),
    ).toMatchObject({ code: CHECK, constraint: "entity_external_ids_object" });
  });

  it.each([
    ["entity", async () => (await makeEntity()).id],
    ["source", async () => (await makeSource()).id],
    ["claim", async () => (await makeClaim()).id],
    ["viewpoint", async () => (await makeViewpoint()).id],
    ["stance", async () => (await makeStance({ entityId: (await makeEntity()).id }, (await makeClaim()).id)).id],
  ])("refuses a %s version below 1", async (table, make) => {
    const id = await make();
    expect(await refusal(suite.db.pool.query(`UPDATE "${table}" SET version = 0 WHERE id = $1`, [id]))).toMatchObject({
      code: CHECK,
      constraint: `${table}_version_positive`,
    });
  });
});

// --- foreign keys ------------------------------------------------------------------------------------

describe("foreign keys", () => {
  it("refuses a claimant that is not an entity (Prisma P2003)", async () => {
    const claim = await makeClaim();
    await expect(
      suite.db.prisma.claimClaimant.create({
        data: { claimId: claim.id, entityId: "00000000-0000-4000-8000-00000000dead" },
      }),
    ).rejects.toMatchObject(prismaRefusal("P2003", FOREIGN_KEY, "claim_claimant_entity_id_fkey"));
  });

  it("refuses to delete an entity a claim names as claimant (ON DELETE RESTRICT)", async () => {
    const mayor = await makeEntity();
    await makeClaim(undefined, [mayor]);
    expect(await refusal(suite.db.pool.query(`DELETE FROM entity WHERE id = $1`, [mayor.id]))).toMatchObject({
      code: STILL_REFERENCED,
      constraint: "claim_claimant_entity_id_fkey",
    });
    await expect(suite.db.prisma.entity.delete({ where: { id: mayor.id } })).rejects.toMatchObject({
      code: "P2003",
      meta: { driverAdapterError: { cause: { constraint: { index: "claim_claimant_entity_id_fkey" } } } },
    });
  });

  it("refuses to delete a source that has quotes", async () => {
    const source = await makeSource("Quoted words stay put.");
    await makeQuote(source, "Quoted words");
    expect(await refusal(suite.db.pool.query(`DELETE FROM source WHERE id = $1`, [source.id]))).toMatchObject({
      code: STILL_REFERENCED,
      constraint: "quote_source_id_fkey",
    });
  });

  it("deletes a claim's claimant links together with the claim", async () => {
    const mayor = await makeEntity();
    const claim = await makeClaim(undefined, [mayor]);
    await suite.db.prisma.claim.delete({ where: { id: claim.id } });
    expect(await suite.db.prisma.claimClaimant.count({ where: { entityId: mayor.id } })).toBe(0);
  });
});

// --- sources -----------------------------------------------------------------------------------------

describe("sources", () => {
  const text = "Zoë said: the vote is on Monday 😀.";

  it("accepts the SHA-256 of the text's UTF-8 bytes as its hash", async () => {
    const source = await makeSource(text);
    const { rows } = await suite.db.pool.query(`SELECT text_sha256 FROM source WHERE id = $1`, [source.id]);
    expect(rows[0].text_sha256).toBe(sha256Hex(text));
  });

  it.each([
    ["the hash of another text", sha256Hex("something else")],
    ["the right hash in uppercase", sha256Hex(text).toUpperCase()],
    ["missing", null],
  ])("refuses a text whose hash is %s", async (_, hash) => {
    expect(
      await refusal(
        insert("source", {
          kind: "OTHER",
          title: "Hashed",
          url: unique("https://example.org/h"),
          text,
          text_sha256: hash,
        }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "source_text_sha256_matches" });
  });

  it("refuses a hash without a text", async () => {
    expect(
      await refusal(
        insert("source", {
          kind: "OTHER",
          title: "Hash only",
          url: unique("https://example.org/h"),
          text_sha256: sha256Hex(""),
        }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "source_text_sha256_matches" });
  });

  it("refuses a source with neither a url nor a text", async () => {
    expect(await refusal(insert("source", { kind: "OTHER", title: "Nothing to identify it" }))).toMatchObject({
      code: CHECK,
      constraint: "source_has_natural_key",
    });
  });

  it("refuses a derivation kind without the source it derives from, and the reverse", async () => {
    const original = await makeSource();
    const row = { kind: "NEWS_ARTICLE", title: "A rewrite" };
    expect(
      await refusal(insert("source", { ...row, url: unique("https://example.org/d"), derivation_kind: "REWRITE" })),
    ).toMatchObject({ code: CHECK, constraint: "source_derivation_pair" });
    expect(
      await refusal(insert("source", { ...row, url: unique("https://example.org/d"), derived_from_id: original.id })),
    ).toMatchObject({ code: CHECK, constraint: "source_derivation_pair" });
  });

  it("refuses a source derived from itself", async () => {
    const source = await makeSource();
    expect(
      await refusal(
        suite.db.pool.query(`UPDATE source SET derived_from_id = id, derivation_kind = 'REWRITE' WHERE id = $1`, [
          source.id,
        ]),
      ),
    ).toMatchObject({ code: CHECK, constraint: "source_not_derived_from_self" });
  });
});

// --- quotes ------------------------------------------------------------------------------------------

describe("quotes", () => {
  const TEXT = "The council met on Monday. It voted on Tuesday.";
  // Each test gets its own source of the same text, told apart by url.
  const sourceOf = (text: string) => makeSource(text, unique("https://example.org/quoted"));
  const quoteRow = (sourceId: string, exact: string, start: number, end: number) =>
    insert("quote", { source_id: sourceId, exact, start, end });

  it("accepts a quote that is the source's text between its offsets", async () => {
    const source = await sourceOf(TEXT);
    const quote = await makeQuote(source, "It voted");
    expect(quote).toMatchObject({ exact: "It voted", start: 27, end: 35 });
  });

  it("refuses a quote whose text differs from the source's between its offsets", async () => {
    const source = await sourceOf(TEXT);
    expect(await refusal(quoteRow(source.id, "It vetoed", 27, 36))).toMatchObject({
      code: CHECK,
      constraint: "quote_verbatim",
    });
    // The right words at the wrong place are no better.
    expect(await refusal(quoteRow(source.id, "It voted", 26, 34))).toMatchObject({
      code: CHECK,
      constraint: "quote_verbatim",
    });
  });

  it("refuses a quote that ends past the end of the text", async () => {
    const source = await sourceOf(TEXT);
    const length = codePointLength(TEXT);
    expect(await refusal(quoteRow(source.id, "Tuesday.!", length - 8, length + 1))).toMatchObject({
      code: CHECK,
      constraint: "quote_verbatim",
    });
  });

  it("refuses a negative start", async () => {
    const source = await sourceOf(TEXT);
    expect(await refusal(quoteRow(source.id, "xThe", -1, 3))).toMatchObject({
      code: CHECK,
      constraint: expect.stringMatching(/^quote_(offsets_valid|verbatim)$/),
    });
  });

  it("refuses an empty range, where the end equals the start", async () => {
    const source = await sourceOf(TEXT);
    expect(await refusal(quoteRow(source.id, "", 4, 4))).toMatchObject({
      code: CHECK,
      constraint: "quote_offsets_valid",
    });
  });

  it("refuses a reversed range, where the end comes before the start, as a check violation", async () => {
    const source = await sourceOf(TEXT);
    // No text is -1 code points long either, so either CHECK may be the one reported.
    expect(await refusal(quoteRow(source.id, "", 5, 4))).toMatchObject({
      code: CHECK,
      constraint: expect.stringMatching(/^quote_(offsets_valid|exact_length)$/),
    });
  });

  it("refuses a quote on a source that has no text snapshot", async () => {
    const source = await makeSource(null, unique("https://example.org/no-snapshot"));
    expect(await refusal(quoteRow(source.id, "The", 0, 3))).toMatchObject({
      code: CHECK,
      constraint: "quote_verbatim",
    });
  });

  it("counts offsets in code points, so an astral character takes one position", async () => {
    const source = await makeSource("a😀b c");
    await suite.db.prisma.quote.create({ data: { sourceId: source.id, exact: "b", start: 2, end: 3 } });
    // UTF-16 offsets (the emoji as two units) point one position too far.
    expect(await refusal(quoteRow(source.id, "b", 3, 4))).toMatchObject({ code: CHECK, constraint: "quote_verbatim" });
  });

  it("refuses to move a quote to offsets where the text differs", async () => {
    const source = await sourceOf(TEXT);
    const quote = await makeQuote(source, "council");
    expect(
      await refusal(
        suite.db.pool.query(`UPDATE quote SET start = start + 1, "end" = "end" + 1 WHERE id = $1`, [quote.id]),
      ),
    ).toMatchObject({ code: CHECK, constraint: "quote_verbatim" });
  });

  it("refuses to change a source's text so that a quote no longer matches it", async () => {
    const source = await sourceOf(TEXT);
    await makeQuote(source, "It voted on Tuesday");
    const edited = TEXT.replace("Tuesday", "Wednesday");
    expect(
      await refusal(
        suite.db.pool.query(`UPDATE source SET text = $2, text_sha256 = $3 WHERE id = $1`, [
          source.id,
          edited,
          sha256Hex(edited),
        ]),
      ),
    ).toMatchObject({ code: CHECK, constraint: "quote_verbatim" });
    // Dropping the snapshot altogether would orphan the quote too.
    expect(
      await refusal(
        suite.db.pool.query(`UPDATE source SET text = NULL, text_sha256 = NULL WHERE id = $1`, [source.id]),
      ),
    ).toMatchObject({ code: CHECK, constraint: "quote_verbatim" });
    expect((await suite.db.prisma.source.findUniqueOrThrow({ where: { id: source.id } })).text).toBe(TEXT);
  });

  it("lets a source's text change where no quote breaks, such as appending after the last quote", async () => {
    const source = await sourceOf(TEXT);
    await makeQuote(source, "It voted on Tuesday");
    const longer = `${TEXT} A correction was appended later.`;
    await suite.db.prisma.source.update({
      where: { id: source.id },
      data: { text: longer, textSha256: sha256Hex(longer) },
    });
    expect((await suite.db.prisma.source.findUniqueOrThrow({ where: { id: source.id } })).text).toBe(longer);
  });

  /*
   * The two triggers check against what their own transaction sees. Two transactions that each pass
   * their check must not commit a quote that no longer matches its source: one has to wait for the
   * other. `settledOrBlocked` waits for a state (the statement finished, or it waits on a lock), never
   * for a length of time.
   */
  async function twoSessions(run: (first: pg.Client, second: pg.Client, secondPid: number) => Promise<void>) {
    const first = new pg.Client({ connectionString: suite.db.url });
    const second = new pg.Client({ connectionString: suite.db.url });
    await Promise.all([first.connect(), second.connect()]);
    try {
      const { rows } = await second.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
      await run(first, second, rows[0]!.pid);
    } finally {
      await first.query("ROLLBACK").catch(() => undefined);
      await Promise.all([first.end(), second.end()]);
    }
  }

  async function settledOrBlocked(pid: number, work: Promise<unknown>): Promise<void> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      if (settled) return;
      const { rows } = await suite.db.pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (rows[0]?.wait_event_type === "Lock") return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const outcome = (work: Promise<unknown>) =>
    work.then(
      () => ({ code: "accepted", constraint: undefined }),
      (error: pg.DatabaseError) => ({ code: error.code, constraint: error.constraint }),
    );

  it("refuses a quote of the old text while another transaction is changing the source's text", async () => {
    const source = await makeSource("Old words here.", unique("https://example.org/race"));
    const replaced = "New words here.";
    await twoSessions(async (editor, quoter, quoterPid) => {
      await editor.query("BEGIN");
      await editor.query(`UPDATE source SET text = $2, text_sha256 = $3 WHERE id = $1`, [
        source.id,
        replaced,
        sha256Hex(replaced),
      ]);
      const quoting = outcome(
        quoter.query(`INSERT INTO quote (source_id, exact, start, "end") VALUES ($1, 'Old', 0, 3)`, [source.id]),
      );
      await settledOrBlocked(quoterPid, quoting);
      await editor.query("COMMIT");
      expect(await quoting).toEqual({ code: CHECK, constraint: "quote_verbatim" });
    });
  });

  it("refuses a text change while another transaction is adding a quote of the old text", async () => {
    const source = await makeSource("Old words there.", unique("https://example.org/race"));
    const replaced = "New words there.";
    await twoSessions(async (quoter, editor, editorPid) => {
      await quoter.query("BEGIN");
      await quoter.query(`INSERT INTO quote (source_id, exact, start, "end") VALUES ($1, 'Old', 0, 3)`, [source.id]);
      const editing = outcome(
        editor.query(`UPDATE source SET text = $2, text_sha256 = $3 WHERE id = $1`, [
          source.id,
          replaced,
          sha256Hex(replaced),
        ]),
      );
      await settledOrBlocked(editorPid, editing);
      await quoter.query("COMMIT");
      expect(await editing).toEqual({ code: CHECK, constraint: "quote_verbatim" });
    });
  });
});

// --- stances, claims, relations ----------------------------------------------------------------------

describe("stances", () => {
  it("refuses a stance without a holder", async () => {
    const claim = await makeClaim();
    expect(await refusal(insert("stance", { claim_id: claim.id, position: "SUPPORTS" }))).toMatchObject({
      code: CHECK,
      constraint: "stance_one_holder",
    });
  });

  it("refuses a stance held by an entity and a viewpoint at once", async () => {
    const [entity, viewpoint, claim] = await Promise.all([makeEntity(), makeViewpoint(), makeClaim()]);
    expect(
      await refusal(
        insert("stance", {
          holder_entity_id: entity.id,
          holder_viewpoint_id: viewpoint.id,
          claim_id: claim.id,
          position: "OPPOSES",
        }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "stance_one_holder" });
  });
});

describe("claims", () => {
  const claimRow = (extra: Record<string, unknown>) => {
    const text = unique("A deprecated claim");
    return insert("claim", { text, fingerprint: claimFingerprint(text, []), kind: "FACTUAL", ...extra });
  };

  it("refuses a deprecated claim that does not say why", async () => {
    expect(await refusal(claimRow({ rank: "DEPRECATED" }))).toMatchObject({
      code: CHECK,
      constraint: "claim_deprecation_reason",
    });
  });

  it("refuses a deprecation reason on a claim that is not deprecated", async () => {
    expect(await refusal(claimRow({ rank: "PREFERRED", deprecation_reason: "a duplicate" }))).toMatchObject({
      code: CHECK,
      constraint: "claim_deprecation_reason",
    });
  });

  it("accepts a deprecated claim with its reason", async () => {
    await claimRow({ rank: "DEPRECATED", deprecation_reason: "a duplicate of another claim" });
  });

  it("refuses a validity that ends before it starts, and accepts a single day", async () => {
    expect(await refusal(claimRow({ valid_from: "2024-05-02", valid_to: "2024-05-01" }))).toMatchObject({
      code: CHECK,
      constraint: "claim_valid_range",
    });
    await claimRow({ valid_from: "2024-05-01", valid_to: "2024-05-01" });
  });
});

describe("relations", () => {
  it("refuses an entity related to itself", async () => {
    const entity = await makeEntity();
    expect(
      await refusal(insert("entity_relation", { subject_id: entity.id, predicate: "PART_OF", object_id: entity.id })),
    ).toMatchObject({ code: CHECK, constraint: "entity_relation_not_reflexive" });
  });

  it("refuses an entity relation whose validity ends before it starts", async () => {
    const [a, b] = await Promise.all([makeEntity(), makeEntity()]);
    expect(
      await refusal(
        insert("entity_relation", {
          subject_id: a.id,
          predicate: "EMPLOYED_BY",
          object_id: b.id,
          valid_from: "2020-01-02",
          valid_to: "2020-01-01",
        }),
      ),
    ).toMatchObject({ code: CHECK, constraint: "entity_relation_valid_range" });
  });

  it("refuses a claim related to itself", async () => {
    const claim = await makeClaim();
    expect(
      await refusal(insert("claim_relation", { from_id: claim.id, to_id: claim.id, kind: "REPHRASES" })),
    ).toMatchObject({
      code: CHECK,
      constraint: "claim_relation_not_reflexive",
    });
  });
});

describe("revisions", () => {
  it("refuses to update a revision", async () => {
    const revision = await makeRevision();
    expect(
      await refusal(
        suite.db.pool.query(`UPDATE revision SET actor_label = 'someone else' WHERE id = $1`, [revision.id]),
      ),
    ).toEqual({
      code: RESTRICT,
      constraint: undefined,
      message: "revisions are append-only",
    });
    expect((await suite.db.prisma.revision.findUniqueOrThrow({ where: { id: revision.id } })).actorLabel).toBe("test");
  });

  it("refuses to delete a revision", async () => {
    const revision = await makeRevision();
    expect(await refusal(suite.db.pool.query(`DELETE FROM revision WHERE id = $1`, [revision.id]))).toMatchObject({
      code: RESTRICT,
      message: "revisions are append-only",
    });
    expect(await suite.db.prisma.revision.count({ where: { id: revision.id } })).toBe(1);
  });
});

describe("entity merges", () => {
  it("refuses to merge an entity into itself", async () => {
    const entity = await makeEntity();
    expect(
      await refusal(suite.db.pool.query(`UPDATE entity SET merged_into_id = id WHERE id = $1`, [entity.id])),
    ).toMatchObject({
      code: CHECK,
      constraint: "entity_not_merged_into_self",
    });
  });

  it("merges an entity into another, and keeps the survivor from being deleted", async () => {
    const [duplicate, survivor] = await Promise.all([makeEntity(), makeEntity()]);
    await suite.db.prisma.entity.update({ where: { id: duplicate.id }, data: { mergedIntoId: survivor.id } });
    expect(await refusal(suite.db.pool.query(`DELETE FROM entity WHERE id = $1`, [survivor.id]))).toMatchObject({
      code: STILL_REFERENCED,
      constraint: "entity_merged_into_id_fkey",
    });
  });
});
