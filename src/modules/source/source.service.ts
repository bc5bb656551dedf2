import type { Context } from "../../context";
import { type Sql, and, sql } from "../../db/sql";
import { UserInputError } from "../../shared/errors";
import { compileEnum, compileString } from "../../shared/filters";
import { expectGlobalId } from "../../shared/global-id";
import type { PageArgs } from "../../shared/pagination";
import type { SourceFilter } from "./source.inputs";
import { SOURCE } from "./source.sql";
import type { Source } from "./source.type";

export function sourceFilterSql(filter: SourceFilter | null | undefined): Sql {
  if (!filter) return sql`TRUE`;
  return and([
    ...compileEnum(sql`t.kind`, "source_kind", filter.kind, "filter.kind"),
    ...compileString(sql`t.title`, filter.title, "filter.title"),
    ...compileString(sql`t.url`, filter.url, "filter.url"),
  ]);
}

export function findSource(ctx: Context, args: { id?: string | null; url?: string | null }): Promise<Source | null> {
  if ((args.id == null) === (args.url == null)) {
    throw new UserInputError("pass exactly one of `id` and `url`");
  }
  if (args.id != null) return ctx.loaders.byId(SOURCE, expectGlobalId(args.id, "Source"));
  return ctx.loaders.one(SOURCE, "url", args.url as string, "text");
}

export function listSources(ctx: Context, filter: SourceFilter | null | undefined, page: PageArgs) {
  return ctx.loaders.page(
    { ...SOURCE, name: "sources", where: sourceFilterSql(filter) },
    page,
    undefined,
    JSON.stringify(filter ?? {}),
  );
}
