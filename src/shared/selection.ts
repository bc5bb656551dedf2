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

function selects(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, depth = 0): boolean {
  if (!set || depth > 16) return false;
  for (const selection of set.selections) {
    if (selection.kind === "Field") {
      if (selection.name.value === name) return true;
    } else if (selection.kind === "InlineFragment") {
      if (selects(selection.selectionSet, name, info, depth + 1)) return true;
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment && selects(fragment.selectionSet, name, info, depth + 1)) return true;
    }
  }
  return false;
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
  const wants = { totalCount: nodes.some((node) => selects(node.selectionSet, "totalCount", info)) };
  if (single) cache.set(single, wants);
  return wants;
}
