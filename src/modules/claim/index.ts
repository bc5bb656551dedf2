export { Claim, ClaimKind, ClaimQualifiers, ClaimRank, ClaimRelation, ClaimRelationKind } from "./claim.type";
export { CLAIM, CLAIM_RELATION } from "./claim.sql";
export {
  ClaimConnection,
  ClaimQualifiersResolver,
  ClaimRelationConnection,
  ClaimRelationResolver,
  ClaimResolver,
  EntityClaimsResolver,
  MergeEntitiesClaimsResolver,
  QuoteClaimsResolver,
} from "./claim.resolver";
export {
  CLAIM_APPEARANCES_LINK,
  CLAIM_RELATION_EVIDENCE_LINK,
  deprecateClaim,
  writeClaim,
  writeClaimRelation,
} from "./claim.writer";
export type { ClaimRecord, ClaimRelationRecord } from "./claim.model";
