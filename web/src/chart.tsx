import { humanize } from "./common";

interface Bucket {
  key: string;
  label: string;
  count: number;
}

/**
 * A facet (claimFacets' byRating, byStancePosition) as a horizontal bar chart. Hand-drawn SVG rather
 * than a chart library: a handful of labelled bars needs no scales, axes or canvas, the bars stay real
 * text for screen readers (the list beside them carries the numbers), and the bundle stays small.
 */
export function FacetChart({ title, buckets, empty }: { title: string; buckets: Bucket[]; empty: string }) {
  const shown = buckets.filter((b) => b.count > 0);
  const max = Math.max(1, ...shown.map((b) => b.count));
  const row = 28;
  const labelWidth = 130;
  const width = 360;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {shown.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${shown.length * row}`}
          role="img"
          aria-label={`${title}: ${shown.map((b) => `${humanize(b.label)} ${b.count}`).join(", ")}`}
        >
          {shown.map((b, i) => {
            const barWidth = ((width - labelWidth - 40) * b.count) / max;
            return (
              <g key={b.key} transform={`translate(0 ${i * row})`}>
                <text x={labelWidth - 8} y={row / 2 + 5} text-anchor="end" class="chart-label">
                  {humanize(b.label)}
                </text>
                <rect x={labelWidth} y={4} width={barWidth} height={row - 8} class={`bar bar-${b.key.toLowerCase()}`} />
                <text x={labelWidth + barWidth + 6} y={row / 2 + 5} class="chart-value">
                  {b.count}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
