import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { referenceAsOf, requireAnswerableAsOf } from "../../shared/as-of";
import { ConnectionType } from "../../shared/connection-types";
import { LIST_ARGS, type ListArgsShape, loadList, prefetchList } from "../filter";
import { ENTITY, Entity } from "../entity";
import { Quote } from "../source";
import { CreateViewpointInput, UpdateViewpointInput } from "./viewpoint.inputs";
import { viewpointMemberModel, viewpointModel } from "./viewpoint.model";
import {
  ENTITY_MEMBERSHIPS,
  ENTITY_TOPIC_VIEWPOINTS,
  VIEWPOINT,
  VIEWPOINT_MEMBERS,
  VIEWPOINT_MEMBERS_PAGE,
  findViewpoint,
  listViewpoints,
  memberEvidence,
  viewpoints,
} from "./viewpoint.service";
import { CreateViewpointPayload, UpdateViewpointPayload, Viewpoint, ViewpointMember } from "./viewpoint.type";

export const ViewpointConnection = ConnectionType("Viewpoint", Viewpoint, "viewpoints");
export const ViewpointMemberConnection = ConnectionType(
  "ViewpointMember",
  ViewpointMember,
  "viewpoint memberships (member entities with their roles)",
);

@Resolver(() => Viewpoint)
export class ViewpointResolver {
  @Query(() => Viewpoint, { nullable: true, description: "A viewpoint by global ID or by slug (pass exactly one)." })
  viewpoint(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("id", () => ID, { nullable: true, description: "Global ID." }) id?: string,
    @Arg("slug", () => String, { nullable: true, description: "Slug." }) slug?: string,
    @Arg("asOf", () => Date, {
      nullable: true,
      description: "The viewpoint as it was at this time (from its history).",
    })
    asOf?: Date,
  ): Promise<Viewpoint | null> {
    requireAnswerableAsOf(info, asOf);
    return findViewpoint(ctx, { id, slug, asOf }, info);
  }

  @Query(() => ViewpointConnection, { description: "Viewpoints: filtered, searched and ordered as asked." })
  viewpoints(
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Viewpoint) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listViewpoints(ctx, args, info);
  }

  @FieldResolver(() => Entity, {
    nullable: true,
    description: viewpointModel.fields.topic.description,
  })
  topic(@Root() viewpoint: Viewpoint, @Ctx() ctx: Context): Promise<Entity | null> {
    return referenceAsOf(ctx.loaders, viewpoint, ENTITY, viewpoint.topicId);
  }

  @FieldResolver(() => [ViewpointMember], {
    description: `${viewpointModel.fields.members.description} Unpaged.`,
    deprecationReason: "Use `membersConnection`, the same members paged (first/after, totalCount, filter).",
  })
  members(@Root() viewpoint: Viewpoint, @Ctx() ctx: Context): ViewpointMember[] | Promise<ViewpointMember[]> {
    return ctx.loaders.childList(VIEWPOINT_MEMBERS, viewpoint.uuid);
  }

  @FieldResolver(() => ViewpointMemberConnection, {
    description: `${viewpointModel.fields.members.description} By position; a connection (replaces the unpaged \`members\`).`,
  })
  membersConnection(
    @Root() viewpoint: Viewpoint,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.ViewpointMember) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, VIEWPOINT_MEMBERS_PAGE, "ViewpointMember", args, viewpoint.uuid, info);
  }

  @Authorized("EDITOR")
  @Mutation(() => CreateViewpointPayload, { description: "Create a viewpoint with its members." })
  async createViewpoint(
    @Arg("input", () => CreateViewpointInput, { description: "What to write: the fields of `CreateViewpointInput`." })
    input: CreateViewpointInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await viewpoints.create(ctx, input);
    return { viewpoint: value, userErrors };
  }

  @Authorized("EDITOR")
  @Mutation(() => UpdateViewpointPayload, { description: "Update a viewpoint, given the version you saw." })
  async updateViewpoint(
    @Arg("input", () => UpdateViewpointInput, { description: "What to write: the fields of `UpdateViewpointInput`." })
    input: UpdateViewpointInput,
    @Ctx() ctx: Context,
  ) {
    const { value, userErrors } = await viewpoints.update(ctx, input);
    return { viewpoint: value, userErrors };
  }
}

@Resolver(() => ViewpointMember)
export class ViewpointMemberResolver {
  @FieldResolver(() => Entity, { description: viewpointMemberModel.fields.entity.description })
  async entity(@Root() member: ViewpointMember, @Ctx() ctx: Context): Promise<Entity> {
    return (await ctx.loaders.byId(ENTITY, member.entityId)) as Entity;
  }

  @FieldResolver(() => Viewpoint, { description: viewpointMemberModel.fields.viewpoint.description })
  async viewpoint(@Root() member: ViewpointMember, @Ctx() ctx: Context): Promise<Viewpoint> {
    return (await ctx.loaders.byId(VIEWPOINT, member.viewpointId)) as Viewpoint;
  }

  @FieldResolver(() => [Quote], {
    description:
      "Quotes showing the entity holding the viewpoint (its membership evidence), in the order recorded; the member speaks in at least one of them.",
  })
  evidence(@Root() member: ViewpointMember, @Ctx() ctx: Context): Promise<Quote[]> {
    return memberEvidence(ctx, member);
  }
}

@Resolver(() => Entity)
export class EntityViewpointsResolver {
  @FieldResolver(() => [ViewpointMember], {
    description: "The viewpoints this entity belongs to, with its role in each.",
  })
  viewpoints(@Root() entity: Entity, @Ctx() ctx: Context): ViewpointMember[] | Promise<ViewpointMember[]> {
    return ctx.loaders.childList(ENTITY_MEMBERSHIPS, entity.uuid);
  }

  @FieldResolver(() => ViewpointConnection, { description: "Viewpoints whose topic is this entity." })
  viewpointsOnTopic(
    @Root() entity: Entity,
    @Ctx() ctx: Context,
    @Args(() => LIST_ARGS.Viewpoint) args: ListArgsShape,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadList(ctx.loaders, ENTITY_TOPIC_VIEWPOINTS, "Viewpoint", args, entity.uuid, info);
  }
}

// The connections above, fetched inside a lookup's or a page's statement when selected there (prefetch.ts).
prefetchList("Viewpoint", "membersConnection", VIEWPOINT_MEMBERS_PAGE, "ViewpointMember");
prefetchList("Entity", "viewpointsOnTopic", ENTITY_TOPIC_VIEWPOINTS, "Viewpoint");
