import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../context";
import { LSN_HEADER, READ_FROM_HEADER, parseLsn, type ReadRoute, type ReadRouter } from "../db/replicas";
import { badInput } from "../shared/errors";
import type { Logger } from "../shared/logger";

export { READ_FROM_HEADER };

/**
 * The X-Claimbase-LSN a request sent: null when it sent none; a BAD_USER_INPUT error (HTTP 400) when it
 * is not an LSN. Used by /graphql and /export alike.
 */
export function sentLsn(sent: string | null | undefined): bigint | null {
  if (sent === undefined || sent === null || sent === "") return null;
  const lsn = parseLsn(sent);
  if (lsn === null) {
    throw badInput(
      `The ${LSN_HEADER} header must be an LSN as a write's answer gave it (like 0/16B3748), got ${JSON.stringify(sent.slice(0, 40))}`,
      { http: { status: 400 } },
    );
  }
  return lsn;
}

/**
 * sentLsn, and refused the same way when it is past the primary's position now: no write of this
 * service can have it, and it would send its sender's reads to the primary (a way to defeat the replicas).
 */
export async function checkedLsn(router: ReadRouter, sent: string | null | undefined): Promise<bigint | null> {
  const lsn = sentLsn(sent);
  if (lsn !== null && (await router.beyondPrimary(lsn))) {
    throw badInput(
      `The ${LSN_HEADER} header is past the primary's position: send back the value a write's answer gave`,
      { http: { status: 400 } },
    );
  }
  return lsn;
}

/**
 * Routes each GraphQL request's reads (db/replicas.ts): a query goes to a healthy replica that has
 * replayed the client's last write (the X-Claimbase-LSN request header), else to the primary;
 * mutations stay on the primary, and their answers carry the primary's LSN after commit, which the
 * client sends back on its next reads to see its own write whichever service replica it lands on.
 * X-Claimbase-Read-From says where a query's reads ran; an answer that read nothing (refused before it
 * ran, its variables rejected, answered from the response cache) carries none.
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
      let route: ReadRoute | undefined;
      return {
        async didResolveOperation({ operation, request, contextValue }) {
          if (operation?.operation !== "query") return;
          const minLsn = await checkedLsn(router, request.http?.headers.get(LSN_HEADER));
          route = await router.route(minLsn);
          contextValue.routeReads(route.queryable, route.target);
        },
        async willSendResponse({ operation, response }) {
          const readFrom = route?.readFrom;
          if (readFrom) response.http.headers.set(READ_FROM_HEADER, readFrom);
          if (operation?.operation !== "mutation") return;
          // A mutation refused whole (no key: 401) committed nothing and gets no commit position.
          if (response.body.kind !== "single" || !response.body.singleResult.data) return;
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
