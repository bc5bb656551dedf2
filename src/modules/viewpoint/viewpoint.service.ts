import type { Context } from "../../context";
import { UserInputError } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { VIEWPOINT } from "./viewpoint.sql";
import type { Viewpoint } from "./viewpoint.type";

export function findViewpoint(
  ctx: Context,
  args: { id?: string | null; slug?: string | null },
): Promise<Viewpoint | null> {
  if ((args.id == null) === (args.slug == null)) {
    throw new UserInputError("pass exactly one of `id` and `slug`");
  }
  if (args.id != null) return ctx.loaders.byId(VIEWPOINT, expectGlobalId(args.id, "Viewpoint"));
  return ctx.loaders.one(VIEWPOINT, "slug", args.slug as string, "text");
}

export function listViewpoints(ctx: Context, args: ListArgsShape) {
  return loadList(ctx.loaders, { ...VIEWPOINT, name: "viewpoints" }, "Viewpoint", args);
}
