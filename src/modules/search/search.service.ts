import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { connectionWants } from "../../shared/selection";
import { queryRows } from "../../db/sql";
import { badInput } from "../../shared/errors";
import type { PageArgs } from "../../shared/pagination";
import { searchText } from "../filter";
import { searchSpec, snippetSql } from "./search.sql";
import { type SearchHit, SearchType } from "./search.type";

const ALL_TYPES = Object.values(SearchType);

export function searchHits(
  ctx: Context,
  args: PageArgs & { query: string; types?: SearchType[] | null },
  info?: GraphQLResolveInfo,
) {
  const query = searchText(args.query);
  if (query === null) throw badInput("`query` is empty", { argument: "query" });
  const types =
    args.types && args.types.length > 0 ? ALL_TYPES.filter((type) => args.types!.includes(type)) : ALL_TYPES;
  const spec = searchSpec(query, types);
  const variant = JSON.stringify([query, types]);
  return ctx.loaders.page(spec, args, undefined, variant, connectionWants(info).totalCount);
}

/** Snippets for every hit of one type on the page come from one statement. */
export async function searchSnippet(ctx: Context, hit: SearchHit): Promise<string> {
  const loader = ctx.loaders.batch<string>(`search.snippet:${hit.type}:${hit.query}`, async (ids) => {
    const rows = await queryRows<{ id: string; snippet: string }>(ctx.sql, snippetSql(hit.type, ids, hit.query));
    const byId = new Map(rows.map((row) => [row.id, row.snippet]));
    return ids.map((id) => byId.get(id) ?? "");
  });
  return loader.load(hit.uuid);
}
