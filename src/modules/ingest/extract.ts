import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

/** The main text of an HTML page and what the page says about itself. */
export interface ExtractedText {
  title?: string;
  /** The article's text: one paragraph (or heading, list item, quotation block) per block, blocks separated by "\n\n". */
  text: string;
  byline?: string;
  /** As the page states it (ISO 8601 in a `<time datetime>` or `article:published_time` meta, usually). */
  publishedAt?: string;
  /** The page's language tag (`<html lang>`, `og:locale`). */
  language?: string;
}

/** Elements whose text stands as a block of its own. */
const BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dt, dd, td, th";
/** Never part of the main text (what Readability leaves out too, for the fallback without it). */
const NOISE = "script, style, noscript, template, iframe, svg, nav, header, footer, aside, form, button, select";

/**
 * Class or id words of ads and page furniture that Readability keeps when they sit inside the article
 * (it scores `ad` alone as too ambiguous to drop). Matched as whole words of the class/id.
 */
const FURNITURE =
  /(^|[\s_-])(ads?|advert|advertisement|sponsored|promo|banner|newsletter|share|social|related|cookie|paywall|subscribe)($|[\s_-])/i;

/**
 * The most HTML parsed, after scripts, styles and comments are cut out. linkedom and Readability slow
 * down sharply on multi-megabyte or deeply nested markup (a 5 MB page of unclosed tags took minutes);
 * an article's own markup is far smaller, so the rest of such a page is not read.
 */
export const MAX_HTML_CHARS = 1_000_000;

type Doc = ReturnType<typeof parseHTML>["document"];
type El = ReturnType<Doc["querySelector"]>;

const clean = (s: string | null | undefined): string | undefined => {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t === "" ? undefined : t;
};

function meta(document: Doc, ...names: string[]): string | undefined {
  for (const name of names) {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = clean(el?.getAttribute("content"));
    if (content) return content;
  }
  return undefined;
}

/**
 * The text of a subtree as paragraphs: each block element's text, whitespace collapsed, joined by
 * "\n\n"; text outside any block (a bare `<div>` of text) becomes its own paragraph. Nested blocks
 * (a `<p>` inside a `<blockquote>`) count once, as the innermost.
 */
function paragraphs(root: NonNullable<El>): string {
  const out: string[] = [];
  let loose = "";
  const flush = () => {
    const t = clean(loose);
    if (t) out.push(t);
    loose = "";
  };
  const walk = (node: NonNullable<El>) => {
    for (const child of Array.from(node.childNodes) as unknown as NonNullable<El>[]) {
      if (child.nodeType === 3) {
        loose += child.textContent ?? "";
      } else if (child.nodeType === 1) {
        const tag = child.tagName.toLowerCase();
        if (child.matches(NOISE)) continue;
        if (tag === "br") loose += " ";
        else if (child.matches(BLOCKS) && !child.querySelector(BLOCKS)) {
          flush();
          const t = clean(child.textContent);
          if (t) out.push(t);
        } else if (
          child.matches(BLOCKS) ||
          /^(div|section|article|main|table|tbody|thead|tr|ul|ol|dl|figure)$/.test(tag)
        ) {
          flush();
          walk(child);
          flush();
        } else {
          loose += child.textContent ?? "";
        }
      }
    }
  };
  walk(root);
  flush();
  return out.join("\n\n");
}

/**
 * The main text of an HTML page: Mozilla's Readability (Firefox Reader View) over a linkedom DOM,
 * both offline and deterministic. Navigation, scripts, ads and footers are left out; paragraphs are
 * kept, separated by "\n\n". A page Readability cannot read (script-only, a fragment) falls back to
 * the body's text without the usual noise elements. Never throws on malformed HTML: it returns an
 * empty text at worst.
 */
/**
 * Deepest element nesting an HTML page may have. linkedom and Readability slow down far faster than
 * the depth grows (measured here: 200 levels 0.6 s, 500 levels 3 s, 1,000 levels 27 s, 2,000 levels
 * 113 s, on a busy machine), and they run on the server's event loop; real pages nest a few dozen
 * levels. Deeper pages are refused before parsing (ingest.service.ts).
 */
export const MAX_HTML_DEPTH = 256;

/** Elements with no closing tag: they never deepen the nesting. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/**
 * The page's deepest element nesting, counted from its tags alone (a closing tag closes the nearest
 * open element of its name and those inside it), or `limit + 1` as soon as it passes `limit`. A tag
 * left unclosed counts as open, so sloppy markup (unclosed `<p>`s) can only count deeper, never less.
 * Hand-rolled: it must not build the DOM that the limit protects.
 */
export function htmlDepth(html: string, limit = MAX_HTML_DEPTH): number {
  const open: string[] = [];
  let deepest = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
      continue;
    }
    if (m[3] || VOID.has(name)) continue;
    open.push(name);
    if (open.length > deepest) {
      deepest = open.length;
      if (deepest > limit) return limit + 1;
    }
  }
  return deepest;
}

export function extractMainText(html: string, url?: string): ExtractedText {
  // Regexes only cut out what never holds main text before the DOM is built, to bound its size;
  // the parsing itself is linkedom's.
  let source = (typeof html === "string" ? html : "")
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, "")
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  if (source.length > MAX_HTML_CHARS)
    source = source.slice(0, source.lastIndexOf("<", MAX_HTML_CHARS) || MAX_HTML_CHARS);
  // linkedom gives a fragment (no <html>) no document element: a page always gets one.
  const page = /<html[\s>]/i.test(source) ? source : `<!doctype html><html><head></head><body>${source}</body></html>`;
  let document: Doc;
  try {
    document = parseHTML(page).document;
    if (!document.documentElement) return { text: "" };
  } catch {
    return { text: "" };
  }
  const title =
    meta(document, "og:title", "twitter:title") ?? clean(document.querySelector("title")?.textContent) ?? undefined;
  const publishedAt =
    meta(document, "article:published_time", "datePublished", "date", "pubdate") ??
    clean(document.querySelector("time[datetime]")?.getAttribute("datetime"));
  const language =
    clean(document.documentElement?.getAttribute("lang")) ?? meta(document, "og:locale")?.replace("_", "-");
  const byline = meta(document, "author", "article:author");

  let article: ReturnType<Readability["parse"]> = null;
  try {
    // Readability changes the DOM it reads: it gets its own copy. The url only resolves relative links.
    const copy = parseHTML(page).document;
    for (const el of Array.from(copy.querySelectorAll("[class], [id]")) as NonNullable<El>[]) {
      if (FURNITURE.test(`${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`)) el.remove();
    }
    if (url && copy.head && !copy.querySelector("base[href]")) {
      const base = copy.createElement("base");
      base.setAttribute("href", url);
      copy.head.appendChild(base);
    }
    article = new Readability(copy as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 100,
    }).parse();
  } catch {
    article = null;
  }

  let text = "";
  if (article?.content) {
    const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
    text = content.body ? paragraphs(content.body) : (clean(article.textContent) ?? "");
  }
  if (!text) {
    try {
      if (document.body) text = paragraphs(document.body);
    } catch {
      text = "";
    }
  }

  return {
    ...((title ?? clean(article?.title)) ? { title: title ?? clean(article?.title) } : {}),
    text,
    ...((clean(article?.byline) ?? byline) ? { byline: clean(article?.byline) ?? byline } : {}),
    ...((publishedAt ?? clean(article?.publishedTime))
      ? { publishedAt: publishedAt ?? clean(article?.publishedTime) }
      : {}),
    ...((language ?? clean(article?.lang)) ? { language: language ?? clean(article?.lang) } : {}),
  };
}
