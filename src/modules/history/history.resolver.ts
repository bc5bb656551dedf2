import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { history } from "./history.service";
import { Revision } from "./history.type";

@Resolver()
export class HistoryResolver {
  @Query(() => [Revision], {
    description: "Every write to an object, oldest first: who, what, when, before and after (at most 1,000).",
  })
  history(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "The object's global ID." }) id: string) {
    return history(ctx, id);
  }
}
