import type { Context } from "../../context";
import { UserInputError } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { SOURCE } from "./source.sql";
import type { Source } from "./source.type";

export function findSource(ctx: Context, args: { id?: string | null; url?: string | null }): Promise<Source | null> {
  if ((args.id == null) === (args.url == null)) {
    throw new UserInputError("pass exactly one of `id` and `url`");
  }
  if (args.id != null) return ctx.loaders.byId(SOURCE, expectGlobalId(args.id, "Source"));
  return ctx.loaders.one(SOURCE, "url", args.url as string, "text");
}

export function listSources(ctx: Context, args: ListArgsShape) {
  return loadList(ctx.loaders, { ...SOURCE, name: "sources" }, "Source", args);
}
