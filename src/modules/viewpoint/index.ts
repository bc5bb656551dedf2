export { Viewpoint, ViewpointMember, ViewpointRole } from "./viewpoint.type";
export { VIEWPOINT } from "./viewpoint.sql";
export {
  EntityViewpointsResolver,
  ViewpointConnection,
  ViewpointMemberConnection,
  ViewpointMemberResolver,
  ViewpointResolver,
} from "./viewpoint.resolver";
export { writeViewpoint } from "./viewpoint.writer";
export type { ViewpointRecord } from "./viewpoint.model";
