import { Arg, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { CLAIM, Claim } from "../claim";
import { MATCH_FIRST_DEFAULT, MATCH_FIRST_MAX, MATCH_TEXT_MAX, similarClaims } from "./matching.service";
import { ClaimMatch } from "./matching.type";

@Resolver(() => ClaimMatch)
export class MatchingResolver {
  @Query(() => [ClaimMatch], {
    description:
      '"Has this been checked?": existing claims like `text`, best first, each with a score and a tier. Robust to case, punctuation, word order, common words, typos and number formats ("$1 million", "1 million dollars"). See docs/matching.md.',
  })
  similarClaims(
    @Ctx() ctx: Context,
    @Arg("text", () => String, { description: `The claim to look for, up to ${MATCH_TEXT_MAX} characters.` })
    text: string,
    @Arg("first", () => Int, {
      defaultValue: MATCH_FIRST_DEFAULT,
      description: `How many claims at most, 1 to ${MATCH_FIRST_MAX}.`,
    })
    first: number,
    @Arg("minScore", () => Float, {
      nullable: true,
      description: "Lowest score returned, 0 to 1; default the SIMILAR threshold (CLAIM_SIMILAR_THRESHOLD).",
    })
    minScore?: number | null,
  ): Promise<ClaimMatch[]> {
    return similarClaims(ctx, { text, first, minScore });
  }

  @FieldResolver(() => Claim, { description: "The claim found, with its reviews and verdicts." })
  async claim(@Root() match: ClaimMatch, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, match.claimId)) as Claim;
  }
}
