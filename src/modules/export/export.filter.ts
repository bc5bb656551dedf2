import { coerceInputValue, isInputObjectType } from "graphql";
import { buildClaimbaseSchema } from "../../schema";
import { UserInputError } from "../../shared/errors";
import type { FilterShape, TypeName } from "../filter";

const MAX_REPORTED = 5;

function where(path: readonly (string | number)[]): string {
  return path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : `${at}.${key}`), "filter");
}

/**
 * Checks a filter given as plain JSON (a URL parameter, a command-line option) against the GraphQL
 * `<Type>Filter` input type and coerces it the way a GraphQL variable is (enums, DateTimeISO, LocalDate,
 * unknown fields refused), so an export selects exactly what `claims(filter: $f)` lists.
 * Problems are BAD_USER_INPUT.
 */
export function coerceFilter(type: TypeName, filter: unknown): FilterShape | null {
  if (filter === undefined || filter === null) return null;
  if (typeof filter !== "object" || Array.isArray(filter)) {
    throw new UserInputError(`\`filter\` must be a JSON object (a ${type}Filter)`, { argument: "filter" });
  }
  const inputType = buildClaimbaseSchema().getType(`${type}Filter`);
  if (!isInputObjectType(inputType)) throw new Error(`the schema has no input type ${type}Filter`);
  const problems: string[] = [];
  const value = coerceInputValue(filter, inputType, (path, _invalid, error) => {
    problems.push(`${where(path)}: ${error.message}`);
  }) as FilterShape | undefined;
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? ` (and ${problems.length - MAX_REPORTED} more)` : "";
    throw new UserInputError(`invalid ${type}Filter: ${problems.slice(0, MAX_REPORTED).join("; ")}${more}`, {
      argument: "filter",
    });
  }
  return value ?? null;
}
