import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { Context } from "../../context";
import { codedError } from "../../shared/errors";
import type { Logger } from "../../shared/logger";
import { bareHash, type PersistedQueryStore } from "./documents.store";

/**
 * Persisted queries in the request pipeline. Apollo handles the protocol (a hash alone is looked up
 * through `PersistedQueryStore.apolloCache()`; a hash sent with a query is checked against its SHA-256)
 * and this plugin, once the operation is parsed and valid:
 * - with TRUSTED_DOCUMENTS=only, refuses any operation whose hash is not a trusted document
 *   (DOCUMENT_NOT_TRUSTED), unless the caller holds an ADMIN key;
 * - otherwise stores a newly sent hash and query in PostgreSQL before the request runs, so the client
 *   can use the hash alone on any replica as soon as it has its answer.
 */
export function persistedQueriesPlugin(store: PersistedQueryStore, logger: Logger): ApolloServerPlugin<Context> {
  const trustedOnly = store.settings.trustedDocuments === "only";
  // One hooks object for every request: it keeps nothing of its own between hooks.
  const hooks: GraphQLRequestListener<Context> = {
    async didResolveOperation({ queryHash, source, metrics, contextValue }) {
      if (trustedOnly) {
        if (contextValue.viewer.kind === "key" && contextValue.viewer.role === "ADMIN") return;
        const stored = await store.find(queryHash);
        if (!stored?.trusted) {
          throw codedError(
            "DOCUMENT_NOT_TRUSTED",
            'This server runs registered operations only (TRUSTED_DOCUMENTS=only), and this document is not one: register it with `claimbase documents add` (docs/api.md, "Persisted queries")',
            { http: { status: 400 } },
          );
        }
        return;
      }
      if (metrics.persistedQueryRegister) {
        try {
          await store.register(queryHash, source);
        } catch (error) {
          // The operation still runs; the client sends the text again next time.
          logger.warn({ err: error }, "could not store a persisted query");
        }
      }
    },
  };
  return {
    async requestDidStart({ request }) {
      // Apollo reads the hash after this hook: a client preset 6+ client's `sha256:<hex>` becomes the
      // bare hex that APQ and the store use (documents.store.ts, bareHash).
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      if (typeof persisted?.sha256Hash === "string") persisted.sha256Hash = bareHash(persisted.sha256Hash);
      return hooks;
    },
  };
}
