export { Entity, EntityKind, MergeEntitiesPayload } from "./entity.type";
export { ENTITY } from "./entity.sql";
export { EntityConnection } from "./entity.connection";
export { EntityResolver } from "./entity.resolver";
export { findEntity, followMerges } from "./entity.service";
export { groupPassages, writeEntity } from "./entity.writer";
export type { EntityRecord } from "./entity.model";
