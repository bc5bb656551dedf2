import { createHash } from "node:crypto";
import type { FieldNode, GraphQLResolveInfo } from "graphql";
import type { Reads, TableRead } from "../../db/reads";
import { type Sql, and, sql } from "../../db/sql";
import { badInput } from "../../shared/errors";
import { checkText } from "../../shared/filters";
import { type ListSpec, normalizeArgs, type OrderKey, type PageArgs } from "../../shared/pagination";
import type { Loaders } from "../../shared/rows";
import { narrowSpec } from "../../shared/columns";
import { connectionIncludes, prefetchPage, readsOnlyRowId } from "../../shared/prefetch";
import { connectionWants, nodeFields } from "../../shared/selection";
import { filterReads, filterSql } from "./filter.compiler";
import type { ListArgsShape, OrderShape } from "./filter.inputs";
import { MODEL, type TypeName } from "./filter.model";

const MAX_ORDER_KEYS = 5;

export interface AppliedList<T> {
  spec: ListSpec<T>;
  page: PageArgs;
  /** Distinguishes loaders of the same list with different filters, orderings or searches. */
  variant: string;
}

/** A blank search is no search. */
export function searchText(search: string | null | undefined): string | null {
  if (search == null) return null;
  checkText(search, "search");
  return search.trim() === "" ? null : search;
}

/**
 * A short fingerprint of a search's text, part of the name of every RELEVANCE ordering: a relevance
 * cursor holds a rank that means something only for the search that produced it, so a cursor from one
 * search is refused by another (its ordering name differs) instead of paging it wrongly.
 */
export function searchFingerprint(search: string): string {
  return createHash("sha256").update(search).digest("base64url").slice(0, 12);
}

function ordering(
  type: TypeName,
  orderBy: OrderShape[] | null | undefined,
  search: string | null,
  fallback?: ListSpec<unknown>["order"],
) {
  const model = MODEL[type];
  const seq = (direction: "ASC" | "DESC"): OrderKey => ({ expr: sql`t.seq`, direction, type: "int" });
  const relevance = (direction: "ASC" | "DESC"): OrderKey => {
    if (!search || !model.search) {
      throw badInput("ordering by RELEVANCE needs a `search`", { argument: "orderBy" });
    }
    return { expr: model.search.rank("t", search), direction, type: "float" };
  };
  if (!orderBy || orderBy.length === 0) {
    if (search && model.search) {
      return { name: `RELEVANCE:DESC@${searchFingerprint(search)}`, keys: [relevance("DESC"), seq("ASC")] };
    }
    return fallback;
  }
  if (orderBy.length > MAX_ORDER_KEYS) {
    throw badInput(`\`orderBy\` takes at most ${MAX_ORDER_KEYS} keys`, { argument: "orderBy" });
  }
  const keys: OrderKey[] = orderBy.map(({ field, direction }) => {
    const dir = direction ?? "ASC";
    if (field === "RELEVANCE") return relevance(dir);
    const order = model.order[field];
    if (!order) throw badInput(`cannot order ${model.description} by ${field}`, { argument: "orderBy" });
    return { expr: order.expr("t"), direction: dir, type: order.type, nullable: order.nullable };
  });
  const last = orderBy[orderBy.length - 1]!.direction ?? "ASC";
  return {
    name: orderBy
      .map(({ field, direction }) =>
        field === "RELEVANCE"
          ? `${field}:${direction ?? "ASC"}@${searchFingerprint(search!)}`
          : `${field}:${direction ?? "ASC"}`,
      )
      .join(","),
    keys: [...keys, seq(last)],
  };
}

/**
 * Applies a connection's filter, search and orderBy to a list spec whose node table is aliased `t`.
 * The search text is a parameter of websearch_to_tsquery, which accepts any input.
 */
export function applyListArgs<T>(base: ListSpec<T>, type: TypeName, args: ListArgsShape): AppliedList<T> {
  const model = MODEL[type];
  const search = searchText(args.search);
  const where: Sql[] = [];
  if (base.where) where.push(base.where);
  if (model.retractable && !args.includeRetracted) where.push(sql`t.retracted_at IS NULL`);
  if (args.filter) where.push(filterSql(type, args.filter));
  if (search && model.search) where.push(model.search.predicate("t", search));
  const spec: ListSpec<T> = {
    ...base,
    where: and(where),
    order: ordering(type, args.orderBy, search, base.order),
    reads: listReads(base, type, args, search),
    ...(search && model.search ? { matchOnce: true } : {}),
  };
  return {
    spec,
    page: { first: args.first, after: args.after, last: args.last, before: args.before },
    variant: JSON.stringify([args.filter ?? null, args.orderBy ?? null, search, Boolean(args.includeRetracted)]),
  };
}

/**
 * Reads only the columns the connection's nodes ask for (columns.ts), when the spec knows what reads
 * each; the columns join the variant, so a page asked for twice with different fields is two pages.
 */
function narrowed<T>(
  applied: AppliedList<T>,
  type: TypeName,
  nodes: readonly FieldNode[] | undefined,
  info: GraphQLResolveInfo | undefined,
): AppliedList<T> {
  if (!info || !nodes) return applied;
  const narrow = narrowSpec(applied.spec, nodeFields(nodes, info).keys(), (field) => readsOnlyRowId(type, field));
  return narrow ? { ...applied, spec: narrow.spec, variant: `${applied.variant}|${narrow.signature}` } : applied;
}

/**
 * What a list reads with its arguments applied (db/reads.ts): the base spec's own reads, the filter's,
 * the ordering's columns, `retracted_at` where retracted rows are left out, and any column of the table
 * under a search (ranked over several columns and per-row configurations). Undefined when any part
 * cannot be described.
 */
function listReads(
  base: ListSpec<unknown>,
  type: TypeName,
  args: ListArgsShape,
  search: string | null,
): Reads | undefined {
  if (!base.reads) return undefined;
  const model = MODEL[type];
  const filter = filterReads(type, args.filter);
  if (!filter) return undefined;
  // `seq` orders every list (by default, and as the last key of every ordering): a change of it reorders.
  const reads: TableRead[] = [...base.reads, ...filter, { table: model.table, columns: ["seq"] }];
  if (model.retractable && !args.includeRetracted) reads.push({ table: model.table, columns: ["retracted_at"] });
  if (search && model.search) reads.push({ table: model.table, columns: "*" });
  for (const { field } of args.orderBy ?? []) {
    if (field === "RELEVANCE") continue;
    const columns = model.order[field]?.expr.columns;
    if (!columns) return undefined;
    reads.push({ table: model.table, columns });
  }
  return reads;
}

/** Loads one page of a connection with its arguments applied; nested lists batch across parents. */
export function loadList<T>(
  loaders: Loaders,
  base: ListSpec<T>,
  type: TypeName,
  args: ListArgsShape,
  parent?: string,
  info?: GraphQLResolveInfo,
) {
  const applied = narrowed(applyListArgs(base, type, args), type, info?.fieldNodes, info);
  return loaders.page(
    applied.spec,
    applied.page,
    parent,
    applied.variant,
    connectionWants(info).totalCount,
    connectionIncludes(info, type),
  );
}

/**
 * Declares the connection `owner.field` (Entity.claimsMade), whose resolver calls loadList with `base`
 * and `type` for the parent's uuid: lookups and pages that select it then fetch its page in their own
 * statement (prefetch.ts), built from its arguments and selection exactly as the resolver builds it, so
 * the resolver finds it under the same loader key. Arguments the resolver would refuse prefetch nothing.
 */
export function prefetchList<T>(owner: string, field: string, base: ListSpec<T>, type: TypeName): void {
  prefetchPage(owner, field, type, (args, nodes, info) => {
    const applied = narrowed(applyListArgs(base as ListSpec<unknown>, type, args as ListArgsShape), type, nodes, info);
    normalizeArgs(applied.page, applied.spec);
    return { spec: applied.spec, args: applied.page, variant: applied.variant };
  });
}
