import type { Context } from "../../context";
import { fromGlobalId, type NodeTypeName } from "../../shared/global-id";
import { RecordError } from "../bundle";
import { CLAIM, CLAIM_RELATION } from "../claim";
import { claimModel } from "../claim/claim.model";
import { bundlePath, type FieldDef, type ModelDef, readPath, scalarFields, writePath } from "../../shared/model";
import { ENTITY } from "../entity";
import { entityModel } from "../entity/entity.model";
import { ENTITY_RELATION } from "../entity-relation";
import { entityRelationModel } from "../entity-relation/entity-relation.model";
import { REVIEW } from "../review";
import { reviewModel } from "../review/review.model";
import { QUOTE, SOURCE, SOURCE_FULL } from "../source";
import { sourceModel } from "../source/source.model";
import { STANCE } from "../stance";
import { stanceModel } from "../stance/stance.model";
import { VIEWPOINT } from "../viewpoint";
import { viewpointModel } from "../viewpoint/viewpoint.model";
import { currentRow, ratingFor, type Ref, transact } from "./editing.service";
import type {
  AddEvidenceInput,
  AddReviewInput,
  CreateClaimInput,
  CreateEntityInput,
  CreateSourceInput,
  CreateViewpointInput,
  DeprecateClaimInput,
  LinkClaimsInput,
  MergeEntitiesInput,
  QuoteSelectorInput,
  RecordStanceInput,
  RelateEntitiesInput,
  UpdateClaimInput,
  UpdateEntityInput,
  UpdateSourceInput,
  UpdateViewpointInput,
} from "./editing.types";

function quotes(selectors: QuoteSelectorInput[] | undefined, ref: Ref, field: string) {
  return selectors?.map((q, i) => ({
    source: ref(q.source, ["Source"], `${field}/${i}/source`)!,
    exact: q.exact,
    prefix: q.prefix,
    suffix: q.suffix,
  }));
}

function uuidOf(globalId: string, type: "Entity" | "Source" | "Claim" | "Viewpoint", field: string): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== type) throw new RecordError(field, "INVALID", `must be the ID of a ${type}`);
  return decoded.id;
}

async function required(ctx: Context, spec: Parameters<typeof currentRow>[1], id: string, type: string) {
  const row = await currentRow(ctx, spec, id);
  if (!row) throw new RecordError("input/id", "NOT_FOUND", `no ${type} has this ID`);
  return row;
}

/**
 * A mutation's typed input as the record the writer takes (shared/model.ts): the model's writable
 * fields that were given, at their place in a bundle record, with times in ISO 8601 and related
 * objects as `id:` references.
 */
function recordOf(
  model: ModelDef<Record<string, FieldDef>>,
  input: object,
  ref: Ref,
  prefix = "input",
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const given = input as Record<string, unknown>;
  for (const [name, field] of Object.entries(model.fields)) {
    const value = given[name];
    if (!field.write || value === undefined) continue;
    const at = bundlePath(name, field);
    const path = `${prefix}/${name}`;
    if ("relation" in field && field.relation === "links") {
      const items = (value as object[] | null)?.map((item, i) => recordOf(field.item, item, ref, `${path}/${i}`));
      writePath(record, at, items);
    } else if ("relation" in field) {
      const types = [field.target as NodeTypeName];
      writePath(
        record,
        at,
        field.relation === "one"
          ? ref(value as string | null, types, path)
          : (value as string[] | null)?.map((id, i) => ref(id, types, `${path}/${i}`)!),
      );
    } else {
      writePath(record, at, value instanceof Date ? value.toISOString() : value);
    }
  }
  return record;
}

/**
 * An update's record with the current values of the fields it leaves out (or sets to null) that the
 * writer needs on every write: the model's required fields, and `also` (a natural key).
 */
function withCurrent(
  model: ModelDef<Record<string, FieldDef>>,
  record: Record<string, unknown>,
  current: Record<string, unknown>,
  also: string[] = [],
): Record<string, unknown> {
  for (const [name, field] of scalarFields(model)) {
    if (field.write?.create !== "required" && !also.includes(name)) continue;
    const at = bundlePath(name, field);
    if (readPath(record, at) == null) writePath(record, at, current[name] ?? undefined);
  }
  return record;
}

/** Loads a mutation's result on its transaction's connection (see transact). */
const load =
  <T>(spec: Parameters<Context["loaders"]["byId"]>[0]) =>
  (tx: Context, id: string) =>
    tx.loaders.byId(spec, id) as Promise<T | null>;

/** The mutations' work, each in one transaction (see editing.service.ts). */
export const editing = {
  createEntity: (ctx: Context, input: CreateEntityInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.entity(recordOf(entityModel, input, ref) as Parameters<typeof w.entity>[0], "input", {
            mode: "create",
          })
        ).id,
      load(ENTITY),
    ),

  updateEntity: (ctx: Context, input: UpdateEntityInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Entity", "input/id");
        const cur = await required(tx, ENTITY, id, "Entity");
        const record = withCurrent(entityModel, recordOf(entityModel, input, ref), cur);
        return (
          await w.entity(record as Parameters<typeof w.entity>[0], "input", {
            mode: "update",
            id,
            version: input.version,
          })
        ).id;
      },
      load(ENTITY),
    ),

  mergeEntities: (ctx: Context, input: MergeEntitiesInput) =>
    transact(
      ctx,
      async (w) => {
        const survivor = uuidOf(input.survivor, "Entity", "input/survivor");
        const merged = input.merged.map((id, i) => uuidOf(id, "Entity", `input/merged/${i}`));
        await w.mergeEntities(survivor, merged, "input");
        return survivor;
      },
      load(ENTITY),
    ),

  createSource: (ctx: Context, input: CreateSourceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const record = {
          ...recordOf(sourceModel, input, ref),
          derivedFrom: ref(input.derivedFrom, ["Source"], "input/derivedFrom"),
        };
        return (await w.source(record as Parameters<typeof w.source>[0], "input", undefined, { mode: "create" })).id;
      },
      load(SOURCE),
    ),

  updateSource: (ctx: Context, input: UpdateSourceInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Source", "input/id");
        const cur = await required(tx, SOURCE_FULL, id, "Source");
        // The url or the text is the source's natural key, which the writer checks on every write.
        const record = withCurrent(sourceModel, recordOf(sourceModel, input, ref), cur, ["url", "text"]);
        return (
          await w.source(record as Parameters<typeof w.source>[0], "input", undefined, {
            mode: "update",
            id,
            version: input.version,
          })
        ).id;
      },
      load(SOURCE),
    ),

  createClaim: (ctx: Context, input: CreateClaimInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.claim(
            {
              ...(recordOf(claimModel, input, ref) as Parameters<typeof w.claim>[0]),
              appearances: quotes(input.appearances, ref, "input/appearances"),
            },
            "input",
            { mode: "create" },
          )
        ).id,
      load(CLAIM),
    ),

  updateClaim: (ctx: Context, input: UpdateClaimInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        const cur = await required(tx, CLAIM, id, "Claim");
        if (input.rank === "DEPRECATED")
          throw new RecordError("input/rank", "INVALID", "use deprecateClaim, which records a reason");
        const record = recordOf(claimModel, input, ref);
        // The text and kind are part of what the writer checks on every write; left out, they stay.
        return (
          await w.claim(
            { ...record, text: input.text ?? cur.text, kind: input.kind ?? cur.kind } as Parameters<typeof w.claim>[0],
            "input",
            { mode: "update", id, version: input.version },
          )
        ).id;
      },
      load(CLAIM),
    ),

  deprecateClaim: (ctx: Context, input: DeprecateClaimInput) =>
    transact(
      ctx,
      async (w) => {
        const id = uuidOf(input.id, "Claim", "input/id");
        await w.deprecateClaim(id, input.version, input.reason, "input");
        return id;
      },
      load(CLAIM),
    ),

  createViewpoint: (ctx: Context, input: CreateViewpointInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.viewpoint(recordOf(viewpointModel, input, ref) as Parameters<typeof w.viewpoint>[0], "input", {
            mode: "create",
          })
        ).id,
      load(VIEWPOINT),
    ),

  updateViewpoint: (ctx: Context, input: UpdateViewpointInput) =>
    transact(
      ctx,
      async (w, ref, tx) => {
        const id = uuidOf(input.id, "Viewpoint", "input/id");
        const cur = await required(tx, VIEWPOINT, id, "Viewpoint");
        const record = withCurrent(viewpointModel, recordOf(viewpointModel, input, ref), cur);
        return (
          await w.viewpoint(record as Parameters<typeof w.viewpoint>[0], "input", {
            mode: "update",
            id,
            version: input.version,
          })
        ).id;
      },
      load(VIEWPOINT),
    ),

  addEvidence: (ctx: Context, input: AddEvidenceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const decoded = fromGlobalId(input.target);
        const targets = {
          Claim: { table: "claim_appearance", column: "claim_id", spec: CLAIM },
          Stance: { table: "stance_evidence", column: "stance_id", spec: STANCE },
          EntityRelation: { table: "entity_relation_evidence", column: "relation_id", spec: ENTITY_RELATION },
          ClaimRelation: { table: "claim_relation_evidence", column: "relation_id", spec: CLAIM_RELATION },
        } as const;
        if (!decoded || !(decoded.type in targets)) {
          throw new RecordError(
            "input/target",
            "INVALID",
            "must be the ID of a Claim, Stance, EntityRelation or ClaimRelation",
          );
        }
        const target = targets[decoded.type as keyof typeof targets];
        const quoteId = await w.quoteId(
          {
            source: ref(input.source, ["Source"], "input/source")!,
            exact: input.exact,
            prefix: input.prefix,
            suffix: input.suffix,
          },
          "input",
        );
        await w.addEvidence({ type: decoded.type, ...target, id: decoded.id }, quoteId);
        return quoteId;
      },
      load(QUOTE),
    ),

  recordStance: (ctx: Context, input: RecordStanceInput) =>
    transact(
      ctx,
      async (w, ref) => {
        const holder = fromGlobalId(input.holder);
        if (!holder || (holder.type !== "Entity" && holder.type !== "Viewpoint")) {
          throw new RecordError("input/holder", "INVALID", "must be the ID of an Entity or a Viewpoint");
        }
        // The holder is one ID of either type (GraphQL inputs have no unions), found here so that a
        // problem with it names input/holder; the writer then finds it among the references it knows.
        const id = `id:${holder.id}`;
        await (holder.type === "Entity" ? w.entityId(id, "input/holder") : w.viewpointId(id, "input/holder"));
        return (
          await w.stance(
            {
              ...(recordOf(stanceModel, input, ref) as Parameters<typeof w.stance>[0]),
              holder: holder.type === "Entity" ? { entity: id } : { viewpoint: id },
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id;
      },
      load(STANCE),
    ),

  linkClaims: (ctx: Context, input: LinkClaimsInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.claimRelation(
            {
              from: ref(input.from, ["Claim"], "input/from")!,
              to: ref(input.to, ["Claim"], "input/to")!,
              kind: input.kind,
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id,
      load(CLAIM_RELATION),
    ),

  addReview: (ctx: Context, input: AddReviewInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.review(
            {
              ...(recordOf(reviewModel, input, ref) as Parameters<typeof w.review>[0]),
              normalizedRating: ratingFor(input.originalRating, input.normalizedRating) as Parameters<
                typeof w.review
              >[0]["normalizedRating"],
            },
            "input",
          )
        ).id,
      load(REVIEW),
    ),

  relateEntities: (ctx: Context, input: RelateEntitiesInput) =>
    transact(
      ctx,
      async (w, ref) =>
        (
          await w.entityRelation(
            {
              ...(recordOf(entityRelationModel, input, ref) as Parameters<typeof w.entityRelation>[0]),
              evidence: quotes(input.evidence, ref, "input/evidence"),
            },
            "input",
          )
        ).id,
      load(ENTITY_RELATION),
    ),
};
