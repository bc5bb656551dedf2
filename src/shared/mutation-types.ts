import { Field, ID, InputType, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { Attribution } from "../generated/prisma/enums";
import { USER_ERROR_CODES, UserErrorCode } from "./errors";

/*
 * GraphQL types every domain's mutations share: the userErrors of their payloads, the payload factory
 * and the quote selector their evidence is given as.
 */

registerEnumType(UserErrorCode, {
  name: "UserErrorCode",
  description:
    "Why a mutation's input (`userErrors`) or an imported record (`rejected`) was refused; nothing was written.",
  valuesConfig: Object.fromEntries(
    Object.entries(USER_ERROR_CODES).map(([code, description]) => [code, { description }]),
  ),
});

export { UserErrorCode };

@ObjectType({
  simpleResolvers: true,
  description: "A problem with a mutation's input that the caller can fix; nothing was changed.",
})
export class UserError {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "slug"].' })
  field!: string[];

  @Field(() => UserErrorCode, { description: "Machine-readable reason." })
  code!: UserErrorCode;

  @Field({ description: "What is wrong, for people." })
  message!: string;
}

/** `<Name>Payload { <field>: T, userErrors }` (Shopify/GitHub style). */
export function Payload<T extends object>(name: string, field: string, Type: ClassType<T>, description: string) {
  @ObjectType(`${name}Payload`, {
    simpleResolvers: true,
    description: `The result of ${name.charAt(0).toLowerCase() + name.slice(1)}.`,
  })
  class P {
    @Field(() => [UserError], { description: "Problems with the input; empty on success." })
    userErrors!: UserError[];
  }
  Field(() => Type, { nullable: true, description })(P.prototype, field);
  return P;
}

@InputType({
  description:
    'The words of a source that attribute a passage ("argued", "declaring"), found in the same text as the passage: its exact text, plus the text around it when it occurs more than once.',
})
export class CueSelectorInput {
  @Field({ description: "The exact text of the cue." })
  exact!: string;

  @Field(() => String, { nullable: true, description: "Text immediately before it, to tell repeated words apart." })
  prefix?: string;

  @Field(() => String, { nullable: true, description: "Text immediately after it, to tell repeated words apart." })
  suffix?: string;
}

/** The attribution fields of a quote selector (QuoteSelectorInput, AddEvidenceInput), declared once. */
export function attributionFields(Input: object): void {
  const proto = (Input as { prototype: object }).prototype;
  Field(() => [ID], {
    nullable: true,
    description:
      "Who speaks in the passage according to its source (entities), given with `attribution`. A passage already stored with speakers must be given the same ones, or none.",
  })(proto, "speakers");
  Field(() => Attribution, {
    nullable: true,
    description:
      "How the source attributes the passage to `speakers` (DIRECT, INDIRECT, AUTHOR, ATTRIBUTED_TO_GROUP); left out, the quote keeps what it has (UNATTRIBUTED when new).",
  })(proto, "attribution");
  Field(() => CueSelectorInput, {
    nullable: true,
    description: 'The words that attribute it ("argued"), in the same source; optional.',
  })(proto, "cue");
}

@InputType({
  description:
    "A verbatim passage of a source: its exact text, plus the text around it when it occurs more than once; with who speaks in it according to the source.",
})
export class QuoteSelectorInput {
  @Field(() => ID, { description: "The source quoted (it must have a text snapshot)." })
  source!: string;

  @Field({ description: "The exact text, character for character." })
  exact!: string;

  @Field(() => String, { nullable: true, description: "Text immediately before it, to tell repeated passages apart." })
  prefix?: string;

  @Field(() => String, { nullable: true, description: "Text immediately after it, to tell repeated passages apart." })
  suffix?: string;

  speakers?: string[];
  attribution?: Attribution;
  cue?: CueSelectorInput;
}
attributionFields(QuoteSelectorInput);
