import { readFileSync } from "node:fs";
import path from "node:path";
import {
  COOKBOOK_PATH,
  excerptMismatches,
  parseCookbook,
  runRecipe,
  type Recipe,
  type StepResult,
} from "../support/cookbook";
import { useTestServer } from "../support/lifecycle";

/**
 * Runs every recipe of docs/queries.md against the seeded story over HTTP: no errors, a non-empty answer,
 * the documented answer excerpt matches the real one, and the fact the recipe is about holds, checked
 * against a second, independent query (plain nested fields, no filters) or the curated bundle.
 */

const recipes = parseCookbook(readFileSync(COOKBOOK_PATH, "utf8"));
const BUNDLE = JSON.parse(readFileSync(path.join(__dirname, "../../data/story/sanctuary-city.json"), "utf8"));

const suite = useTestServer({ template: "story" });

/** A check query of the test itself: it must answer without errors. */
async function ask(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const { data, errors } = await suite.server.gql(query, variables);
  expect(errors).toBeUndefined();
  return data!;
}

const ids = (nodes: { id: string }[]) => new Set(nodes.map((node) => node.id));
const texts = (nodes: { text: string }[]) => nodes.map((node) => node.text);
const sorted = <T>(values: Iterable<T>) => [...values].sort();

// ---- Ground truth, fetched without filters, search or facets -------------------------------------------

interface TruthClaim {
  id: string;
  text: string;
  kind: string;
  claimants: { id: string; slug: string; name: string }[];
  subjects: { slug: string }[];
  stances: { nodes: { position: string; holder: { __typename: string; slug: string; topic?: { slug: string } } }[] };
  relationsOut: { nodes: { kind: string; to: { id: string } }[] };
  relationsIn: { nodes: { kind: string; from: { id: string } }[] };
  appearances: { source: { publishedAt: string | null; publisher: { slug: string } | null } }[];
}

let truthCache: Promise<TruthClaim[]> | undefined;

/** Every claim with its plain fields and lists. */
function allClaims(): Promise<TruthClaim[]> {
  truthCache ??= ask(`{
    claims(first: 100) {
      totalCount
      nodes {
        id text kind
        claimants { id slug name }
        subjects { slug }
        stances(first: 100) { nodes { position holder {
          __typename
          ... on Entity { slug }
          ... on Viewpoint { slug topic { slug } }
        } } }
        relationsOut(first: 100) { nodes { kind to { id } } }
        relationsIn(first: 100) { nodes { kind from { id } } }
        appearances { source { publishedAt publisher { slug } } }
      }
    }
  }`).then((data) => {
    expect(data.claims.nodes).toHaveLength(data.claims.totalCount);
    return data.claims.nodes;
  });
  return truthCache;
}

let textsCache: Promise<Map<string, string>> | undefined;

/** Source title -> stored text. */
function sourceTexts(): Promise<Map<string, string>> {
  textsCache ??= ask(`{ sources(first: 100) { nodes { title text } } }`).then(
    (data) => new Map(data.sources.nodes.map((s: { title: string; text: string }) => [s.title, s.text])),
  );
  return textsCache;
}

/** The quote is its source's text between its offsets (code points), with its prefix/suffix around it. */
async function expectVerbatim(quote: {
  exact: string;
  start: number;
  end: number;
  prefix?: string;
  suffix?: string;
  source: { title: string };
}) {
  const text = (await sourceTexts()).get(quote.source.title);
  expect(text).toBeDefined();
  const points = Array.from(text!);
  expect(points.slice(quote.start, quote.end).join("")).toBe(quote.exact);
  if (quote.prefix !== undefined) expect(points.slice(0, quote.start).join("").endsWith(quote.prefix)).toBe(true);
  if (quote.suffix !== undefined) expect(points.slice(quote.end).join("").startsWith(quote.suffix)).toBe(true);
}

const bundleEntityName = (slug: string): string => BUNDLE.entities.find((e: { slug: string }) => e.slug === slug).name;
const bundleClaimText = (ref: string): string => BUNDLE.claims.find((c: { ref: string }) => c.ref === ref).text;

const POSITION_ORDER = ["SUPPORTS", "OPPOSES", "QUALIFIES", "NEUTRAL"];

interface BundleSelector {
  exact: string;
  speakers: string[];
  attribution: string;
}

/** Every quote selector of the curated bundle, wherever it is cited (evidence, appearances, memberships). */
function bundleSelectors(): BundleSelector[] {
  return [
    ...BUNDLE.entityRelations.flatMap((r: any) => r.evidence ?? []),
    ...BUNDLE.claims.flatMap((c: any) => c.appearances ?? []),
    ...BUNDLE.claimRelations.flatMap((r: any) => r.evidence ?? []),
    ...BUNDLE.viewpoints.flatMap((v: any) => v.members.flatMap((m: any) => m.evidence ?? [])),
    ...BUNDLE.stances.flatMap((s: any) => s.evidence ?? []),
  ];
}

// ---- The fact each recipe is about ---------------------------------------------------------------------

type FactCheck = (results: StepResult[]) => Promise<void>;

const FACTS: Record<string, FactCheck> = {
  "How do the two sides line up, and what evidence backs each stance?": async ([{ response }]) => {
    const viewpoints = response.data!.viewpoints;
    expect(viewpoints.totalCount).toBe(BUNDLE.viewpoints.length);
    expect(sorted(viewpoints.nodes.map((v: { slug: string }) => v.slug))).toEqual(
      sorted(BUNDLE.viewpoints.map((v: { slug: string }) => v.slug)),
    );
    for (const viewpoint of viewpoints.nodes) {
      const curated = BUNDLE.viewpoints.find((v: { slug: string }) => v.slug === viewpoint.slug);
      expect(sorted(viewpoint.membersConnection.nodes.map((m: any) => `${m.role} ${m.entity.name}`))).toEqual(
        sorted(curated.members.map((m: any) => `${m.role} ${bundleEntityName(m.entity)}`)),
      );
      const stances = BUNDLE.stances.filter((s: any) => s.holder.viewpoint === viewpoint.slug);
      expect(viewpoint.stances.totalCount).toBe(stances.length);
      expect(sorted(viewpoint.stances.nodes.map((s: any) => `${s.position} ${s.claim.text}`))).toEqual(
        sorted(stances.map((s: any) => `${s.position} ${bundleClaimText(s.claim)}`)),
      );
      const ranks = viewpoint.stances.nodes.map((s: { position: string }) => POSITION_ORDER.indexOf(s.position));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      for (const stance of viewpoint.stances.nodes) {
        expect(stance.evidence.length).toBeGreaterThan(0);
        for (const quote of stance.evidence) await expectVerbatim(quote);
      }
    }
  },

  "Which claims does the mayor make, and where exactly are they said?": async ([{ response, variables }]) => {
    const entity = response.data!.entity;
    const expected = (await allClaims()).filter((c) => c.claimants.some((e) => e.slug === variables!.actor));
    expect(expected.length).toBeGreaterThan(0);
    expect(entity.claimsMade.totalCount).toBe(expected.length);
    expect(sorted(texts(entity.claimsMade.nodes))).toEqual(sorted(texts(expected)));
    for (const claim of entity.claimsMade.nodes) {
      expect(claim.claimants.map((e: { name: string }) => e.name)).toContain(entity.name);
      expect(claim.appearancesConnection.totalCount).toBeGreaterThan(0);
      expect(claim.appearancesConnection.nodes).toHaveLength(claim.appearancesConnection.totalCount);
      for (const quote of claim.appearancesConnection.nodes) await expectVerbatim(quote);
    }
  },

  "Who are the unnamed actors, and how are they related?": async ([{ response }]) => {
    const entities = response.data!.entities;
    const unnamed = BUNDLE.entities.filter((e: { name: string }) => e.name.toLowerCase().endsWith("(unnamed)"));
    expect(entities.totalCount).toBe(unnamed.length);
    const names = entities.nodes.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort());
    const texts = await sourceTexts();
    for (const entity of entities.nodes) {
      expect(entity.name.endsWith("(unnamed)")).toBe(true);
      const curated = BUNDLE.entityRelations.filter((r: { subject: string }) => r.subject === entity.slug);
      expect(sorted(entity.relationsOut.nodes.map((r: any) => `${r.predicate} ${r.object.name}`))).toEqual(
        sorted(curated.map((r: any) => `${r.predicate} ${bundleEntityName(r.object)}`)),
      );
      for (const relation of entity.relationsOut.nodes) {
        for (const quote of relation.evidence) expect(texts.get(quote.source.title)).toContain(quote.exact);
      }
    }
    const mayor = entities.nodes.find((e: { slug: string }) => e.slug === "sanctuary-city-mayor");
    expect(mayor.relationsOut.nodes).toContainEqual(
      expect.objectContaining({ predicate: "HEAD_OF", object: { name: "Sanctuary city (unnamed)" } }),
    );
  },

  'Which claims does a member of the "respond to federal requests" viewpoint oppose?': async ([
    { response, variables },
  ]) => {
    // Independently: the viewpoint's members, and every stance each of them takes (no filter).
    const check = await ask(
      `query ($slug: String!) { viewpoint(slug: $slug) { members { entity { name stances(first: 100) {
        nodes { position claim { id } } } } } } }`,
      { slug: variables!.viewpoint },
    );
    const members = check.viewpoint.members.map((m: any) => m.entity);
    const opposed = new Set<string>(
      members.flatMap((e: any) =>
        e.stances.nodes.filter((s: any) => s.position === "OPPOSES").map((s: any) => s.claim.id),
      ),
    );
    expect(opposed.size).toBeGreaterThan(0);
    const claims = response.data!.claims;
    expect(claims.totalCount).toBe(opposed.size);
    expect(ids(claims.nodes)).toEqual(opposed);
    const memberNames = members.map((e: { name: string }) => e.name);
    for (const claim of claims.nodes) {
      expect(claim.stances.nodes.length).toBeGreaterThan(0);
      for (const stance of claim.stances.nodes) expect(memberNames).toContain(stance.holder.name);
    }
  },

  "Which claims appear in a New York Post source published on or after March 28, 2025?": async ([
    { step, response, variables },
  ]) => {
    const cited = (claims: TruthClaim[], since: string) =>
      new Set(
        claims
          .filter((c) =>
            c.appearances.some(
              ({ source }) =>
                source.publisher?.slug === variables!.publisher &&
                source.publishedAt !== null &&
                Date.parse(source.publishedAt) >= Date.parse(since),
            ),
          )
          .map((c) => c.id),
      );
    const truth = await allClaims();
    const expected = cited(truth, variables!.since as string);
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(truth.length);
    expect(response.data!.claims.totalCount).toBe(expected.size);
    expect(ids(response.data!.claims.nodes)).toEqual(expected);
    // The bound is inclusive: a day later, nothing (the post is the publisher's only source).
    const nextDay = new Date(Date.parse(variables!.since as string) + 86_400_000).toISOString();
    const later = await ask(step.query, { ...variables, since: nextDay });
    expect(ids(later.claims.nodes)).toEqual(cited(truth, nextDay));
    expect(later.claims.totalCount).toBe(0);
  },

  "Which claims are carried most widely, and how many have no publisher behind them?": async ([{ response }]) => {
    const nodes = response.data!.claims.nodes as {
      id: string;
      coverage: { sources: number; publishers: number; viewpoints: number };
    }[];
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const { claim } = await ask(
        `query($id: ID!) { claim(id: $id) { appearances { source { id publisher { id } } }
          stances(first: 100) { nodes { holder { __typename ... on Viewpoint { id } } } } } }`,
        { id: node.id },
      );
      const sources = new Set(claim.appearances.map((a: any) => a.source.id));
      const publishers = new Set(
        claim.appearances.flatMap((a: any) => (a.source.publisher ? [a.source.publisher.id] : [])),
      );
      const viewpoints = new Set(
        claim.stances.nodes.flatMap((s: any) => (s.holder.__typename === "Viewpoint" ? [s.holder.id] : [])),
      );
      expect(node.coverage).toEqual({
        sources: sources.size,
        publishers: publishers.size,
        viewpoints: viewpoints.size,
      });
    }
    const truth = await allClaims();
    const most = Math.max(...(await Promise.all(truth.map(async (c) => c.appearances.length))));
    expect(nodes[0]!.coverage.sources).toBeGreaterThan(1);
    expect(nodes[0]!.coverage.sources).toBeLessThanOrEqual(most);
    for (let i = 1; i < nodes.length; i += 1) {
      expect(nodes[i]!.coverage.sources).toBeLessThanOrEqual(nodes[i - 1]!.coverage.sources);
    }
    const none = response.data!.claimFacets.byPublisher.find((b: { key: string }) => b.key === "none");
    const withoutPublisher = truth.filter((c) => c.appearances.some(({ source }) => source.publisher === null));
    expect(withoutPublisher.length).toBeGreaterThan(0);
    expect(none).toEqual({ key: "none", label: "No publisher", count: withoutPublisher.length });
  },

  "What should be done? Normative claims about sanctuary policy, A to Z": async ([{ response }]) => {
    const policies = ["sanctuary-policies", "city-sanctuary-policy"];
    const expected = (await allClaims()).filter(
      (c) =>
        c.kind === "NORMATIVE" &&
        (c.subjects.some((s) => policies.includes(s.slug)) ||
          c.stances.nodes.some((s) => s.holder.topic?.slug === "sanctuary-policy-debate")),
    );
    const claims = response.data!.claims;
    expect(claims.totalCount).toBe(expected.length);
    expect(sorted(texts(claims.nodes))).toEqual(sorted(texts(expected)));
    expect(texts(claims.nodes)).toEqual(sorted(texts(claims.nodes)));
    for (const claim of claims.nodes) expect(claim.kind).toBe("NORMATIVE");
  },

  'Where is "public safety" discussed, leaving crime aside?': async ([{ step, response }]) => {
    const hitText = (hit: any) => hit.node.text ?? hit.node.exact;
    const key = (hit: any) => `${hit.node.__typename} ${hit.node.id}`;
    const hits = response.data!.search.nodes;
    for (const hit of hits) {
      expect(hitText(hit)).toMatch(/public safety/i);
      expect(hitText(hit)).not.toMatch(/crime/i);
      expect(hit.snippet).toMatch(/<mark>public<\/mark>\s+<mark>safety<\/mark>/i);
    }
    const ranks = hits.map((hit: { rank: number }) => hit.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // Without the exclusion, the same hits plus those mentioning crime.
    const phraseOnly = step.query.replace('"\\"public safety\\" -crime"', '"\\"public safety\\""');
    expect(phraseOnly).not.toBe(step.query);
    const wider = (await ask(phraseOnly)).search.nodes;
    expect(wider.length).toBeGreaterThan(hits.length);
    expect(new Set(hits.map(key))).toEqual(new Set(wider.filter((h: any) => !/crime/i.test(hitText(h))).map(key)));
    // And independently of search: the claims whose text has the phrase and not the word.
    const claims = (await allClaims()).filter((c) => /public safety/i.test(c.text) && !/crime/i.test(c.text));
    expect(new Set(hits.filter((h: any) => h.node.__typename === "Claim").map((h: any) => h.node.id))).toEqual(
      ids(claims),
    );
  },

  'Which entity did I mean by "boarder patrol"?': async ([{ response }]) => {
    const { entities, substring } = response.data!;
    expect(entities.nodes[0]).toMatchObject({ slug: "border-patrol", name: "Border Patrol" });
    expect(substring.totalCount).toBe(0);
    // The entities named with the correctly spelled words come first; every other hit mentions them in its
    // description (typo tolerance reads each misspelled word as the closest words of the data).
    const spelled = await ask(`{ entities(first: 100, filter: { nameOrAlias: { contains: "border patrol" } }) {
      nodes { slug } } }`);
    const named = spelled.entities.nodes.length;
    expect(named).toBeGreaterThan(0);
    expect(sorted(entities.nodes.slice(0, named).map((e: { slug: string }) => e.slug))).toEqual(
      sorted(spelled.entities.nodes.map((e: { slug: string }) => e.slug)),
    );
    const all = await ask(`{ entities(first: 100, search: "boarder patrol") { nodes { name description } } }`);
    expect(all.entities.nodes).toHaveLength(entities.totalCount);
    for (const entity of all.entities.nodes) expect(`${entity.name} ${entity.description}`).toMatch(/border patrol/i);
  },

  "How do the claims about sanctuary policy break down by kind, claimant and viewpoint?": async ([chart, bar]) => {
    const { claimFacets, claims } = chart!.response.data!;
    expect(claims.nodes).toHaveLength(claims.totalCount);
    const count = (predicate: (claim: any) => boolean) => claims.nodes.filter(predicate).length;
    expect(claimFacets.byKind.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(claims.totalCount);
    for (const bucket of claimFacets.byKind) expect(bucket.count).toBe(count((c) => c.kind === bucket.key));
    for (const bucket of claimFacets.byClaimant) {
      expect(bucket.count).toBe(count((c) => c.claimants.some((e: { id: string }) => e.id === bucket.nodeId)));
    }
    const counts = claimFacets.byClaimant.map((b: { count: number }) => b.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // Viewpoint bars, independently: the listed claims on which that viewpoint takes a stance.
    const listed = ids(claims.nodes);
    const truth = await allClaims();
    const viewpoints = await ask(`{ viewpoints(first: 100) { nodes { id slug } } }`);
    expect(claimFacets.byViewpoint.length).toBeGreaterThan(0);
    for (const bucket of claimFacets.byViewpoint) {
      const slug = viewpoints.viewpoints.nodes.find((v: { id: string }) => v.id === bucket.nodeId).slug;
      const expected = truth.filter(
        (c) =>
          listed.has(c.id) &&
          c.stances.nodes.some((s) => s.holder.__typename === "Viewpoint" && s.holder.slug === slug),
      );
      expect(bucket.count).toBe(expected.length);
    }
    // The bar opened by node(id:) is the top claimant, with every claim it makes.
    const node = bar!.response.data!.node;
    expect(node.id).toBe(claimFacets.byClaimant[0].nodeId);
    expect(node.name).toBe(claimFacets.byClaimant[0].label);
    expect(node.claimsMade.totalCount).toBe(truth.filter((c) => c.claimants.some((e) => e.id === node.id)).length);
    expect(node.claimsMade.totalCount).toBeGreaterThanOrEqual(claimFacets.byClaimant[0].count);
  },

  'What argues against "Sanctuary policies promote public safety", two links out?': async ([
    { response, variables },
  ]) => {
    const [claim] = response.data!.claims.nodes;
    expect(claim.text).toBe(variables!.text);
    const graph = claim.argumentGraph;
    expect(graph.truncated).toBe(false);
    // Independently: breadth-first over every link, both directions, two links deep.
    const truth = await allClaims();
    const links = truth.flatMap((c) => c.relationsOut.nodes.map((r) => ({ from: c.id, kind: r.kind, to: r.to.id })));
    const start = truth.find((c) => c.text === variables!.text)!.id;
    const depth = new Map([[start, 0]]);
    for (let d = 0; d < 2; d += 1) {
      for (const link of links) {
        for (const [a, b] of [
          [link.from, link.to],
          [link.to, link.from],
        ] as const) {
          if (depth.get(a) === d && !depth.has(b)) depth.set(b, d + 1);
        }
      }
    }
    expect(graph.nodes[0]).toMatchObject({ depth: 0, claim: { id: start } });
    expect(new Map(graph.nodes.map((n: any) => [n.claim.id, n.depth]))).toEqual(depth);
    const depths = graph.nodes.map((n: { depth: number }) => n.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    const edge = (e: { from: string; kind: string; to: string }) => `${e.from} ${e.kind} ${e.to}`;
    expect(sorted(graph.edges.map((e: any) => edge({ from: e.from.id, kind: e.kind, to: e.to.id })))).toEqual(
      sorted(links.filter((l) => depth.has(l.from) && depth.has(l.to)).map(edge)),
    );
    // The article links nothing in support of it, and one attack: the opponents' ("Others argue ... increased
    // crime" answers the residents' claim, not this one; data/story/CHANGES-attribution.md, "Editorial review").
    expect(graph.edges.map((e: { kind: string }) => e.kind)).toEqual(["ATTACKS"]);
  },

  "Which claims are in dispute, and who takes which side?": async ([{ response }]) => {
    const disputing = ["ATTACKS", "CONTRADICTS"];
    const expected = (await allClaims()).filter(
      (c) =>
        (c.stances.nodes.some((s) => s.position === "SUPPORTS") &&
          c.stances.nodes.some((s) => s.position === "OPPOSES")) ||
        c.relationsIn.nodes.some((r) => disputing.includes(r.kind)) ||
        c.relationsOut.nodes.some((r) => disputing.includes(r.kind)),
    );
    const contested = response.data!.contestedClaims;
    expect(contested.totalCount).toBe(expected.length);
    expect(ids(contested.nodes)).toEqual(ids(expected));
  },

  "Where do the two viewpoints agree, disagree, or speak alone?": async ([{ response, variables }]) => {
    // Independently: each viewpoint's own stances.
    const stancesOf = async (slug: unknown) =>
      new Map<string, string>(
        (
          await ask(
            `query ($slug: String!) { viewpoint(slug: $slug) { stances(first: 100) {
            nodes { position claim { id } } } } }`,
            { slug },
          )
        ).viewpoint.stances.nodes.map((s: any) => [s.claim.id, s.position]),
      );
    const a = await stancesOf(variables!.a);
    const b = await stancesOf(variables!.b);
    const both = [...a.keys()].filter((id) => b.has(id));
    const flat = (x?: string, y?: string) =>
      (x === "SUPPORTS" && y === "OPPOSES") || (x === "OPPOSES" && y === "SUPPORTS");
    const expected = {
      agreements: both.filter((id) => a.get(id) === b.get(id)),
      disagreements: both.filter((id) => flat(a.get(id), b.get(id))),
      differences: both.filter((id) => a.get(id) !== b.get(id) && !flat(a.get(id), b.get(id))),
      onlyA: [...a.keys()].filter((id) => !b.has(id)),
      onlyB: [...b.keys()].filter((id) => !a.has(id)),
    };
    const comparison = response.data!.compareViewpoints;
    for (const [part, claimIds] of Object.entries(expected)) {
      const list = comparison[`${part}Connection`];
      expect(sorted(list.nodes.map((c: any) => c.claim.id))).toEqual(sorted(claimIds));
      expect(list.totalCount).toBe(claimIds.length);
    }
    expect(expected.disagreements.length).toBeGreaterThan(0);
    for (const item of comparison.disagreementsConnection.nodes) {
      expect([item.stanceA.position, item.stanceB.position]).toEqual([a.get(item.claim.id), b.get(item.claim.id)]);
      expect(item.stanceA.evidence.length + item.stanceB.evidence.length).toBeGreaterThan(0);
    }
  },

  "Where does the article come from?": async ([{ response }]) => {
    const sources = response.data!.sources.nodes;
    const byTitle = new Map(sources.map((s: { title: string }) => [s.title, s]));
    const published = sources.map((s: { publishedAt: string | null }) => s.publishedAt);
    const dated = published.filter((p: string | null) => p !== null);
    expect(published).toEqual([...dated.sort(), ...published.filter((p: string | null) => p === null)]);
    let derived = 0;
    for (const source of sources) {
      if (source.derivedFrom) {
        derived += 1;
        // Both directions agree: the parent lists this source among its derivatives.
        const parent: any = byTitle.get(source.derivedFrom.title);
        expect(parent.derivatives.nodes).toContainEqual({
          title: source.title,
          derivationKind: source.derivationKind,
        });
      }
      for (const child of source.derivatives.nodes) {
        expect((byTitle.get(child.title) as any).derivedFrom.title).toBe(source.title);
      }
    }
    const curated = BUNDLE.sources.filter((s: { derivedFrom?: string }) => s.derivedFrom);
    expect(derived).toBe(curated.length);
    const article = sources.find((s: { kind: string }) => s.kind === "NEWS_ARTICLE");
    expect(article).toMatchObject({
      derivationKind: "QUOTATION",
      derivedFrom: { publisher: { name: "New York Post" } },
    });
  },

  "How do I page through the claims A to Z, and back?": async ([first, next, back]) => {
    const all = await ask(`{ claims(first: 100, orderBy: [{ field: TEXT }]) { nodes { text } } }`);
    const list = texts(all.claims.nodes);
    const page = (result: StepResult) => result.response.data!.claims;
    expect(page(first!).totalCount).toBe(list.length);
    expect(texts(page(first!).nodes)).toEqual(list.slice(0, 10));
    expect(texts(page(next!).nodes)).toEqual(list.slice(10, 20));
    expect(texts(page(back!).nodes)).toEqual(list.slice(0, 10));
    expect(page(first!).pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(page(next!).pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: list.length > 20 });
    expect(page(back!).pageInfo).toEqual(page(first!).pageInfo);
  },

  "What did the mayor say in their own words?": async ([words, claims]) => {
    const actor = words!.variables!.actor as string;
    const entity = words!.response.data!.entity;
    // Independently: the bundle's passages in which the mayor speaks, attributed DIRECT.
    const own = (q: BundleSelector) => q.attribution === "DIRECT" && q.speakers.includes(actor);
    const expected = new Set(
      bundleSelectors()
        .filter(own)
        .map((q) => q.exact),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(entity.quotedIn.totalCount).toBe(expected.size);
    expect(new Set(entity.quotedIn.nodes.map((q: { exact: string }) => q.exact))).toEqual(expected);
    for (const quote of entity.quotedIn.nodes) {
      expect(quote.attribution).toBe("DIRECT");
      expect(quote.speakers.map((e: { name: string }) => e.name)).toContain(entity.name);
    }
    const said = BUNDLE.claims.filter((c: any) => (c.appearances ?? []).some(own)).map((c: any) => c.text);
    expect(claims!.response.data!.claims.totalCount).toBe(said.length);
    expect(sorted(texts(claims!.response.data!.claims.nodes))).toEqual(sorted(said));
  },

  'Who is reported to hold "Sanctuary policies promote public safety", and by whom?': async ([
    { response, variables },
  ]) => {
    const [claim] = response.data!.claims.nodes;
    expect(claim.text).toBe(variables!.text);
    const curated = BUNDLE.claims.find((c: { text: string }) => c.text === variables!.text);
    const said = (attribution: string, speakers: string[]) => `${attribution} ${sorted(speakers).join(", ")}`;
    expect(
      sorted(
        claim.appearances.map((q: any) =>
          said(
            q.attribution,
            q.speakers.map((e: any) => e.name),
          ),
        ),
      ),
    ).toEqual(sorted(curated.appearances.map((q: any) => said(q.attribution, q.speakers.map(bundleEntityName)))));
    for (const quote of claim.appearances) {
      // Reported by the source's own voice: it names an author or a publisher.
      expect(quote.source.authors.length + (quote.source.publisher ? 1 : 0)).toBeGreaterThan(0);
    }
    // Every claimant is among those reported to hold it.
    const speakers = new Set(claim.appearances.flatMap((q: any) => q.speakers.map((e: any) => e.name)));
    for (const claimant of claim.claimants) expect(speakers.has(claimant.name)).toBe(true);
    const stances = BUNDLE.stances.filter((s: any) => s.claim === curated.ref);
    expect(claim.stances.nodes).toHaveLength(stances.length);
    for (const stance of claim.stances.nodes) {
      const voices = stance.evidence.flatMap((q: any) => q.speakers.map((e: any) => e.name));
      if (stance.holder.__typename === "Entity") expect(voices).toContain(stance.holder.name);
      else {
        const viewpoint = BUNDLE.viewpoints.find((v: { title: string }) => v.title === stance.holder.title);
        const members = viewpoint.members.map((m: { entity: string }) => bundleEntityName(m.entity));
        expect(voices.some((name: string) => members.includes(name))).toBe(true);
      }
    }
  },

  "What is said about the mayor or the police chief, beyond the New York Post's report?": async ([{ response }]) => {
    const officials = ["sanctuary-city-mayor", "sanctuary-city-police-chief"];
    const about = (await allClaims()).filter((c) => c.subjects.some((s) => officials.includes(s.slug)));
    const expected = about.filter((c) => !c.claimants.some((e) => e.slug === "new-york-post"));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(about.length); // the NOT leaves something out
    expect(response.data!.claims.totalCount).toBe(expected.length);
    expect(ids(response.data!.claims.nodes)).toEqual(ids(expected));
  },
  'Has "sanctuary POLICY promotes public-safety" been claimed before?': async ([{ response }]) => {
    const [best, ...rest] = response.data!.similarClaims;
    expect(best).toMatchObject({ tier: "MATCH", claim: { text: "Sanctuary policies promote public safety." } });
    for (const other of rest) expect(other.score).toBeLessThanOrEqual(best.score);
  },
  "What has been written about a viewpoint, by whom, and when?": async ([{ response: lookup }, { response }]) => {
    // Independently: the revision table itself.
    const viewpoint = lookup.data!.viewpoint;
    const { rows } = await suite.db.pool.query(
      `SELECT r.action::text AS action, r.actor_label AS actor FROM revision r JOIN viewpoint v ON v.id = r.subject_id
       WHERE v.slug = 'for-sanctuary-policies' ORDER BY r.seq`,
    );
    const history = response.data!.historyConnection;
    expect(rows.length).toBeGreaterThan(0);
    expect(history.totalCount).toBe(rows.length);
    expect(history.nodes.map((r: any) => ({ action: r.action, actor: r.actor }))).toEqual(rows.slice(0, 10));
    expect(history.nodes[history.nodes.length - 1].after.title).toBe(viewpoint.title);
  },
};

// ---- The cookbook --------------------------------------------------------------------------------------

describe("the query cookbook (docs/queries.md)", () => {
  it("has at least 12 recipes, numbered in order, each with queries and answer excerpts", () => {
    expect(recipes.length).toBeGreaterThanOrEqual(12);
    expect(recipes.map((r) => r.number)).toEqual(recipes.map((_, i) => i + 1));
    for (const recipe of recipes) {
      expect(recipe.steps.length).toBeGreaterThan(0);
      for (const step of recipe.steps) expect(step.answer).toBeDefined();
    }
  });

  it("has a fact check for every recipe, and a recipe for every fact check", () => {
    expect(sorted(recipes.map((r) => r.heading))).toEqual(sorted(Object.keys(FACTS)));
  });

  it.each(recipes.map((recipe): [string, Recipe] => [`${recipe.number}. ${recipe.heading}`, recipe]))(
    "%s",
    async (_title, recipe) => {
      const results = await runRecipe(suite.server, recipe);
      for (const { step, response } of results) {
        const where = `query at docs/queries.md:${step.line}`;
        expect({ where, errors: response.errors }).toEqual({ where, errors: undefined });
        expect(response.data).toBeTruthy();
        for (const value of Object.values(response.data!)) {
          expect(value).not.toBeNull();
          if (Array.isArray(value?.nodes)) expect(value.nodes.length).toBeGreaterThan(0);
        }
        expect({ where, mismatches: excerptMismatches(response, step.answer) }).toEqual({ where, mismatches: [] });
      }
      const check = FACTS[recipe.heading];
      expect(check).toBeDefined();
      await check!(results);
    },
  );
});
