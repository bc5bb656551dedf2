import { useEffect } from "preact/hooks";
import { request } from "./client";
import { Status, humanize } from "./common";
import { ExplorerSearchDocument, ExplorerTopicsDocument, type ExplorerSearchQuery } from "./gql/graphql";
import { useLoad } from "./use-query";
import { entityUrl, storyUrl } from "./url";

type Hit = ExplorerSearchQuery["search"]["nodes"][number];

/** The longest search the API takes (its `search` arguments refuse longer text). */
const MAX_SEARCH = 1000;

/** `/`: every topic with its viewpoints and counts, and a search box (?q=) over the whole story data. */
export function HomePage({ search }: { search: string }) {
  useEffect(() => {
    document.title = search ? `“${search.slice(0, 100)}”: claimbase explorer` : "Stories: claimbase explorer";
  }, [search]);
  // The API refuses searches past MAX_SEARCH characters: a longer one (a typed-in URL; the box stops at
  // the limit) is not sent, and the page says why, instead of the API's refusals.
  const tooLong = search.length > MAX_SEARCH;
  const narrow = tooLong ? "" : search;
  const topics = useLoad(`topics:${narrow}`, () => request(ExplorerTopicsDocument, { search: narrow || null }));
  const hits = useLoad(narrow ? `search:${narrow}` : null, () => request(ExplorerSearchDocument, { query: narrow }));
  const limited = <p class="notice">Search is limited to 1,000 characters.</p>;
  return (
    <>
      <h1>Contested stories</h1>
      <p class="lede">
        Each story shows its viewpoints side by side, the claims they hold, and the verbatim quotes behind every
        position.
      </p>
      <form class="search" role="search" action="/" method="get">
        <label for="q">Search stories, claims, people and quotes</label>
        <div class="search-row">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={search.slice(0, MAX_SEARCH)}
            maxLength={MAX_SEARCH}
            autoComplete="off"
          />
          <button type="submit">Search</button>
        </div>
      </form>
      {tooLong && limited}
      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">{narrow ? "Matching stories" : "Stories"}</h2>
        <Status state={topics} what="the stories" refused={limited}>
          {(data) =>
            data.entities.nodes.length === 0 ? (
              <p>No story matches “{narrow}”.</p>
            ) : (
              <ul class="cards">
                {data.entities.nodes.map((topic) => {
                  const stances = topic.viewpointsOnTopic.nodes.reduce((sum, v) => sum + v.stances.totalCount, 0);
                  return (
                    <li class="card" key={topic.id}>
                      <h3>
                        <a href={storyUrl(topic.slug)}>{topic.name}</a>
                      </h3>
                      {topic.description && <p>{topic.description}</p>}
                      <p class="counts">
                        {topic.viewpointsOnTopic.totalCount} viewpoints · {stances} positions on claims
                      </p>
                      <h4>Viewpoints</h4>
                      <ul class="viewpoint-list">
                        {topic.viewpointsOnTopic.nodes.map((v) => (
                          <li key={v.id}>{v.title}</li>
                        ))}
                      </ul>
                    </li>
                  );
                })}
              </ul>
            )
          }
        </Status>
      </section>
      {narrow && (
        <section aria-labelledby="hits-heading">
          <h2 id="hits-heading">Everything matching “{narrow}”</h2>
          <Status state={hits} what="the search results" refused={limited}>
            {(data) =>
              data.search.nodes.length === 0 ? (
                <p>Nothing matches.</p>
              ) : (
                <ol class="hits">
                  {data.search.nodes.map((hit, i) => (
                    <li key={i}>
                      <SearchHit hit={hit} />
                    </li>
                  ))}
                </ol>
              )
            }
          </Status>
        </section>
      )}
    </>
  );
}

function SearchHit({ hit }: { hit: Hit }) {
  const node = hit.node;
  switch (node.__typename) {
    case "Entity":
      return (
        <>
          <span class="kind">{humanize(node.kind)}</span> <a href={entityUrl(node.slug)}>{node.name}</a>
        </>
      );
    case "Viewpoint":
      return (
        <>
          <span class="kind">Viewpoint</span>{" "}
          {node.topic ? <a href={`${storyUrl(node.topic.slug)}?a=${node.slug}`}>{node.title}</a> : node.title}
        </>
      );
    case "Claim": {
      const held = node.stances.nodes.find((s) => s.holder.__typename === "Viewpoint" && s.holder.topic);
      const holder = held?.holder.__typename === "Viewpoint" ? held.holder : null;
      return (
        <>
          <span class="kind">Claim</span>{" "}
          {holder?.topic ? (
            <a
              href={`${storyUrl(holder.topic.slug)}?a=${encodeURIComponent(holder.slug)}&claim=${encodeURIComponent(node.id)}`}
            >
              {node.text}
            </a>
          ) : (
            node.text
          )}
        </>
      );
    }
    case "Quote":
      return (
        <>
          <span class="kind">Quote</span> “{node.exact}” <span class="muted">in {node.source.title}</span>
        </>
      );
    case "Source":
      return (
        <>
          <span class="kind">Source</span> {node.title}
        </>
      );
  }
}
