import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from "d3-force";
import { useMemo, useState } from "preact/hooks";
import { humanize } from "./common";
import type { ExplorerStoryQuery } from "./gql/graphql";

type StoryClaim = ExplorerStoryQuery["claims"]["nodes"][number];

export interface MapNode {
  id: string;
  text: string;
  number: number;
}
export interface MapEdge {
  id: string;
  kind: string;
  from: string;
  to: string;
}
export interface StoryMap {
  nodes: MapNode[];
  edges: MapEdge[];
}

/**
 * The story's argument map: every claim relation that touches a claim the story's viewpoints take a
 * position on, and the claims at both ends (claims without links stay off the map).
 */
export function mapOf(claims: StoryClaim[]): StoryMap {
  const edges = new Map<string, MapEdge>();
  const texts = new Map<string, string>();
  for (const claim of claims) {
    for (const r of claim.relationsOut.nodes) {
      edges.set(r.id, { id: r.id, kind: r.kind, from: claim.id, to: r.to.id });
      texts.set(claim.id, claim.text).set(r.to.id, r.to.text);
    }
    for (const r of claim.relationsIn.nodes) {
      edges.set(r.id, { id: r.id, kind: r.kind, from: r.from.id, to: claim.id });
      texts.set(claim.id, claim.text).set(r.from.id, r.from.text);
    }
  }
  const nodes = [...texts].map(([id, text], i) => ({ id, text, number: i + 1 }));
  return { nodes, edges: [...edges.values()] };
}

interface Placed extends MapNode {
  x: number;
  y: number;
}

/** Positions from d3-force, run to rest up front (deterministic: d3-force seeds its own randomness). */
function layout(map: StoryMap): { nodes: Placed[]; box: [number, number, number, number] } {
  const nodes = map.nodes.map((n) => ({ ...n, x: 0, y: 0 }));
  const links = map.edges.map((e) => ({ source: e.from, target: e.to }));
  const simulation = forceSimulation(nodes)
    .force(
      "link",
      forceLink<Placed, { source: string | Placed; target: string | Placed }>(links)
        .id((d) => d.id)
        .distance(70),
    )
    .force("charge", forceManyBody().strength(-220))
    .force("x", forceX(0).strength(0.06))
    .force("y", forceY(0).strength(0.1))
    .force("collide", forceCollide(26))
    .stop();
  simulation.tick(300);
  const pad = 30;
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  // At least 560 x 320 units, centred: a small map keeps its circles at reading size instead of filling the page.
  const [minX, maxX] = [Math.min(...xs) - pad, Math.max(...xs) + pad];
  const [minY, maxY] = [Math.min(...ys) - pad, Math.max(...ys) + pad];
  const width = Math.max(560, maxX - minX);
  const height = Math.max(320, maxY - minY);
  return {
    nodes,
    box: [(minX + maxX - width) / 2, (minY + maxY - height) / 2, width, height],
  };
}

const KINDS = ["SUPPORTS", "ATTACKS", "CONTRADICTS", "QUALIFIES", "REPHRASES"];

export function ArgumentMap({
  map,
  selected,
  onSelect,
}: {
  map: StoryMap;
  selected: string | null;
  onSelect: (claimId: string) => void;
}) {
  const placed = useMemo(() => layout(map), [map.nodes.length, map.edges.length]);
  const [focused, setFocused] = useState<string | null>(null);
  if (map.nodes.length === 0) return <p>No argument links between this story's claims yet.</p>;
  const at = new Map(placed.nodes.map((n) => [n.id, n]));
  const active = focused ?? selected;
  const kinds = KINDS.filter((k) => map.edges.some((e) => e.kind === k));
  return (
    <div class="map">
      <p class="counts">
        {map.nodes.length} claims, {map.edges.length} links.{" "}
        {kinds.map((k) => (
          <span key={k} class={`legend legend-${k.toLowerCase()}`}>
            {humanize(k)}
          </span>
        ))}
      </p>
      <svg
        class="map-svg"
        viewBox={placed.box.join(" ")}
        role="group"
        aria-label="Argument map: claims (numbered circles) and the links between them"
      >
        <defs>
          {KINDS.map((k) => (
            <marker
              key={k}
              id={`arrow-${k.toLowerCase()}`}
              viewBox="0 0 10 10"
              refX="24"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
              class={`arrow-${k.toLowerCase()}`}
            >
              <path d="M 0 0 L 10 5 L 0 10 z" />
            </marker>
          ))}
        </defs>
        {map.edges.map((e) => {
          const from = at.get(e.from)!;
          const to = at.get(e.to)!;
          const lit = active !== null && (e.from === active || e.to === active);
          return (
            <line
              key={e.id}
              data-relation-id={e.id}
              data-from={e.from}
              data-to={e.to}
              data-kind={e.kind}
              class={`edge edge-${e.kind.toLowerCase()}${lit ? " lit" : ""}`}
              x1={from.x}
              y1={from.y}
              x2={to.x}
              y2={to.y}
              marker-end={`url(#arrow-${e.kind.toLowerCase()})`}
            >
              <title>
                {from.number} {humanize(e.kind).toLowerCase()} {to.number}
              </title>
            </line>
          );
        })}
        {placed.nodes.map((n) => (
          <g
            key={n.id}
            class={`node${n.id === selected ? " selected" : ""}`}
            data-claim-id={n.id}
            transform={`translate(${n.x} ${n.y})`}
            role="button"
            tabIndex={0}
            aria-pressed={n.id === selected}
            aria-label={`Claim ${n.number}: ${n.text}`}
            onClick={() => onSelect(n.id)}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                onSelect(n.id);
              }
            }}
            onFocus={() => setFocused(n.id)}
            onBlur={() => setFocused(null)}
            onMouseEnter={() => setFocused(n.id)}
            onMouseLeave={() => setFocused(null)}
          >
            <circle r="14" />
            <text y="5" text-anchor="middle" aria-hidden="true">
              {n.number}
            </text>
          </g>
        ))}
      </svg>
      <ol class="map-key" aria-label="Claims on the map">
        {placed.nodes.map((n) => {
          const out = map.edges.filter((e) => e.from === n.id);
          return (
            <li key={n.id} value={n.number}>
              <button type="button" class="link-button" aria-pressed={n.id === selected} onClick={() => onSelect(n.id)}>
                {n.text}
              </button>
              {out.length > 0 && (
                <span class="muted">
                  {" "}
                  ({out.map((e) => `${humanize(e.kind).toLowerCase()} ${at.get(e.to)!.number}`).join("; ")})
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
