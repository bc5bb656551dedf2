import { raw, sql } from "../../db/sql";
import type { ListSpec } from "../../shared/pagination";
import { type ChildSpec, hydrator, type TableSpec } from "../../shared/rows";
import { Viewpoint, ViewpointMember } from "./viewpoint.type";

export const VIEWPOINT: TableSpec<Viewpoint> = {
  name: "Viewpoint",
  from: sql`viewpoint t`,
  columns: raw(
    `t.id AS "uuid", t.slug AS "slug", t.title AS "title", t.summary AS "summary", t.topic_id AS "topicId",
     t.version AS "version", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`,
  ),
  hydrate: hydrator(Viewpoint),
};

const MEMBER_COLUMNS = raw(`t.viewpoint_id AS "viewpointId", t.entity_id AS "entityId", t.role AS "role"`);

export const VIEWPOINT_MEMBERS: ChildSpec<ViewpointMember> = {
  name: "Viewpoint.members",
  from: sql`viewpoint_member t`,
  columns: MEMBER_COLUMNS,
  parentKey: sql`t.viewpoint_id`,
  orderBy: sql`t.position, t.entity_id`,
  hydrate: hydrator(ViewpointMember),
};

export const ENTITY_MEMBERSHIPS: ChildSpec<ViewpointMember> = {
  name: "Entity.viewpoints",
  from: sql`viewpoint_member t JOIN viewpoint v ON v.id = t.viewpoint_id`,
  columns: MEMBER_COLUMNS,
  parentKey: sql`t.entity_id`,
  orderBy: sql`v.seq`,
  hydrate: hydrator(ViewpointMember),
};

export const ENTITY_TOPIC_VIEWPOINTS: ListSpec<Viewpoint> = {
  ...VIEWPOINT,
  name: "Entity.viewpointsOnTopic",
  parentKey: sql`t.topic_id`,
};
