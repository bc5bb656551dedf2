import { mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, HTTPRequest, Page } from "puppeteer-core";
import { buildExplorer } from "../../scripts/build-explorer";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import { createKey } from "../../src/modules/auth";
import { PROJECT_ROOT } from "../../src/shared/paths";
import { CHROMIUM, hasChromium, launchChromium } from "../support/browser";
import { useTestServer } from "../support/lifecycle";

/**
 * The story explorer (docs/explorer.md) in a real browser: Debian's Chromium driven by puppeteer-core,
 * against a real server on the sample story, with the production query limits (the pages must fit
 * them). Set EXPLORER_SCREENSHOTS=1 (`npm run screenshots`) to rewrite docs/images/explorer-*.png.
 */

jest.setTimeout(120_000);

/**
 * The functions given to page.evaluate run in the page. The repository's TypeScript setup has no DOM
 * library (the service runs on Node, and DOM types would change what Node's fetch types mean), so the
 * few page globals those functions use are declared here.
 */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; right: number; top: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  documentElement: { scrollWidth: number };
  activeElement: PageElement | null;
};
declare const window: { innerWidth: number; scrollTo(x: number, y: number): void };

const TOPIC = "sanctuary-policy-debate";
const SCREENSHOTS = process.env.EXPLORER_SCREENSHOTS === "1";

// The bundle is built from web/src for this file, so the test never runs against a stale dist/.
const assets = path.join(os.tmpdir(), `claimbase-explorer-test-${process.pid}`);
beforeAll(async () => {
  rmSync(assets, { recursive: true, force: true });
  await buildExplorer(assets);
});
afterAll(() => rmSync(assets, { recursive: true, force: true }));

const suite = useTestServer({ template: "story", server: { explorerAssets: assets, limits: DEFAULT_LIMITS } });

describe("the explorer's pages over HTTP", () => {
  it("serves /, /stories/<slug> and /entities/<slug> as HTML with a CSP that allows only this origin", async () => {
    for (const route of ["/", `/stories/${TOPIC}`, "/entities/sanctuary-city-mayor"]) {
      const response = await fetch(`${suite.server.url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain("unsafe-inline");
      const html = await response.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from another origin
    }
  });

  it("serves the bundle named by the page and nothing else under /explorer/", async () => {
    const html = await (await fetch(`${suite.server.url}/`)).text();
    const script = /src="(\/explorer\/explorer-[\w-]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/explorer\/explorer-[\w-]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await fetch(`${suite.server.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${suite.server.url}${style}`)).status).toBe(200);
    const other = await fetch(`${suite.server.url}/explorer/manifest.json`);
    expect(other.status).toBe(404);
    await other.arrayBuffer();
    const traversal = await fetch(`${suite.server.url}/explorer/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
    await traversal.arrayBuffer();
  });

  it("answers 404 for an unknown story or entity, with the same page shell and CSP, and 200 for known ones", async () => {
    const known = [`/stories/${TOPIC}`, "/entities/sanctuary-city-mayor"];
    const unknown = ["/stories/nope", "/entities/nope", `/stories/${"a".repeat(10_000)}`];
    const shell = await (await fetch(`${suite.server.url}/`)).text();
    for (const route of [...known, ...unknown]) {
      const response = await fetch(`${suite.server.url}${route}`);
      expect([route, response.status]).toEqual([route, known.includes(route) ? 200 : 404]);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(await response.text()).toBe(shell);
    }
  });

  it("still answers unknown paths with the JSON 404", async () => {
    const response = await fetch(`${suite.server.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });
});

if (!hasChromium) {
  console.warn(
    `explorer browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does, or set CHROMIUM_PATH)`,
  );
}
const describeInBrowser = hasChromium ? describe : describe.skip;

interface Visit {
  page: Page;
  /** Requests the page tried to send to another origin (all refused). */
  foreign: string[];
  /** POST /graphql requests the page sent. */
  graphql: { operationName: string | null }[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** WebSockets the page opened (their URLs). */
  sockets: string[];
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

describeInBrowser("the explorer in Chromium", () => {
  let browser: Browser;
  let close: () => Promise<void>;
  const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    ({ browser, close } = await launchChromium());
  });
  afterAll(async () => {
    console.log(`explorer figures: ${JSON.stringify(figures, null, 2)}`);
    await close?.();
  });

  async function visit(
    route: string,
    viewport = { width: 1280, height: 900 },
    base = suite.server.url,
  ): Promise<Visit> {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    const origin = new URL(base).origin;
    const result: Visit = { page, foreign: [], graphql: [], errors: [], sockets: [] };
    // Request interception does not see WebSockets; DevTools' network events do.
    const devtools = await page.createCDPSession();
    await devtools.send("Network.enable");
    devtools.on("Network.webSocketCreated", (event) => result.sockets.push(event.url));
    await page.setRequestInterception(true);
    page.on("request", (request: HTTPRequest) => {
      const url = request.url();
      if (!url.startsWith("data:") && new URL(url).origin !== origin) {
        result.foreign.push(url);
        void request.abort();
        return;
      }
      if (request.method() === "POST" && new URL(url).pathname === "/graphql") {
        const body = JSON.parse(request.postData() ?? "{}") as { operationName?: string };
        result.graphql.push({ operationName: body.operationName ?? null });
      }
      void request.continue();
    });
    page.on("console", (message) => {
      if (message.type() === "error") result.errors.push(message.text());
    });
    page.on("pageerror", (error) => result.errors.push(String(error)));
    await page.goto(`${base}${route}`, { waitUntil: "networkidle0" });
    return result;
  }

  /** Nothing left the origin and nothing went wrong in the console. */
  function expectClean(v: Visit) {
    expect(v.foreign).toEqual([]);
    expect(v.errors).toEqual([]);
  }

  /**
   * Refused requests (HTTP 400) and pages that answer 404 are reported by the browser in the console;
   * nothing else may appear there.
   */
  function expectOnlyRefusals(v: Visit) {
    expect(v.foreign).toEqual([]);
    expect(v.errors.filter((e) => !/status of 40[04]/.test(e))).toEqual([]);
  }

  async function axe(page: Page): Promise<Violation[]> {
    // Through DevTools, not a <script>: the page's CSP (script-src 'self') rightly refuses inline code.
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const run = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: Violation[] }> } })
        .axe.run;
      const { violations } = await run(document);
      return (violations as unknown as (Violation & { nodes: unknown[] })[]).map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
      }));
    });
  }

  function serious(violations: Violation[]): Violation[] {
    return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  }

  async function screenshot(page: Page, name: string) {
    if (!SCREENSHOTS) return;
    const dir = path.join(PROJECT_ROOT, "docs", "images");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `explorer-${name}.png`) as `${string}.png` });
  }

  interface StoryApi {
    entity: { viewpointsOnTopic: { nodes: { id: string; slug: string; title: string }[] } };
    claims: {
      totalCount: number;
      nodes: {
        id: string;
        argumentGraph: { edges: { id: string; kind: string; from: { id: string }; to: { id: string } }[] };
      }[];
    };
  }
  async function storyFromApi(): Promise<StoryApi> {
    const answer = await suite.server.gql<StoryApi>(
      `query ($topic: String!) {
        entity(slug: $topic) { viewpointsOnTopic(first: 20) { nodes { id slug title } } }
        claims(first: 40, filter: { stances: { some: { holderViewpoint: { topic: { slug: { equals: $topic } } } } } }) {
          totalCount
          nodes { id argumentGraph(depth: 1) { edges { id kind from { id } to { id } } } }
        }
      }`,
      { topic: TOPIC },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.claims.totalCount).toBeLessThanOrEqual(40); // argumentGraph is costly: one page holds all
    return answer.data!;
  }

  it("lists the story on the home page, with its viewpoints, in one GraphQL request", async () => {
    const v = await visit("/");
    await v.page.waitForSelector(`a[href="/stories/${TOPIC}"]`);
    const { entity } = await storyFromApi();
    const text = await v.page.$eval("main", (el) => el.textContent ?? "");
    for (const viewpoint of entity.viewpointsOnTopic.nodes) expect(text).toContain(viewpoint.title);
    expect(text).toContain(`${entity.viewpointsOnTopic.nodes.length} viewpoints`);
    expect(v.graphql.map((r) => r.operationName)).toEqual(["ExplorerTopics"]);
    figures.graphqlRequests = { home: v.graphql.length };
    const violations = await axe(v.page);
    figures.axeHome = violations;
    expect(serious(violations)).toEqual([]);
    await screenshot(v.page, "home");
    expectClean(v);
    await v.page.close();
  });

  it("searches from the home page's search box", async () => {
    const v = await visit("/");
    await v.page.type("#q", "sanctuary policies");
    await Promise.all([v.page.waitForNavigation({ waitUntil: "networkidle0" }), v.page.keyboard.press("Enter")]);
    expect(new URL(v.page.url()).searchParams.get("q")).toBe("sanctuary policies");
    await v.page.waitForSelector("ol.hits li");
    // The home page's request, then the search page's two (docs/explorer.md): the stories again,
    // narrowed by the search, and the search.
    expect(v.graphql.map((r) => r.operationName)).toEqual(["ExplorerTopics", "ExplorerTopics", "ExplorerSearch"]);
    const hits = await v.page.$$eval("ol.hits li", (items) => items.map((li) => li.textContent ?? ""));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => /sanctuary polic/i.test(hit))).toBe(true);
    // A claim a viewpoint holds links into its story with the claim selected.
    const link = await v.page.$(`ol.hits a[href^="/stories/${TOPIC}?"][href*="claim="]`);
    expect(link).not.toBeNull();
    const claim = new URL(await link!.evaluate((a) => a.getAttribute("href")!), suite.server.url).searchParams.get(
      "claim",
    );
    await Promise.all([v.page.waitForNavigation({ waitUntil: "networkidle0" }), link!.click()]);
    await v.page.waitForSelector(`[data-selected-claim="${claim}"]`);
    expectClean(v);
    await v.page.close();
  });

  it("shows two viewpoints side by side with their members, and the claims they hold, agree and dispute on", async () => {
    const v = await visit(`/stories/${TOPIC}`);
    await v.page.waitForSelector(".comparison button.claim");
    const { entity } = await storyFromApi();
    const [a, b] = entity.viewpointsOnTopic.nodes;
    expect(await v.page.$eval(".side-a h3", (el) => el.textContent)).toBe(`Side A: ${a.title}`);
    expect(await v.page.$eval(".side-b h3", (el) => el.textContent)).toBe(`Side B: ${b.title}`);
    expect(await v.page.$$eval(".side-a .members li", (items) => items.length)).toBeGreaterThan(0);

    const compared = await suite.server.gql<{
      compareViewpoints: Record<string, { nodes: { claim: { id: string } }[] }>;
    }>(
      `query ($a: ID!, $b: ID!) { compareViewpoints(a: $a, b: $b) {
        disagreementsConnection(first: 100) { nodes { claim { id } } }
        onlyAConnection(first: 100) { nodes { claim { id } } }
        onlyBConnection(first: 100) { nodes { claim { id } } }
        agreementsConnection(first: 100) { nodes { claim { id } } }
        differencesConnection(first: 100) { nodes { claim { id } } }
      } }`,
      { a: a.id, b: b.id },
    );
    const groups: Record<string, string> = {
      disagree: "disagreementsConnection",
      "only-a": "onlyAConnection",
      "only-b": "onlyBConnection",
      agree: "agreementsConnection",
      differ: "differencesConnection",
    };
    for (const [group, field] of Object.entries(groups)) {
      const shown = await v.page.$$eval(`[data-group="${group}"] button.claim`, (buttons) =>
        buttons.map((button) => button.getAttribute("data-claim-id")),
      );
      expect([group, shown]).toEqual([group, compared.data!.compareViewpoints[field].nodes.map((n) => n.claim.id)]);
    }
    expect(v.graphql.map((r) => r.operationName)).toEqual(["ExplorerStory", "ExplorerCompare"]);
    figures.graphqlRequests = { ...(figures.graphqlRequests as object), story: v.graphql.length };
    expectClean(v);
    await v.page.close();
  });

  it("shows a clicked claim's quotes highlighted in their passages, the mark equal to each quote's exact text", async () => {
    const v = await visit(`/stories/${TOPIC}`);
    const button = await v.page.waitForSelector('[data-group="disagree"] button.claim');
    const claimId = await button!.evaluate((el) => el.getAttribute("data-claim-id")!);
    await button!.click();
    await v.page.waitForSelector(`[data-selected-claim="${claimId}"]`);
    expect(new URL(v.page.url()).searchParams.get("claim")).toBe(claimId);
    expect(await button!.evaluate((el) => el.getAttribute("aria-pressed"))).toBe("true");

    const api = await suite.server.gql<{
      claim: {
        stances: {
          nodes: {
            evidence: {
              exact: string;
              prefix: string;
              suffix: string;
              start: number;
              end: number;
              source: { derivedFrom: { title: string } | null };
            }[];
          }[];
        };
      };
    }>(
      `query ($id: ID!) { claim(id: $id) { stances(first: 50) { nodes { evidence { exact prefix suffix start end source { derivedFrom { title } } } } } } }`,
      {
        id: claimId,
      },
    );
    const quotes = api.data!.claim.stances.nodes.flatMap((s) => s.evidence);
    expect(quotes.length).toBeGreaterThan(0);
    const shown = await v.page.$$eval("#claim-detail .stance figure.quote", (figures) =>
      figures.map((figure) => ({
        mark: figure.querySelector("blockquote mark.quote-exact")?.textContent,
        passage: figure.querySelector("blockquote")?.textContent,
        lineage: figure.querySelector(".lineage")?.textContent ?? null,
      })),
    );
    // Each quote's source lineage ("this article is a quotation of that post"), where it has one.
    expect(quotes.some((q) => q.source.derivedFrom)).toBe(true);
    for (const [i, q] of quotes.entries()) {
      if (q.source.derivedFrom) expect(shown[i].lineage).toContain(q.source.derivedFrom.title);
      else expect(shown[i].lineage).toBeNull();
    }
    expect(shown.map((s) => s.mark)).toEqual(quotes.map((q) => q.exact));
    // The mark sits between its prefix and suffix: the passage reads prefix + exact + suffix.
    expect(shown.map((s) => s.passage)).toEqual(
      quotes.map((q) => `${q.prefix ? `…${q.prefix}` : ""}${q.exact}${q.suffix ? `${q.suffix}…` : ""}`),
    );

    if (SCREENSHOTS) {
      // The README's picture: both sides, the claims and a claim's evidence on one screen.
      await v.page.setViewport({ width: 1280, height: 1280 });
      await v.page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(v.page, "story");
    }

    // The full text, with the span marked at its offsets, behind a link that can be shared (?text=).
    const quoteId = await v.page.$eval("#claim-detail .stance figure.quote", (el) => el.getAttribute("data-quote-id"));
    await v.page.click("#claim-detail .stance figure.quote figcaption a[aria-expanded]");
    const markedSpan = async () => {
      const mark = await v.page.waitForSelector("#claim-detail .fulltext mark.span-in-text");
      const [markText, before] = await mark!.evaluate((el) => [
        el.textContent ?? "",
        el.previousSibling?.textContent ?? "",
      ]);
      expect(markText).toBe(quotes[0].exact);
      expect(before.length).toBe(quotes[0].start);
    };
    await markedSpan();
    expect(new URL(v.page.url()).searchParams.get("text")).toBe(quoteId);
    await v.page.reload({ waitUntil: "networkidle0" });
    await markedSpan();

    const violations = await axe(v.page);
    figures.axeStoryWithClaim = violations;
    expect(serious(violations)).toEqual([]);
    expectClean(v);
    await v.page.close();
  });

  it("opens a deep link with the selected viewpoints and claim, in three GraphQL requests", async () => {
    const { entity, claims } = await storyFromApi();
    const [, b, c] = entity.viewpointsOnTopic.nodes;
    const claim = claims.nodes[0].id;
    const v = await visit(`/stories/${TOPIC}?a=${c.slug}&b=${b.slug}&claim=${encodeURIComponent(claim)}`);
    await v.page.waitForSelector(`[data-selected-claim="${claim}"]`);
    expect(await v.page.$eval(".side-a h3", (el) => el.textContent)).toBe(`Side A: ${c.title}`);
    expect(await v.page.$eval(".side-b h3", (el) => el.textContent)).toBe(`Side B: ${b.title}`);
    expect(v.graphql.map((r) => r.operationName).sort()).toEqual(["ExplorerClaim", "ExplorerCompare", "ExplorerStory"]);
    figures.graphqlRequests = { ...(figures.graphqlRequests as object), storyWithClaim: v.graphql.length };

    // Choosing another side B puts it in the URL; Back restores the previous one.
    const d = entity.viewpointsOnTopic.nodes[0];
    await v.page.select(".pickers label:nth-child(2) select", d.slug);
    await v.page.waitForFunction(
      (title) => document.querySelector(".side-b h3")?.textContent === title,
      {},
      `Side B: ${d.title}`,
    );
    expect(new URL(v.page.url()).searchParams.get("b")).toBe(d.slug);
    await v.page.goBack();
    await v.page.waitForFunction(
      (title) => document.querySelector(".side-b h3")?.textContent === title,
      {},
      `Side B: ${b.title}`,
    );
    expectClean(v);
    await v.page.close();
  });

  it("draws the argument map with the story's claims and links, and selects a claim from it by keyboard", async () => {
    const v = await visit(`/stories/${TOPIC}`);
    await v.page.waitForSelector("svg.map-svg g.node");
    const { claims } = await storyFromApi();
    const storyClaims = new Set(claims.nodes.map((n) => n.id));
    const edges = new Map<string, string>();
    for (const claim of claims.nodes) {
      for (const e of claim.argumentGraph.edges) {
        if (storyClaims.has(e.from.id) || storyClaims.has(e.to.id))
          edges.set(e.id, `${e.from.id} ${e.kind} ${e.to.id}`);
      }
    }
    const nodes = new Set([...edges.values()].flatMap((e) => [e.split(" ")[0], e.split(" ")[2]]));
    expect(edges.size).toBeGreaterThan(0);
    const shownNodes = await v.page.$$eval("svg.map-svg g.node", (gs) =>
      gs.map((g) => g.getAttribute("data-claim-id")),
    );
    const shownEdges = await v.page.$$eval("svg.map-svg line.edge", (lines) =>
      lines.map((l) => `${l.getAttribute("data-from")} ${l.getAttribute("data-kind")} ${l.getAttribute("data-to")}`),
    );
    expect([...shownNodes].sort()).toEqual([...nodes].sort());
    expect([...shownEdges].sort()).toEqual([...edges.values()].sort());
    figures.map = { nodes: nodes.size, links: edges.size };

    const target = shownNodes[0]!;
    // puppeteer's page.focus() takes HTML elements only; the node is an SVG <g tabindex="0">.
    await v.page.$eval(`svg.map-svg g.node[data-claim-id="${target}"]`, (g) =>
      (g as unknown as { focus(): void }).focus(),
    );
    expect(await v.page.evaluate(() => document.activeElement?.getAttribute("data-claim-id"))).toBe(target);
    await v.page.keyboard.press("Enter");
    await v.page.waitForSelector(`[data-selected-claim="${target}"]`);
    expect(await v.page.$eval(`g.node[data-claim-id="${target}"]`, (g) => g.getAttribute("aria-pressed"))).toBe("true");
    expectClean(v);
    await v.page.close();
  });

  it("charts the positions taken on the story's claims from its facets, and says when no verdict exists", async () => {
    const v = await visit(`/stories/${TOPIC}`);
    const facets = await suite.server.gql<{
      claimFacets: Record<"byRating" | "byStancePosition", { label: string; count: number }[]>;
    }>(
      `query ($topic: String!) {
        claimFacets(filter: { stances: { some: { holderViewpoint: { topic: { slug: { equals: $topic } } } } } }) {
          byRating { label count } byStancePosition { label count }
        }
      }`,
      { topic: TOPIC },
    );
    const positions = facets.data!.claimFacets.byStancePosition.filter((b) => b.count > 0);
    expect(positions.length).toBeGreaterThan(0);
    const chart = '[data-facet="Positions taken on these claims"]';
    // Chart.js draws on the canvas once its chunk has loaded: wait for painted pixels.
    await v.page.waitForFunction(
      (selector: string) => {
        const canvas = document.querySelector(`${selector} canvas`) as unknown as {
          width: number;
          height: number;
          getContext(kind: "2d"): { getImageData(...box: number[]): { data: Uint8ClampedArray } } | null;
        } | null;
        const pixels = canvas?.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels !== undefined && pixels.some((value, i) => i % 4 === 3 && value > 0);
      },
      {},
      chart,
    );
    const numbers = await v.page.$eval(`${chart} .chart-numbers`, (el) => (el as unknown as PageElement).textContent);
    const label = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase().replace(/_/g, " ");
    expect(numbers).toBe(positions.map((b) => `${label(b.label)}: ${b.count}`).join(", "));
    if (facets.data!.claimFacets.byRating.every((b) => b.count === 0)) {
      expect(
        await v.page.$eval(
          '[data-facet="Fact-check verdicts on these claims"]',
          (el) => (el as unknown as PageElement).textContent,
        ),
      ).toContain("No fact-check has reviewed these claims yet.");
    }
    expectClean(v);
    await v.page.close();
  });

  it("shows an entity's own words, stances and relations on its page", async () => {
    const slug = "sanctuary-city-mayor";
    const v = await visit(`/entities/${slug}`);
    await v.page.waitForSelector("h1");
    const api = await suite.server.gql<{ entity: { name: string; quotedIn: { nodes: { exact: string }[] } } }>(
      `query ($slug: String!) { entity(slug: $slug) { name quotedIn(first: 50) { nodes { exact } } } }`,
      { slug },
    );
    expect(await v.page.$eval("h1", (el) => el.textContent)).toBe(api.data!.entity.name);
    const marks = await v.page.$$eval("mark.quote-exact", (els) => els.map((el) => el.textContent));
    expect(marks).toEqual(api.data!.entity.quotedIn.nodes.map((q) => q.exact));
    expect(marks.length).toBeGreaterThan(0);
    expect(v.graphql.map((r) => r.operationName)).toEqual(["ExplorerEntity"]);
    figures.graphqlRequests = { ...(figures.graphqlRequests as object), entity: v.graphql.length };
    const violations = await axe(v.page);
    figures.axeEntity = violations;
    expect(serious(violations)).toEqual([]);
    await screenshot(v.page, "entity");
    expectClean(v);
    await v.page.close();
  });

  it("says so when a story or entity does not exist", async () => {
    const story = await visit("/stories/no-such-topic");
    await story.page.waitForSelector("h1");
    expect(await story.page.$eval("h1", (el) => el.textContent)).toBe("No such story");
    // The page itself answers 404 (the browser says so in the console); nothing else may go wrong.
    expectOnlyRefusals(story);
    await story.page.close();
    const entity = await visit("/entities/no-such-entity");
    await entity.page.waitForSelector("h1");
    expect(await entity.page.$eval("h1", (el) => el.textContent)).toBe("No such entity");
    expectOnlyRefusals(entity);
    await entity.page.close();
  });

  describe("when the API refuses the page's query", () => {
    // A real refusal: a server whose cost limit is far below what the story page asks for.
    const strict = useTestServer({
      template: "story",
      server: { explorerAssets: assets, limits: { ...DEFAULT_LIMITS, maxCostAnonymous: 10 } },
    });

    it("shows the API's error in an alert with a retry, and keeps the page usable", async () => {
      const v = await visit(`/stories/${TOPIC}`, undefined, strict.server.url);
      const alert = await v.page.waitForSelector('[role="alert"]');
      const text = await alert!.evaluate((el) => (el as unknown as PageElement).textContent ?? "");
      expect(text).toContain("Could not load the story");
      expect(text).toMatch(/limit is 10/);
      expect(await v.page.$('[role="alert"] button')).not.toBeNull();
      await Promise.all([
        v.page.waitForResponse((response) => new URL(response.url()).pathname === "/graphql"),
        v.page.click('[role="alert"] button'),
      ]);
      await v.page.waitForSelector('[role="alert"]');
      expect(v.graphql.map((r) => r.operationName)).toEqual(["ExplorerStory", "ExplorerStory"]);
      // The browser reports each refused request (HTTP 400) in the console; nothing else may appear there.
      expect(v.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      expect(v.foreign).toEqual([]);
      expect(serious(await axe(v.page))).toEqual([]);
      await v.page.close();
    });
  });

  it("fits a phone's width: one column, no sideways scrolling, both sides readable", async () => {
    const phone = { width: 375, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    const v = await visit(`/stories/${TOPIC}`, phone);
    await v.page.waitForSelector(".comparison button.claim");
    const layout = await v.page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        a: { left: box(".side-a").left, right: box(".side-a").right, top: box(".side-a").top },
        b: { left: box(".side-b").left, right: box(".side-b").right, top: box(".side-b").top },
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.a.right).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.b.right).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.b.top).toBeGreaterThan(layout.a.top); // stacked, not squeezed side by side
    const violations = await axe(v.page);
    figures.axeStoryPhone = violations;
    expect(serious(violations)).toEqual([]);
    await screenshot(v.page, "story-phone");
    expectClean(v);
    await v.page.close();
  });

  it("reports the story page's first contentful paint (a figure, not a pass/fail bound)", async () => {
    const v = await visit(`/stories/${TOPIC}`);
    const fcp = await v.page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    );
    expect(fcp).not.toBeNull();
    figures.firstContentfulPaintMs = Math.round(fcp!);
    expectClean(v);
    await v.page.close();
  });

  /** Writes through the API as an editor; fails the test on any error or userError. */
  async function write<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const { key } = await createKey(suite.db.pool, `explorer-${Math.random()}`, "EDITOR");
    const answer = await suite.server.post<Record<string, T & { userErrors: unknown[] }>>(query, variables, key);
    expect(answer.errors).toBeUndefined();
    const payload = Object.values(answer.data!)[0];
    expect(payload.userErrors).toEqual([]);
    return payload;
  }

  /**
   * A new claim by the mayor, resting on one of the mayor's quotes in the sample story (a claimant must
   * speak in its appearances); with a stance of the viewpoint `holder` when given (a claim of the story).
   */
  async function newClaim(text: string, holder?: string): Promise<string> {
    const mayor = await suite.server.gql<{
      entity: {
        id: string;
        quotedIn: { nodes: { exact: string; prefix: string; suffix: string; source: { id: string } }[] };
      };
    }>(
      `{ entity(slug: "sanctuary-city-mayor") { id quotedIn(first: 1) { nodes { exact prefix suffix source { id } } } } }`,
    );
    const { id, quotedIn } = mayor.data!.entity;
    const quote = quotedIn.nodes[0];
    const appearance = { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, source: quote.source.id };
    const { claim } = await write<{ claim: { id: string } }>(
      `mutation ($i: CreateClaimInput!) { createClaim(input: $i) { claim { id } userErrors { field code message } } }`,
      { i: { text, kind: "FACTUAL", claimants: [id], appearances: [appearance] } },
    );
    if (holder) await recordStance(claim.id, holder, "SUPPORTS");
    return claim.id;
  }

  /**
   * Records the viewpoint `holder`'s stance on `claim`, citing what the viewpoint already cites (one of
   * its members must speak in it); returns the stance's ID.
   */
  async function recordStance(claim: string, holder: string, position: string, note?: string): Promise<string> {
    const cited = await suite.server.gql<{
      node: {
        stances: {
          nodes: { evidence: { exact: string; prefix: string; suffix: string; source: { id: string } }[] }[];
        };
      };
    }>(
      `query ($id: ID!) { node(id: $id) { ... on Viewpoint { stances(first: 1) { nodes { evidence { exact prefix suffix source { id } } } } } } }`,
      { id: holder },
    );
    const q = cited.data!.node.stances.nodes[0].evidence[0];
    const { stance } = await write<{ stance: { id: string } }>(
      `mutation ($i: RecordStanceInput!) { recordStance(input: $i) { stance { id } userErrors { field code message } } }`,
      {
        i: {
          claim,
          holder,
          position,
          note,
          evidence: [{ exact: q.exact, prefix: q.prefix, suffix: q.suffix, source: q.source.id }],
        },
      },
    );
    return stance.id;
  }

  const phone = { width: 375, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const widths = (page: Page) =>
    page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

  it("keeps long unbroken text inside a phone's width: a 600-character word in a claim, a 900-character search", async () => {
    const { entity } = await storyFromApi();
    const word = "x".repeat(600);
    const claim = await newClaim(`The figure ${word} was published.`, entity.viewpointsOnTopic.nodes[0].id);
    const story = await visit(`/stories/${TOPIC}`, phone);
    const button = await story.page.waitForSelector(`button.claim[data-claim-id="${claim}"]`);
    let { scrollWidth, innerWidth } = await widths(story.page);
    // With a phone's emulation the layout viewport grows with too-wide content: compare with 375 px.
    expect([scrollWidth, innerWidth]).toEqual([phone.width, phone.width]);
    // Chosen, its whole text shows in the evidence panel, still within the width.
    await button!.click();
    await story.page.waitForSelector(`[data-selected-claim="${claim}"]`);
    expect(await story.page.$eval(".selected-claim", (el) => (el as unknown as PageElement).textContent)).toContain(
      word,
    );
    ({ scrollWidth, innerWidth } = await widths(story.page));
    expect([scrollWidth, innerWidth]).toEqual([phone.width, phone.width]);
    expectClean(story);
    await story.page.close();

    const search = await visit(`/?q=${"y".repeat(900)}`, phone);
    await search.page.waitForSelector("#hits-heading");
    ({ scrollWidth, innerWidth } = await widths(search.page));
    expect([scrollWidth, innerWidth]).toEqual([phone.width, phone.width]);
    expectClean(search);
    await search.page.close();
  });

  it("updates live: a stance another client records on the selected claim appears without a reload", async () => {
    const { entity } = await storyFromApi();
    const [a, b] = entity.viewpointsOnTopic.nodes;
    const claim = await newClaim("The council published the shelter figures on Monday.", a.id);
    const v = await visit(`/stories/${TOPIC}?a=${a.slug}&b=${b.slug}&claim=${encodeURIComponent(claim)}`);
    await v.page.waitForSelector(`[data-selected-claim="${claim}"] [data-stance-id]`);
    await v.page.waitForSelector(`[data-group="only-a"] [data-claim-id="${claim}"]`);
    const stances = () =>
      v.page.$$eval(`[data-selected-claim="${claim}"] [data-stance-id]`, (els) =>
        els.map((el) => (el as unknown as PageElement).getAttribute("data-stance-id")),
      );
    expect(await stances()).toHaveLength(1);
    const before = v.graphql.length;

    // Another client (an editor through the API) records side B's opposing stance on the claim. The
    // page's subscription sends only events from when it started, and the test cannot see when that
    // is: until the page shows the stance, it is written again (with a new note: each write an event).
    let stance = "";
    let shown = false;
    let writes = 0;
    while (writes < 20 && !shown) {
      writes++;
      stance = await recordStance(claim, b.id, "OPPOSES", `Written live, attempt ${writes}.`);
      shown = await v.page
        .waitForSelector(`[data-selected-claim="${claim}"] [data-stance-id="${stance}"]`, { timeout: 3_000 })
        .then(
          () => true,
          () => false,
        );
    }
    expect(shown).toBe(true);
    figures.liveStanceWrites = writes; // 1 when the subscription was already open
    expect(await stances()).toHaveLength(2);
    expect(
      await v.page.$eval(`[data-stance-id="${stance}"]`, (el) => (el as unknown as PageElement).textContent),
    ).toContain(`Side B, “${b.title}”`);
    // The comparison follows: the claim moves from "only side A holds" to "they disagree".
    await v.page.waitForSelector(`[data-group="disagree"] [data-claim-id="${claim}"]`, { timeout: 30_000 });
    expect(await v.page.$(`[data-group="only-a"] [data-claim-id="${claim}"]`)).toBeNull();
    // Refreshed in place, by the two queries (no reload: the story itself is not asked again).
    expect(v.graphql.slice(before).map((r) => r.operationName)).not.toContain("ExplorerStory");
    // One socket, to this origin's GraphQL path.
    expect(v.sockets).toEqual([`${suite.server.url.replace(/^http/, "ws")}/graphql`]);
    expectClean(v);
    await v.page.close();
  });

  describe("when the server has subscriptions turned off (LIVE_ENABLED=false)", () => {
    const quiet = useTestServer({
      template: "story",
      server: { explorerAssets: assets, limits: DEFAULT_LIMITS, live: false },
    });

    it("opens no socket and works as before, with nothing in the console", async () => {
      const { entity, claims } = await storyFromApi();
      const [a, b] = entity.viewpointsOnTopic.nodes;
      const claim = claims.nodes[0].id;
      const route = `/stories/${TOPIC}?a=${a.slug}&b=${b.slug}&claim=${encodeURIComponent(claim)}`;
      const v = await visit(route, undefined, quiet.server.url);
      await v.page.waitForSelector(`[data-selected-claim="${claim}"] [data-stance-id]`);
      await v.page.waitForSelector(`[data-claim-id="${claim}"]`);
      expect(v.sockets).toEqual([]);
      expectClean(v);
      await v.page.close();
    });
  });

  it("keeps side B when side A changes (both in the URL), and never shows one viewpoint twice or a blank picker", async () => {
    const { entity } = await storyFromApi();
    const [v0, v1, v2] = entity.viewpointsOnTopic.nodes;
    expect(v2).toBeDefined();
    const sides = (page: Page) =>
      page.evaluate(() => ({
        a: document.querySelector(".side-a h3")?.textContent,
        b: document.querySelector(".side-b h3")?.textContent,
        pickers: [
          (document.querySelector(".pickers label:nth-child(1) select") as unknown as { value: string }).value,
          (document.querySelector(".pickers label:nth-child(2) select") as unknown as { value: string }).value,
        ],
      }));
    const v = await visit(`/stories/${TOPIC}`);
    await v.page.waitForSelector(".pickers select");
    expect(await sides(v.page)).toEqual({
      a: `Side A: ${v0.title}`,
      b: `Side B: ${v1.title}`,
      pickers: [v0.slug, v1.slug],
    });
    await v.page.select(".pickers label:nth-child(1) select", v2.slug);
    await v.page.waitForFunction(
      (title) => document.querySelector(".side-a h3")?.textContent === title,
      {},
      `Side A: ${v2.title}`,
    );
    expect(await sides(v.page)).toEqual({
      a: `Side A: ${v2.title}`,
      b: `Side B: ${v1.title}`,
      pickers: [v2.slug, v1.slug],
    });
    const url = new URL(v.page.url()).searchParams;
    expect([url.get("a"), url.get("b")]).toEqual([v2.slug, v1.slug]);
    expectClean(v);
    await v.page.close();

    // The same viewpoint twice: side B becomes another one, and the URL says which.
    const same = await visit(`/stories/${TOPIC}?a=${v1.slug}&b=${v1.slug}`);
    await same.page.waitForSelector(".pickers select");
    expect(await sides(same.page)).toEqual({
      a: `Side A: ${v1.title}`,
      b: `Side B: ${v0.title}`,
      pickers: [v1.slug, v0.slug],
    });
    const fixed = new URL(same.page.url()).searchParams;
    expect([fixed.get("a"), fixed.get("b")]).toEqual([v1.slug, v0.slug]);
    expectClean(same);
    await same.page.close();
  });

  it("shows a notice, not the evidence, for a claim that is not part of the story", async () => {
    const outside = await newClaim("A claim no viewpoint of the sanctuary story takes a position on.");
    const v = await visit(`/stories/${TOPIC}?claim=${encodeURIComponent(outside)}`);
    await v.page.waitForFunction(
      () => document.querySelector("#detail-heading")?.textContent === "This claim is not part of this story",
    );
    expect(await v.page.$("[data-selected-claim]")).toBeNull();
    expect(await v.page.$("#claim-detail .stance")).toBeNull();
    expect(await v.page.$eval("#claim-detail a", (a) => a.getAttribute("href"))).toBe(`/stories/${TOPIC}`);
    expectClean(v);
    await v.page.close();
  });

  it("tells readers in plain words when a link or search is refused as bad input, without a useless retry", async () => {
    const noAlert = async (v: Visit) => {
      expect(await v.page.$('[role="alert"]')).toBeNull();
      const text = await v.page.$eval("main", (el) => el.textContent ?? "");
      expect(text).not.toMatch(/Try again|longer than|not a valid/);
      return text;
    };

    const story = await visit(`/stories/${"a".repeat(10_000)}`);
    await story.page.waitForSelector("h1");
    expect(await story.page.$eval("h1", (el) => el.textContent)).toBe("No such story");
    await noAlert(story);
    expectOnlyRefusals(story);
    await story.page.close();

    const claim = await visit(`/stories/${TOPIC}?claim=garbage`);
    await claim.page.waitForFunction(
      () => document.querySelector("#detail-heading")?.textContent === "This link's claim could not be found",
    );
    await noAlert(claim);
    expectOnlyRefusals(claim);
    await claim.page.close();

    const search = await visit(`/?q=${"z".repeat(1001)}`);
    await search.page.waitForSelector(".notice");
    const text = await noAlert(search);
    expect(text.match(/Search is limited to 1,000 characters/g)).toHaveLength(1);
    expect(await search.page.$eval("#q", (el) => (el as unknown as PageElement).getAttribute("maxlength"))).toBe(
      "1000",
    );
    // The refused search is not sent; the stories are listed unfiltered.
    expect(search.graphql.map((r) => r.operationName)).toEqual(["ExplorerTopics"]);
    expectClean(search);
    await search.page.close();
  });
});
