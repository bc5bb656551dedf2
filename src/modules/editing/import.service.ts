import type { Context } from "../../context";
import { badInput } from "../../shared/errors";
import { importRecords, recordsOfValue } from "../bundle";
import { actorOf } from "../../shared/mutation";

export const MAX_BATCH = 1000;

export async function importSmallBatch(ctx: Context, records: Record<string, unknown>[], dryRun: boolean) {
  if (records.length > MAX_BATCH) {
    throw badInput(`at most ${MAX_BATCH} records per request; send larger files to POST /import`, {
      argument: "input.records",
    });
  }
  async function* items() {
    for (const [i, value] of records.entries()) yield* recordsOfValue(value, `/records/${i}`);
  }
  return importRecords(ctx.db, items, { actor: actorOf(ctx), dryRun, deadline: ctx.deadline });
}
