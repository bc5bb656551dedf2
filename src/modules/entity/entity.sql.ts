import { sql } from "../../db/sql";
import { specColumns } from "../../shared/columns";
import { columnEntries } from "../../shared/model";
import { hydrator, type TableSpec } from "../../shared/rows";
import { entityModel } from "./entity.model";
import { Entity } from "./entity.type";

/** The model's fields, and `seq`, which revisions of an entity have always recorded. */
export const ENTITY: TableSpec<Entity> = {
  name: "Entity",
  from: sql`entity t`,
  table: "entity",
  ...specColumns([...columnEntries(entityModel), { key: "seq", sql: `t.seq AS "seq"` }]),
  hydrate: hydrator(Entity),
};
