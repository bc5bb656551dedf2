import type { ReviewRecord } from "./review.model";
import { type Applied, UPSERT, type WriteSession } from "../../shared/write-session";
import { reviewModel } from "./review.model";
import { REVIEW } from "./review.sql";

/**
 * Review writes, for imports and mutations alike (through the shared engine, shared/write-session.ts).
 * The fields come from review.model.ts; what is Review's own is here: the natural key (claim, reviewer and source).
 */

export async function writeReview(w: WriteSession, rec: ReviewRecord, path: string): Promise<Applied> {
  const refs = await w.toOneValues(reviewModel, rec, path);
  const scalars = w.scalarValues(reviewModel, rec, path, false);
  const key = { ...refs, ...scalars };
  return w.upsert(
    "Review",
    REVIEW,
    reviewModel.table,
    w.keyWhere(reviewModel, key),
    () => w.insertRow(reviewModel, key, {}, w.keyColumns(reviewModel, key)),
    scalars,
    { target: UPSERT, path },
  );
}
