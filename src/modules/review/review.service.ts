/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export { CLAIM_REVIEWS, ENTITY_REVIEWS, SOURCE_REVIEWS } from "./review.sql";
