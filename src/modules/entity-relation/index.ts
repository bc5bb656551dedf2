export { EntityPredicate, EntityRelation } from "./entity-relation.type";
export { ENTITY_RELATION } from "./entity-relation.sql";
export { EntityRelationConnection, EntityRelationResolver, EntityRelationsResolver } from "./entity-relation.resolver";
export { ENTITY_RELATION_EVIDENCE_LINK, writeEntityRelation } from "./entity-relation.writer";
export type { EntityRelationRecord } from "./entity-relation.model";
