import {
  type GraphQLFormattedError,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
} from "graphql";

/**
 * Filter mistakes people make in a playground, answered with what would have worked.
 *
 * graphql-js refuses `kind: FACTUAL` (a bare value where `ClaimKindFilter`'s operators are expected) and
 * `claimants: { slug: ... }` (a to-one form on a to-many relation) while validating or coercing the
 * variables, before any resolver runs, with messages that name the input type but not the fix. This
 * recognises those errors on `...Filter` inputs, reads the input type from the schema (its operators, its
 * `some`/`every`/`none`, its fields), and adds a hint: the error's `extensions.hint` and the end of its
 * message, with the code `BAD_USER_INPUT`. graphql-js has no structured form of these errors (no type or
 * value on the error object), so its messages are read; their wording has been stable since
 * graphql-js 15, and an unrecognised message is passed through unchanged.
 */

/** `Expected value of type "X", found V.` (a literal) and `... got invalid value V at "p"; Expected type "X" to be an object.` (a variable). */
const WRONG_KIND_LITERAL = /^Expected value of type "(\w+)", found (.+?)\.$/s;
const WRONG_KIND_VARIABLE =
  /^Variable "\$\w+" got invalid value (.+?)(?: at "[^"]*")?; Expected type "(\w+)" to be an object\.$/s;
/** `Field "f" is not defined by type "X".`, maybe followed by suggestions, in a literal or a variable. */
const UNKNOWN_FIELD = /Field "(\w+)" is not defined by type "(\w+)"\./;
/** The rejected object of a variable: `got invalid value { slug: "x" } at "f.claimants";`. */
const VARIABLE_VALUE = /^Variable "\$\w+" got invalid value (.+?)(?: at "[^"]*")?; Field "/s;

const LIST_OPERATORS = ["some", "every", "none"];
const CONNECTIVES = ["AND", "OR", "NOT"];

function filterType(schema: GraphQLSchema, name: string): GraphQLInputObjectType | null {
  if (!name.endsWith("Filter")) return null;
  const type = schema.getType(name);
  return isInputObjectType(type) ? type : null;
}

function isListFilter(type: GraphQLInputObjectType): boolean {
  const fields = Object.keys(type.getFields());
  return LIST_OPERATORS.every((name) => fields.includes(name));
}

/** An operator filter (`StringFilter`, `ClaimKindFilter`, `DateTimeFilter`): operators, no fields of a type. */
function isOperatorFilter(type: GraphQLInputObjectType): boolean {
  return "equals" in type.getFields() || "gte" in type.getFields();
}

/** A value written for an operator filter: a list means `in`, anything else `equals`; enum values unquoted. */
function operatorForm(type: GraphQLInputObjectType, value: string): string {
  const trimmed = value.trim();
  const fields = type.getFields();
  const enumType = fields.equals && isEnumType(getNamedType(fields.equals.type));
  const unquote = (text: string) => (enumType ? text.replace(/"(\w+)"/g, "$1") : text);
  if (trimmed.startsWith("[") && fields.in) return `{ in: ${unquote(trimmed)} }`;
  if (fields.equals) return `{ equals: ${unquote(trimmed)} }`;
  return `{ gte: ${trimmed} }`;
}

function operatorsOf(type: GraphQLInputObjectType): string {
  return Object.keys(type.getFields()).join(", ");
}

/** `slug: "x"` inside a list filter, as it should be written under `some`. */
function underSome(list: GraphQLInputObjectType, field: string, value: string | null): string {
  const item = getNamedType(list.getFields().some!.type) as GraphQLInputObjectType;
  const target = item.getFields()[field];
  if (!target) return `{ some: { ... } }`;
  const targetType = getNamedType(target.type);
  let inner = value ?? "...";
  if (
    value !== null &&
    isInputObjectType(targetType) &&
    isOperatorFilter(targetType) &&
    !value.trim().startsWith("{")
  ) {
    inner = operatorForm(targetType, value);
  }
  return `{ some: { ${field}: ${inner} } }`;
}

/** The value of `field` in a printed object (`{ slug: "x" }` -> `"x"`), when it is a simple one. */
function fieldValue(printed: string | null, field: string): string | null {
  if (!printed) return null;
  const match = new RegExp(`(?:^|[{,\\s])"?${field}"?:\\s*("(?:[^"\\\\]|\\\\.)*"|[\\w.-]+|\\{[^{}]*\\})`).exec(printed);
  return match ? match[1]! : null;
}

/** The hint for one error message, or null when the message is not about a filter input. */
export function filterHint(schema: GraphQLSchema, message: string): string | null {
  let match = WRONG_KIND_LITERAL.exec(message);
  let typeName: string | undefined;
  let value: string | undefined;
  if (match) [, typeName, value] = match;
  else if ((match = WRONG_KIND_VARIABLE.exec(message))) [, value, typeName] = match;
  if (typeName && value !== undefined) {
    const type = filterType(schema, typeName);
    if (!type) return null;
    if (isListFilter(type)) {
      return `${typeName} filters a list of related items: put the conditions under some, every or none, e.g. { some: { ... } }.`;
    }
    if (isOperatorFilter(type)) {
      return `${typeName} takes operators, not a bare value: write ${operatorForm(type, value)} (operators: ${operatorsOf(type)}).`;
    }
    const key = "slug" in type.getFields() ? "slug" : "id";
    return `${typeName} takes conditions on the related item's fields, e.g. { ${key}: { equals: ${value.trim()} } } (fields: ${operatorsOf(type)}).`;
  }
  const unknown = UNKNOWN_FIELD.exec(message);
  if (!unknown) return null;
  const [, field, name] = unknown as unknown as [string, string, string];
  const type = filterType(schema, name);
  if (!type) return null;
  if (isListFilter(type)) {
    const item = getNamedType(type.getFields().some!.type) as GraphQLInputObjectType;
    const printed = VARIABLE_VALUE.exec(message)?.[1] ?? null;
    const form = underSome(type, field, fieldValue(printed, field));
    return item.getFields()[field]
      ? `${name} filters a list of related items: write ${form} (or every / none instead of some).`
      : `${name} filters a list of related items: put conditions on ${item.name} (fields: ${operatorsOf(item)}) under some, every or none.`;
  }
  if (isOperatorFilter(type)) return `${name} takes these operators: ${operatorsOf(type)}.`;
  const fields = Object.keys(type.getFields()).filter((f) => !CONNECTIVES.includes(f));
  return `${name} has these fields: ${fields.join(", ")}; combine conditions with AND, OR and NOT.`;
}

/**
 * A formatted error with its filter hint: code BAD_USER_INPUT, `extensions.hint`, and the hint at the end
 * of the message. Other errors are returned as they are.
 */
export function withFilterHint(schema: GraphQLSchema, formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code !== "GRAPHQL_VALIDATION_FAILED" && code !== "BAD_USER_INPUT") return formatted;
  const hint = filterHint(schema, formatted.message);
  if (!hint) return formatted;
  return {
    ...formatted,
    message: `${formatted.message} Hint: ${hint}`,
    extensions: { ...formatted.extensions, code: "BAD_USER_INPUT", hint },
  };
}
