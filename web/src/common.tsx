import type { ComponentChildren } from "preact";
import type { Loaded } from "./use-query";

/** Shows a request's loading and error states; its data goes to `children`. */
export function Status<T>({
  state,
  what,
  children,
}: {
  state: Loaded<T> | null;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (state === null) return null;
  switch (state.status) {
    case "loading":
      return (
        <p class="status" role="status" aria-live="polite">
          Loading {what}…
        </p>
      );
    case "error":
      return (
        <div class="error" role="alert">
          <p>
            Could not load {what}: {state.message}
          </p>
          <button type="button" onClick={state.retry}>
            Try again
          </button>
        </div>
      );
    case "done":
      return <>{children(state.data)}</>;
  }
}

const POSITIONS: Record<string, string> = {
  SUPPORTS: "supports",
  OPPOSES: "opposes",
  QUALIFIES: "qualifies",
  NEUTRAL: "neutral",
};

/** A stance position as a labelled badge (text, not colour alone, carries the meaning). */
export function Position({ position, who }: { position: string | null | undefined; who?: string }) {
  if (!position) return <span class="badge badge-none">{who ? `${who}: ` : ""}no stance</span>;
  return (
    <span class={`badge badge-${position.toLowerCase()}`}>
      {who ? `${who}: ` : ""}
      {POSITIONS[position] ?? position.toLowerCase()}
    </span>
  );
}

const ATTRIBUTIONS: Record<string, string> = {
  DIRECT: "in their own words (direct quote)",
  INDIRECT: "reported speech (indirect)",
  AUTHOR: "the source's author writing",
  ATTRIBUTED_TO_GROUP: "attributed to a group",
  UNATTRIBUTED: "no speaker named",
};

export function attributionText(attribution: string): string {
  return ATTRIBUTIONS[attribution] ?? attribution.toLowerCase();
}

export function humanize(value: string): string {
  const text = value.toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
