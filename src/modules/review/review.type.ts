import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { NormalizedRating } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { exposeFields, rowClass } from "../../shared/model";
import { Payload } from "../../shared/mutation-types";
import { Node } from "../../shared/node";
import { reviewModel, type ReviewRow } from "./review.model";

export { NormalizedRating };

registerEnumType(NormalizedRating, {
  name: "NormalizedRating",
  description: "A fact-check verdict on one common scale (ClaimsKG-style), whatever the reviewer's own labels.",
  valuesConfig: {
    TRUE: { description: "Accurate." },
    MOSTLY_TRUE: { description: "Accurate but needs clarification." },
    MIXED: { description: "Partly accurate, partly not." },
    MOSTLY_FALSE: { description: "Contains an element of truth but misleads." },
    FALSE: { description: "Inaccurate." },
    UNPROVEN: { description: "Cannot be established either way." },
  },
});

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description: "A reviewer's verdict on a claim (schema.org ClaimReview).",
})
export class Review extends rowClass<ReviewRow>() {
  readonly __typename = "Review" as const;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Review", this.uuid);
  }
}
exposeFields(reviewModel, Review);

export const AddReviewPayload = Payload("AddReview", "review", Review, "The review.");
