import { Field, Int, ObjectType } from "type-graphql";
import { Claim, ClaimRelation } from "../claim";
import { Stance } from "../stance";

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
  @Field(() => Claim, { description: "The claim." })
  claim!: Claim;

  @Field(() => Stance, { nullable: true, description: "Viewpoint A's stance, if it takes one." })
  stanceA!: Stance | null;

  @Field(() => Stance, { nullable: true, description: "Viewpoint B's stance, if it takes one." })
  stanceB!: Stance | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "Where two viewpoints agree, disagree, and what each addresses alone.",
})
export class ViewpointComparison {
  @Field(() => [ComparedClaim], { description: "Claims both take the same position on." })
  agreements!: ComparedClaim[];

  @Field(() => [ComparedClaim], { description: "Claims one SUPPORTS and the other OPPOSES." })
  disagreements!: ComparedClaim[];

  @Field(() => [ComparedClaim], {
    description:
      "Claims both address with different positions that are not a flat contradiction (e.g. QUALIFIES vs SUPPORTS).",
  })
  differences!: ComparedClaim[];

  @Field(() => [ComparedClaim], { description: "Claims only viewpoint A takes a stance on." })
  onlyA!: ComparedClaim[];

  @Field(() => [ComparedClaim], { description: "Claims only viewpoint B takes a stance on." })
  onlyB!: ComparedClaim[];
}
