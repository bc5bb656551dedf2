export { EntityPredicate, EntityRelation } from "./entity-relation.type";
export { ENTITY_RELATION } from "./entity-relation.sql";
export { EntityRelationConnection, EntityRelationResolver, EntityRelationsResolver } from "./entity-relation.resolver";
export { type EntityRelationRecord, writeEntityRelation } from "./entity-relation.writer";
