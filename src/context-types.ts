/*
 * Parts of the per-request Context (context.ts) that the layers filling them in define. They live
 * here, not in those layers, because those layers import Context: kept there, they made import cycles.
 */

/** Who is calling. Reads are public; writes need an API key with a role. */
export type Viewer = { kind: "anonymous" } | { kind: "key"; keyId: string; role: "EDITOR" | "ADMIN"; name: string };

/**
 * A request's deadline, shared between the request timeout (limits/http.ts) and the writes the
 * request makes: a write checks it just before COMMIT. Once the 503 is out (`expired`) the write rolls
 * back instead; once a write has committed (`committed`), the 503 is never sent, so nobody is told a
 * committed write failed.
 */
export interface Deadline {
  expired: boolean;
  committed: boolean;
}

/** What the cache did for a request: answered it, will store its answer, or stood aside. */
export type CacheOutcome = "hit" | "miss" | "bypass";

/**
 * The transactions a request's mutations committed (by PostgreSQL transaction id), so the response
 * cache can wait for their change notifications before the answer leaves (read-your-writes). Empty
 * until a write commits: a mutation refused before it wrote (no key, a forbidden role, bad variables,
 * `mutation { __typename }`) or rolled back committed nothing, and the cache drops nothing for it.
 * Every write path reports: transactions of shared/mutation.ts and of imports (bundle.import.ts) add
 * their ids; a path that cannot (the webhook settings, written without a commit marker) or a COMMIT whose
 * outcome is unknown sets `null`, and the cache then drops everything instead.
 */
export interface Commits {
  txids: string[] | null;
}
