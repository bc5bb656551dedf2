import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { badInput, codedError } from "../shared/errors";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../shared/pagination";

/**
 * The number of objects a query may return, estimated before it runs, GitHub-style: each
 * connection contributes its page size (`first`/`last`, default 20) times the page sizes of the
 * connections around it; `nodes(ids:)` and facet `limit`s count the same way. Page sizes in variables
 * count too. GraphQL Armor's cost rule ignores `first`, which is what makes nested pages expensive.
 */
export interface CostOptions {
  /** Largest page size to assume when an argument is missing or not a number. */
  defaultPageSize?: number;
}

/**
 * A variable's value as the request will run it: the value sent, else the declared default. `read` is
 * set once the estimate has consulted any variable (see operationCost).
 */
type Variables = { values: Record<string, unknown>; defaults: Map<string, ValueNode>; read: boolean };

function intValue(node: ValueNode | undefined, variables: Variables): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    variables.read = true;
    const name = node.name.value;
    if (!(name in variables.values)) return intValue(variables.defaults.get(name), variables);
    const value = variables.values[name];
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

function listLength(node: ValueNode | undefined, variables: Variables): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.LIST) return node.values.length;
  if (node.kind === Kind.VARIABLE) {
    variables.read = true;
    const name = node.name.value;
    if (!(name in variables.values)) return listLength(variables.defaults.get(name), variables);
    const value = variables.values[name];
    return Array.isArray(value) ? value.length : undefined;
  }
  return undefined;
}

/**
 * A page size that is not a GraphQL Int at all (a fraction, or past 2^31-1) is refused here as the
 * client's mistake: variables are not coerced before the cost is estimated, and `first: 2^63` was
 * otherwise reported as a cost of 9223372036854776000. An Int over the page limit is left to the cost
 * check and then to the list itself.
 */
function pageSize(value: number | undefined, argument: string): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || Math.abs(value) > 2_147_483_647)) {
    throw badInput(`\`${argument}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`, {
      argument,
      http: { status: 400 },
    });
  }
  return value;
}

/** Fields that return a bounded graph rather than a page: counted at their maximum. */
const FIXED_SIZES: Record<string, number> = { argumentGraph: 500 };
/** Plain lists paged by `first` whose default is not the connections' default: counted at that default. */
const DEFAULT_SIZES: Record<string, number> = { similarClaims: 10 };

/** How many items one occurrence of this field can yield. */
function multiplier(field: FieldNode, variables: Variables): number {
  const fixed = FIXED_SIZES[field.name.value];
  if (fixed !== undefined) return fixed;
  const args = new Map((field.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
  const first = pageSize(intValue(args.get("first"), variables), "first");
  const last = pageSize(intValue(args.get("last"), variables), "last");
  if (first !== undefined || last !== undefined) return Math.max(1, first ?? 0, last ?? 0);
  if (args.has("ids")) return Math.max(1, listLength(args.get("ids"), variables) ?? 100);
  const limit = intValue(args.get("limit"), variables);
  if (limit !== undefined) return Math.max(1, limit);
  const byDefault = DEFAULT_SIZES[field.name.value];
  if (byDefault !== undefined) return byDefault;
  return 0; // not a list by its arguments: decided by the caller
}

export function estimateCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostOptions = {},
): number {
  return estimate(document, operation, variables, options).cost;
}

/**
 * Costs of operations whose estimate read no variable: the same for every request that sends them. Keyed
 * by the operation's node, which Apollo's document cache hands out again for the same query text (its
 * documentStore keeps parsed and validated documents by the text's hash), so the estimate runs once per
 * distinct document and operation. Weak: an operation leaves with its document.
 */
const fixedCosts = new WeakMap<OperationDefinitionNode, number>();

/**
 * estimateCost, once per distinct operation when its cost does not depend on variables (no variable
 * among its page sizes, ids or limits); an operation whose cost does (`first: $n`) is estimated for
 * each request, a walk of its selections without any allocation per field beyond the argument map.
 * A refused page size (pageSize throws) is never kept, so it is refused again on every request.
 */
export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const known = fixedCosts.get(operation);
  if (known !== undefined) return known;
  const { cost, readVariables } = estimate(document, operation, variables, {});
  if (!readVariables) fixedCosts.set(operation, cost);
  return cost;
}

function estimate(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostOptions,
): { cost: number; readVariables: boolean } {
  const pageSize = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  const vars: Variables = {
    read: false,
    values: variables,
    defaults: new Map(
      (operation.variableDefinitions ?? [])
        .filter((definition) => definition.defaultValue)
        .map((definition) => [definition.variable.name.value, definition.defaultValue!]),
    ),
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const connectionFields = new Set(["edges", "nodes"]);

  /**
   * Items the connections in a selection can return when it is asked `factor` times (once per parent
   * item). Only paged lists count, as in GitHub's node limit: objects and small plain lists (claimants,
   * evidence) ride along with their parent.
   */
  const walk = (selectionSet: SelectionSetNode, factor: number, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet || selection.name.value.startsWith("__")) continue;
        const size = multiplier(selection, vars);
        const looksLikeConnection = selection.selectionSet.selections.some(
          (s) => s.kind === Kind.FIELD && connectionFields.has(s.name.value),
        );
        const items = size > 0 ? size : looksLikeConnection ? pageSize : 0;
        if (items > 0) total += factor * items;
        total += walk(selection.selectionSet, factor * Math.max(1, items), seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += walk(selection.selectionSet, factor, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue; // cycles are refused by validation anyway
        total += walk(fragment.selectionSet, factor, new Set([...seen, name]));
      }
      if (total > Number.MAX_SAFE_INTEGER / 4) return total;
    }
    return total;
  };
  const cost = walk(operation.selectionSet, 1, new Set());
  return { cost, readVariables: vars.read };
}

export function costError(cost: number, limit: number, anonymous: boolean): GraphQLError {
  return codedError(
    "QUERY_TOO_COSTLY",
    `This query could return up to ${cost} objects; the limit is ${limit}${anonymous ? " for anonymous callers (an API key raises it)" : ""}. Ask for smaller pages (first/last) or fewer nested lists.`,
    { cost, limit, http: { status: 400 } },
  );
}
