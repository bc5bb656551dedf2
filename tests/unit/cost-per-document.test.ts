import { type DocumentNode, type OperationDefinitionNode, parse } from "graphql";
import { operationCost } from "../../src/limits/cost";

/**
 * operationCost (src/limits/cost.ts) keeps the cost of an operation whose estimate reads no variable,
 * keyed by the operation's node (Apollo hands out the same parsed document for the same query text),
 * and estimates an operation whose page sizes come from variables on every request.
 */

function parsed(query: string): { document: DocumentNode; operation: OperationDefinitionNode } {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition",
  )!;
  return { document, operation };
}

describe("operationCost", () => {
  it("gives an operation without variables the same cost on every request", () => {
    const { document, operation } = parsed(
      `{ entities(first: 10) { nodes { claimsMade(first: 3) { nodes { id } } } } }`,
    );
    expect(operationCost(document, operation, {})).toBe(40);
    // Variables sent with it (unused) change nothing.
    expect(operationCost(document, operation, { n: 100 })).toBe(40);
  });

  it("estimates again for each request when a page size comes from a variable", () => {
    const { document, operation } = parsed(`query($n: Int = 5) { claims(first: $n) { nodes { id } } }`);
    expect(operationCost(document, operation, { n: 7 })).toBe(7);
    expect(operationCost(document, operation, { n: 90 })).toBe(90);
    expect(operationCost(document, operation, {})).toBe(5);
  });

  it("refuses an invalid literal page size on every request, not only the first", () => {
    const { document, operation } = parsed(`{ claims(first: 9999999999999) { nodes { id } } }`);
    expect(() => operationCost(document, operation, {})).toThrow(/`first` must be between 1 and/);
    expect(() => operationCost(document, operation, {})).toThrow(/`first` must be between 1 and/);
  });

  it("refuses an invalid page size in a variable only for the request that sends it", () => {
    const { document, operation } = parsed(`query($n: Int) { claims(first: $n) { nodes { id } } }`);
    expect(() => operationCost(document, operation, { n: 2 ** 40 })).toThrow(/`first` must be between 1 and/);
    expect(operationCost(document, operation, { n: 3 })).toBe(3);
  });
});
