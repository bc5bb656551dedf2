import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination";

@ObjectType({ simpleResolvers: true, description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field({ description: "Whether more items follow this page (exact, under the same filter)." })
  hasNextPage!: boolean;

  @Field({ description: "Whether items precede this page (exact, under the same filter)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page; null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item of the page; null on an empty page." })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgsInput {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items (1..${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE} when neither first nor last is given).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return the last n items (1..${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return items before this cursor." })
  before?: string | null;
}

/** `<Name>Connection` and `<Name>Edge` for a node type (GitHub's shape: edges, nodes, pageInfo, totalCount). */
export function ConnectionType<T extends object>(name: string, Node: ClassType<T>, itemDescription: string) {
  @ObjectType(`${name}Edge`, {
    simpleResolvers: true,
    description: `An edge in a ${name} connection: ${itemDescription}, with its cursor.`,
  })
  class Edge {
    @Field({ description: "Opaque cursor of this item, for `after`/`before`." })
    cursor!: string;

    @Field(() => Node, { description: "The item." })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${itemDescription}.` })
  class ConnectionClass {
    @Field(() => [Edge], { description: "The items of this page with their cursors." })
    edges!: Edge[];

    @Field(() => [Node], { description: "The items of this page, without cursors." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Cursors and flags to page through the list." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Number of items in the whole list under its filter (not just this page)." })
    totalCount!: number;
  }
  return ConnectionClass;
}
