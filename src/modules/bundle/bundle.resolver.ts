import { GraphQLJSONObject } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from "type-graphql";
import type { Context } from "../../context";
import { UserError, UserErrorCode } from "../../shared/mutation-types";
import { CLAIM, Claim } from "../claim";
import { importSmallBatch, MAX_BATCH } from "./bundle.service";

@InputType({ description: "A small batch of bundle records or ClaimReview objects (docs/import-format.md)." })
export class ImportBundleInput {
  @Field(() => [GraphQLJSONObject], {
    description: `Up to ${MAX_BATCH} records: bundle records (with \`type\`) or schema.org ClaimReview objects. Larger files: POST /import.`,
  })
  records!: Record<string, unknown>[];

  @Field({ defaultValue: false, description: "Check and report what would change, without writing." })
  dryRun!: boolean;
}

@ObjectType({
  description: "A claim the import created that scores MATCH against another claim (docs/matching.md); not merged.",
})
export class LikelyDuplicateType {
  @Field({ description: "Where the created claim's record is: its JSON pointer in `records`." })
  at!: string;

  claimId!: string;
  matchId!: string;

  @Field(() => Float, { description: "The matching score, 0 to 1." })
  score!: number;
}

@ObjectType({ simpleResolvers: true, description: "A record that could not be imported." })
export class RejectedRecordType {
  @Field({ description: "Where the record is: its JSON pointer in `records`." })
  at!: string;

  @Field({ description: "JSON pointer of the field at fault." })
  path!: string;

  @Field(() => UserErrorCode, { description: "Machine-readable reason." })
  code!: UserErrorCode;

  @Field({ description: "What is wrong." })
  reason!: string;
}

@ObjectType({ simpleResolvers: true, description: "An existing entity an entity record met under another slug." })
export class MatchedEntityType {
  @Field({ description: "The entity's slug." })
  slug!: string;

  @Field({ description: "The entity's name." })
  name!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "An entity record that met an existing entity under another slug, by external ID or by name (an exact name or alias, ignoring case and accents).",
})
export class EntityMatchType {
  @Field({ description: "Where the record is." })
  at!: string;

  @Field({ description: "The record's slug." })
  slug!: string;

  @Field({ description: "The record's name." })
  name!: string;

  @Field(() => MatchedEntityType, { description: "The existing entity." })
  entity!: MatchedEntityType;

  @Field({ description: "How they met: `externalId` or `name`." })
  by!: string;

  @Field({
    description:
      "true: the record resolved to the existing entity (same external ID, or a name-made slug as ClaimReview's); false: its slug was created and the existing entity is a near miss to check.",
  })
  used!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "What an import did (or, on a dry run, would do). All or nothing: one rejected record writes nothing. `userErrors` lists the rejected records as every mutation lists its input's problems; `rejected` is the same list in the import report's form.",
})
export class ImportBundlePayload {
  @Field({ description: "The changes were committed." })
  applied!: boolean;

  @Field({ description: "This was a dry run." })
  dryRun!: boolean;

  @Field({ description: "Nothing was (or would be) created or changed: the data was already there." })
  unchanged!: boolean;

  @Field(() => Int, { description: "Records read." })
  records!: number;

  @Field(() => GraphQLJSONObject, { description: "Per type: how many were created, updated, unchanged." })
  counts!: Record<string, unknown>;

  @Field(() => [RejectedRecordType], { description: "Records refused, with reasons; empty on success." })
  rejected!: RejectedRecordType[];

  @Field(() => [EntityMatchType], {
    description: "Entity records that met an existing entity under another slug (at most 100 listed).",
  })
  entityMatches!: EntityMatchType[];

  @Field({ description: "More entity matches were found than are listed." })
  entityMatchesTruncated!: boolean;

  @Field(() => [LikelyDuplicateType], {
    description:
      "Claims created here that are likely the same as another claim (MATCH tier, another fingerprint): reported, not merged. The first 200 claims created are checked.",
  })
  likelyDuplicates!: LikelyDuplicateType[];
}

@Resolver(() => LikelyDuplicateType)
export class LikelyDuplicateResolver {
  @FieldResolver(() => Claim, { nullable: true, description: "The claim the import created; null on a dry run." })
  claim(@Root() duplicate: LikelyDuplicateType, @Ctx() ctx: Context): Promise<Claim | null> {
    return ctx.loaders.byId(CLAIM, duplicate.claimId);
  }

  @FieldResolver(() => Claim, {
    nullable: true,
    description:
      "The claim it matches (same claim, another fingerprint: other wording or claimants); null on a dry run when that claim came with the import too.",
  })
  match(@Root() duplicate: LikelyDuplicateType, @Ctx() ctx: Context): Promise<Claim | null> {
    return ctx.loaders.byId(CLAIM, duplicate.matchId);
  }
}

/** A rejected record's JSON pointer (`/records/1/holder`) as a userError's field path. */
export function pointerPath(pointer: string): string[] {
  if (pointer === "") return ["input"];
  if (!pointer.startsWith("/")) return ["input", pointer];
  const parts = pointer.split("/").slice(1);
  return ["input", ...parts.map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))];
}

@Resolver(() => ImportBundlePayload)
export class ImportBundlePayloadResolver {
  @FieldResolver(() => [UserError], {
    description:
      'Problems with the input, as on every mutation: one per rejected record, `field` the path to the field at fault (["input", "records", "1", "holder"]); empty on success.',
  })
  userErrors(@Root() payload: ImportBundlePayload): UserError[] {
    return payload.rejected.map((rejected) => ({
      field: pointerPath(rejected.path),
      code: rejected.code,
      message: rejected.reason,
    }));
  }
}

@Resolver()
export class ImportResolver {
  @Authorized("EDITOR")
  @Mutation(() => ImportBundlePayload, {
    description: "Import a small batch of records, all or nothing. Re-importing the same records changes nothing.",
  })
  importBundle(
    @Arg("input", () => ImportBundleInput, { description: "What to write: the fields of `ImportBundleInput`." })
    input: ImportBundleInput,
    @Ctx() ctx: Context,
  ) {
    return importSmallBatch(ctx, input.records, input.dryRun);
  }
}
