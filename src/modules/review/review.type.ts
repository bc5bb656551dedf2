import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { NormalizedRating } from "../../generated/prisma/enums";
import { toGlobalId } from "../../shared/global-id";
import { Node } from "../../shared/node";

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
export class Review {
  readonly __typename = "Review" as const;
  uuid!: string;
  claimId!: string;
  reviewerId!: string;
  sourceId!: string;

  @Field(() => ID, { description: "Opaque global ID." })
  get id(): string {
    return toGlobalId("Review", this.uuid);
  }

  @Field({ description: "The verdict as the reviewer published it (e.g. `Pants on Fire!`)." })
  originalRating!: string;

  @Field(() => NormalizedRating, { description: "The verdict on the common scale." })
  normalizedRating!: NormalizedRating;

  @Field(() => Date, { nullable: true, description: "When the review was published." })
  reviewedAt!: Date | null;

  @Field(() => Int, { description: "Increases with every update (optimistic locking)." })
  version!: number;

  @Field({ description: "When this review was first recorded." })
  createdAt!: Date;

  @Field({ description: "When this review was last changed." })
  updatedAt!: Date;
}
