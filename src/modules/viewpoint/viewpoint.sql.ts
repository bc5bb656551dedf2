import { raw, sql } from "../../db/sql";
import { linkRows, reverseLinkRows, selectList } from "../../shared/model";
import type { ListSpec } from "../../shared/pagination";
import { type ChildSpec, hydrator, type TableSpec } from "../../shared/rows";
import { viewpointMemberModel, viewpointModel } from "./viewpoint.model";
import { Viewpoint, ViewpointMember } from "./viewpoint.type";

export const VIEWPOINT: TableSpec<Viewpoint> = {
  name: "Viewpoint",
  from: sql`viewpoint t`,
  columns: raw(selectList(viewpointModel)),
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
