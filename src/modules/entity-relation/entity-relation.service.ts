/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { ENTITY_RELATION_EVIDENCE, ENTITY_RELATIONS_IN, ENTITY_RELATIONS_OUT } from "./entity-relation.sql";
