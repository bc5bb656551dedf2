import { Field, Float, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { Claim } from "../claim";
import { Entity } from "../entity";
import { Quote, Source } from "../source";
import { Viewpoint } from "../viewpoint";

export enum SearchType {
  ENTITY = "ENTITY",
  CLAIM = "CLAIM",
  SOURCE = "SOURCE",
  VIEWPOINT = "VIEWPOINT",
  QUOTE = "QUOTE",
}
registerEnumType(SearchType, {
  name: "SearchType",
  description: "A kind of object the root `search` can return.",
  valuesConfig: {
    ENTITY: { description: "Entities: names, aliases (also fuzzily) and descriptions." },
    CLAIM: { description: "Claims: their text." },
    SOURCE: { description: "Sources: titles and text snapshots." },
    VIEWPOINT: { description: "Viewpoints: titles and summaries." },
    QUOTE: { description: "Quotes: the quoted text." },
  },
});

export const SearchResult = createUnionType({
  name: "SearchResult",
  description: "An object found by `search`.",
  types: () => [Entity, Claim, Source, Viewpoint, Quote] as const,
  resolveType: (value) => (value as { __typename: string }).__typename,
});

@ObjectType({ simpleResolvers: true, description: "One search hit: the object, how well it matches, and where." })
export class SearchHit {
  type!: SearchType;
  uuid!: string;
  query!: string;

  @Field(() => Float, { description: "Relevance; higher is better. Comparable within one search only." })
  rank!: number;
}
