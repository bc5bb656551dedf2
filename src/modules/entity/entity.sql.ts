import { sql } from "../../db/sql";
import { hydrator, selectColumns, type TableSpec } from "../../shared/rows";
import { Entity } from "./entity.type";

export const ENTITY_COLUMNS = {
  uuid: "id",
  seq: "seq",
  slug: "slug",
  kind: "kind",
  name: "name",
  aliases: "aliases",
  description: "description",
  externalIds: "external_ids",
  mergedIntoId: "merged_into_id",
  version: "version",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

export const ENTITY: TableSpec<Entity> = {
  name: "Entity",
  from: sql`entity t`,
  columns: selectColumns("t", ENTITY_COLUMNS),
  hydrate: hydrator(Entity),
};
