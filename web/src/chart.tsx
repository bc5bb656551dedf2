import { useEffect, useRef, useState } from "preact/hooks";
import { humanize } from "./common";

interface Bucket {
  key: string;
  label: string;
  count: number;
}

/** Bar colours by facet key (verdicts and stance positions), each 3:1 or more against white. */
const COLOURS: Record<string, string> = {
  TRUE: "#2f7d44",
  MOSTLY_TRUE: "#4f8f3a",
  MIXED: "#a86b00",
  MOSTLY_FALSE: "#c2410c",
  FALSE: "#b42318",
  UNPROVEN: "#5f5f5f",
  SUPPORTS: "#2f7d44",
  OPPOSES: "#b42318",
  QUALIFIES: "#a86b00",
  NEUTRAL: "#5f5f5f",
};

/**
 * A facet (claimFacets' byRating, byStancePosition) as a horizontal bar chart drawn by Chart.js on a
 * canvas (src/bars.ts, loaded when there is something to draw). The canvas is an image to assistive technology, labelled with every bar's number, and the
 * numbers are also listed under it in text.
 */
export function FacetChart({ title, buckets, empty }: { title: string; buckets: Bucket[]; empty: string }) {
  const shown = buckets.filter((b) => b.count > 0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const summary = shown.map((b) => `${humanize(b.label)}: ${b.count}`).join(", ");
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (shown.length === 0) return;
    let chart: { destroy(): void } | null = null;
    let gone = false;
    import("./bars").then(
      ({ drawBars }) => {
        if (gone || !canvas.current) return;
        const bars = shown.map((b) => ({
          label: humanize(b.label),
          count: b.count,
          colour: COLOURS[b.key] ?? "#1d4f91",
        }));
        chart = drawBars(canvas.current, title, bars);
      },
      // The numbers stay on the page in text; only the picture is missing.
      () => setFailed(true),
    );
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [summary]);
  return (
    <figure class="chart" data-facet={title}>
      <figcaption>{title}</figcaption>
      {shown.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <>
          <div class="chart-box" hidden={failed} style={{ height: `${3 + shown.length * 2.25}rem` }}>
            <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} />
          </div>
          <p class="chart-numbers">{summary}</p>
        </>
      )}
    </figure>
  );
}
