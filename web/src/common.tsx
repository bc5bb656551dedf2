import type { ComponentChildren } from "preact";
import type { Loaded } from "./use-query";

/**
 * Whether the API refused the request's input (BAD_USER_INPUT: a malformed ID, a slug or search past
 * its length limit): asking again cannot help, and the API's wording is for developers, not readers.
 */
export function refusedInput<T>(state: Loaded<T> | null): boolean {
  return state?.status === "error" && state.codes.includes("BAD_USER_INPUT");
}

/**
 * Shows a request's loading and error states; its data goes to `children`. A refusal of the input
 * itself shows `refused` (a reader's words, without a retry); network and server errors keep the
 * API's message and a retry.
 */
export function Status<T>({
  state,
  what,
  refused,
  children,
}: {
  state: Loaded<T> | null;
  what: string;
  refused?: ComponentChildren;
  children: (data: T) => ComponentChildren;
}) {
  if (refused !== undefined && refusedInput(state)) return <>{refused}</>;
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
