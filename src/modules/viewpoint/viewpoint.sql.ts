import { raw, sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import { columnEntries, linkRows, reverseLinkRows, selectList } from "../../shared/model";
import type { ListSpec } from "../../shared/pagination";
import { type ChildSpec, hydrator, type TableSpec } from "../../shared/rows";
import { viewpointMemberModel, viewpointModel } from "./viewpoint.model";
import { Viewpoint, ViewpointMember } from "./viewpoint.type";

export const VIEWPOINT: TableSpec<Viewpoint> = {
  name: "Viewpoint",
  from: sql`viewpoint t`,
  table: "viewpoint",
  ...specColumns(columnEntries(viewpointModel)),
  hydrate: hydrator(Viewpoint),
};

function rows({ from, parentKey, orderBy }: { from: string; parentKey: string; orderBy: string }) {
  return { from: raw(from), parentKey: raw(parentKey), orderBy: raw(orderBy) };
}

const MEMBER = { columns: raw(selectList(viewpointMemberModel)), hydrate: hydrator(ViewpointMember) };

export const VIEWPOINT_MEMBERS: ChildSpec<ViewpointMember> = {
  name: "Viewpoint.members",
  ...MEMBER,
  ...rows(linkRows(viewpointModel.fields.members)),
};

/**
 * Viewpoint.membersConnection: the rows of Viewpoint.members as a connection, in the same order (the
 * members' positions, then the order the member entities were recorded: a unique, typed keyset).
 */
export const VIEWPOINT_MEMBERS_PAGE: ListSpec<ViewpointMember> = {
  name: "Viewpoint.membersConnection",
  ...MEMBER,
  from: sql`viewpoint_member t JOIN entity e ON e.id = t.entity_id`,
  parentKey: sql`t.viewpoint_id`,
  // For the response cache (db/reads.ts): the links by viewpoint, in position order; the member entity
  // only for its seq (the tie-breaker). Without it, the page read "everything" and any write dropped it.
  reads: [
    { table: "viewpoint_member", columns: ["viewpoint_id", "entity_id", "position"] },
    { table: "entity", columns: ["id", "seq"] },
  ],
  order: {
    name: "position",
    keys: [
      { expr: sql`t.position`, direction: "ASC", type: "int" },
      { expr: sql`e.seq`, direction: "ASC", type: "int" },
    ],
  },
};

export const ENTITY_MEMBERSHIPS: ChildSpec<ViewpointMember> = {
  name: "Entity.viewpoints",
  ...MEMBER,
  ...rows(reverseLinkRows(viewpointModel, viewpointModel.fields.members)),
};

export const ENTITY_TOPIC_VIEWPOINTS: ListSpec<Viewpoint> = {
  ...VIEWPOINT,
  name: "Entity.viewpointsOnTopic",
  parentKey: sql`t.topic_id`,
};
