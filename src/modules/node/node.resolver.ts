import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { badInput } from "../../shared/errors";
import { fromGlobalId, type NodeTypeName } from "../../shared/global-id";
import { Node } from "../../shared/node";
import type { TableSpec } from "../../shared/rows";
import { CLAIM, CLAIM_RELATION } from "../claim";
import { ENTITY, type Entity, followMerges } from "../entity";
import { ENTITY_RELATION } from "../entity-relation";
import { REVIEW } from "../review";
import { SUGGESTION } from "../ingest";
import { QUOTE, SOURCE } from "../source";
import { STANCE } from "../stance";
import { VIEWPOINT } from "../viewpoint";
import { Event } from "../live";

const SPECS: Record<NodeTypeName, TableSpec<object>> = {
  Entity: ENTITY,
  EntityRelation: ENTITY_RELATION,
  Source: SOURCE,
  Quote: QUOTE,
  Claim: CLAIM,
  ClaimRelation: CLAIM_RELATION,
  Viewpoint: VIEWPOINT,
  Stance: STANCE,
  Review: REVIEW,
  Suggestion: SUGGESTION,
};

const MAX_NODES = 100;

/**
 * A well-formed ID of a known type that matches nothing is null; a malformed one is null too (Relay).
 * A merged entity's ID gives its survivor, as `entity(id:)` does.
 */
async function loadNode(ctx: Context, globalId: string): Promise<object | null> {
  const decoded = fromGlobalId(globalId);
  if (!decoded) return null;
  const found = await ctx.loaders.byId(SPECS[decoded.type], decoded.id);
  return decoded.type === "Entity" ? followMerges(ctx, found as Entity | null) : found;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global ID; null when nothing has that ID." })
  node(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "A global ID." }) id: string) {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Objects by global ID, in the order asked (null where nothing has that ID); at most ${MAX_NODES}.`,
  })
  nodes(@Ctx() ctx: Context, @Arg("ids", () => [ID], { description: "Global IDs." }) ids: string[]) {
    if (ids.length > MAX_NODES) {
      throw badInput(`\`ids\` lists more than ${MAX_NODES} IDs`, { argument: "ids" });
    }
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}

@Resolver(() => Event)
export class EventSubjectResolver {
  @FieldResolver(() => Node, {
    nullable: true,
    description:
      "The object the event is about, as it is now (not as it was at the event): null for an import's summary or when nothing has that ID.",
  })
  subject(@Root() event: Event, @Ctx() ctx: Context) {
    return event.subjectId ? loadNode(ctx, event.subjectId) : null;
  }
}
