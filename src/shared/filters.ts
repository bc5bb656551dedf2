import { hasLoneSurrogate } from "./text";
import { GraphQLLocalDate } from "graphql-scalars";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { type Sql, and, join, raw, sql } from "../db/sql";
import { DayStart } from "./date-time";
import { badInput } from "./errors";

/**
 * Scalar filter inputs and their compilation to SQL predicates. Values only ever enter SQL as
 * parameters; column expressions are constants of the code base. Operators follow PostGraphile's
 * connection filter and Prisma's where: `equals`, `in`, `notIn`, `contains`, `startsWith`, `endsWith`
 * (case-insensitive), `gt`/`gte`/`lt`/`lte`, `isNull`. All operators given in one filter must hold.
 */

export const MAX_LIST = 100;
export const MAX_TEXT = 1000;

export function checkText(value: string, argument: string): string {
  if (value.length > MAX_TEXT) {
    throw badInput(`\`${argument}\` is longer than ${MAX_TEXT} characters`, { argument });
  }
  if (value.includes("\u0000")) {
    throw badInput(`\`${argument}\` contains a NUL character`, { argument });
  }
  if (hasLoneSurrogate(value)) {
    throw badInput(`\`${argument}\` is not valid Unicode (a lone surrogate)`, { argument });
  }
  return value;
}

function checkList<T>(values: T[], argument: string): T[] {
  if (values.length > MAX_LIST) {
    throw badInput(`\`${argument}\` lists more than ${MAX_LIST} values`, { argument });
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

  @Field(() => [String], { nullable: true, description: "None of these values (case-sensitive)." })
  notIn?: string[] | null;

  @Field(() => String, { nullable: true, description: "Contains this text, ignoring case." })
  contains?: string | null;

  @Field(() => String, { nullable: true, description: "Starts with this text, ignoring case." })
  startsWith?: string | null;

  @Field(() => String, { nullable: true, description: "Ends with this text, ignoring case." })
  endsWith?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: the field is empty (null); false: it has a value." })
  isNull?: boolean | null;
}

@InputType({ description: 'An identifier in another system: `{ system: "wikidata", value: "Q42" }`.' })
export class ExternalIdInput {
  @Field(() => String, { description: 'The system, as keyed in `externalIds` (e.g. "wikidata").' })
  system!: string;

  @Field(() => String, { description: 'The identifier in that system (e.g. "Q42").' })
  value!: string;
}

@InputType({ description: "Conditions on a whole-number field; all given conditions must hold." })
export class IntFilter {
  @Field(() => Int, { nullable: true, description: "Exactly this value." })
  equals?: number | null;

  @Field(() => [Int], { nullable: true, description: "Any of these values." })
  in?: number[] | null;

  @Field(() => [Int], { nullable: true, description: "None of these values." })
  notIn?: number[] | null;

  @Field(() => Int, { nullable: true, description: "Greater than." })
  gt?: number | null;

  @Field(() => Int, { nullable: true, description: "Greater than or equal to." })
  gte?: number | null;

  @Field(() => Int, { nullable: true, description: "Less than." })
  lt?: number | null;

  @Field(() => Int, { nullable: true, description: "Less than or equal to." })
  lte?: number | null;

  @Field(() => Boolean, { nullable: true, description: "true: the field is empty (null); false: it has a value." })
  isNull?: boolean | null;
}

@InputType({ description: "Conditions on a number field; all given conditions must hold." })
export class FloatFilter {
  @Field(() => Float, { nullable: true, description: "Greater than." })
  gt?: number | null;

  @Field(() => Float, { nullable: true, description: "Greater than or equal to." })
  gte?: number | null;

  @Field(() => Float, { nullable: true, description: "Less than." })
  lt?: number | null;

  @Field(() => Float, { nullable: true, description: "Less than or equal to." })
  lte?: number | null;
}

@InputType({ description: "Conditions on a point in time; all given conditions must hold." })
export class DateTimeFilter {
  @Field(() => Date, {
    nullable: true,
    description: 'Exactly this instant; a plain date ("2025-03-01") means any time on that day (UTC).',
  })
  equals?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'After this instant; a plain date ("2025-03-01") means its start, 00:00 UTC.',
  })
  gt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'At or after this instant; a plain date ("2025-03-01") means its start, 00:00 UTC.',
  })
  gte?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Before this instant; a plain date ("2025-03-01") means its start, 00:00 UTC.',
  })
  lt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'At or before this instant; a plain date ("2025-03-01") means its start, 00:00 UTC.',
  })
  lte?: Date | null;

  @Field(() => Boolean, { nullable: true, description: "true: the field is empty (null); false: it has a value." })
  isNull?: boolean | null;
}

@InputType({ description: "Conditions on a calendar date (YYYY-MM-DD); all given conditions must hold." })
export class DateFilter {
  @Field(() => GraphQLLocalDate, { nullable: true, description: "Exactly this day." })
  equals?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "After this day." })
  gt?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "On or after this day." })
  gte?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "Before this day." })
  lt?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "On or before this day." })
  lte?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: the field is empty (null); false: it has a value." })
  isNull?: boolean | null;
}

@InputType({ description: "Conditions on an object's global ID." })
export class IDFilter {
  @Field(() => ID, { nullable: true, description: "Exactly this ID." })
  equals?: string | null;

  @Field(() => [ID], { nullable: true, description: "Any of these IDs." })
  in?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "None of these IDs." })
  notIn?: string[] | null;
}

export interface EnumFilterShape<E extends string = string> {
  equals?: E | null;
  in?: E[] | null;
  notIn?: E[] | null;
  isNull?: boolean | null;
}

/** `<Enum>Filter { equals in notIn isNull }` input for an enum registered with type-graphql. */
export function EnumFilterType<E extends string>(name: string, enumType: object) {
  @InputType(`${name}Filter`, { description: `Conditions on a ${name} field; all given conditions must hold.` })
  class EnumFilter {
    @Field(() => enumType, { nullable: true, description: "Exactly this value." })
    equals?: E | null;

    @Field(() => [enumType], { nullable: true, description: "Any of these values." })
    in?: E[] | null;

    @Field(() => [enumType], { nullable: true, description: "None of these values." })
    notIn?: E[] | null;

    @Field(() => Boolean, { nullable: true, description: "true: the field is empty (null); false: it has a value." })
    isNull?: boolean | null;
  }
  return EnumFilter;
}

type Comparable = string | number | Date;

function comparisons(column: Sql, filter: Record<string, unknown>, cast: Sql): Sql[] {
  const parts: Sql[] = [];
  const ops: [string, string][] = [
    ["equals", "="],
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
  ];
  for (const [key, op] of ops) {
    const value = filter[key] as Comparable | null | undefined;
    if (value != null) parts.push(sql`${column} ${raw(op)} ${value}${cast}`);
  }
  return parts;
}

function isNullPart(column: Sql, value: boolean | null | undefined): Sql[] {
  if (value == null) return [];
  return [value ? sql`${column} IS NULL` : sql`${column} IS NOT NULL`];
}

export function compileString(column: Sql, filter: StringFilter, argument: string): Sql[] {
  const parts: Sql[] = [];
  if (filter.equals != null) parts.push(sql`${column} = ${checkText(filter.equals, argument)}`);
  if (filter.in != null) {
    const values = checkList(filter.in, argument).map((value) => checkText(value, argument));
    parts.push(sql`${column} = ANY(${values}::text[])`);
  }
  if (filter.notIn != null) {
    const values = checkList(filter.notIn, argument).map((value) => checkText(value, argument));
    parts.push(sql`${column} <> ALL(${values}::text[])`);
  }
  const like = (pattern: string) => sql`${column} ILIKE ${pattern}`;
  if (filter.contains != null) parts.push(like(`%${likeEscape(checkText(filter.contains, argument))}%`));
  if (filter.startsWith != null) parts.push(like(`${likeEscape(checkText(filter.startsWith, argument))}%`));
  if (filter.endsWith != null) parts.push(like(`%${likeEscape(checkText(filter.endsWith, argument))}`));
  parts.push(...isNullPart(column, filter.isNull));
  return parts;
}

/**
 * An identifier in a JSON object of identifiers by system: the system's value is the identifier, or a
 * list containing it (`{"wikidata": "Q42"}` or `{"wikidata": ["Q42", "Q43"]}`). Containment, so an
 * index on the column serves it.
 */
export function compileExternalId(column: Sql, id: ExternalIdInput, argument: string): Sql {
  const system = checkText(id.system, `${argument}.system`);
  const value = checkText(id.value, `${argument}.value`);
  return sql`(${column} @> jsonb_build_object(${system}::text, ${value}::text) OR ${column} @> jsonb_build_object(${system}::text, jsonb_build_array(${value}::text)))`;
}

export function compileInt(column: Sql, filter: IntFilter, argument: string): Sql[] {
  const parts = comparisons(column, filter as Record<string, unknown>, sql``);
  if (filter.in != null) parts.push(sql`${column} = ANY(${checkList(filter.in, argument)}::int[])`);
  if (filter.notIn != null) parts.push(sql`${column} <> ALL(${checkList(filter.notIn, argument)}::int[])`);
  parts.push(...isNullPart(column, filter.isNull));
  return parts;
}

export function compileFloat(column: Sql, filter: FloatFilter): Sql[] {
  return comparisons(column, filter as Record<string, unknown>, sql`::float8`);
}

/**
 * Instants compare as given; a plain date (DayStart) is the start of its day in UTC, except under
 * `equals`, where it means the whole day: `equals: "2025-03-01"` finds everything on that day.
 */
export function compileDateTime(column: Sql, filter: DateTimeFilter): Sql[] {
  const { equals, ...rest } = filter;
  const parts = comparisons(column, rest as Record<string, unknown>, sql`::timestamptz`);
  if (equals instanceof DayStart) {
    const next = new Date(equals.getTime() + 86_400_000);
    parts.unshift(sql`${column} >= ${equals}::timestamptz`, sql`${column} < ${next}::timestamptz`);
  } else if (equals != null) {
    parts.unshift(sql`${column} = ${equals}::timestamptz`);
  }
  return [...parts, ...isNullPart(column, filter.isNull)];
}

export function compileDate(column: Sql, filter: DateFilter): Sql[] {
  for (const value of [filter.equals, filter.gt, filter.gte, filter.lt, filter.lte]) {
    if (typeof value === "string" && value.startsWith("0000")) {
      throw badInput("dates start at year 0001", { argument: "filter" });
    }
  }
  return [...comparisons(column, filter as Record<string, unknown>, sql`::date`), ...isNullPart(column, filter.isNull)];
}

export function compileEnum(column: Sql, pgType: string, filter: EnumFilterShape, argument: string): Sql[] {
  const parts: Sql[] = [];
  const type = raw(`"${pgType}"`);
  if (filter.equals != null) parts.push(sql`${column} = ${filter.equals}::${type}`);
  if (filter.in != null) parts.push(sql`${column} = ANY(${checkList(filter.in, argument)}::${type}[])`);
  if (filter.notIn != null) parts.push(sql`${column} <> ALL(${checkList(filter.notIn, argument)}::${type}[])`);
  parts.push(...isNullPart(column, filter.isNull));
  return parts;
}

/** IDs arrive as global IDs; `decode` maps each to its uuid or throws BAD_USER_INPUT. */
export function compileId(column: Sql, filter: IDFilter, argument: string, decode: (id: string) => string): Sql[] {
  const parts: Sql[] = [];
  if (filter.equals != null) parts.push(sql`${column} = ${decode(filter.equals)}::uuid`);
  if (filter.in != null) parts.push(sql`${column} = ANY(${checkList(filter.in, argument).map(decode)}::uuid[])`);
  if (filter.notIn != null) parts.push(sql`${column} <> ALL(${checkList(filter.notIn, argument).map(decode)}::uuid[])`);
  return parts;
}

export { and, join };
