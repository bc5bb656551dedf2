import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { fromGlobalId } from "../../shared/global-id";
import { badInput } from "../../shared/errors";
import type { PageArgs } from "../../shared/pagination";
import { connectionWants } from "../../shared/selection";
import { OBJECT_HISTORY } from "./history.sql";
import type { Revision } from "./history.type";

/** The most revisions the deprecated, unpaged `history` lists. */
export const MAX_REVISIONS = 1000;

function subjectOf(globalId: string): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded) throw badInput("`id` is not a valid ID", { argument: "id" });
  return decoded.id;
}

/**
 * Every revision of an object, oldest first, as one plain list: at most 1,000. An object with more is
 * refused (BAD_USER_INPUT, pointing at historyConnection) rather than cut short without a word.
 */
export async function history(ctx: Context, globalId: string): Promise<Revision[]> {
  const rows = await queryRows<Revision>(
    ctx.sql,
    sql`SELECT seq, action, at, actor_label AS actor, before, after FROM revision
        WHERE subject_id = ${subjectOf(globalId)}::uuid ORDER BY seq LIMIT ${MAX_REVISIONS + 1}`,
  );
  if (rows.length > MAX_REVISIONS) {
    throw badInput(
      `this object has more than ${MAX_REVISIONS.toLocaleString("en")} revisions, more than \`history\` lists: page through them with \`historyConnection(id:, first:, after:)\``,
      { argument: "id" },
    );
  }
  return rows;
}

/** A page of an object's revisions, oldest first. */
export function historyPage(ctx: Context, globalId: string, args: PageArgs, info?: GraphQLResolveInfo) {
  return ctx.loaders.page(OBJECT_HISTORY, args, subjectOf(globalId), "", connectionWants(info).totalCount);
}
