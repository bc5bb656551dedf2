import type { Context } from "../../context";
import { expectGlobalId } from "../../shared/global-id";
import { type ListArgsShape, loadList } from "../filter";
import { CLAIM } from "./claim.sql";
import type { Claim } from "./claim.type";

export function findClaim(ctx: Context, id: string): Promise<Claim | null> {
  return ctx.loaders.byId(CLAIM, expectGlobalId(id, "Claim"));
}

export function listClaims(ctx: Context, args: ListArgsShape) {
  return loadList(ctx.loaders, { ...CLAIM, name: "claims" }, "Claim", args);
}
