import { coerceInputValue, isInputObjectType } from "graphql";
import { MAX_INPUT_DEPTH } from "../../limits/input-depth";
import { buildClaimbaseSchema } from "../../schema";
import { badInput } from "../../shared/errors";
import { filterHint } from "../../shared/filter-hints";
import { nestedDeeperThan } from "../../shared/json-limits";
import type { FilterShape, TypeName } from "../filter";

const MAX_REPORTED = 5;
/** Longest problem reported: graphql-js quotes the offending value back, however long it is. */
const MAX_PROBLEM_LENGTH = 200;

function where(path: readonly (string | number)[]): string {
  return path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${key}`), "filter");
}

function clip(text: string): string {
  return text.length > MAX_PROBLEM_LENGTH ? `${text.slice(0, MAX_PROBLEM_LENGTH - 1)}…` : text;
}

export interface CoerceOptions {
  /** Leave graphql-js's "Did you mean …?" out of messages (production: they list the schema). */
  hideSuggestions?: boolean;
}

/**
 * Checks a filter given as plain JSON (a URL parameter, a command-line option) against the GraphQL
 * `<Type>Filter` input type and coerces it the way a GraphQL variable is (enums, DateTimeISO, LocalDate,
 * unknown fields refused), so an export selects exactly what `claims(filter: $f)` lists.
 * Problems are BAD_USER_INPUT.
 */
export function coerceFilter(type: TypeName, filter: unknown, options: CoerceOptions = {}): FilterShape | null {
  if (filter === undefined || filter === null) return null;
  if (typeof filter !== "object" || Array.isArray(filter)) {
    throw badInput(`\`filter\` must be a JSON object (a ${type}Filter)`, { argument: "filter" });
  }
  // graphql-js coerces recursively: a few hundred levels of AND overflow the stack. The same bound
  // as a GraphQL request's JSON; the filter compiler allows far fewer levels still.
  if (nestedDeeperThan(filter, MAX_INPUT_DEPTH)) {
    throw badInput(`\`filter\` nests more than ${MAX_INPUT_DEPTH} levels deep; flatten it`, {
      argument: "filter",
    });
  }
  const schema = buildClaimbaseSchema();
  const inputType = schema.getType(`${type}Filter`);
  if (!isInputObjectType(inputType)) throw new Error(`the schema has no input type ${type}Filter`);
  const problems: string[] = [];
  let count = 0;
  const value = coerceInputValue(
    filter,
    inputType,
    (path, invalid, error) => {
      count += 1;
      if (problems.length >= MAX_REPORTED) return;
      // The same hints as GraphQL gives a variable (shared/filter-hints.ts reads graphql-js's wording
      // of a variable's error, so the problem is worded as one), in GraphQL's syntax: `{ equals: FACTUAL }`
      // is `{"equals": "FACTUAL"}` here.
      const hint = filterHint(
        schema,
        `Variable "$filter" got invalid value ${clip(JSON.stringify(invalid) ?? "")}; ${error.message}`,
      );
      problems.push(clip(`${where(path)}: ${error.message}`) + (hint ? ` Hint: ${hint}` : ""));
    },
    options.hideSuggestions,
  ) as FilterShape | undefined;
  if (count > 0) {
    const more = count > MAX_REPORTED ? ` (and ${count - MAX_REPORTED} more)` : "";
    throw badInput(`invalid ${type}Filter: ${problems.join("; ")}${more}`, { argument: "filter" });
  }
  return value ?? null;
}
