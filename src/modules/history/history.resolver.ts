import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, ID, Info, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType, PageArgsInput } from "../../shared/connection-types";
import { history, historyPage, MAX_REVISIONS } from "./history.service";
import { Revision } from "./history.type";

export const RevisionConnection = ConnectionType("Revision", Revision, "revisions (writes to one object)");

@Resolver()
export class HistoryResolver {
  @Query(() => [Revision], {
    description: `Every write to an object, oldest first: who, what, when, before and after. At most ${MAX_REVISIONS.toLocaleString("en")}: an object with more is a BAD_USER_INPUT error (use \`historyConnection\`).`,
    deprecationReason: "Use `historyConnection`, the same revisions paged (first/after, totalCount), with no cap.",
  })
  history(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "The object's global ID." }) id: string) {
    return history(ctx, id);
  }

  @Query(() => RevisionConnection, {
    description:
      "Every write to an object, oldest first: who, what, when, before and after; a connection (replaces the capped `history` list).",
  })
  historyConnection(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "The object's global ID." }) id: string,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return historyPage(ctx, id, page, info);
  }
}
