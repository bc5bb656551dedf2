export { Stance, StanceHolder, StancePosition } from "./stance.type";
export { STANCE } from "./stance.sql";
export {
  ClaimStancesResolver,
  EntityStancesResolver,
  StanceConnection,
  StanceResolver,
  ViewpointStancesResolver,
} from "./stance.resolver";
export { type StanceRecord, writeStance } from "./stance.writer";
