import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { type GraphQLError, type ValidationRule } from "graphql";
import type { Context } from "../context";
import { costError, operationCost } from "./cost";

/**
 * Limits applied before a query runs (OWASP GraphQL cheat sheet; GraphQL Armor's defaults, tightened
 * where this schema allows). Every rejection is a coded error; see docs/operations.md.
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Objects a query may return (cost), for anonymous callers and for API keys. */
  maxCostAnonymous: number;
  maxCostKey: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCostAnonymous: 25_000,
  maxCostKey: 250_000,
};

/**
 * Armor reports its rejections as "Syntax Error: ... limit of N exceeded", graphql-js its token limit
 * as "Document contains more that N tokens" (sic); they get one code.
 */
export const LIMIT_MESSAGE = /limit of \d+ exceeded|Token limit|Document contains more th\w+ \d+ tokens/i;

export function queryProtection(limits: QueryLimits, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Counted by graphql-js's own parser instead (parseOptions below): Armor's Apollo plugin re-parses
    // in parsingDidStart, and an error thrown there (any syntax error) skips Apollo's error handling:
    // HTTP 500, no willSendResponse, so no log line and no metrics.
    maxTokens: { enabled: false },
    // Page sizes are what make a query expensive here; our own cost plugin below counts them.
    costLimit: { enabled: false },
    // Field suggestions ("Did you mean ...?") leak the schema only in production, where introspection
    // is still on: keep them in development, drop them in production.
    blockFieldSuggestion: { enabled: production },
  });
  // Armor's depth, alias and directive limits are validation rules: Apollo runs them with graphql-js's
  // own rules only when a document is not in its document cache (parsed and validated documents, by
  // the hash of the query text), so once per distinct document, not per request. Its one plugin
  // (blockFieldSuggestion, production only) rewrites error messages and does nothing on a request
  // without errors.
  const protection = armor.protect();
  // One hooks object for every request (it keeps nothing of its own between hooks), rather than one
  // made per request.
  const costHooks: GraphQLRequestListener<Context> = {
    async didResolveOperation({ document, operation, request, contextValue }) {
      if (!operation) return;
      // Once per distinct operation unless its cost depends on the request's variables (cost.ts).
      const cost = operationCost(document, operation, request.variables ?? {});
      contextValue.cost = cost;
      const anonymous = contextValue.viewer.kind === "anonymous";
      const limit = anonymous ? limits.maxCostAnonymous : limits.maxCostKey;
      if (cost > limit) throw costError(cost, limit, anonymous);
    },
  };
  const costPlugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return costHooks;
    },
  };
  return {
    plugins: [...(protection.plugins as ApolloServerPlugin<Context>[]), costPlugin],
    validationRules: protection.validationRules as ValidationRule[],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

export function isLimitError(error: GraphQLError | { message: string }): boolean {
  return LIMIT_MESSAGE.test(error.message);
}

/** The client's message for a limit rejection. */
export function limitMessage(message: string): string {
  const tokens = /Document contains more th\w+ (\d+) tokens/.exec(message);
  if (tokens) return `Token limit of ${tokens[1]} exceeded.`;
  return message.replace(/^Syntax Error: /, "");
}
