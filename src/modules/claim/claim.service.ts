import type { Context } from "../../context";
import { type Sql, and, sql } from "../../db/sql";
import { compileEnum, compileString } from "../../shared/filters";
import { expectGlobalId } from "../../shared/global-id";
import type { PageArgs } from "../../shared/pagination";
import type { ClaimFilter } from "./claim.inputs";
import { CLAIM } from "./claim.sql";
import type { Claim } from "./claim.type";

export function claimFilterSql(filter: ClaimFilter | null | undefined): Sql {
  if (!filter) return sql`TRUE`;
  return and([
    ...compileEnum(sql`t.kind`, "claim_kind", filter.kind, "filter.kind"),
    ...compileEnum(sql`t.rank`, "claim_rank", filter.rank, "filter.rank"),
    ...compileString(sql`t.text`, filter.text, "filter.text"),
  ]);
}

export function findClaim(ctx: Context, id: string): Promise<Claim | null> {
  return ctx.loaders.byId(CLAIM, expectGlobalId(id, "Claim"));
}

export function listClaims(ctx: Context, filter: ClaimFilter | null | undefined, page: PageArgs) {
  return ctx.loaders.page(
    { ...CLAIM, name: "claims", where: claimFilterSql(filter) },
    page,
    undefined,
    JSON.stringify(filter ?? {}),
  );
}
