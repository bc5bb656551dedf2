import type { Context } from "../../context";
import { badInput } from "../../shared/errors";
import { actorOf } from "../../shared/mutation";
import { importRecords, recordsOf } from "./bundle.import";

/** Records one importBundle mutation takes; larger files go to POST /import (bundle.route.ts). */
export const MAX_BATCH = 1000;

/** The importBundle mutation: a small batch through the import driver, all or nothing. */
export async function importSmallBatch(ctx: Context, records: Record<string, unknown>[], dryRun: boolean) {
  if (records.length > MAX_BATCH) {
    throw badInput(`at most ${MAX_BATCH} records per request; send larger files to POST /import`, {
      argument: "input.records",
    });
  }
  async function* items() {
    for (const [i, value] of records.entries()) yield* recordsOf(value, `/records/${i}`);
  }
  return importRecords(ctx.db, items, { actor: actorOf(ctx), dryRun, deadline: ctx.deadline, commits: ctx.commits });
}
