/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { CLAIM_STANCES, ENTITY_STANCES, STANCE_EVIDENCE, VIEWPOINT_STANCES } from "./stance.sql";
