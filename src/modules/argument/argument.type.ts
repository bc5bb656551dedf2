import { Field, Int, ObjectType } from "type-graphql";
import { Claim, ClaimRelation } from "../claim";

@ObjectType({
  simpleResolvers: true,
  description: "A claim in an argument graph, with its distance from the starting claim.",
})
export class ArgumentGraphNode {
  @Field(() => Claim, { description: "The claim." })
  claim!: Claim;

  @Field(() => Int, { description: "Number of links between the starting claim and this one (0 for the start)." })
  depth!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "The claims linked to a claim, up to a depth, and the links between them.",
})
export class ArgumentGraph {
  @Field(() => [ArgumentGraphNode], { description: "Claims reached, nearest first; the starting claim first." })
  nodes!: ArgumentGraphNode[];

  @Field(() => [ClaimRelation], { description: "Every link (of the kinds asked) between two claims of `nodes`." })
  edges!: ClaimRelation[];

  @Field({ description: "True when the graph was cut at the node limit; ask a smaller depth." })
  truncated!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: "A claim two viewpoints are compared on, with each side's stance and its evidence.",
})
export class ComparedClaim {
  /** The claim's and the two stances' database ids; the fields resolve them (argument.resolver.ts). */
  claimId!: string;
  stanceAId!: string | null;
  stanceBId!: string | null;
}

/** How two viewpoints' stances on one claim compare (the lists of ViewpointComparison). */
export type ComparisonCategory = "agreements" | "disagreements" | "differences" | "onlyA" | "onlyB";

export const COMPARISON_CATEGORIES: readonly ComparisonCategory[] = [
  "agreements",
  "disagreements",
  "differences",
  "onlyA",
  "onlyB",
];

@ObjectType({
  simpleResolvers: true,
  description:
    "Where two viewpoints agree, disagree, and what each addresses alone. Each list is a connection (`agreementsConnection`, ...); the plain lists are deprecated.",
})
export class ViewpointComparison {
  /** The two viewpoints' database ids; every list is read from them when asked for. */
  idA!: string;
  idB!: string;
}
