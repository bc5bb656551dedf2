import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionType } from "../../shared/connection-types";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { CLAIM, Claim } from "../claim";
import { ENTITY, Entity } from "../entity";
import { Quote, RetractedEvidence } from "../source";
import { VIEWPOINT, Viewpoint } from "../viewpoint";
import { RecordStanceInput, RetractStanceInput } from "./stance.inputs";
import { stanceModel } from "./stance.model";
import {
  CLAIM_STANCES,
  ENTITY_STANCES,
  ENTITY_VIEWPOINT_STANCES,
  STANCE_EVIDENCE,
  STANCE_RETRACTED_EVIDENCE,
  VIEWPOINT_STANCES,
  stances,
} from "./stance.service";
import { RecordStancePayload, RetractStancePayload, Stance, StanceHolder } from "./stance.type";

export const StanceConnection = ConnectionType("Stance", Stance, "stances");

@Resolver(() => Stance)
export class StanceResolver {
  @FieldResolver(() => StanceHolder, { description: "Who holds the stance: an entity or a viewpoint." })
  async holder(@Root() stance: Stance, @Ctx() ctx: Context): Promise<Entity | Viewpoint> {
    const holder = stance.holderEntityId
      ? await ctx.loaders.byId(ENTITY, stance.holderEntityId)
      : await ctx.loaders.byId(VIEWPOINT, stance.holderViewpointId);
    return holder as Entity | Viewpoint;
  }

  @FieldResolver(() => Claim, { description: stanceModel.fields.claim.description })
  async claim(@Root() stance: Stance, @Ctx() ctx: Context): Promise<Claim> {
    return (await ctx.loaders.byId(CLAIM, stance.claimId)) as Claim;
  }

  @FieldResolver(() => [Quote], { description: "Quotes that show the holder taking this position." })
  evidence(@Root() stance: Stance, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Quote[] | Promise<Quote[]> {
    return ctx.loaders.childList(STANCE_EVIDENCE, stance.uuid, info);
  }

  @FieldResolver(() => [RetractedEvidence], {
    description:
      "Quotes retracted as evidence for the stance (`retractEvidence`), with the reason, in the order retracted.",
  })
  retractedEvidence(@Root() stance: Stance, @Ctx() ctx: Context): RetractedEvidence[] | Promise<RetractedEvidence[]> {
    return ctx.loaders.childList(STANCE_RETRACTED_EVIDENCE, stance.uuid);
  }

  @Authorized("EDITOR")
  @Mutation(() => RecordStancePayload, {
    description: "Record (or change) an entity's or a viewpoint's position on a claim.",
  })
  async recordStance(
    @Arg("input", () => RecordStanceInput, { description: "What to write: the fields of `RecordStanceInput`." })
    input: RecordStanceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await stances.record(ctx, input);
    return { stance: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => RetractStancePayload, {
    description:
      "Retract a stance recorded in error, with a reason: it is kept (with `retractedAt`, `retractionReason` and a RETRACT revision in `history`) but left out of lists unless `includeRetracted: true`. Recording the stance again reinstates it.",
  })
  async retractStance(
    @Arg("input", () => RetractStanceInput, { description: "The stance and the reason." }) input: RetractStanceInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await stances.retract(ctx, input);
    return { stance: value, userErrors };
  }
}

@Resolver(() => Claim)
export class ClaimStancesResolver {
  @FieldResolver(() => StanceConnection, { description: "Positions entities and viewpoints take on this claim." })
  stances(
    @Root() claim: Claim,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Stance) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, CLAIM_STANCES, "Stance", args, claim.uuid, info);
  }
}

@Resolver(() => Entity)
export class EntityStancesResolver {
  @FieldResolver(() => StanceConnection, {
    description:
      "Positions this entity itself takes on claims (it is the stance's holder, and speaks in its evidence). Stances of the viewpoints it belongs to are not listed here: see `viewpointStances`.",
  })
  stances(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Stance) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_STANCES, "Stance", args, entity.uuid, info);
  }

  @FieldResolver(() => StanceConnection, {
    description:
      "Stances of the viewpoints this entity is a member of, each with the viewpoint as its `holder`; not the entity's own (those are `stances`). A member is not taken to hold what its viewpoint holds: these are the viewpoint's positions, for context.",
  })
  viewpointStances(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Stance) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_VIEWPOINT_STANCES, "Stance", args, entity.uuid, info);
  }
}

@Resolver(() => Viewpoint)
export class ViewpointStancesResolver {
  @FieldResolver(() => StanceConnection, { description: "Positions this viewpoint takes on claims." })
  stances(
    @Root() viewpoint: Viewpoint,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Stance) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, VIEWPOINT_STANCES, "Stance", args, viewpoint.uuid, info);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Claim", "stances", CLAIM_STANCES, "Stance");
prefetchList("Entity", "stances", ENTITY_STANCES, "Stance");
prefetchList("Entity", "viewpointStances", ENTITY_VIEWPOINT_STANCES, "Stance");
prefetchList("Viewpoint", "stances", VIEWPOINT_STANCES, "Stance");
