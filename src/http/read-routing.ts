import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { LSN_HEADER, parseLsn, type ReadRouter } from "../db/replicas";
import { badInput } from "../shared/errors";
import type { Logger } from "../shared/logger";

/** Tells the client where its query was read: `primary` or `replica` (never which host). */
export const READ_FROM_HEADER = "x-claimbase-read-from";

/**
 * Routes each GraphQL request's reads (db/replicas.ts): a query goes to a healthy replica that has
 * replayed the client's last write (the X-Claimbase-LSN request header), else to the primary;
 * mutations stay on the primary, and their answers carry the primary's LSN after commit, which the
 * client sends back on its next reads to see its own write whichever service replica it lands on.
 */
export function readRoutingPlugin(router: ReadRouter, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      await router.start();
      return {
        async serverWillStop() {
          await router.stop();
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, contextValue }) {
          if (operation?.operation !== "query") return;
          const sent = request.http?.headers.get(LSN_HEADER);
          let minLsn: bigint | null = null;
          if (sent !== undefined && sent !== "") {
            minLsn = parseLsn(sent);
            if (minLsn === null) {
              throw badInput(
                `The ${LSN_HEADER} header must be an LSN as a write's answer gave it (like 0/16B3748), got ${JSON.stringify(sent.slice(0, 40))}`,
                { http: { status: 400 } },
              );
            }
          }
          const { pool, target } = router.pick(minLsn);
          contextValue.routeReads(pool, target);
        },
        async willSendResponse({ operation, response, contextValue }) {
          if (operation?.operation === "query") response.http.headers.set(READ_FROM_HEADER, contextValue.read.kind);
          if (operation?.operation !== "mutation") return;
          try {
            // After the commit (resolvers have run): an upper bound of the write's commit LSN.
            response.http.headers.set(LSN_HEADER, await router.primaryLsn());
          } catch (error) {
            // The write's answer still goes out, without the header: the primary just failed, so the
            // client learns of it on its next request anyway.
            logger.warn({ error: (error as Error).message }, "could not read the primary's LSN for a write's answer");
          }
        },
      };
    },
  };
}
