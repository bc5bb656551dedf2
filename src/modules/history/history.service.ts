import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { fromGlobalId } from "../../shared/global-id";
import { badInput } from "../../shared/errors";
import type { Revision } from "./history.type";

const MAX_REVISIONS = 1000;

/** Every revision of an object, oldest first (at most 1,000). */
export async function history(ctx: Context, globalId: string): Promise<Revision[]> {
  const decoded = fromGlobalId(globalId);
  if (!decoded) throw badInput("`id` is not a valid ID", { argument: "id" });
  return queryRows<Revision>(
    ctx.sql,
    sql`SELECT seq, action, at, actor_label AS actor, before, after FROM revision
        WHERE subject_id = ${decoded.id}::uuid ORDER BY seq LIMIT ${MAX_REVISIONS}`,
  );
}
