import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "./client";
import { Position, Status, humanize } from "./common";
import { ArgumentMap, mapOf } from "./map";
import { FacetChart } from "./chart";
import { QuoteView } from "./quote";
import {
  ExplorerClaimDocument,
  ExplorerCompareDocument,
  ExplorerStoryDocument,
  type ComparedClaimPartsFragment,
  type ExplorerStoryQuery,
} from "./gql/graphql";
import { followTopic } from "./live";
import { useLoad } from "./use-query";
import { entityUrl, param, setParams, storyUrl } from "./url";

type Story = ExplorerStoryQuery;
type Viewpoint = NonNullable<Story["entity"]>["viewpointsOnTopic"]["nodes"][number];

/**
 * `/stories/<topic-slug>`: the topic's viewpoints, two of them compared side by side (?a=, ?b= are
 * viewpoint slugs), the claims with both sides' positions, the selected claim's evidence (?claim=),
 * the argument map and the verdict/stance charts. Requests: the story, the comparison, and one per
 * selected claim.
 */
export function StoryPage({ topic }: { topic: string }) {
  const story = useLoad(`story:${topic}`, () => request(ExplorerStoryDocument, { topic }));
  // A slug the API refuses outright (longer than any slug can be) names no story either.
  const missing = (
    <>
      <h1>No such story</h1>
      <p>
        There is no topic “{topic}”. <a href="/">See all stories</a>.
      </p>
    </>
  );
  return (
    <Status state={story} what="the story" refused={missing}>
      {(data) => (data.entity ? <StoryView story={data} /> : missing)}
    </Status>
  );
}

/**
 * The two viewpoints compared: `?a=` and `?b=` when they name two different viewpoints of the story,
 * otherwise the first ones that differ (the same slug twice, or an unknown one, never leaves a side
 * blank or both sides equal).
 */
export function chooseSides<V extends { slug: string }>(
  viewpoints: V[],
  aSlug: string | null,
  bSlug: string | null,
): { a: V | undefined; b: V | undefined } {
  const bySlug = (slug: string | null) => viewpoints.find((v) => v.slug === slug);
  const a = bySlug(aSlug) ?? viewpoints.find((v) => v.slug !== bSlug) ?? viewpoints[0];
  const wanted = bySlug(bSlug);
  const b = wanted && wanted !== a ? wanted : viewpoints.find((v) => v !== a);
  return { a, b };
}

function StoryView({ story }: { story: Story }) {
  const topic = story.entity!;
  const viewpoints = topic.viewpointsOnTopic.nodes;
  useEffect(() => {
    document.title = `${topic.name}: claimbase explorer`;
  }, [topic.name]);
  const { a, b } = chooseSides(viewpoints, param("a"), param("b"));
  const selected = param("claim");
  // A link naming the same viewpoint twice (or an unknown one) is corrected in place, so the URL
  // stays a deep link to what is on screen.
  useEffect(() => {
    if (!a || !b) return;
    const [wantA, wantB] = [param("a"), param("b")];
    if ((wantA !== null && wantA !== a.slug) || (wantB !== null && wantB !== b.slug)) {
      setParams({ a: a.slug, b: b.slug }, true);
    }
  }, [a, b]);
  // Live updates (docs/live.md): a stance, review or piece of evidence written by anyone on a claim of
  // this story refreshes that claim's evidence, when shown, and the comparison, in place.
  useEffect(() => followTopic(topic.id, refreshClaims, refreshShown), [topic.id]);
  const map = mapOf(story.claims.nodes);
  const others = viewpoints.filter((v) => v !== a && v !== b);
  return (
    <>
      <p class="breadcrumb">
        <a href="/">Stories</a> › {humanize(topic.kind)}
      </p>
      <h1>{topic.name}</h1>
      {topic.description && <p class="lede">{topic.description}</p>}
      <p class="counts">
        {viewpoints.length} viewpoints · {story.claims.totalCount} claims with positions ·{" "}
        <a href={entityUrl(topic.slug)}>topic page</a>
      </p>
      {viewpoints.length < 2 || !a || !b ? (
        <p>This story has fewer than two viewpoints: nothing to compare yet.</p>
      ) : (
        <>
          <section aria-labelledby="sides-heading">
            <h2 id="sides-heading">Viewpoints side by side</h2>
            <div class="pickers">
              <ViewpointPicker label="Side A" name="a" value={a} others={viewpoints} avoid={b} />
              <ViewpointPicker label="Side B" name="b" value={b} others={viewpoints} avoid={a} />
            </div>
            <div class="sides">
              <ViewpointCard viewpoint={a} side="A" />
              <ViewpointCard viewpoint={b} side="B" />
            </div>
            {others.length > 0 && (
              <details class="others">
                <summary>Other viewpoints on this story ({others.length})</summary>
                <div class="sides">
                  {others.map((v) => (
                    <ViewpointCard key={v.id} viewpoint={v} />
                  ))}
                </div>
              </details>
            )}
          </section>
          <div class="story-body">
            <Comparison a={a} b={b} selected={selected} />
            <section id="claim-detail" class="detail" aria-labelledby="detail-heading">
              {selected ? (
                <ClaimDetail id={selected} a={a} b={b} story={story} />
              ) : (
                <>
                  <h2 id="detail-heading">Evidence</h2>
                  <p>Choose a claim to see who holds it and the verbatim quotes behind each position.</p>
                </>
              )}
            </section>
          </div>
        </>
      )}
      <section aria-labelledby="map-heading">
        <h2 id="map-heading">Argument map</h2>
        <p>
          How the story's claims support, attack, qualify or rephrase each other. Choose a claim to see its evidence.
        </p>
        <ArgumentMap map={map} selected={selected} onSelect={(id) => selectClaim(id)} />
      </section>
      <section aria-labelledby="verdicts-heading">
        <h2 id="verdicts-heading">Verdicts and positions</h2>
        <div class="charts">
          <FacetChart
            title="Fact-check verdicts on these claims"
            buckets={story.claimFacets.byRating}
            empty="No fact-check has reviewed these claims yet."
          />
          <FacetChart
            title="Positions taken on these claims"
            buckets={story.claimFacets.byStancePosition}
            empty="No positions recorded yet."
          />
        </div>
      </section>
    </>
  );
}

/** Whether the next claim detail to load should take the focus (a reader chose it, not a page load). */
let focusNextDetail = false;

function selectClaim(id: string) {
  focusNextDetail = true;
  setParams({ claim: id, text: null });
}

function ViewpointPicker({
  label,
  name,
  value,
  others,
  avoid,
}: {
  label: string;
  name: "a" | "b";
  value: Viewpoint;
  others: Viewpoint[];
  avoid: Viewpoint;
}) {
  return (
    <label class="picker">
      {label}
      <select
        value={value.slug}
        onChange={(e) => {
          // Both sides go into the URL: choosing one side never silently changes the other.
          const chosen = (e.target as HTMLSelectElement).value;
          setParams(name === "a" ? { a: chosen, b: avoid.slug } : { a: avoid.slug, b: chosen });
        }}
      >
        {others
          .filter((v) => v !== avoid)
          .map((v) => (
            <option key={v.id} value={v.slug}>
              {v.title}
            </option>
          ))}
      </select>
    </label>
  );
}

function ViewpointCard({ viewpoint, side }: { viewpoint: Viewpoint; side?: "A" | "B" }) {
  return (
    <article class={`viewpoint${side ? ` side-${side.toLowerCase()}` : ""}`} data-viewpoint={viewpoint.slug}>
      <h3>
        {side && <span class="side-label">Side {side}: </span>}
        {viewpoint.title}
      </h3>
      {viewpoint.summary && <Summary text={viewpoint.summary} />}
      <h4>Members ({viewpoint.membersConnection.totalCount})</h4>
      <ul class="members">
        {viewpoint.membersConnection.nodes.map((m) => (
          <li key={m.entity.id}>
            <a href={entityUrl(m.entity.slug)}>{m.entity.name}</a> <span class="role">{humanize(m.role)}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** A viewpoint's summary, three lines until the reader opens it (the whole text is always in the page). */
function Summary({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <p class={open ? "summary" : "summary clamped"}>{text}</p>
      {text.length > 200 && (
        <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Shorter summary" : "Full summary"}
        </button>
      )}
    </>
  );
}

function Comparison({ a, b, selected }: { a: Viewpoint; b: Viewpoint; selected: string | null }) {
  const compared = useLoad(`compare:${a.id}:${b.id}`, () => request(ExplorerCompareDocument, { a: a.id, b: b.id }));
  useEffect(() => {
    if (compared?.status !== "done") return;
    const refetch = compared.refetch;
    shownComparison = refetch;
    return () => {
      if (shownComparison === refetch) shownComparison = null;
    };
  }, [compared]);
  return (
    <section class="comparison" aria-labelledby="claims-heading">
      <h2 id="claims-heading">Where they stand</h2>
      <Status state={compared} what="the comparison">
        {({ compareViewpoints: c }) => (
          <>
            <ClaimGroup
              id="disagree"
              title="They disagree"
              hint="opposite positions"
              items={c.disagreementsConnection.nodes}
              total={c.disagreementsConnection.totalCount}
              selected={selected}
            />
            <ClaimGroup
              id="differ"
              title="They differ"
              hint="different positions that are not a flat contradiction"
              items={c.differencesConnection.nodes}
              total={c.differencesConnection.totalCount}
              selected={selected}
            />
            <ClaimGroup
              id="agree"
              title="Both agree"
              items={c.agreementsConnection.nodes}
              total={c.agreementsConnection.totalCount}
              selected={selected}
            />
            <div class="alone">
              <ClaimGroup
                id="only-a"
                title={`Only side A holds`}
                hint={a.title}
                items={c.onlyAConnection.nodes}
                total={c.onlyAConnection.totalCount}
                selected={selected}
              />
              <ClaimGroup
                id="only-b"
                title={`Only side B holds`}
                hint={b.title}
                items={c.onlyBConnection.nodes}
                total={c.onlyBConnection.totalCount}
                selected={selected}
              />
            </div>
          </>
        )}
      </Status>
    </section>
  );
}

function ClaimGroup({
  id,
  title,
  hint,
  items,
  total,
  selected,
}: {
  id: string;
  title: string;
  hint?: string;
  items: ComparedClaimPartsFragment[];
  /** How many the API counts; a page shows the first 100. */
  total: number;
  selected: string | null;
}) {
  return (
    <div class="group" data-group={id}>
      <h3 id={`group-${id}`}>
        {title} <span class="count">({total})</span>
      </h3>
      {total > items.length && <p class="hint">The first {items.length} are listed.</p>}
      {hint && <p class="hint">{hint}</p>}
      {items.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="claims" aria-labelledby={`group-${id}`}>
          {items.map((item) => (
            <li key={item.claim.id}>
              <button
                type="button"
                class="claim"
                data-claim-id={item.claim.id}
                aria-pressed={item.claim.id === selected}
                aria-controls="claim-detail"
                onClick={() => selectClaim(item.claim.id)}
              >
                <span class="claim-text">{item.claim.text}</span>
                <span class="badges">
                  <Position position={item.stanceA?.position} who="A" />
                  <Position position={item.stanceB?.position} who="B" />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The claim on screen and how to ask for it again (ClaimDetail keeps it current). */
let shownClaim: { id: string; refetch: () => void } | null = null;

/**
 * Refreshes a claim's stances and evidence in place when it is the one on screen, without a loading
 * state: the single entry point for live updates (subscriptions, #19). Returns whether it was shown.
 */
export function refreshClaim(id: string): boolean {
  if (shownClaim?.id !== id) return false;
  shownClaim.refetch();
  return true;
}

/** How to ask for the comparison on screen again (Comparison keeps it current). */
let shownComparison: (() => void) | null = null;

/** Claims named by live events and not refreshed yet: one write sends several events at once. */
const pending = new Set<string>();

/**
 * Live events concerning `claimIds` arrived: once the burst is over (a stance and its evidence are
 * events of one write), the selected claim is asked again if it is one of them, and the comparison,
 * whose positions may have changed.
 */
function refreshClaims(claimIds: string[]) {
  if (pending.size === 0) {
    setTimeout(() => {
      const ids = [...pending];
      pending.clear();
      for (const id of ids) refreshClaim(id);
      shownComparison?.();
    }, 100);
  }
  for (const id of claimIds) pending.add(id);
}

/** The socket came back after a drop: what changed meanwhile was not sent, so ask again. */
function refreshShown() {
  if (shownClaim) refreshClaim(shownClaim.id);
  shownComparison?.();
}

/**
 * The selected claim: its stances with their evidence, and where it appears. One query
 * (ExplorerClaim); `refetch` re-asks it in place, which is what a live update of the claim's stances
 * calls.
 */
export function ClaimDetail({ id, a, b, story }: { id: string; a: Viewpoint; b: Viewpoint; story: Story }) {
  const claim = useLoad(`claim:${id}`, () => request(ExplorerClaimDocument, { id }));
  const topic = story.entity!;
  // Part of the story: one of the story's claims (a position of one of its viewpoints), by the story's
  // own list or, past that list's first page, by the claim's stances.
  const inStory = (c: { id: string; stances: { nodes: { holder: { __typename?: string; id?: string } }[] } }) =>
    story.claims.nodes.some((n) => n.id === c.id) ||
    c.stances.nodes.some(
      (s) => s.holder.__typename === "Viewpoint" && topic.viewpointsOnTopic.nodes.some((v) => v.id === s.holder.id),
    );
  const notFound = (
    <>
      <h2 id="detail-heading">This link's claim could not be found</h2>
      <p>
        It may have been removed, or the link was cut short. <a href={storyUrl(topic.slug)}>See the whole story</a>.
      </p>
    </>
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const [showAppearances, setShowAppearances] = useState(false);
  useEffect(() => {
    if (claim?.status !== "done") return;
    const shown = { id, refetch: claim.refetch };
    shownClaim = shown;
    return () => {
      if (shownClaim === shown) shownClaim = null;
    };
  }, [claim, id]);
  useEffect(() => {
    if (claim?.status === "done" && focusNextDetail) {
      focusNextDetail = false;
      heading.current?.focus();
    }
  }, [claim?.status, id]);
  return (
    <Status state={claim} what="the claim's evidence" refused={notFound}>
      {({ claim: c }) =>
        !c ? (
          notFound
        ) : !inStory(c) ? (
          <>
            <h2 id="detail-heading">This claim is not part of this story</h2>
            <p>
              “{c.text}” is not a claim this story's viewpoints take a position on, so its evidence is not shown here.{" "}
              <a href={storyUrl(topic.slug)}>See the story “{topic.name}”</a>.
            </p>
          </>
        ) : (
          <div data-selected-claim={c.id}>
            <h2 id="detail-heading" tabIndex={-1} ref={heading}>
              Evidence for the claim
            </h2>
            <p class="selected-claim">“{c.text}”</p>
            <p class="muted">
              {humanize(c.kind)} claim
              {c.claimants.length > 0 && (
                <>
                  {" "}
                  made by{" "}
                  {c.claimants.map((e, i) => (
                    <>
                      {i > 0 && ", "}
                      <a href={entityUrl(e.slug)}>{e.name}</a>
                    </>
                  ))}
                </>
              )}
            </p>
            {c.reviews.nodes.length > 0 && (
              <ul class="plain">
                {c.reviews.nodes.map((r) => (
                  <li key={r.id}>
                    Verdict by {r.reviewer.name}: <strong>{r.originalRating}</strong> ({humanize(r.normalizedRating)})
                  </li>
                ))}
              </ul>
            )}
            <h3>Positions ({c.stances.totalCount})</h3>
            <ul class="stances">
              {c.stances.nodes.map((s) => {
                const holder =
                  s.holder.__typename === "Viewpoint" ? (
                    <>
                      {s.holder.id === a.id ? "Side A, " : s.holder.id === b.id ? "Side B, " : "Viewpoint "}“
                      {s.holder.title}”
                    </>
                  ) : (
                    <a href={entityUrl(s.holder.slug)}>{s.holder.name}</a>
                  );
                return (
                  <li key={s.id} class="stance" data-stance-id={s.id}>
                    <p>
                      {holder} <Position position={s.position} />
                    </p>
                    {s.note && <p class="muted">{s.note}</p>}
                    {s.evidence.map((q) => (
                      <QuoteView key={q.id} quote={q} />
                    ))}
                  </li>
                );
              })}
            </ul>
            <h3>Where the claim appears ({c.appearancesConnection.totalCount})</h3>
            <button type="button" aria-expanded={showAppearances} onClick={() => setShowAppearances(!showAppearances)}>
              {showAppearances ? "Hide" : "Show"} the quotes that state it
            </button>
            {showAppearances && c.appearancesConnection.nodes.map((q) => <QuoteView key={q.id} quote={q} />)}
          </div>
        )
      }
    </Status>
  );
}
