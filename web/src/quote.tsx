import { useEffect, useRef } from "preact/hooks";
import { request } from "./client";
import { Status, attributionText, humanize } from "./common";
import { ExplorerSourceDocument, type QuotePartsFragment } from "./gql/graphql";
import { useLoad } from "./use-query";
import { entityUrl, hrefWith, param, setParams } from "./url";

/**
 * A quote inside its source passage: the verbatim span (`exact`) marked between its `prefix` and
 * `suffix`, who speaks and how (attribution), the source and its lineage, and the full text on request
 * with the span marked at its offsets (`start`..`end`).
 */
export function QuoteView({ quote }: { quote: QuotePartsFragment }) {
  // ?text=<quote id> opens the quote's full text: a link to the span that can be shared.
  const full = param("text") === quote.id;
  const source = quote.source;
  return (
    <figure class="quote" data-quote-id={quote.id}>
      <blockquote cite={source.url ?? undefined}>
        <p>
          {quote.prefix && <span class="context">…{quote.prefix}</span>}
          <mark class="quote-exact">{quote.exact}</mark>
          {quote.suffix && <span class="context">{quote.suffix}…</span>}
        </p>
      </blockquote>
      <figcaption>
        <p>
          {quote.speakers.length > 0 ? (
            <>
              Speaking:{" "}
              {quote.speakers.map((e, i) => (
                <>
                  {i > 0 && ", "}
                  <a href={entityUrl(e.slug)}>{e.name}</a>
                </>
              ))}{" "}
              — {attributionText(quote.attribution)}
              {quote.cue && <> (“{quote.cue.exact}”)</>}
            </>
          ) : (
            attributionText(quote.attribution)
          )}
        </p>
        <p>
          Source: {source.url ? <a href={source.url}>{source.title}</a> : source.title}
          {source.publisher && (
            <>
              {" "}
              (<a href={entityUrl(source.publisher.slug)}>{source.publisher.name}</a>)
            </>
          )}
          {source.publishedAt && <>, {source.publishedAt.slice(0, 10)}</>}
        </p>
        {source.derivedFrom && (
          <p class="lineage">
            Lineage: this {humanize(source.kind).toLowerCase()} is{" "}
            {source.derivationKind ? `a ${humanize(source.derivationKind).toLowerCase()} of` : "derived from"}{" "}
            {source.derivedFrom.url ? (
              <a href={source.derivedFrom.url}>{source.derivedFrom.title}</a>
            ) : (
              source.derivedFrom.title
            )}
            {source.derivedFrom.publisher && <> ({source.derivedFrom.publisher.name})</>}.
          </p>
        )}
        <a
          href={hrefWith({ text: full ? null : quote.id })}
          aria-expanded={full}
          onClick={(event) => {
            event.preventDefault();
            setParams({ text: full ? null : quote.id });
          }}
        >
          {full ? "Hide the full text" : "Read it in the full text, the quote marked"}
        </a>
      </figcaption>
      {full && <FullText sourceId={source.id} start={quote.start} end={quote.end} />}
    </figure>
  );
}

function FullText({ sourceId, start, end }: { sourceId: string; start: number; end: number }) {
  const source = useLoad(`source:${sourceId}`, () => request(ExplorerSourceDocument, { id: sourceId }));
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    if (source?.status === "done") mark.current?.scrollIntoView({ block: "center" });
  }, [source?.status]);
  return (
    <Status state={source} what="the full text">
      {({ source: s }) =>
        !s?.text ? (
          <p>The source's text is not stored.</p>
        ) : (
          <section class="fulltext" aria-label={`Full text of ${s.title}`} tabIndex={0}>
            <p>
              {s.text.slice(0, start)}
              <mark class="span-in-text" ref={mark}>
                {s.text.slice(start, end)}
              </mark>
              {s.text.slice(end)}
            </p>
          </section>
        )
      }
    </Status>
  );
}
