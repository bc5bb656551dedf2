import { Field, InputType, type ClassType } from "type-graphql";
import { type Sql, and, join, raw, sql } from "../db/sql";
import { UserInputError } from "./errors";

/**
 * Filter inputs and their compilation to one parameterized SQL predicate. Values only ever enter SQL
 * as parameters; column expressions are constants of the module that owns the table.
 */

const MAX_LIST = 100;
const MAX_TEXT = 1000;

function checkText(value: string, argument: string): string {
  if (value.length > MAX_TEXT) {
    throw new UserInputError(`\`${argument}\` is longer than ${MAX_TEXT} characters`, { argument });
  }
  if (value.includes("\u0000")) {
    throw new UserInputError(`\`${argument}\` contains a NUL character`, { argument });
  }
  return value;
}

function checkList<T>(values: T[], argument: string): T[] {
  if (values.length > MAX_LIST) {
    throw new UserInputError(`\`${argument}\` lists more than ${MAX_LIST} values`, { argument });
  }
  return values;
}

/** `%`, `_` and `\` match themselves in LIKE patterns built from user text. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

@InputType({ description: "Conditions on a text field; all given conditions must hold." })
export class StringFilter {
  @Field(() => String, { nullable: true, description: "Exactly this value (case-sensitive)." })
  equals?: string | null;

  @Field(() => [String], { nullable: true, description: "Any of these values (case-sensitive)." })
  in?: string[] | null;

  @Field(() => String, { nullable: true, description: "Contains this text, ignoring case." })
  contains?: string | null;

  @Field(() => String, { nullable: true, description: "Starts with this text, ignoring case." })
  startsWith?: string | null;
}

export function compileString(column: Sql, filter: StringFilter | null | undefined, argument: string): Sql[] {
  if (!filter) return [];
  const parts: Sql[] = [];
  if (filter.equals != null) parts.push(sql`${column} = ${checkText(filter.equals, argument)}`);
  if (filter.in != null) {
    const values = checkList(filter.in, argument).map((value) => checkText(value, argument));
    parts.push(sql`${column} = ANY(${values}::text[])`);
  }
  if (filter.contains != null) {
    parts.push(sql`${column} ILIKE ${`%${likeEscape(checkText(filter.contains, argument))}%`}`);
  }
  if (filter.startsWith != null) {
    parts.push(sql`${column} ILIKE ${`${likeEscape(checkText(filter.startsWith, argument))}%`}`);
  }
  return parts;
}

export interface EnumFilterShape<E extends string> {
  equals?: E | null;
  in?: E[] | null;
}

/** `<Enum>Filter { equals in }` input for an enum registered with type-graphql. */
export function EnumFilterType<E extends string>(name: string, enumType: object): ClassType<EnumFilterShape<E>> {
  @InputType(`${name}Filter`, { description: `Conditions on a ${name} field; all given conditions must hold.` })
  class EnumFilter {
    @Field(() => enumType, { nullable: true, description: "Exactly this value." })
    equals?: E | null;

    @Field(() => [enumType], { nullable: true, description: "Any of these values." })
    in?: E[] | null;
  }
  return EnumFilter;
}

export function compileEnum<E extends string>(
  column: Sql,
  pgType: string,
  filter: EnumFilterShape<E> | null | undefined,
  argument: string,
): Sql[] {
  if (!filter) return [];
  const parts: Sql[] = [];
  const type = raw(`"${pgType}"`);
  if (filter.equals != null) parts.push(sql`${column} = ${filter.equals}::${type}`);
  if (filter.in != null) parts.push(sql`${column} = ANY(${checkList(filter.in, argument)}::${type}[])`);
  return parts;
}

export { and, join };
