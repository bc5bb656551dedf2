import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey } from "../../src/modules/auth";
import { useTestServer } from "../support/lifecycle";

/*
 * Ingestion end to end over HTTP (docs/ingestion.md): a document becomes a Source and suggestions,
 * and only a person's decision writes knowledge, through the normal writers.
 */

const ARTICLE = [
  "Springfield police arrest fewer people",
  "",
  "Maria Lopez, the mayor of Springfield, said that arrests fell by 20 percent last year.",
  "“We will hire 50 new officers,” Lopez said on Monday.",
  "According to the police union, the city has 300 officers, down from 350 in 2020.",
  "Critics argue that the new budget cuts will lead to slower response times.",
  "The council will vote on the budget next week.",
].join("\n");

const suite = useTestServer();
let editor: string;
let admin: string;

beforeAll(async () => {
  editor = (await createKey(suite.db.pool, "editor", "EDITOR")).key;
  admin = (await createKey(suite.db.pool, "admin", "ADMIN")).key;
});

const INGEST = `mutation($input: IngestDocumentInput!) {
  ingestDocument(input: $input) {
    source { id title url text }
    counts { sentences quotes mentions claims created refreshed analysisMs }
    userErrors { field code message }
  }
}`;

const SUGGESTIONS = `query($id: ID!, $filter: SuggestionFilter) {
  source(id: $id) {
    suggestions(first: 100, filter: $filter) {
      totalCount
      nodes {
        id kind status start end exact score attribution quoted version
        cue { start end exact }
        speakers { author name kind entity { id name } mention { start end exact } }
        entity { name kind how entity { id } }
        claim { text kind subjects { name } }
        matches { score tier claim { id text } }
        entityMatches { score entity { id name } }
      }
    }
  }
}`;

const ACCEPT = `mutation($input: AcceptSuggestionInput!) {
  acceptSuggestion(input: $input) {
    suggestion { id status decidedBy decisionReason version
      result { quote { id exact attribution speakers { id name } } claim { id text claimants { id name } }
               entities { id name kind } stances { id position } } }
    userErrors { field code message }
  }
}`;

const REJECT = `mutation($input: RejectSuggestionInput!) {
  rejectSuggestion(input: $input) { suggestion { id status decisionReason } userErrors { field code message } }
}`;

interface SuggestionNode {
  id: string;
  kind: "QUOTE" | "MENTION" | "CLAIM";
  status: string;
  start: number;
  end: number;
  exact: string;
  attribution: string | null;
  version: number;
  speakers: { author: boolean; name: string | null; kind: string | null; entity: { id: string } | null }[];
  entity: { name: string; kind: string; how: string; entity: { id: string } | null } | null;
  claim: { text: string; kind: string } | null;
  matches: { score: number; tier: string; claim: { id: string; text: string } }[];
}

async function ingest(input: Record<string, unknown>, key = editor) {
  return suite.server.post<any>(INGEST, { input }, key);
}

async function suggestionsOf(sourceId: string, filter?: Record<string, unknown>): Promise<SuggestionNode[]> {
  const { data, errors } = await suite.server.gql<any>(SUGGESTIONS, { id: sourceId, filter });
  expect(errors).toBeUndefined();
  return data.source.suggestions.nodes;
}

async function count(table: string): Promise<number> {
  const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

async function makeEntity(slug: string, name: string, kind = "PERSON"): Promise<string> {
  const { data, errors } = await suite.server.post<any>(
    `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { id } userErrors { message } } }`,
    { input: { slug, name, kind } },
    editor,
  );
  expect(errors).toBeUndefined();
  return data.createEntity.entity.id;
}

describe("ingestDocument", () => {
  let sourceId: string;
  let authorId: string;
  /** Spans already written as quotes: a quote is one passage with one attribution. */
  const used = new Set<string>();
  const fresh = (list: SuggestionNode[]) => list.filter((s) => !used.has(`${s.start}:${s.end}`));
  const use = (s: SuggestionNode) => used.add(`${s.start}:${s.end}`);

  beforeAll(async () => {
    authorId = await makeEntity("springfield-gazette-staff", "Springfield Gazette staff", "GROUP");
    const { data, errors } = await ingest({
      text: ARTICLE,
      url: "https://news.example/springfield-arrests",
      authors: [authorId],
      language: "en",
    });
    expect(errors).toBeUndefined();
    expect(data.ingestDocument.userErrors).toEqual([]);
    sourceId = data.ingestDocument.source.id;
  });

  it("stores the source with its text and title, and nothing but suggestions", async () => {
    const { data } = await suite.server.gql<any>(
      `query($id: ID!) { source(id: $id) { title url text quotes(first: 5) { totalCount } } }`,
      { id: sourceId },
    );
    expect(data.source).toMatchObject({
      title: "Springfield police arrest fewer people",
      url: "https://news.example/springfield-arrests",
      text: ARTICLE,
      quotes: { totalCount: 0 },
    });
    expect(await count("claim")).toBe(0);
    expect(await count("quote")).toBe(0);
    expect(await count("suggestion")).toBeGreaterThan(0);
  });

  it("proposes spans whose text is exactly the source's text at their code point offsets", async () => {
    const all = await suggestionsOf(sourceId);
    expect(all.length).toBeGreaterThan(3);
    const points = Array.from(ARTICLE);
    for (const s of all) expect(points.slice(s.start, s.end).join("")).toBe(s.exact);
    expect(new Set(all.map((s) => s.kind))).toEqual(new Set(["QUOTE", "MENTION", "CLAIM"]));
    expect(all.every((s) => s.status === "PENDING")).toBe(true);
  });

  it("lists and filters suggestions like every other type", async () => {
    const claims = await suggestionsOf(sourceId, { kind: { equals: "CLAIM" } });
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((s) => s.kind === "CLAIM" && s.claim !== null)).toBe(true);
    const top = await suite.server.gql<any>(
      `{ suggestions(first: 3, filter: { status: { equals: PENDING } }, orderBy: [{ field: SCORE, direction: DESC }]) {
           totalCount nodes { score } } }`,
    );
    expect(top.errors).toBeUndefined();
    const scores = top.data.suggestions.nodes.map((n: { score: number }) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("is idempotent by url: the same document again makes nothing new", async () => {
    const { data } = await ingest({
      text: ARTICLE,
      url: "https://news.example/springfield-arrests",
      authors: [authorId],
    });
    expect(data.ingestDocument.source.id).toBe(sourceId);
    expect(data.ingestDocument.counts.created).toBe(0);
  });

  it("refuses another text under a stored url, and writes nothing", async () => {
    const before = await count("suggestion");
    const { data } = await ingest({
      text: "Something else entirely.",
      url: "https://news.example/springfield-arrests",
    });
    expect(data.ingestDocument.userErrors[0]).toMatchObject({ field: ["input", "url"], code: "TAKEN" });
    expect(await count("suggestion")).toBe(before);
  });

  it("accepts a QUOTE in the source's own voice: its authors speak, with a revision", async () => {
    const quotes = await suggestionsOf(sourceId, { kind: { equals: "QUOTE" }, attribution: { equals: "AUTHOR" } });
    expect(quotes.length).toBeGreaterThan(0);
    const target = quotes[0]!;
    use(target);
    const { data, errors } = await suite.server.post<any>(
      ACCEPT,
      { input: { id: target.id, version: target.version } },
      editor,
    );
    expect(errors).toBeUndefined();
    expect(data.acceptSuggestion.userErrors).toEqual([]);
    const decided = data.acceptSuggestion.suggestion;
    expect(decided).toMatchObject({ status: "ACCEPTED", decidedBy: "key:editor" });
    expect(decided.result.quote).toMatchObject({ exact: target.exact, attribution: "AUTHOR" });
    expect(decided.result.quote.speakers.map((s: { id: string }) => s.id)).toEqual([authorId]);
    const { rows } = await suite.db.pool.query(`SELECT count(*)::int AS n FROM revision WHERE subject_type = 'Quote'`);
    expect(rows[0].n).toBeGreaterThan(0);

    const again = await suite.server.post<any>(ACCEPT, { input: { id: target.id } }, editor);
    expect(again.data.acceptSuggestion.userErrors[0]).toMatchObject({ code: "ALREADY_DECIDED" });
  });

  it("rejects with a reason and writes nothing", async () => {
    const [target] = await suggestionsOf(sourceId, { kind: { equals: "QUOTE" }, status: { equals: "PENDING" } });
    const quotes = await count("quote");
    const { data } = await suite.server.post<any>(REJECT, { input: { id: target!.id, reason: "boilerplate" } }, editor);
    expect(data.rejectSuggestion.suggestion).toMatchObject({ status: "REJECTED", decisionReason: "boilerplate" });
    expect(await count("quote")).toBe(quotes);
  });

  it("accepts a CLAIM with edits (text, speakers) as EDITED: a claim, its appearance and stances", async () => {
    const [target] = fresh(await suggestionsOf(sourceId, { kind: { equals: "CLAIM" }, status: { equals: "PENDING" } }));
    use(target!);
    const speaker = await makeEntity("maria-lopez", "Maria Lopez");
    const { data, errors } = await suite.server.post<any>(
      ACCEPT,
      {
        input: {
          id: target!.id,
          text: "Arrests in Springfield fell by 20 percent last year.",
          claimKind: "FACTUAL",
          speakers: [speaker],
          attribution: "INDIRECT",
          stance: "SUPPORTS",
          reason: "tightened the wording",
        },
      },
      editor,
    );
    expect(errors).toBeUndefined();
    expect(data.acceptSuggestion.userErrors).toEqual([]);
    const decided = data.acceptSuggestion.suggestion;
    expect(decided.status).toBe("EDITED");
    expect(decided.result.claim.text).toBe("Arrests in Springfield fell by 20 percent last year.");
    expect(decided.result.claim.claimants.map((n: { id: string }) => n.id)).toEqual([speaker]);
    expect(decided.result.stances).toHaveLength(1);
    expect(decided.result.quote.exact).toBe(target!.exact);
  });

  it("attaches a CLAIM to an existing claim (a match) instead of making a new one", async () => {
    const claims = await count("claim");
    const { rows } = await suite.db.pool.query(`SELECT id FROM claim LIMIT 1`);
    const existing = Buffer.from(`Claim:${rows[0].id}`).toString("base64url");
    const pending = fresh(await suggestionsOf(sourceId, { kind: { equals: "CLAIM" }, status: { equals: "PENDING" } }));
    use(pending[0]!);
    const speaker = await makeEntity("police-union", "Police union", "ORGANIZATION");
    const { data } = await suite.server.post<any>(
      ACCEPT,
      { input: { id: pending[0]!.id, existingClaim: existing, speakers: [speaker], attribution: "INDIRECT" } },
      editor,
    );
    // The existing claim's claimants speak in another appearance; this one adds evidence to it.
    expect(data.acceptSuggestion.userErrors).toEqual([]);
    expect(data.acceptSuggestion.suggestion.result.claim.id).toBe(existing);
    expect(await count("claim")).toBe(claims);
  });

  it("accepts a MENTION of a new name once: a second mention of the name finds the same entity", async () => {
    const mentions = (await suggestionsOf(sourceId, { kind: { equals: "MENTION" } })).filter((m) => !m.entity?.entity);
    expect(mentions.length).toBeGreaterThan(0);
    const first = mentions[0]!;
    const accepted = await suite.server.post<any>(ACCEPT, { input: { id: first.id } }, editor);
    expect(accepted.data.acceptSuggestion.userErrors).toEqual([]);
    const [entity] = accepted.data.acceptSuggestion.suggestion.result.entities;
    expect(entity.name).toBe(first.entity!.name);

    // The same name in another document: proposed as the now known entity.
    const other = await ingest({ text: `${first.entity!.name} spoke again on Tuesday about the budget.` });
    const again = await suggestionsOf(other.data.ingestDocument.source.id, { kind: { equals: "MENTION" } });
    expect(again.some((m) => m.entity?.entity?.id === entity.id)).toBe(true);
  });

  it("lets one of twenty concurrent accepts of a suggestion win; the others are told it is decided", async () => {
    const [target] = fresh(await suggestionsOf(sourceId, { kind: { equals: "QUOTE" }, status: { equals: "PENDING" } }));
    use(target!);
    const quotes = await count("quote");
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => suite.server.post<any>(ACCEPT, { input: { id: target!.id } }, editor)),
    );
    const won = answers.filter((a) => a.data?.acceptSuggestion?.userErrors?.length === 0);
    if (won.length !== 1) console.log(JSON.stringify(answers.slice(0, 3)));
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => !won.includes(x))) {
      expect(["ALREADY_DECIDED", "CONFLICT"]).toContain(a.data.acceptSuggestion.userErrors[0].code);
    }
    expect(await count("quote")).toBe(quotes + 1);
  });

  it("needs an EDITOR key to ingest or decide; reads are public", async () => {
    const anonymous = await suite.server.gql<any>(INGEST, { input: { text: "An anonymous text." } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const [target] = await suggestionsOf(sourceId, { status: { equals: "PENDING" } });
    const refused = await suite.server.gql<any>(REJECT, { input: { id: target!.id } });
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("ingestDocument input", () => {
  it.each([
    [{}, "REQUIRED"],
    [{ text: "a", html: "<p>a</p>" }, "REQUIRED"],
    [{ text: "   !!! " }, "REQUIRED"],
    [{ text: "nul \u0000 here" }, "INVALID"],
    [{ html: "<script>alert(1)</script>" }, "INVALID"],
    [{ text: "a lone \uD800 surrogate in the text" }, "INVALID"],
    [
      { html: `<html><body>${"<div>".repeat(8000)}<p>The mayor said so.</p>${"</div>".repeat(8000)}</body></html>` },
      "INVALID",
    ],
  ])("refuses %j with a coded userError and writes nothing", async (input, code) => {
    const sources = await count("source");
    const { data, errors } = await ingest(input as Record<string, unknown>);
    expect(errors).toBeUndefined();
    expect(data.ingestDocument.userErrors[0].code).toBe(code);
    expect(["text", "html"]).toContain(data.ingestDocument.userErrors[0].field[1]);
    expect(data.ingestDocument.source).toBeNull();
    expect(await count("source")).toBe(sources);
  });

  it("keeps offsets right after astral characters (emoji) and combining marks", async () => {
    const text = "🇺🇸🚓 Café owners said the new policy is “a disaster for business.” Officials disagree.";
    const { data } = await ingest({ text, title: "Emoji" });
    expect(data.ingestDocument.userErrors).toEqual([]);
    const all = await suggestionsOf(data.ingestDocument.source.id);
    expect(all.length).toBeGreaterThan(0);
    const points = Array.from(text);
    for (const s of all) expect(points.slice(s.start, s.end).join("")).toBe(s.exact);
  });

  it("extracts the main text of an HTML page, without its scripts and navigation", async () => {
    const html = `<!doctype html><html lang="en"><head><title>Budget vote delayed</title>
      <script>var tracking = "should not appear";</script></head><body>
      <nav><a href="/">Home</a> <a href="/sports">Sports</a></nav>
      <article><h1>Budget vote delayed</h1>
      <p>The city council delayed its vote on the police budget, the council president said on Monday.</p>
      <p>According to the finance office, the budget would cut overtime by 12 percent.</p>
      <p>Residents argue that the cuts will make the city less safe.</p></article>
      <footer>Copyright 2025</footer></body></html>`;
    const { data } = await ingest({ html, url: "https://news.example/budget-vote" });
    expect(data.ingestDocument.userErrors).toEqual([]);
    const text: string = data.ingestDocument.source.text;
    expect(text).toContain("The city council delayed its vote");
    expect(text).not.toContain("should not appear");
    expect(data.ingestDocument.source.title).toBe("Budget vote delayed");
  });
});

describe("POST /ingest", () => {
  const post = (body: string | Buffer, type: string, query = "", key: string | null = editor) =>
    fetch(`${suite.server.url}/ingest${query}`, {
      method: "POST",
      headers: { "content-type": type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });

  it("takes a text/plain document with its metadata as query parameters", async () => {
    const response = await post(
      "The mayor said the budget is balanced. Critics say it is not.",
      "text/plain; charset=utf-8",
      "?title=Budget&url=https%3A%2F%2Fnews.example%2Fbudget&language=en",
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.data.ingestDocument.source).toMatchObject({ title: "Budget", url: "https://news.example/budget" });
    expect(body.data.ingestDocument.counts.created).toBeGreaterThan(0);
  });

  it("takes the mutation's input as JSON", async () => {
    const response = await post(
      JSON.stringify({ text: "Officials said crime fell.", title: "Crime" }),
      "application/json",
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ["no key", "text", "text/plain", "", null, 401, "UNAUTHENTICATED"],
    ["a media type it does not take", "x", "application/pdf", "", editor, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["an unknown parameter", "text", "text/plain", "?dryrun=1", editor, 400, "BAD_USER_INPUT"],
    ["malformed JSON", "{", "application/json", "", editor, 400, "BAD_USER_INPUT"],
    ["a JSON array", "[]", "application/json", "", editor, 400, "BAD_USER_INPUT"],
    [
      "a bad enum",
      JSON.stringify({ text: "x y", kind: "TWEET" }),
      "application/json",
      "",
      editor,
      400,
      "BAD_USER_INPUT",
    ],
  ])("refuses %s (%s, %s)", async (_what, body, type, query, key, status, code) => {
    const response = await post(body, type, query, key);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as any;
    expect(answer.errors[0].extensions.code).toBe(code);
    expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT/);
  });

  it("refuses a body that is not UTF-8 and one over the size limit, and stays healthy", async () => {
    const bad = await post(Buffer.from([0x61, 0xff, 0xfe, 0x62]), "text/plain");
    expect(bad.status).toBe(400);
    const huge = await post("a".repeat(10_200_000), "text/plain");
    expect(huge.status).toBe(413);
    const ready = await fetch(`${suite.server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("answers 422 with userErrors when the document is refused", async () => {
    const response = await post("   ", "text/plain");
    expect(response.status).toBe(422);
    const body = (await response.json()) as any;
    expect(body.data.ingestDocument.userErrors[0].code).toBe("REQUIRED");
  });

  it("admits an ADMIN key too", async () => {
    const response = await post("An admin's note: the budget passed.", "text/plain", "", admin);
    expect(response.status).toBe(200);
  });
});

describe("claimbase ingest", () => {
  const ROOT = path.join(__dirname, "../..");
  const cli = (args: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [path.join(ROOT, "bin/claimbase.js"), "ingest", ...args],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: "silent" } },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin!.end(input);
    });

  it("ingests a file and standard input, printing the source and what was proposed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-ingest-"));
    const file = path.join(dir, "statement.txt");
    writeFileSync(file, "The governor said the new law cuts taxes by 3 percent. Opponents argue it helps the rich.");
    const fromFile = await cli([file, "--url", "https://news.example/cli-statement", "--language", "en"]);
    expect(fromFile.stderr).toBe("");
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/^source \S+ \(The governor said/);
    expect(fromFile.stdout).toMatch(/claim suggestions \(\d+ new, 0 refreshed\)/);
    const { rows } = await suite.db.pool.query(
      `SELECT actor_label FROM revision r JOIN source s ON s.id = r.subject_id WHERE s.url = 'https://news.example/cli-statement'`,
    );
    expect(rows.map((r) => r.actor_label)).toEqual(["cli"]);

    const fromStdin = await cli(
      ["-", "--json", "--title", "From stdin"],
      "Officials said the bridge will reopen in May.",
    );
    expect(fromStdin.code).toBe(0);
    const printed = JSON.parse(fromStdin.stdout);
    expect(printed.source.title).toBe("From stdin");
    expect(printed.counts.sentences).toBeGreaterThan(0);
  });

  it("exits non-zero with the reason when the document is refused", async () => {
    const empty = await cli(["-"], "   ");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/REQUIRED/);
    const badDate = await cli(["-", "--published-at", "yesterday"], "Some text here.");
    expect(badDate.code).toBe(2);
    const missing = await cli(["/nonexistent/file.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT|no such file/);
  });
});
