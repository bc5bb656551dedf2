import { useEffect } from "preact/hooks";
import { request } from "./client";
import { Position, Status, attributionText, humanize } from "./common";
import { ExplorerEntityDocument, type ExplorerEntityQuery } from "./gql/graphql";
import { useLoad } from "./use-query";
import { entityUrl, storyUrl } from "./url";

type Entity = NonNullable<ExplorerEntityQuery["entity"]>;

/**
 * `/entities/<slug>`: what the entity said in its own words, what is said about it, its stances, its
 * relations and viewpoints. One request (ExplorerEntity).
 */
export function EntityPage({ slug }: { slug: string }) {
  const entity = useLoad(`entity:${slug}`, () => request(ExplorerEntityDocument, { slug }));
  // A slug the API refuses outright (longer than any slug can be) names no entity either.
  const missing = (
    <>
      <h1>No such entity</h1>
      <p>
        Nothing is recorded as “{slug}”. <a href="/">See all stories</a>.
      </p>
    </>
  );
  return (
    <Status state={entity} what="the entity" refused={missing}>
      {(data) => (data.entity ? <EntityView entity={data.entity} /> : missing)}
    </Status>
  );
}

function EntityView({ entity }: { entity: Entity }) {
  useEffect(() => {
    document.title = `${entity.name}: claimbase explorer`;
  }, [entity.name]);
  return (
    <>
      <p class="breadcrumb">
        <a href="/">Stories</a> › {humanize(entity.kind)}
      </p>
      <h1>{entity.name}</h1>
      {entity.description && <p class="lede">{entity.description}</p>}
      {entity.aliases.length > 0 && <p class="muted">Also called: {entity.aliases.join(", ")}</p>}
      {entity.kind === "TOPIC" && entity.viewpointsOnTopic.totalCount > 0 && (
        <p>
          <a href={storyUrl(entity.slug)}>See the story: {entity.viewpointsOnTopic.totalCount} viewpoints compared</a>
        </p>
      )}
      <div class="entity-grid">
        <section aria-labelledby="said-heading">
          <h2 id="said-heading">In its own words ({entity.quotedIn.totalCount})</h2>
          {entity.quotedIn.nodes.length === 0 ? (
            <p class="muted">No quote of it is recorded.</p>
          ) : (
            <ul class="plain">
              {entity.quotedIn.nodes.map((q) => (
                <li key={q.id}>
                  <figure class="quote" data-quote-id={q.id}>
                    <blockquote>
                      <p>
                        {q.prefix && <span class="context">…{q.prefix}</span>}
                        <mark class="quote-exact">{q.exact}</mark>
                        {q.suffix && <span class="context">{q.suffix}…</span>}
                      </p>
                    </blockquote>
                    <figcaption>
                      {humanize(attributionText(q.attribution))}, in {q.source.title}
                      {q.claims.length > 0 && <> · states: {q.claims.map((c) => `“${c.text}”`).join("; ")}</>}
                    </figcaption>
                  </figure>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="stances-heading">
          <h2 id="stances-heading">Its positions ({entity.stances.totalCount})</h2>
          {entity.stances.nodes.length === 0 ? (
            <p class="muted">No position of its own is recorded.</p>
          ) : (
            <ul class="plain">
              {entity.stances.nodes.map((s) => (
                <li key={s.id}>
                  <Position position={s.position} /> {s.claim.text}
                </li>
              ))}
            </ul>
          )}
          <h2 id="made-heading">Claims it makes ({entity.claimsMade.totalCount})</h2>
          <ClaimList claims={entity.claimsMade.nodes} empty="None recorded." />
          <h2 id="about-heading">Said about it ({entity.claimsAbout.totalCount})</h2>
          <ClaimList claims={entity.claimsAbout.nodes} empty="No claim is about it." />
        </section>
        <section aria-labelledby="relations-heading">
          <h2 id="relations-heading">Relations</h2>
          {entity.relationsOut.nodes.length + entity.relationsIn.nodes.length === 0 ? (
            <p class="muted">No relation recorded.</p>
          ) : (
            <ul class="plain">
              {entity.relationsOut.nodes.map((r) => (
                <li key={r.id}>
                  {humanize(r.predicate)} <a href={entityUrl(r.object.slug)}>{r.object.name}</a>
                </li>
              ))}
              {entity.relationsIn.nodes.map((r) => (
                <li key={r.id}>
                  <a href={entityUrl(r.subject.slug)}>{r.subject.name}</a> — {humanize(r.predicate).toLowerCase()} this
                </li>
              ))}
            </ul>
          )}
          <h2 id="viewpoints-heading">Viewpoints</h2>
          {entity.viewpoints.length === 0 ? (
            <p class="muted">Member of no viewpoint.</p>
          ) : (
            <ul class="plain">
              {entity.viewpoints.map((m) => (
                <li key={m.viewpoint.slug}>
                  {humanize(m.role)} of{" "}
                  {m.viewpoint.topic ? (
                    <a href={`${storyUrl(m.viewpoint.topic.slug)}?a=${encodeURIComponent(m.viewpoint.slug)}`}>
                      {m.viewpoint.title}
                    </a>
                  ) : (
                    m.viewpoint.title
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function ClaimList({ claims, empty }: { claims: { id: string; text: string; kind: string }[]; empty: string }) {
  if (claims.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="plain">
      {claims.map((c) => (
        <li key={c.id}>
          {c.text} <span class="kind">{humanize(c.kind)}</span>
        </li>
      ))}
    </ul>
  );
}
