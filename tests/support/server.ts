import type { AddressInfo } from "node:net";
import http from "node:http";
import { DEFAULT_LIMITS } from "../../src/limits/limits";
import type { ResponseCache } from "../../src/cache/response-cache";
import type { Database } from "../../src/db/database";
import { createServer } from "../../src/server";
import { createLogger } from "../../src/shared/logger";

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestServer {
  url: string;
  /** POSTs a GraphQL operation over real HTTP. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Like gql, as the holder of an API key when one is given, and keeping the answer's `extensions`. */
  post<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<GraphQLResponse<T> & { extensions?: { sqlStatements?: number } }>;
  /** Like gql, also counting the SQL statements the server sent while answering. */
  gqlCounted<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ response: GraphQLResponse<T>; statements: number }>;
  /** The server's response cache, when it has one (the default). */
  responseCache?: ResponseCache;
  close(): Promise<void>;
}

/** The real HTTP app on an ephemeral port, over a test database. */
export async function startTestServer(
  db: Database,
  overrides: Partial<Parameters<typeof createServer>[0]> = {},
): Promise<TestServer> {
  const httpServer = http.createServer();
  const { app, apollo, responseCache } = await createServer({
    db,
    logger: createLogger("silent"),
    httpServer,
    exposeStatementCount: true,
    // Tests send many requests from one address and ask for big nested pages on purpose; the limits
    // tests set their own limits.
    rateLimit: { store: "memory", anonymousPerMinute: 1_000_000, keyPerMinute: 1_000_000 },
    limits: { ...DEFAULT_LIMITS, maxCostAnonymous: 100_000_000, maxCostKey: 100_000_000 },
    ...overrides,
  });
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const post = async <T>(query: string, variables?: Record<string, unknown>, key?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T> & { extensions?: { sqlStatements?: number } };
  };
  const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> => {
    const { extensions: _extensions, ...rest } = await post<T>(query, variables);
    void _extensions;
    return rest;
  };
  return {
    url,
    gql,
    post,
    responseCache,
    async gqlCounted<T>(query: string, variables?: Record<string, unknown>) {
      const { extensions, ...response } = await post<T>(query, variables);
      if (typeof extensions?.sqlStatements !== "number") throw new Error("the server did not report a statement count");
      return { response, statements: extensions.sqlStatements };
    },
    async close() {
      await apollo.stop();
    },
  };
}
