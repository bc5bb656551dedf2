import type { Context } from "../../context";
import { type Sql, and, queryRows } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { toGlobalId } from "../../shared/global-id";
import { type FilterShape, filterSql, MODEL, searchText } from "../filter";
import type { FacetQuery } from "./facets.sql";
import { FacetBucket } from "./facets.type";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { CLAIM_FACETS, SOURCE_FACETS } from "./facets.sql";

function where(
  type: "Claim" | "Source",
  filter: FilterShape | null | undefined,
  search: string | null | undefined,
): Sql {
  const parts = [filterSql(type, filter)];
  const text = searchText(search);
  if (text) parts.push(MODEL[type].search!.predicate("t", text));
  return and(parts);
}

export const claimFacetWhere = (filter?: FilterShape | null, search?: string | null) => where("Claim", filter, search);
export const sourceFacetWhere = (filter?: FilterShape | null, search?: string | null) =>
  where("Source", filter, search);

export async function facet(ctx: Context, query: FacetQuery, filterWhere: Sql, limit: number): Promise<FacetBucket[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw badInput("`limit` must be between 1 and 500", { argument: "limit" });
  }
  const rows = await queryRows<{ key: string; label: string; count: number; node_type: "Entity" | "Viewpoint" | null }>(
    ctx.sql,
    query.sql(filterWhere, limit),
  );
  return rows.map((row) =>
    Object.assign(new FacetBucket(), {
      key: row.node_type ? toGlobalId(row.node_type, row.key) : row.key,
      label: row.label,
      count: row.count,
      nodeType: row.node_type,
    }),
  );
}
