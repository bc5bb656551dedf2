export { ArgumentResolver, ComparedClaimResolver, ViewpointComparisonResolver } from "./argument.resolver";
