import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { SOURCE } from "./source.sql";
import type { Source } from "./source.type";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { ENTITY_SOURCES_PUBLISHED, SOURCE, SOURCE_AUTHORS, SOURCE_DERIVATIVES, SOURCE_QUOTES } from "./source.sql";

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

/** Read specs leave the snapshot out (source.sql.ts): it is fetched here, batched, only when asked for. */
export function sourceText(ctx: Context, source: Source): string | null | Promise<string | null> {
  if (source.text !== undefined) return source.text;
  return ctx.loaders
    .batch<string | null>("Source.text", async (ids) => {
      const rows = await queryRows<{ id: string; text: string | null }>(
        ctx.sql,
        sql`SELECT id::text AS id, text FROM source WHERE id = ANY(${ids as string[]}::uuid[])`,
      );
      const texts = new Map(rows.map((row) => [row.id, row.text]));
      return ids.map((id) => texts.get(id) ?? null);
    })
    .load(source.uuid);
}
