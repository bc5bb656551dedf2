import { Field, InputType } from "type-graphql";
import { type EnumFilterShape, EnumFilterType, StringFilter } from "../../shared/filters";
import { ClaimKind, ClaimRank, ClaimRelationKind } from "./claim.type";

export const ClaimKindFilter = EnumFilterType<ClaimKind>("ClaimKind", ClaimKind);
export const ClaimRankFilter = EnumFilterType<ClaimRank>("ClaimRank", ClaimRank);
export const ClaimRelationKindFilter = EnumFilterType<ClaimRelationKind>("ClaimRelationKind", ClaimRelationKind);

@InputType({ description: "Conditions on claims; all given conditions must hold." })
export class ClaimFilter {
  @Field(() => ClaimKindFilter, { nullable: true, description: "The claim's kind." })
  kind?: EnumFilterShape<ClaimKind> | null;

  @Field(() => ClaimRankFilter, { nullable: true, description: "The claim's rank." })
  rank?: EnumFilterShape<ClaimRank> | null;

  @Field(() => StringFilter, { nullable: true, description: "The claim's text." })
  text?: StringFilter | null;
}
