import "reflect-metadata";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  getNamedType,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLType,
} from "graphql";
import { buildClaimbaseSchema } from "../../src/schema";
import { claimModel } from "../../src/modules/claim/claim.model";
import { entityModel } from "../../src/modules/entity/entity.model";
import { entityRelationModel } from "../../src/modules/entity-relation/entity-relation.model";
import { reviewModel } from "../../src/modules/review/review.model";
import { sourceModel } from "../../src/modules/source/source.model";
import { stanceModel } from "../../src/modules/stance/stance.model";
import { viewpointMemberModel, viewpointModel } from "../../src/modules/viewpoint/viewpoint.model";
import { MODEL } from "../../src/modules/filter";
import { bundleJsonSchema } from "../../src/modules/bundle/bundle.schema";
import { bundlePath, scalarFields, relations, type FieldDef, type ModelDef } from "../../src/shared/model";
import { getDmmf } from "../support/model-dmmf";

/**
 * Each domain model file (src/modules/<domain>/<domain>.model.ts) against what is derived from it and
 * what it must agree with: the Prisma schema (columns, nullability, enums, join tables), the GraphQL
 * object type and mutation inputs, the filter model and the bundle JSON Schema.
 */

const schema = buildClaimbaseSchema();
const dmmf = getDmmf(readFileSync(path.join(__dirname, "../../prisma/schema.prisma"), "utf8"));
/**
 * Per model: the mutation inputs that write it (a type written by one mutation has no update input),
 * and the GraphQL object type of each group of fields.
 */
interface Names {
  create: string;
  update?: string;
  groups: Record<string, string>;
  /** Where its records are in the bundle schema, when not `$defs.<type>`: through properties and items. */
  record?: string[];
}
const MODELS: [ModelDef<Record<string, FieldDef>>, Names][] = [
  [claimModel, { create: "CreateClaimInput", update: "UpdateClaimInput", groups: { qualifiers: "ClaimQualifiers" } }],
  [entityModel, { create: "CreateEntityInput", update: "UpdateEntityInput", groups: {} }],
  [sourceModel, { create: "CreateSourceInput", update: "UpdateSourceInput", groups: {} }],
  [entityRelationModel, { create: "RelateEntitiesInput", groups: {} }],
  [reviewModel, { create: "AddReviewInput", groups: {} }],
  [stanceModel, { create: "RecordStanceInput", groups: {} }],
  [viewpointModel, { create: "CreateViewpointInput", update: "UpdateViewpointInput", groups: {} }],
  [viewpointMemberModel, { create: "ViewpointMemberInput", groups: {}, record: ["viewpoint", "members", "items"] }],
];

function prismaModel(table: string) {
  const model = dmmf.datamodel.models.find((m) => (m.dbName ?? m.name.toLowerCase()) === table);
  if (!model) throw new Error(`no Prisma model for table ${table}`);
  return model;
}

const nullable = (type: GraphQLType) => !(type instanceof GraphQLNonNull);

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
}

/** Whether a record schema has a property at `path`, through nested objects and `oneOf` alternatives. */
function carries(schema: JsonSchema | undefined, path: string[]): boolean {
  if (path.length === 0) return schema !== undefined;
  const [key, ...rest] = path;
  return (schema?.oneOf ?? [schema]).some((branch) => carries(branch?.properties?.[key!], rest));
}

describe.each(MODELS.map(([model, names]) => [model.type, model, names] as const))(
  "the %s model",
  (_type, model, names) => {
    const prisma = prismaModel(model.table);
    const column = (name: string) => prisma.fields.find((f) => (f.dbName ?? f.name) === name);

    it("declares only columns the Prisma schema has, with the same nullability and enum", () => {
      for (const [name, field] of scalarFields(model)) {
        const found = column(field.column);
        expect([name, found?.dbName ?? found?.name]).toEqual([name, field.column]);
        expect([name, !found!.isRequired]).toEqual([name, field.nullable]);
        if (field.kind === "enum") expect([name, found!.type]).toEqual([name, field.enum!.name]);
        if (field.kind === "date") expect([name, found!.nativeType?.[0]]).toEqual([name, "Date"]);
        if (field.kind === "timestamp") expect([name, found!.nativeType?.[0]]).toEqual([name, "Timestamptz"]);
      }
      for (const [name, field] of relations(model)) {
        if (field.relation === "one") {
          expect([name, column(field.column)?.type]).toEqual([name, "String"]);
        } else {
          const link = prismaModel(field.through);
          const columns = link.fields.map((f) => f.dbName ?? f.name);
          expect([name, columns]).toEqual([
            name,
            expect.arrayContaining([field.ownerColumn, field.targetColumn, ...(field.ordered ? ["position"] : [])]),
          ]);
        }
      }
    });

    it("is what the GraphQL type shows: every field, its nullability and enum", () => {
      for (const [name, field] of scalarFields(model)) {
        if (field.graphql === false) continue;
        const typeName = field.group ? names.groups[field.group]! : model.type;
        const type = schema.getType(typeName) as GraphQLObjectType;
        const gql = type.getFields()[name];
        expect([name, gql?.description]).toEqual([name, field.description]);
        expect([name, nullable(gql!.type)]).toEqual([name, field.nullable]);
        if (field.kind === "enum") {
          const named = getNamedType(gql!.type) as GraphQLEnumType;
          expect(named.getValues().map((v) => v.value)).toEqual(Object.values(field.enum!.values));
        }
      }
    });

    it("is what the create and update inputs accept", () => {
      const create = (schema.getType(names.create) as GraphQLInputObjectType).getFields();
      const update = names.update ? (schema.getType(names.update) as GraphQLInputObjectType).getFields() : {};
      for (const [name, field] of Object.entries(model.fields)) {
        const write = field.write;
        if (name === "version") continue; // the version an update was based on, not a value to write
        if (write?.create === "oneOf") {
          // One required ID named after the group stands for all of the group's relations.
          expect([name, name in create, nullable(create[field.group!]!.type)]).toEqual([name, false, false]);
          continue;
        }
        expect([name, name in create]).toEqual([name, !!write && write.create !== false]);
        expect([name, name in update]).toEqual([name, !!write?.update]);
        // A field records require may be left out of the input when the mutation derives it (inputOptional).
        if (write?.create === "required") {
          const optional = "inputOptional" in write && !!write.inputOptional;
          expect([name, nullable(create[name]!.type)]).toEqual([name, optional]);
        }
        if (name in update) expect([name, nullable(update[name]!.type)]).toEqual([name, true]);
      }
    });

    it("gives the filter and ordering entries it declares", () => {
      const filter = MODEL[model.type as keyof typeof MODEL];
      for (const [name, field] of Object.entries(model.fields)) {
        expect([name, name in filter.fields]).toEqual([name, field.filter !== undefined]);
      }
      const orders = scalarFields(model)
        .filter(([, f]) => f.order)
        .map(([, f]) => f.order!.value);
      // The declared ones, then orderings by computed values that are no field (a claim's coverage).
      const computed: Record<string, string[]> = {
        Claim: ["COVERAGE_SOURCES", "COVERAGE_PUBLISHERS", "COVERAGE_VIEWPOINTS"],
      };
      expect(Object.keys(filter.order)).toEqual([...orders, ...(computed[model.type] ?? [])]);
    });

    it("is what a bundle record of its type may carry", () => {
      const defs = (bundleJsonSchema() as { $defs: Record<string, JsonSchema> }).$defs;
      const [first, ...rest] = names.record ?? [model.type.charAt(0).toLowerCase() + model.type.slice(1)];
      const record = rest.reduce<JsonSchema | undefined>(
        (schema, key) => (key === "items" ? schema?.items : schema?.properties?.[key]),
        defs[first!],
      );
      for (const [name, field] of Object.entries(model.fields)) {
        const importable =
          !!field.write && (("import" in field.write && field.write.import) || field.write.create !== false);
        expect([name, carries(record, bundlePath(name, field))]).toEqual([name, importable]);
      }
    });
  },
);

it("docs/bundle.schema.json is the generated bundle schema", () => {
  const committed = JSON.parse(readFileSync(path.join(__dirname, "../../docs/bundle.schema.json"), "utf8"));
  expect(committed).toEqual(bundleJsonSchema());
});
