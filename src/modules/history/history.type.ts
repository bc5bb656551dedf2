import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { RevisionAction } from "../../generated/prisma/enums";

registerEnumType(RevisionAction, {
  name: "RevisionAction",
  description: "What a write did.",
  valuesConfig: {
    CREATE: { description: "Created the object." },
    UPDATE: { description: "Changed fields or added evidence." },
    DEPRECATE: { description: "Deprecated a claim, with a reason." },
    MERGE: { description: "Merged entities (on the merged entity and on the survivor)." },
    DELETE: { description: "Removed the object (not used by the API: nothing is deleted)." },
    RETRACT: { description: "Retracted a stance or a claim link recorded in error, with a reason (it is kept)." },
    RESTORE: { description: "Restored a deprecated claim to NORMAL rank, with a reason (`after.restorationReason`)." },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "One write to an object: who did what, when, and the object before and after.",
})
export class Revision {
  @Field(() => Int, { description: "Order of the revision among all revisions." })
  seq!: number;

  @Field(() => RevisionAction, { description: "What the write did." })
  action!: RevisionAction;

  @Field({ description: "When it was written (the transaction's time)." })
  at!: Date;

  @Field({ description: "Who wrote it: `key:<key name>`, `cli`, `seed`." })
  actor!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The object before the write (null for CREATE)." })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The object after the write." })
  after!: Record<string, unknown> | null;
}
