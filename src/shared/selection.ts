import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * What a connection field's selection asks for, read from the query before any SQL runs, so that a
 * page and its `totalCount` travel in one statement instead of two round trips one after the other.
 * Cached per field node: Apollo keeps parsed documents, so a repeated query reuses its answer.
 */
export interface ConnectionWants {
  totalCount: boolean;
}

const cache = new WeakMap<FieldNode, ConnectionWants>();

/** Selections of a selection set by field name, fragments (named and inline) flattened. */
function fieldsIn(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  into: Map<string, FieldNode[]>,
  depth = 0,
): Map<string, FieldNode[]> {
  if (!set || depth > 16) return into;
  for (const selection of set.selections) {
    if (selection.kind === "Field") {
      const list = into.get(selection.name.value);
      if (list) list.push(selection);
      else into.set(selection.name.value, [selection]);
    } else if (selection.kind === "InlineFragment") {
      fieldsIn(selection.selectionSet, info, into, depth + 1);
    } else {
      fieldsIn(info.fragments[selection.name.value]?.selectionSet, info, into, depth + 1);
    }
  }
  return into;
}

/** The fields selected under `nodes` (merged across their occurrences), by name. */
export function subfields(nodes: readonly FieldNode[] | undefined, info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const into = new Map<string, FieldNode[]>();
  for (const node of nodes ?? []) fieldsIn(node.selectionSet, info, into);
  return into;
}

/** The fields selected on the nodes of the connection selected by `nodes` (under `nodes` and `edges.node`). */
export function nodeFields(
  nodes: readonly FieldNode[] | undefined,
  info: GraphQLResolveInfo,
): Map<string, FieldNode[]> {
  const connection = subfields(nodes, info);
  const fields = subfields(connection.get("nodes"), info);
  for (const [name, found] of subfields(subfields(connection.get("edges"), info).get("node"), info)) {
    fields.set(name, [...(fields.get(name) ?? []), ...found]);
  }
  return fields;
}

/**
 * Whether the connection field being resolved selects `totalCount` (directly, or through fragments;
 * a field skipped by @skip/@include still counts as asked for: that only costs a count).
 */
export function connectionWants(info: GraphQLResolveInfo | undefined): ConnectionWants {
  if (!info) return { totalCount: false };
  const nodes = info.fieldNodes;
  const single = nodes.length === 1 ? nodes[0]! : undefined;
  const cached = single && cache.get(single);
  if (cached) return cached;
  const wants = { totalCount: subfields(nodes, info).has("totalCount") };
  if (single) cache.set(single, wants);
  return wants;
}
