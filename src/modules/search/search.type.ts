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
    ENTITY: { description: "Entities: names, aliases and descriptions (in English)." },
    CLAIM: { description: "Claims: their text, in the claim's language." },
    SOURCE: { description: "Sources: titles and text snapshots, in the source's language." },
    VIEWPOINT: { description: "Viewpoints: titles and summaries (in English)." },
    QUOTE: { description: "Quotes: the quoted text, in its source's language." },
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

  @Field(() => Float, {
    description:
      "Relevance; higher is better. Its whole part is the kind of match: 4 the object's own text equals the query, 3 it holds the query as a phrase, 2 all its words, 1 only with typos corrected (docs/search.md).",
  })
  rank!: number;
}
