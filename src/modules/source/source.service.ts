import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { SOURCE } from "./source.sql";
import type { Source } from "./source.type";

export async function findSource(
  ctx: Context,
  args: { id?: string | null; url?: string | null; asOf?: Date | null },
): Promise<Source | null> {
  if ((args.id == null) === (args.url == null)) {
    throw badInput("pass exactly one of `id` and `url`");
  }
  const current =
    args.id != null
      ? await ctx.loaders.byId(SOURCE, expectGlobalId(args.id, "Source"))
      : await ctx.loaders.one(SOURCE, "url", args.url as string, "text");
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? SOURCE.hydrate(past) : null;
}

export function listSources(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, { ...SOURCE, name: "sources" }, "Source", args, undefined, info);
}
