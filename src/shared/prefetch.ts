import {
  type FieldNode,
  type GraphQLResolveInfo,
  type ValueNode,
  getArgumentValues,
  getNamedType,
  isObjectType,
} from "graphql";
import type { Reads } from "../db/reads";
import type { Sql } from "../db/sql";
import { type ColumnCatalog, narrowSpec } from "./columns";
import type { ChildSpec, Include, ListSpec, OneInclude, PageArgs, TableSpec } from "./loader-types";
import { nodeFields, subfields } from "./selection";

/**
 * Lookahead for connection pages and lookups by key: child lists (a claim's claimants, its
 * appearances), their to-one edges (an appearance's source), computed values and nested connections
 * with their arguments (an entity's `claimsMade(first: 20)`) that the query selects on a page's nodes
 * or on a looked-up object are fetched inside that statement, as JSON, and primed into the request's
 * loaders; their resolvers then find them there instead of sending a statement per nesting level, so
 * a lookup with a nested page is one statement, as PostGraphile's is. Only what is registered here is
 * prefetched; everything else loads as before. The SQL is built in pagination.ts.
 */

type Prefetchable =
  | { kind: "children"; spec: ChildSpec<unknown>; childType: string }
  | { kind: "one"; spec: TableSpec<unknown>; foreignKey: string }
  | { kind: "value"; select: Sql; name: string; reads?: Reads }
  | { kind: "page"; nodeType: string; build: PageBuilder };

/**
 * Makes a nested connection's page from its arguments and the field's nodes in the query (which say
 * what its rows must carry), as the connection's resolver makes it.
 */
export type PageBuilder = (
  args: Record<string, unknown>,
  nodes: readonly FieldNode[],
  info: GraphQLResolveInfo,
) => NestedPage;

/** What a nested connection's arguments make of its list: the spec, page and variant its resolver uses. */
export interface NestedPage {
  spec: ListSpec<unknown>;
  args: PageArgs;
  variant: string;
}

const registry = new Map<string, Map<string, Prefetchable>>();

/** `type.field` lists `spec`'s rows (of GraphQL type `childType`) for the parent's `uuid`. */
export function prefetchChildren(type: string, field: string, spec: ChildSpec<unknown>, childType: string): void {
  fieldsOf(type).set(field, { kind: "children", spec, childType });
}

/** `type.field` is the row of `spec` whose id is in the object's `foreignKey` property. */
export function prefetchOne(type: string, field: string, spec: TableSpec<unknown>, foreignKey: string): void {
  fieldsOf(type).set(field, { kind: "one", spec, foreignKey });
}

/**
 * `type.field` is a value computed from the row (a claim's coverage counts): `select` is an expression
 * over the page's row `y` (its id in `y."uuid"`), primed under `name` (Loaders.prefetchedValue).
 */
export function prefetchValue(type: string, field: string, select: Sql, name: string, reads?: Reads): void {
  fieldsOf(type).set(field, { kind: "value", select, name, reads });
}

/**
 * `type.field` is a connection of `nodeType` nodes whose page `build` makes from the field's arguments,
 * exactly as its resolver does (list-args.ts's nestedList registers both from one declaration); `build`
 * throws on arguments the resolver would refuse, and then nothing is prefetched.
 */
export function prefetchPage(type: string, field: string, nodeType: string, build: PageBuilder): void {
  fieldsOf(type).set(field, { kind: "page", nodeType, build });
}

/**
 * Whether `type.field` reads nothing of a row but its id (a child list, a nested connection, a value
 * computed from the id): selecting it needs no column (columns.ts).
 */
export function readsOnlyRowId(type: string, field: string): boolean {
  const kind = registry.get(type)?.get(field)?.kind;
  return kind === "children" || kind === "page" || kind === "value";
}

const narrowCache = new WeakMap<FieldNode, Map<string, unknown>>();

/**
 * `spec` (a child list's, a to-one edge's) reading only what `nodes` select on its rows, of GraphQL type
 * `type`, renamed after its columns, so the request's loaders keep narrowed rows apart from whole ones
 * (the same object asked for twice with different fields); `spec` itself when it cannot be narrowed.
 * Prefetching and the field's resolver make the same spec from the same nodes, so the resolver finds
 * what the prefetch primed. Cached on the field node (the answer depends on the document only).
 */
export function narrowedFor<S extends { name: string; columns: Sql; catalog?: ColumnCatalog }>(
  spec: S,
  nodes: readonly FieldNode[] | undefined,
  info: GraphQLResolveInfo | undefined,
  type: string,
  always: readonly string[] = [],
): S {
  if (!spec.catalog || !info || !nodes || nodes.length === 0) return spec;
  const single = nodes.length === 1 ? nodes[0]! : undefined;
  const cacheKey = always.length > 0 ? `${spec.name}+${always.join(",")}` : spec.name;
  const cached = single && (narrowCache.get(single)?.get(cacheKey) as S | undefined);
  if (cached) return cached;
  const narrow = narrowSpec(spec, subfields(nodes, info).keys(), (field) => readsOnlyRowId(type, field), always);
  const result = narrow ? { ...narrow.spec, name: `${spec.name}|${narrow.signature}` } : spec;
  if (single) {
    let bySpec = narrowCache.get(single);
    if (!bySpec) {
      bySpec = new Map();
      narrowCache.set(single, bySpec);
    }
    bySpec.set(cacheKey, result);
  }
  return result;
}

/** The named GraphQL type of `type.field` (what its rows are), if the schema has it. */
function fieldType(info: GraphQLResolveInfo, type: string, field: string): string | undefined {
  const owner = info.schema.getType(type);
  const definition = isObjectType(owner) ? owner.getFields()[field] : undefined;
  return definition ? getNamedType(definition.type).name : undefined;
}

function fieldsOf(type: string): Map<string, Prefetchable> {
  let fields = registry.get(type);
  if (!fields) {
    fields = new Map();
    registry.set(type, fields);
  }
  return fields;
}

export type { Include, OneInclude };
/** The old name of Include. */
export type ChildrenInclude = Include;

/** How deep nested connections are prefetched into one statement (deeper ones load as before). */
const MAX_PAGE_DEPTH = 3;

const connectionCache = new WeakMap<FieldNode, Include[]>();
const objectCache = new WeakMap<FieldNode, Include[]>();

/** What to prefetch for the nodes of the connection field being resolved (of node type `type`). */
export function connectionIncludes(info: GraphQLResolveInfo | undefined, type: string): Include[] {
  if (!info || !registry.has(type)) return [];
  return cached(connectionCache, info, () => includesOf(nodeFields(info.fieldNodes, info), info, type, 0));
}

/**
 * What to prefetch with the object a lookup by key returns (`entity(id:)`, `claim(id:)`, of type
 * `type`): its selected child lists and nested connections, fetched in the lookup's own statement.
 */
export function objectIncludes(info: GraphQLResolveInfo | undefined, type: string): Include[] {
  if (!info || !registry.has(type)) return [];
  return cached(objectCache, info, () => includesOf(subfields(info.fieldNodes, info), info, type, 0));
}

/**
 * Cached per field node (Apollo keeps parsed documents, so a repeated query reuses its answer), unless
 * a nested connection's arguments use variables: then they are read again for each request.
 */
function cached(cache: WeakMap<FieldNode, Include[]>, info: GraphQLResolveInfo, compute: () => Include[]): Include[] {
  const single = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : undefined;
  const hit = single && cache.get(single);
  if (hit) return hit;
  const includes = compute();
  const variable = (list: Include[]): boolean =>
    list.some((include) => include.kind === "page" && (include.variables === true || variable(include.includes)));
  if (single && !variable(includes)) cache.set(single, includes);
  return includes;
}

/** Whether a value written in a query refers to a variable (`$after`, `{ text: { contains: $s } }`). */
function usesVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case "Variable":
      return true;
    case "ListValue":
      return value.values.some(usesVariable);
    case "ObjectValue":
      return value.fields.some((field) => usesVariable(field.value));
    default:
      return false;
  }
}

function includesOf(
  fields: Map<string, FieldNode[]>,
  info: GraphQLResolveInfo,
  type: string,
  depth: number,
): Include[] {
  const registered = registry.get(type);
  if (!registered) return [];
  const includes: Include[] = [];
  for (const [field, nodes] of fields) {
    const entry = registered.get(field);
    if (entry?.kind === "value") {
      includes.push({ kind: "value", field, select: entry.select, name: entry.name, reads: entry.reads });
      continue;
    }
    if (entry?.kind === "page") {
      if (depth >= MAX_PAGE_DEPTH) continue;
      // Each alias is a page of its own (`all: claimsMade(first: 1)`, `second: claimsMade(filter: ...)`).
      const byAlias = new Map<string, FieldNode[]>();
      for (const node of nodes) {
        const alias = node.alias?.value ?? field;
        byAlias.set(alias, [...(byAlias.get(alias) ?? []), node]);
      }
      for (const [alias, aliased] of byAlias) {
        const page = pageInclude(field, alias, aliased, entry, info, type, depth);
        if (page) includes.push(page);
      }
      continue;
    }
    if (entry?.kind !== "children") continue;
    const childFields = registry.get(entry.childType);
    const ones: OneInclude[] = [];
    for (const [name, oneNodes] of subfields(nodes, info)) {
      const one = childFields?.get(name);
      if (one?.kind !== "one") continue;
      const target = fieldType(info, entry.childType, name);
      const spec = target ? narrowedFor(one.spec, oneNodes, info, target) : one.spec;
      ones.push({ field: name, spec, foreignKey: one.foreignKey });
    }
    includes.push({ field, spec: narrowedFor(entry.spec, nodes, info, entry.childType), ones });
  }
  return includes;
}

/**
 * What fetching `includes` reads (db/reads.ts): each child list's reads and each to-one row's table,
 * each nested page's list reads (its filter, ordering and search applied: list-args.ts's listReads) and
 * what its own includes read, or undefined when any of them describes nothing. A statement that fetches
 * includes must declare all of this: a table it reads but does not declare would leave its answers
 * cached through writes that change them. Narrowed columns (columns.ts) change nothing here: the cache
 * takes the columns an answer shows from the GraphQL selection (read-columns.ts), not from the SQL.
 */
export function includeReads(includes: readonly Include[]): Reads | undefined {
  const reads = [];
  for (const include of includes) {
    if (include.kind === "value") {
      if (!include.reads) return undefined;
      reads.push(...include.reads);
      continue;
    }
    if (include.kind === "page") {
      const nested = include.spec.reads && includeReads(include.includes);
      if (!include.spec.reads || !nested) return undefined;
      reads.push(...include.spec.reads, ...nested);
      continue;
    }
    if (!include.spec.reads) return undefined;
    reads.push(...include.spec.reads);
    for (const one of include.ones) {
      // Found by a foreign key of the child rows: a scan of the table, as far as keys go.
      if (!one.spec.table) return undefined;
      reads.push({ table: one.spec.table }, ...(one.spec.joins ?? []));
    }
  }
  return reads;
}

/**
 * A nested connection's page under one alias, with its arguments read as its resolver will get them
 * (defaults and variables applied); arguments its resolver refuses prefetch nothing, and the resolver
 * then reports them as before.
 */
function pageInclude(
  field: string,
  alias: string,
  nodes: FieldNode[],
  entry: Extract<Prefetchable, { kind: "page" }>,
  info: GraphQLResolveInfo,
  type: string,
  depth: number,
): Include | null {
  const first = nodes[0]!;
  const owner = info.schema.getType(type);
  const definition = isObjectType(owner) ? owner.getFields()[field] : undefined;
  if (!definition) return null;
  let page: NestedPage;
  try {
    const args = getArgumentValues(definition, first, info.variableValues);
    if (nodes.some((node) => node !== first && !sameArguments(node, first))) return null;
    page = entry.build(args, nodes, info);
  } catch {
    return null;
  }
  return {
    kind: "page",
    // Includes merge by this key (mergeIncludes): one per alias and page (two lookups batched into one
    // statement may ask the same field with different arguments).
    field: `${field}:${alias}|${page.spec.name}|${page.variant}|${JSON.stringify(page.args)}`,
    spec: page.spec,
    args: page.args,
    variant: page.variant,
    withCount: subfields(nodes, info).has("totalCount"),
    variables: nodes.some((node) => (node.arguments ?? []).some((argument) => usesVariable(argument.value))),
    includes: includesOf(nodeFields(nodes, info), info, entry.nodeType, depth + 1),
  };
}

/** Two occurrences of a field (fragments) with the same arguments, as written. */
function sameArguments(a: FieldNode, b: FieldNode): boolean {
  const print = (node: FieldNode) =>
    JSON.stringify(node.arguments ?? [], (key, value) => (key === "loc" ? undefined : value));
  return print(a) === print(b);
}
