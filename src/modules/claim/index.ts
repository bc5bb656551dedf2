export { Claim, ClaimKind, ClaimQualifiers, ClaimRank, ClaimRelation, ClaimRelationKind } from "./claim.type";
export { CLAIM, CLAIM_RELATION } from "./claim.sql";
export {
  ClaimConnection,
  ClaimQualifiersResolver,
  ClaimRelationConnection,
  ClaimRelationResolver,
  ClaimResolver,
  EntityClaimsResolver,
  QuoteClaimsResolver,
} from "./claim.resolver";
export {
  type ClaimRecord,
  type ClaimRelationRecord,
  deprecateClaim,
  writeClaim,
  writeClaimRelation,
} from "./claim.writer";
