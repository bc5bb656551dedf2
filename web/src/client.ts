import { Client, type AnyVariables, type DocumentInput, fetchExchange } from "@urql/core";

/**
 * The explorer's GraphQL client: urql's core over fetch, against this origin's /graphql (the path the
 * server writes into the page's <meta name="claimbase-graphql">). POST with a JSON body, never GET:
 * Apollo's CSRF guard refuses simple GET requests from browsers, and POST bodies are never cut by URL
 * limits. No cache exchange: each page asks once, and a refetch must reach the server (live updates).
 */
function endpoint(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="claimbase-graphql"]');
  return meta?.content || "/graphql";
}

export const client = new Client({
  url: endpoint(),
  exchanges: [fetchExchange],
  preferGetMethod: false,
  requestPolicy: "network-only",
});

/** A failed request, with the codes of docs/api.md ("Errors") when the API gave any. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

/** One query's answer, or a RequestError (network failure, GraphQL errors, or no data). */
export async function request<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) {
    const codes = result.error.graphQLErrors.map((e) => String(e.extensions?.code ?? "")).filter(Boolean);
    const message = result.error.networkError
      ? "The server could not be reached. Check your connection and try again."
      : result.error.graphQLErrors.map((e) => e.message).join("; ") || result.error.message;
    throw new RequestError(message, codes);
  }
  if (!result.data) throw new RequestError("The server sent no data.", []);
  return result.data;
}
