import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { CLAIM } from "./claim.sql";
import type { Claim } from "./claim.type";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  CLAIM,
  CLAIM_APPEARANCES,
  CLAIM_CLAIMANTS,
  CLAIM_RELATION_EVIDENCE,
  CLAIM_RELATIONS_IN,
  CLAIM_RELATIONS_OUT,
  CLAIM_SUBJECTS,
  ENTITY_CLAIMS_ABOUT,
  ENTITY_CLAIMS_MADE,
  QUOTE_CLAIMS,
} from "./claim.sql";

export async function findClaim(ctx: Context, id: string, asOf?: Date | null): Promise<Claim | null> {
  const uuid = expectGlobalId(id, "Claim");
  if (!asOf) return ctx.loaders.byId(CLAIM, uuid);
  const past = await snapshotAsOf(ctx.loaders, uuid, asOf);
  return past ? CLAIM.hydrate(past) : null;
}

export function listClaims(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, { ...CLAIM, name: "claims" }, "Claim", args, undefined, info);
}
