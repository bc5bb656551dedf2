import type { Context } from "../../context";
import { type Sql, and, sql } from "../../db/sql";
import { UserInputError } from "../../shared/errors";
import { compileString } from "../../shared/filters";
import { expectGlobalId } from "../../shared/global-id";
import type { PageArgs } from "../../shared/pagination";
import type { ViewpointFilter } from "./viewpoint.inputs";
import { VIEWPOINT } from "./viewpoint.sql";
import type { Viewpoint } from "./viewpoint.type";

export function viewpointFilterSql(filter: ViewpointFilter | null | undefined): Sql {
  if (!filter) return sql`TRUE`;
  return and([
    ...compileString(sql`t.title`, filter.title, "filter.title"),
    ...compileString(sql`t.slug`, filter.slug, "filter.slug"),
  ]);
}

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

export function listViewpoints(ctx: Context, filter: ViewpointFilter | null | undefined, page: PageArgs) {
  return ctx.loaders.page(
    { ...VIEWPOINT, name: "viewpoints", where: viewpointFilterSql(filter) },
    page,
    undefined,
    JSON.stringify(filter ?? {}),
  );
}
