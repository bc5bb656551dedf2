import { narrowedFor, objectIncludes } from "../../shared/prefetch";
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context";
import { queryRows, sql } from "../../db/sql";
import { QUOTE, type Quote } from "../source";
import { markAsOf, snapshotAsOf } from "../../shared/as-of";
import { badInput } from "../../shared/errors";
import { expectGlobalId } from "../../shared/global-id";
import { load, quoteSelectors, recordOf, type Ref, transact, updateOf } from "../../shared/mutation";
import { type ListArgsShape, loadList } from "../filter";
import type { CreateViewpointInput, UpdateViewpointInput, ViewpointMemberInput } from "./viewpoint.inputs";
import { viewpointModel, type ViewpointRecord } from "./viewpoint.model";
import { VIEWPOINT } from "./viewpoint.sql";
import type { Viewpoint, ViewpointMember } from "./viewpoint.type";
import { writeViewpoint } from "./viewpoint.writer";

/** The read specs this module's resolvers hand to the loaders: resolvers import them from here, not the SQL file. */
export {
  ENTITY_MEMBERSHIPS,
  ENTITY_TOPIC_VIEWPOINTS,
  VIEWPOINT,
  VIEWPOINT_MEMBERS,
  VIEWPOINT_MEMBERS_PAGE,
} from "./viewpoint.sql";

export async function findViewpoint(
  ctx: Context,
  args: { id?: string | null; slug?: string | null; asOf?: Date | null },
  info?: GraphQLResolveInfo,
): Promise<Viewpoint | null> {
  // What the query selects on the viewpoint comes in the lookup's statement (not under asOf: see findSource).
  const includes = args.asOf ? [] : objectIncludes(info, "Viewpoint");
  // Only the columns the query asks for (columns.ts).
  const spec = narrowedFor(VIEWPOINT, info?.fieldNodes, info, "Viewpoint");
  if ((args.id == null) === (args.slug == null)) {
    throw badInput("pass exactly one of `id` and `slug`");
  }
  const current =
    args.id != null
      ? await ctx.loaders.byId(spec, expectGlobalId(args.id, "Viewpoint"), includes)
      : await ctx.loaders.one(spec, "slug", args.slug as string, "text", includes);
  if (!current || !args.asOf) return current;
  const past = await snapshotAsOf(ctx.loaders, current.uuid, args.asOf);
  return past ? markAsOf(VIEWPOINT.hydrate(past), args.asOf) : null;
}

export function listViewpoints(ctx: Context, args: ListArgsShape, info?: GraphQLResolveInfo) {
  return loadList(
    ctx.loaders,
    { ...VIEWPOINT, name: "viewpoints", reads: [{ table: "viewpoint" }] },
    "Viewpoint",
    args,
    undefined,
    info,
  );
}

/** A member's membership evidence, batched over the members a request reads (keys `<viewpoint>:<entity>`). */
export function memberEvidence(ctx: Context, member: ViewpointMember): Promise<Quote[]> {
  return ctx.loaders
    .batch<Quote[]>("ViewpointMember.evidence", async (keys) => {
      const pairs = keys.map((key) => key.split(":"));
      const rows = await queryRows<Record<string, unknown>>(
        ctx.sql,
        sql`SELECT ${QUOTE.columns}, l.viewpoint_id::text || ':' || l.entity_id::text AS "__member"
            FROM viewpoint_member_evidence l JOIN quote t ON t.id = l.quote_id
            WHERE (l.viewpoint_id, l.entity_id) IN (
              SELECT * FROM unnest(${pairs.map((p) => p[0]!)}::uuid[], ${pairs.map((p) => p[1]!)}::uuid[]))
            ORDER BY t.seq`,
      );
      const grouped = new Map<string, Quote[]>();
      for (const row of rows) {
        const key = row.__member as string;
        grouped.set(key, [...(grouped.get(key) ?? []), QUOTE.hydrate(row)]);
      }
      return keys.map((key) => grouped.get(key) ?? []);
    })
    .load(`${member.viewpointId}:${member.entityId}`);
}

/** A viewpoint input's record, with each member's evidence (not a field of the member model). */
function withMemberEvidence(
  record: Omit<ViewpointRecord, "members"> & { members?: object[] | null },
  members: ViewpointMemberInput[] | null | undefined,
  ref: Ref,
): ViewpointRecord {
  if (!record.members || !members) return record as ViewpointRecord;
  return {
    ...record,
    members: record.members.map((item, i) => ({
      ...(item as NonNullable<ViewpointRecord["members"]>[number]),
      evidence: quoteSelectors(members[i]!.evidence ?? undefined, ref, `input/members/${i}/evidence`),
    })),
  };
}

/** The viewpoint mutations' work, each in one transaction (shared/mutation.ts). */
export const viewpoints = {
  create: (ctx: Context, input: CreateViewpointInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await writeViewpoint(
            w,
            withMemberEvidence(recordOf(viewpointModel, input, ref), input.members, ref),
            "input",
            {
              mode: "create",
            },
          )
        ).id,
      load(VIEWPOINT),
    ),

  update: (ctx: Context, input: UpdateViewpointInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const { record, target } = await updateOf(tx, ref, viewpointModel, VIEWPOINT, "Viewpoint", input);
        return (await writeViewpoint(w, withMemberEvidence(record, input.members, ref), "input", target)).id;
      },
      load(VIEWPOINT),
    ),
};
