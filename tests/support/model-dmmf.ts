import { get_dmmf as getDmmfJson } from "@prisma/prisma-schema-wasm";

/**
 * Prisma's own reading of a schema (its DMMF), from Prisma's schema parser published as
 * @prisma/prisma-schema-wasm (what `@prisma/internals`' getDMMF wraps). The generated client keeps
 * only a stripped runtime model (no nullability, lists, native types, indexes), so it cannot serve.
 */

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  isReadOnly: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  /** `@db.X(args)` as `["X", ["args"]]`. */
  nativeType?: [string, string[]] | null;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  /** Only when written in the schema; Prisma's default applies otherwise. */
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueFields: string[][];
}

export interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  isDefinedOnField: boolean;
  name?: string;
  dbName?: string;
  fields: { name: string }[];
}

export interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

/** The DMMF of a schema, exactly as `prisma generate` computes it. Throws Prisma's P1012 on an invalid schema. */
export function getDmmf(schema: string, fileName = "schema.prisma"): Dmmf {
  return JSON.parse(getDmmfJson(JSON.stringify({ prismaSchema: [[fileName, schema]], noColor: true }))) as Dmmf;
}

export interface UnsupportedField {
  model: string;
  name: string;
  column: string;
  /** The database type inside `Unsupported("...")`. */
  dbType: string;
  isRequired: boolean;
}

/**
 * The DMMF leaves out `Unsupported(...)` fields (the client cannot read or write them), so these are
 * read from the schema text: inside each `model X { ... }` block, a line `name Unsupported("type")?`
 * with an optional `@map("column")`. Nothing else in the schema is parsed by hand.
 */
export function unsupportedFields(schema: string): UnsupportedField[] {
  const fields: UnsupportedField[] = [];
  // Comments start with "//" at a line's start or after a space (so "https://" in a string is kept).
  const withoutComments = schema.replace(/(^|\s)\/\/.*$/gm, "$1");
  // A block ends at the first line that is only "}" (a body may hold "}" inside strings, e.g. @default("{}")).
  for (const block of withoutComments.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}\s*$/gm)) {
    const [, model, body] = block;
    for (const line of body!.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/gm)) {
      const [, name, dbType, optional, rest] = line;
      const mapped = /@map\("([^"]+)"\)/.exec(rest!);
      fields.push({
        model: model!,
        name: name!,
        column: mapped ? mapped[1]! : name!,
        dbType: dbType!,
        isRequired: !optional,
      });
    }
  }
  return fields;
}
