import type { Context } from "../../context";
import { load, quoteSelectors, recordOf, transact } from "../../shared/mutation";
import type { RelateEntitiesInput } from "./entity-relation.inputs";
import { entityRelationModel } from "./entity-relation.model";
import { ENTITY_RELATION } from "./entity-relation.sql";
import { writeEntityRelation } from "./entity-relation.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  ENTITY_RELATION_EVIDENCE,
  ENTITY_RELATION_RETRACTED_EVIDENCE,
  ENTITY_RELATIONS_IN,
  ENTITY_RELATIONS_OUT,
} from "./entity-relation.sql";

/** The entity relation mutation's work, in one transaction (shared/mutation.ts). */
export const entityRelations = {
  relate: (ctx: Context, input: RelateEntitiesInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeEntityRelation(
            w,
            {
              ...recordOf(entityRelationModel, input, ref),
              evidence: quoteSelectors(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id,
      load(ENTITY_RELATION),
    ),
};
