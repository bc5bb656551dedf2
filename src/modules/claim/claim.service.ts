import { narrowedFor, objectIncludes } from "../../shared/prefetch";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { markAsOf, snapshotAsOf } from "../../shared/as-of";
import { RecordError } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import {
  groupedFields,
  groupsOf,
  load,
  quoteSelectors,
  recordOf,
  required,
  transact,
  uuidOf,
} from "../../shared/mutation";
import { type ListArgsShape, loadList } from "../filter";
import type {
  CreateClaimInput,
  DeprecateClaimInput,
  LinkClaimsInput,
  MergeClaimsInput,
  RestoreClaimInput,
  RetractClaimRelationInput,
  UpdateClaimInput,
} from "./claim.inputs";
import { claimModel } from "./claim.model";
import { CLAIM, CLAIM_COVERAGE_LOADER, CLAIM_RELATION, coverageJson } from "./claim.sql";
import { type Claim, ClaimCoverage, type ClaimKind } from "./claim.type";
import { deprecateClaim, restoreClaim, retractClaimRelation, writeClaim, writeClaimRelation } from "./claim.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  CLAIM,
  CLAIM_APPEARANCES,
  CLAIM_APPEARANCES_PAGE,
  CLAIM_CLAIMANTS,
  CLAIM_RELATION_EVIDENCE,
  CLAIM_RELATION_RETRACTED_EVIDENCE,
  CLAIM_RETRACTED_APPEARANCES,
  CLAIM_RELATIONS_IN,
  CLAIM_RELATIONS_OUT,
  CLAIM_SUBJECTS,
  ENTITY_CLAIMS_ABOUT,
  ENTITY_CLAIMS_MADE,
  QUOTE_CLAIMS,
} from "./claim.sql";

export async function findClaim(
  ctx: Context,
  id: string,
  asOf?: Date | null,
  info?: GraphQLResolveInfo,
): Promise<Claim | null> {
  const uuid = expectGlobalId(id, "Claim");
  // What the query selects on the claim (child lists, nested connections) comes in the lookup's statement.
  // Only the columns the query asks for (columns.ts).
  if (!asOf)
    return ctx.loaders.byId(narrowedFor(CLAIM, info?.fieldNodes, info, "Claim"), uuid, objectIncludes(info, "Claim"));
  const past = await snapshotAsOf(ctx.loaders, uuid, asOf);
  return past ? markAsOf(CLAIM.hydrate(past), asOf) : null;
}

/**
 * A claim's coverage: counted in its page's statement when a page asked for it (claim.sql.ts), else
 * for all the claims asked together, in one statement.
 */
export function claimCoverage(ctx: Context, uuid: string): ClaimCoverage | Promise<ClaimCoverage> {
  const prefetched = ctx.loaders.prefetchedValue<{ sources: number; publishers: number; viewpoints: number }>(
    CLAIM_COVERAGE_LOADER,
    uuid,
  );
  if (prefetched) return Object.assign(new ClaimCoverage(), prefetched);
  return ctx.loaders
    .batch<ClaimCoverage>(CLAIM_COVERAGE_LOADER, async (ids) => {
      const rows = await queryRows<{ id: string; coverage: ClaimCoverage }>(
        ctx.loaders.db,
        sql`SELECT c.id::text AS id, ${coverageJson("c")} AS coverage FROM unnest(${ids as string[]}::uuid[]) AS c(id)`,
      );
      const byId = new Map(rows.map((row) => [row.id, row.coverage]));
      return ids.map((id) =>
        Object.assign(new ClaimCoverage(), byId.get(id) ?? { sources: 0, publishers: 0, viewpoints: 0 }),
      );
    })
    .load(uuid);
}

export function listClaims(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(
    ctx.loaders,
    { ...CLAIM, name: "claims", reads: [{ table: "claim" }] },
    "Claim",
    args,
    undefined,
    info,
  );
}

/** Groups a claim record nests fields under (`qualifiers`) that claim inputs may carry flat (deprecated). */
const CLAIM_GROUPS = { flatGroups: groupsOf(claimModel) };

const QUALIFIERS = ["place", "condition", "validFrom", "validTo"] as const;

/**
 * Where a claim input's userErrors point: at the flat fields (`input.place`) when the input gives its
 * qualifiers flat, the deprecated form; at `input.qualifiers.place` when it nests them.
 */
const NESTED = { nestedGroups: groupedFields(claimModel) };
const optionsFor = (input: CreateClaimInput | UpdateClaimInput) => (input.qualifiers != null ? NESTED : CLAIM_GROUPS);

/**
 * A claim input with its qualifiers at the top level, where recordOf reads them: given nested
 * (`qualifiers: { place }`, as Claim.qualifiers returns them) or flat (deprecated). The same qualifier
 * given both ways with different values is refused: which one was meant cannot be guessed.
 */
function flatQualifiers<I extends CreateClaimInput | UpdateClaimInput>(input: I): I {
  const nested = input.qualifiers;
  if (nested == null) return input;
  const flat: Record<string, unknown> = { ...input };
  for (const name of QUALIFIERS) {
    const value = nested[name];
    if (value === undefined) continue;
    const given = flat[name];
    if (given !== undefined && given !== value) {
      throw new RecordError(
        `input/qualifiers/${name}`,
        "INVALID",
        `\`${name}\` is given both in \`qualifiers\` and flat (deprecated) with different values: give it once, in \`qualifiers\``,
      );
    }
    flat[name] = value;
  }
  return flat as I;
}

/** The claim mutations' work, each in one transaction (shared/mutation.ts). */
export const claims = {
  create: (ctx: Context, input: CreateClaimInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeClaim(
            w,
            {
              ...recordOf(claimModel, flatQualifiers(input), ref),
              appearances: quoteSelectors(input.appearances, ref, "input/appearances"),
            },
            "input",
            { mode: "create" },
          )
        ).id,
      load(CLAIM),
      optionsFor(input),
    ),

  update: (ctx: Context, input: UpdateClaimInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        const cur = await required(tx, CLAIM, id, "Claim");
        if (input.rank === "DEPRECATED")
          throw new RecordError("input/rank", "INVALID", "use deprecateClaim, which records a reason");
        if (input.rank != null && cur.rank === "DEPRECATED")
          throw new RecordError(
            "input/rank",
            "INVALID",
            "the claim is deprecated: use restoreClaim, which records why",
          );
        const record = recordOf(claimModel, flatQualifiers(input), ref);
        // The text and kind are part of what the writer checks on every write; left out, they stay.
        return (
          await writeClaim(
            w,
            { ...record, text: input.text ?? (cur.text as string), kind: input.kind ?? (cur.kind as ClaimKind) },
            "input",
            {
              mode: "update",
              id,
              version: input.version,
            },
          )
        ).id;
      },
      load(CLAIM),
      optionsFor(input),
    ),

  deprecate: (ctx: Context, input: DeprecateClaimInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        await deprecateClaim(w, id, input.version, input.reason, "input");
        return id;
      },
      load(CLAIM),
    ),

  merge: (ctx: Context, input: MergeClaimsInput) =>
    transact(
      ctx,
      async (w) => {
        const survivor = uuidOf(input.survivor, "Claim", "input/survivor");
        const merged = input.merged.map((id, i) => uuidOf(id, "Claim", `input/merged/${i}`));
        await w.mergeClaims(survivor, merged, "input");
        return survivor;
      },
      load(CLAIM),
    ),

  link: (ctx: Context, input: LinkClaimsInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeClaimRelation(
            w,
            {
              from: ref(input.from, ["Claim"], "input/from")!,
              to: ref(input.to, ["Claim"], "input/to")!,
              kind: input.kind,
              evidence: quoteSelectors(input.evidence, ref, "input/evidence"),
            },
            "input",
            { reinstate: true },
          )
        ).id,
      load(CLAIM_RELATION),
    ),

  restore: (ctx: Context, input: RestoreClaimInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        await restoreClaim(w, id, input.version, input.reason, "input");
        return id;
      },
      load(CLAIM),
    ),

  retractRelation: (ctx: Context, input: RetractClaimRelationInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "ClaimRelation", "input/id");
        await retractClaimRelation(w, id, input.reason, "input");
        return id;
      },
      load(CLAIM_RELATION),
    ),
};
