import { sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { hydrator } from "../../shared/rows";
import { Revision } from "./history.type";

/**
 * An object's revisions as a connection (historyConnection), oldest first: keyset on the revision's
 * seq (unique, and increasing with time), the object's id as the list's parent key.
 */
export const OBJECT_HISTORY: ListSpec<Revision> = {
  name: "Query.historyConnection",
  from: sql`revision t`,
  columns: sql`t.seq AS "seq", t.action AS "action", t.at AS "at", t.actor_label AS "actor",
               t.before AS "before", t.after AS "after"`,
  parentKey: sql`t.subject_id`,
  hydrate: hydrator(Revision),
};
