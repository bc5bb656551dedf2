import type { RecordOf } from "../../shared/model";
import type { QuoteRef } from "../../shared/write-session";
import { ViewpointRole } from "../../generated/prisma/enums";
import { columnsNamed, defineModel, enumOf, links, slug, text, toOne, versioned, type RowOf } from "../../shared/model";

/**
 * A viewpoint's member: an entity and the role it plays, one row of viewpoint_member (the link rows of
 * Viewpoint.members, a GraphQL type of their own).
 */
export const viewpointMemberModel = columnsNamed(
  defineModel({
    type: "ViewpointMember",
    table: "viewpoint_member",
    id: false,
    fields: {
      entity: toOne({
        target: "Entity",
        table: "entity",
        column: "entity_id",
        idField: "entityId",
        description: "The member.",
        filter: "The member.",
        write: { create: "required", update: false, createDescription: "The member entity." },
      }),
      role: enumOf(ViewpointRole, "ViewpointRole", "viewpoint_role", "The part the entity plays.", {
        filter: "The member's role.",
        write: { create: "required", update: false, createDescription: "Its role." },
      }),
      viewpoint: toOne({
        target: "Viewpoint",
        table: "viewpoint",
        column: "viewpoint_id",
        idField: "viewpointId",
        description: "The viewpoint.",
        filter: "The viewpoint.",
      }),
    },
  }),
);

/** Viewpoint, declared once (see claim.model.ts): found again by its slug. */
export const viewpointModel = columnsNamed(
  defineModel({
    type: "Viewpoint",
    table: "viewpoint",
    fields: {
      slug: slug("Human-readable unique key.", {
        filter: "The viewpoint's slug.",
        order: { value: "SLUG", description: "By slug." },
        naturalKey: true,
        write: { create: "required", update: false, createDescription: "Unique human key." },
      }),
      title: text("The position in one line.", {
        filter: "The viewpoint's title.",
        order: { value: "TITLE", description: "By title." },
        write: { create: "required", update: true, maxLength: 1000, updateDescription: "New title." },
      }),
      summary: text("The position in a few sentences.", {
        nullable: true,
        filter: "The viewpoint's summary.",
        write: { create: "optional", update: true, maxLength: 10_000, updateDescription: "New summary." },
      }),
      topic: toOne({
        target: "Entity",
        table: "entity",
        column: "topic_id",
        idField: "topicId",
        description: "The topic (an entity of kind TOPIC) this viewpoint is on.",
        filter: "The viewpoint's topic.",
        write: {
          create: "optional",
          update: true,
          createDescription: "Topic entity.",
          updateDescription: "New topic.",
        },
      }),
      members: links(viewpointMemberModel, {
        owner: "viewpoint",
        target: "entity",
        ordered: true,
        // Bounded like every other list of a record: 11,000 members took seconds per request.
        maxItems: 500,
        description: "The entities that hold this viewpoint, with their roles.",
        filter: "The viewpoint's members (entity and role).",
        write: {
          create: "optional",
          update: true,
          createDescription: "Members with roles.",
          updateDescription: "Members to add or update.",
        },
      }),
      ...versioned("viewpoint", { filter: ["createdAt"], order: ["createdAt"] }),
    },
  }),
);

export type ViewpointRow = RowOf<typeof viewpointModel> & { uuid: string };
export type ViewpointMemberRow = RowOf<typeof viewpointMemberModel>;

/** A member item of a viewpoint record: its entity and role, and its membership evidence. */
export type ViewpointMemberRecord = RecordOf<typeof viewpointMemberModel> & { evidence?: QuoteRef[] };

/**
 * A viewpoint record (members: `{ entity, role, evidence }` items, added or changed, never removed;
 * evidence is added to what a member has).
 */
export type ViewpointRecord = Omit<RecordOf<typeof viewpointModel>, "members"> & { members?: ViewpointMemberRecord[] };
