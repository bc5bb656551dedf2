import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isIntrospectionType,
  isSpecifiedScalarType,
} from "graphql";

/*
 * The schema is the public API, and a playground or a code generator shows its descriptions as the
 * documentation: every type, field, argument, input field and enum value of schema.graphql (the file
 * `npm run schema` writes and `npm run check` keeps in step with the code) says what it is.
 */

const SCHEMA = buildSchema(readFileSync(path.join(__dirname, "../../schema.graphql"), "utf8"));

function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description || description.trim().length === 0) missing.push(where);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    // The root operation types are described by their fields.
    const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(
      type as never,
    );
    if (!root) check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe("schema.graphql", () => {
  it("describes every type, field, argument, input field and enum value", () => {
    expect(undescribed(SCHEMA)).toEqual([]);
  });

  it("would notice an undescribed field (the check can fail)", () => {
    const bare = buildSchema(
      `type Query {\n  """Described."""\n  a(x: Int): Int\n  b: Int\n}\nenum E {\n  """Described."""\n  ON\n  OFF\n}`,
    );
    expect(undescribed(bare)).toEqual(["Query.a(x)", "Query.b", "E", "E.OFF"]);
  });
});
