import type { Context } from "../../context";
import { RecordError } from "../../shared/errors";
import { fromGlobalId } from "../../shared/global-id";
import { load, quoteSelectors, recordOf, transact, uuidOf } from "../../shared/mutation";
import type { RecordStanceInput, RetractStanceInput } from "./stance.inputs";
import { stanceModel } from "./stance.model";
import { STANCE } from "./stance.sql";
import { retractStance, writeStance } from "./stance.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  CLAIM_STANCES,
  ENTITY_STANCES,
  ENTITY_VIEWPOINT_STANCES,
  STANCE_EVIDENCE,
  STANCE_RETRACTED_EVIDENCE,
  VIEWPOINT_STANCES,
} from "./stance.sql";

/** The stance mutation's work, in one transaction (shared/mutation.ts). */
export const stances = {
  record: (ctx: Context, input: RecordStanceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const holder = fromGlobalId(input.holder);
        if (!holder || (holder.type !== "Entity" && holder.type !== "Viewpoint")) {
          throw new RecordError("input/holder", "INVALID", "must be the ID of an Entity or a Viewpoint");
        }
        // The holder is one ID of either type (GraphQL inputs have no unions), found here so that a
        // problem with it names input/holder; the writer then finds it among the references it knows.
        const id = `id:${holder.id}`;
        await (holder.type === "Entity" ? w.entityId(id, "input/holder") : w.viewpointId(id, "input/holder"));
        return (
          await writeStance(
            w,
            {
              ...recordOf(stanceModel, input, ref),
              holder: holder.type === "Entity" ? { entity: id } : { viewpoint: id },
              evidence: quoteSelectors(input.evidence, ref, "input/evidence"),
            },
            "input",
            { reinstate: true },
          )
        ).id;
      },
      load(STANCE),
    ),

  retract: (ctx: Context, input: RetractStanceInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "Stance", "input/id");
        await retractStance(w, id, input.reason, "input");
        return id;
      },
      load(STANCE),
    ),
};
