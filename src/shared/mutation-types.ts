import { Field, ID, InputType, ObjectType, registerEnumType, type ClassType } from "type-graphql";
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
  description: "A verbatim passage of a source: its exact text, plus the text around it when it occurs more than once.",
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
}
