import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { Context } from "../context";
import { formattedError } from "../shared/errors";
import { jsonSizeOver } from "../shared/json-limits";

/** RESPONSE_MAX_BYTES when unset: room for the largest source text (10 million characters) and more. */
export const DEFAULT_RESPONSE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Bounds an answer's size before it is serialized. The cost limit counts objects, not bytes: twenty
 * quotes of one 10 MB source, each asking for `source { text }`, cost 20 and made a 200 MB answer
 * (the same string, referenced twenty times, is only copied by JSON.stringify). The result is measured
 * by walking it, stopping as soon as it passes the limit; an answer over it is replaced by a coded
 * error. A mutation's write has committed by then, and the message says so.
 */
export function responseSizePlugin(
  maxBytes: number,
  /**
   * Asked before a query's answer of `bytes` leaves (see AnswerBudget in server.ts); false refuses it
   * with a 503 for now. Mutations are never refused here: their writes are done.
   */
  reserve?: (context: Context, bytes: number) => boolean,
): ApolloServerPlugin<Context> {
  const measured = new WeakMap<object, number>();
  // One hooks object for every request: it keeps nothing of its own between hooks.
  const hooks: GraphQLRequestListener<Context> = {
    async willSendResponse({ response, operation, contextValue }) {
      if (response.body.kind !== "single") return;
      const result = response.body.singleResult;
      if (!result.data) return;
      // An answer the response cache serves again is the same object: measured once.
      let size = measured.get(result.data);
      if (size === undefined) {
        size = jsonSizeOver(result.data, maxBytes);
        measured.set(result.data, size);
      }
      if (size <= maxBytes) {
        if (reserve && operation?.operation === "query" && !reserve(contextValue, size)) {
          response.http.status = 503;
          response.http.headers.set("retry-after", "1");
          response.body.singleResult = {
            data: null,
            errors: [
              formattedError(
                "SERVICE_UNAVAILABLE",
                "Too many large answers are on their way to clients right now; retry shortly",
              ),
            ],
          };
        }
        return;
      }
      const mb = (bytes: number) => `${Math.round(bytes / 1024 / 102.4) / 10} MB`;
      const committed = operation?.operation === "mutation" ? " The mutation itself was applied." : "";
      response.body.singleResult = {
        data: null,
        errors: [
          formattedError(
            "RESPONSE_TOO_LARGE",
            `The answer would exceed ${mb(maxBytes)}.${committed} Ask for fewer or smaller fields (such as Source.text) or smaller pages.`,
            { limitBytes: maxBytes },
          ),
        ],
      };
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}
