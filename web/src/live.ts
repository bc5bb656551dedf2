import { createClient, type Client } from "graphql-ws/client";
import { stringifyDocument } from "@urql/core";
import { ExplorerTopicActivityDocument, type ExplorerTopicActivitySubscription } from "./gql/graphql";

type Activity = ExplorerTopicActivitySubscription["topicActivity"];

/** Whether the server runs subscriptions (the page's <meta name="claimbase-live">, src/explorer). */
function liveEnabled(): boolean {
  return document.querySelector<HTMLMetaElement>('meta[name="claimbase-live"]')?.content === "on";
}

/** ws:// or wss:// for this origin's GraphQL path (the same path as queries, docs/live.md). */
function socketUrl(): string {
  const path = document.querySelector<HTMLMetaElement>('meta[name="claimbase-graphql"]')?.content || "/graphql";
  return new URL(path, location.href.replace(/^http/, "ws")).href;
}

let client: Client | null = null;

/**
 * One graphql-ws client for the page, opened on the first subscription and closed after the last
 * (lazy). It reconnects quietly with graphql-ws's own backoff, for as long as the page is open; a
 * failed socket is never an error on the page (live updates are a bonus, the page works without).
 */
function liveClient(): Client {
  client ??= createClient({
    url: socketUrl(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  return client;
}

/**
 * Follows a topic's events (`topicActivity`) and hands each event that concerns claims to `onClaims`.
 * `onReconnect` runs when the socket comes back after a drop: events missed meanwhile are not
 * replayed, so what is on screen should be asked again. Returns the unsubscribe function; does
 * nothing (and opens no socket) when the server has subscriptions turned off.
 */
export function followTopic(
  topic: string,
  onClaims: (claimIds: string[]) => void,
  onReconnect: () => void,
): () => void {
  if (!liveEnabled()) return () => {};
  const ws = liveClient();
  const offConnected = ws.on("connected", (_socket, _payload, wasRetry) => {
    if (wasRetry) onReconnect();
  });
  const unsubscribe = ws.subscribe<{ topicActivity: Activity }>(
    { query: stringifyDocument(ExplorerTopicActivityDocument), variables: { topic } },
    {
      next: ({ data }) => {
        const ids = data?.topicActivity.claimIds ?? [];
        if (ids.length > 0) onClaims(ids);
      },
      // A refused subscription (e.g. the server's subscription limit) or a closed socket: the page
      // simply stays as it is, as it would without live updates.
      error: () => {},
      complete: () => {},
    },
  );
  return () => {
    offConnected();
    unsubscribe();
  };
}
