import { Field, Int, ObjectType } from "type-graphql";
import type { Sql } from "../../db/sql";

@ObjectType({
  simpleResolvers: true,
  description: "One bar of a chart: a value of the facet and how many items have it.",
})
export class FacetBucket {
  nodeType!: "Entity" | "Viewpoint" | null;

  @Field({
    description:
      "The value: an enum value (FALSE, NORMATIVE), a month (2025-03), `undated`, the global ID of an entity or viewpoint, or `none` (no publisher).",
  })
  key!: string;

  @Field({
    description:
      "A human label for the value: the enum value, the month, the entity's name / viewpoint's title, or `No publisher`.",
  })
  label!: string;

  @Field(() => Int, { description: "Exact number of items with this value." })
  count!: number;
}

/** Holds the filter the facets of one request share; each facet field is one statement. */
@ObjectType({
  simpleResolvers: true,
  description: "Counts of the claims matching one filter, grouped by facet. Ask only the facets you chart.",
})
export class ClaimFacets {
  constructor(readonly where: Sql) {}
}

@ObjectType({
  simpleResolvers: true,
  description: "Counts of the sources matching one filter, grouped by facet. Ask only the facets you chart.",
})
export class SourceFacets {
  constructor(readonly where: Sql) {}
}
