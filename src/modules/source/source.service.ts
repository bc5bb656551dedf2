import { narrowedFor, objectIncludes } from "../../shared/prefetch";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { markAsOf, snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { RecordError } from "../../shared/errors";
import { expectGlobalId, fromGlobalId } from "../../shared/global-id";
import { load, quoteSelector, recordOf, transact, updateOf, uuidOf } from "../../shared/mutation";
import type { EvidenceLink, WriteSession } from "../../shared/write-session";
import { type ListArgsShape, loadList } from "../filter";
import type { AddEvidenceInput, CreateSourceInput, RetractEvidenceInput, UpdateSourceInput } from "./source.inputs";
import { sourceModel } from "./source.model";
import { QUOTE, retractedEvidenceSpec, SOURCE, SOURCE_FULL } from "./source.sql";
import type { Source } from "./source.type";
import { writeSource } from "./source.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  ENTITY_QUOTED_IN,
  ENTITY_SOURCES_PUBLISHED,
  QUOTE_SPEAKERS,
  SOURCE,
  SOURCE_AUTHORS,
  SOURCE_DERIVATIVES,
  SOURCE_QUOTES,
} from "./source.sql";

export async function findSource(
  ctx: Context,
  args: { id?: string | null; url?: string | null; asOf?: Date | null },
  info?: GraphQLResolveInfo,
): Promise<Source | null> {
  // What the query selects on the source (nested lists) comes in the lookup's statement; not under asOf,
  // which answers from the source's history.
  const includes = args.asOf ? [] : objectIncludes(info, "Source");
  // Only the columns the query asks for (columns.ts).
  const spec = narrowedFor(SOURCE, info?.fieldNodes, info, "Source");
  if ((args.id == null) === (args.url == null)) {
    throw badInput("pass exactly one of `id` and `url`");
  }
  const current =
    args.id != null
      ? await ctx.loaders.byId(spec, expectGlobalId(args.id, "Source"), includes)
      : await ctx.loaders.one(spec, "url", args.url as string, "text", includes);
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? markAsOf(SOURCE.hydrate(past), args.asOf) : null;
}

export function listSources(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(
    ctx.loaders,
    { ...SOURCE, name: "sources", reads: [{ table: "source" }] },
    "Source",
    args,
    undefined,
    info,
  );
}

/** Read specs leave the snapshot out (source.sql.ts): it is fetched here, batched, only when asked for. */
export function sourceText(ctx: Context, source: Source): string | null | Promise<string | null> {
  if (source.text !== undefined) return source.text;
  return ctx.loaders
    .batch<string | null>("Source.text", async (ids) => {
      const rows = await queryRows<{ id: string; text: string | null }>(
        ctx.sql,
        sql`SELECT id::text AS id, text FROM source WHERE id = ANY(${ids as string[]}::uuid[])`,
      );
      const texts = new Map(rows.map((row) => [row.id, row.text]));
      return ids.map((id) => texts.get(id) ?? null);
    })
    .load(source.uuid);
}

/** The source mutations' work, each in one transaction (shared/mutation.ts). */
/**
 * What a quote is (or was) evidence for, from its global ID. Each target's module declares how quotes
 * are evidence for it (its writer's evidence link); the engine finds it by type, so this module imports
 * none of them (they import it).
 */
function evidenceTarget(w: WriteSession, globalId: string): EvidenceLink & { id: string } {
  const decoded = fromGlobalId(globalId);
  const link = decoded ? w.evidenceLink(decoded.type) : undefined;
  if (!decoded || !link) {
    throw new RecordError(
      "input/target",
      "INVALID",
      "must be the ID of a Claim, Stance, EntityRelation or ClaimRelation",
    );
  }
  return { ...link, id: decoded.id };
}

/** A retraction as `retractEvidence` answers it (any target type: the row's own type is in the key). */
const RETRACTED_EVIDENCE = retractedEvidenceSpec("RetractedEvidence", null);

export const sources = {
  create: (ctx: Context, input: CreateSourceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const record = {
          ...recordOf(sourceModel, input, ref),
          derivedFrom: ref(input.derivedFrom, ["Source"], "input/derivedFrom"),
        };
        return (await writeSource(w, record, "input", undefined, { mode: "create" })).id;
      },
      load(SOURCE),
    ),

  update: (ctx: Context, input: UpdateSourceInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        // The url or the text is the source's natural key, which the writer checks on every write.
        const { record, target } = await updateOf(tx, ref, sourceModel, SOURCE_FULL, "Source", input, ["url", "text"]);
        const derivedFrom =
          input.derivedFrom === undefined
            ? undefined
            : input.derivedFrom === null
              ? null
              : ref(input.derivedFrom, ["Source"], "input/derivedFrom");
        return (await writeSource(w, { ...record, derivedFrom }, "input", undefined, target)).id;
      },
      load(SOURCE),
    ),

  addEvidence: (ctx: Context, input: AddEvidenceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const target = evidenceTarget(w, input.target);
        const quoteId = await w.quoteId(quoteSelector(input, ref, "input"), "input");
        await w.addEvidence(target, quoteId);
        return quoteId;
      },
      load(QUOTE),
    ),

  retractEvidence: (ctx: Context, input: RetractEvidenceInput) =>
    transact(
      ctx,
      async (w) => {
        const target = evidenceTarget(w, input.target);
        const quoteId = uuidOf(input.quote, "Quote", "input/quote");
        await w.retractEvidence(target, quoteId, input.reason, "input");
        return `${target.type}:${target.id}:${quoteId}`;
      },
      async (tx, key) => {
        const [type, targetId, quoteId] = key.split(":");
        const [row] = await queryRows<Record<string, unknown>>(
          tx.sql,
          sql`SELECT ${RETRACTED_EVIDENCE.columns} FROM ${RETRACTED_EVIDENCE.from}
              WHERE l.target_type = ${type} AND l.target_id = ${targetId}::uuid AND l.quote_id = ${quoteId}::uuid`,
        );
        return row ? RETRACTED_EVIDENCE.hydrate(row) : null;
      },
    ),
};
