export { attributionViolations, type AttributionRule, type AttributionViolation } from "./attribution.check";
