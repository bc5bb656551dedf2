export { Claim, ClaimKind, ClaimQualifiers, ClaimRank, ClaimRelation, ClaimRelationKind } from "./claim.type";
export { CLAIM, CLAIM_RELATION } from "./claim.sql";
export { ClaimFilter } from "./claim.inputs";
export {
  ClaimConnection,
  ClaimQualifiersResolver,
  ClaimRelationConnection,
  ClaimRelationResolver,
  ClaimResolver,
  EntityClaimsResolver,
  QuoteClaimsResolver,
} from "./claim.resolver";
