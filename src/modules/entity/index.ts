export { Entity, EntityKind } from "./entity.type";
export { ENTITY, ENTITY_COLUMNS } from "./entity.sql";
export { EntityConnection } from "./entity.connection";
export { EntityResolver } from "./entity.resolver";
export { findEntity } from "./entity.service";
