import type { GraphQLResolveInfo } from "graphql";
import { Args, ArgsType, Ctx, Field, FieldResolver, Query, Resolver, Root, Info } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType, PageArgsInput } from "../../shared/connection-types";
import { CLAIM, type Claim } from "../claim";
import { ENTITY, type Entity } from "../entity";
import { QUOTE, SOURCE, type Quote, type Source } from "../source";
import { VIEWPOINT, type Viewpoint } from "../viewpoint";
import { searchHits, searchSnippet } from "./search.service";
import { SearchHit, SearchResult, SearchType } from "./search.type";

export const SearchConnection = ConnectionType("Search", SearchHit, "search hits, best first");

@ArgsType()
class SearchArgs extends PageArgsInput {
  @Field(() => String, {
    description: 'What to look for, in web-search syntax: words, "quoted phrases", OR, -excluded words.',
  })
  query!: string;

  @Field(() => [SearchType], { nullable: true, description: "Which kinds of objects to search; default all." })
  types?: SearchType[] | null;
}

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      "Full-text search across entities, claims, sources, viewpoints and quotes, each in its language, ranked in tiers (exact text, phrase, all words, typo-tolerant), with highlighted snippets. Misspelled words also match the closest words of the data.",
  })
  search(@Ctx() ctx: Context, @Args() args: SearchArgs, @Info() info: GraphQLResolveInfo) {
    return searchHits(ctx, args, info);
  }

  @FieldResolver(() => SearchResult, { description: "The object found." })
  async node(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<Entity | Claim | Source | Viewpoint | Quote> {
    switch (hit.type) {
      case SearchType.ENTITY:
        return (await ctx.loaders.byId(ENTITY, hit.uuid)) as Entity;
      case SearchType.CLAIM:
        return (await ctx.loaders.byId(CLAIM, hit.uuid)) as Claim;
      case SearchType.SOURCE:
        return (await ctx.loaders.byId(SOURCE, hit.uuid)) as Source;
      case SearchType.VIEWPOINT:
        return (await ctx.loaders.byId(VIEWPOINT, hit.uuid)) as Viewpoint;
      case SearchType.QUOTE:
        return (await ctx.loaders.byId(QUOTE, hit.uuid)) as Quote;
    }
  }

  @FieldResolver(() => String, {
    description:
      "Where the object matches: an excerpt with the matching words wrapped in <mark></mark>. Plain text otherwise: escape it before rendering as HTML.",
  })
  snippet(@Root() hit: SearchHit, @Ctx() ctx: Context): Promise<string> {
    return searchSnippet(ctx, hit);
  }
}
