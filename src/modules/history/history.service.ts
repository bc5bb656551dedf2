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

/** Every revision of an object, oldest first (at most 1,000). */
export async function history(ctx: Context, globalId: string): Promise<Revision[]> {
  return queryRows<Revision>(
    ctx.sql,
    sql`SELECT seq, action, at, actor_label AS actor, before, after FROM revision
        WHERE subject_id = ${subjectOf(globalId)}::uuid ORDER BY seq LIMIT ${MAX_REVISIONS}`,
  );
}

/** A page of an object's revisions, oldest first. */
export function historyPage(ctx: Context, globalId: string, args: PageArgs, info?: GraphQLResolveInfo) {
  return ctx.loaders.page(OBJECT_HISTORY, args, subjectOf(globalId), "", connectionWants(info).totalCount);
}
