import { Field, ID, InputType, Int } from "type-graphql";
import type { Attribution } from "../../generated/prisma/enums";
import { exposeInputs, rowClass } from "../../shared/model";
import { attributionFields, type CueSelectorInput } from "../../shared/mutation-types";
import { sourceModel, type SourceRow } from "./source.model";

/** The fields of source.model.ts a create accepts, plus the source it derives from. */
@InputType({ description: "A new source. It needs a url, or a text (its hash is then its key)." })
export class CreateSourceInput extends rowClass<Partial<SourceRow> & { publisher?: string; authors?: string[] }>() {
  @Field(() => ID, { nullable: true, description: "Earlier source this derives from." }) derivedFrom?: string;
}
exposeInputs(sourceModel, CreateSourceInput, "create", ID);

/** The fields of source.model.ts an update accepts. */
@InputType({
  description:
    "Changes to a source. Fields left out stay as they are; a text change that would break a quote is refused.",
})
export class UpdateSourceInput extends rowClass<
  Partial<Omit<SourceRow, "version">> & { publisher?: string; authors?: string[] }
>() {
  @Field(() => ID, { description: "The source." }) id!: string;
  @Field(() => Int, { description: "The version you saw." }) version!: number;
  @Field(() => ID, {
    nullable: true,
    description:
      "The earlier source this one derives from (a rewrite, a syndication...); null: it derives from none. Left out: as it is.",
  })
  derivedFrom?: string | null;
}
exposeInputs(sourceModel, UpdateSourceInput, "update", ID);

@InputType({ description: "Attach a verbatim quote as evidence. The service finds its offsets in the source's text." })
export class AddEvidenceInput {
  @Field(() => ID, {
    description: "What the quote is evidence for: a Claim (an appearance), Stance, EntityRelation or ClaimRelation.",
  })
  target!: string;
  @Field(() => ID, { description: "The source quoted." }) source!: string;
  @Field({ description: "The exact text." }) exact!: string;
  @Field(() => String, { nullable: true, description: "Text just before it, when it occurs more than once." })
  prefix?: string;
  @Field(() => String, { nullable: true, description: "Text just after it, when it occurs more than once." })
  suffix?: string;

  speakers?: string[];
  attribution?: Attribution;
  cue?: CueSelectorInput;
}
attributionFields(AddEvidenceInput);

@InputType({
  description:
    "Retract a quote cited in error as evidence: it leaves the target's evidence, and is kept with the reason in `retractedEvidence` and in the target's history.",
})
export class RetractEvidenceInput {
  @Field(() => ID, {
    description: "What the quote was cited for: a Claim (an appearance), Stance, EntityRelation or ClaimRelation.",
  })
  target!: string;
  @Field(() => ID, { description: "The quote (a Quote ID, as `evidence` or `appearances` list it)." }) quote!: string;
  @Field({ description: "Why it is retracted (kept in `retractedEvidence` and in history)." }) reason!: string;
}
