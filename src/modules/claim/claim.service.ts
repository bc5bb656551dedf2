import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { snapshotAsOf } from "../../shared/as-of";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { CLAIM } from "./claim.sql";
import type { Claim } from "./claim.type";

export async function findClaim(ctx: Context, id: string, asOf?: Date | null): Promise<Claim | null> {
  const uuid = expectGlobalId(id, "Claim");
  if (!asOf) return ctx.loaders.byId(CLAIM, uuid);
  const past = await snapshotAsOf(ctx.loaders, uuid, asOf);
  return past ? CLAIM.hydrate(past) : null;
}

export function listClaims(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(ctx.loaders, { ...CLAIM, name: "claims" }, "Claim", args, undefined, info);
}
