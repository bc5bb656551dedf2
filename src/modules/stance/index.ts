export { Stance, StanceHolder, StancePosition } from "./stance.type";
export { STANCE } from "./stance.sql";
export {
  ClaimStancesResolver,
  EntityStancesResolver,
  StanceConnection,
  StanceResolver,
  ViewpointStancesResolver,
} from "./stance.resolver";
export { STANCE_EVIDENCE_LINK, writeStance } from "./stance.writer";
export type { StanceRecord } from "./stance.model";
