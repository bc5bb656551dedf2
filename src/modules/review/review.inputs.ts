import { ID, InputType } from "type-graphql";
import { exposeInputs, rowClass } from "../../shared/model";
import { reviewModel, type ReviewRow } from "./review.model";

/** The fields of review.model.ts a create accepts. */
@InputType({ description: "A fact-checker's verdict on a claim." })
export class AddReviewInput extends rowClass<
  Pick<ReviewRow, "originalRating"> & Partial<ReviewRow> & { claim: string; reviewer: string; source: string }
>() {}
exposeInputs(reviewModel, AddReviewInput, "create", ID);
