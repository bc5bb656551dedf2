import type { TypedDocumentString } from "./gql/graphql";

/**
 * A tiny typed GraphQL client over `fetch` (browsers and Node 18+), for the documents GraphQL Code
 * Generator writes into ./gql: `request(ViewpointsDocument, { first: 2 })` is typed by the operation,
 * its variables and its answer. No library: a frontend that only reads needs a POST and a hash.
 *
 * How it sends a document (`persisted`):
 * - `"off"`: the query text;
 * - `"automatic"`: automatic persisted queries: the SHA-256 of the text alone, and the text once when the
 *   server answers PERSISTED_QUERY_NOT_FOUND (it then stores it for every replica);
 * - `"trusted"`: the hash from the codegen manifest (persisted-documents.json) alone, for servers
 *   running TRUSTED_DOCUMENTS=only once an operator ran `claimbase documents add` on that manifest.
 */
export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** An API key, sent as `Authorization: Bearer <key>` (writes; reads need none). */
  apiKey?: string;
  persisted?: "off" | "automatic" | "trusted";
  fetch?: typeof fetch;
}

/** One entry of a GraphQL answer's `errors`; `extensions.code` is one of docs/api.md's codes. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A request the server refused, or a field that failed: the answer's errors, and its data if any. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly errors: GraphQLErrorEntry[],
    readonly status: number,
    readonly data?: unknown,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
    this.name = "GraphQLRequestError";
  }

  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code ?? "");
  }
}

interface Answer<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

const hashes = new WeakMap<object, Promise<string>>();

/** SHA-256 of the text in hex, with Web Crypto (no dependency): the hash automatic persisted queries use. */
function sha256(document: object): Promise<string> {
  let hash = hashes.get(document);
  if (!hash) {
    hash = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(document.toString()))
      .then((digest) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join(""));
    hashes.set(document, hash);
  }
  return hash;
}

export function createClient(options: ClientOptions) {
  const send = options.fetch ?? fetch;
  const post = async <T>(body: Record<string, unknown>): Promise<{ status: number; answer: Answer<T> }> => {
    const response = await send(options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, answer: (await response.json()) as Answer<T> };
  };

  /** Runs an operation; resolves with its data, or rejects with GraphQLRequestError. */
  async function request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    // Operations without required variables may leave them out.
    ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
  ): Promise<TResult> {
    const query = document.toString();
    const mode = options.persisted ?? "off";
    let result: { status: number; answer: Answer<TResult> };
    if (mode === "off") {
      result = await post<TResult>({ query, variables });
    } else {
      const sha256Hash = mode === "trusted" ? (document.__meta__?.hash as string) : await sha256(document);
      const extensions = { persistedQuery: { version: 1, sha256Hash } };
      result = await post<TResult>({ variables, extensions });
      const notFound = result.answer.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");
      if (notFound && mode === "automatic") result = await post<TResult>({ query, variables, extensions });
    }
    const { status, answer } = result;
    if (answer.errors?.length || answer.data == null) {
      throw new GraphQLRequestError(answer.errors ?? [{ message: `HTTP ${status} without data` }], status, answer.data);
    }
    return answer.data;
  }

  return { request };
}
