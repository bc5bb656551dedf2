import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { ColumnSet } from "../db/reads";
import { definedModels } from "./model";

/**
 * The columns an operation's answer shows of each model's table, from its selection and the model
 * declarations (shared/model.ts): a scalar field is its column, a to-one relation its foreign key, a
 * group (`Claim.qualifiers`) its fields' columns. The response cache adds them to what each scanned
 * table's statements declared (db/reads.ts), so an update of a column no answer shows leaves it cached.
 *
 * Fields a model does not declare are resolved by code this file cannot see: a connection or list
 * of another type runs statements of its own (described there) from the row's id, which never changes;
 * anything else (a computed field) may read any column, so the table counts as read whole ("*").
 * Every model table is in the result (empty when nothing of it is selected); a scanned table that is
 * not there (no model describes its columns) is taken as read whole by the cache.
 */
export function selectedColumns(schema: GraphQLSchema, document: DocumentNode): Map<string, ColumnSet> {
  const memo = memos.get(document);
  if (memo?.schema === schema) return memo.columns;
  const models = definedModels();
  const columns = new Map<string, ColumnSet>();
  for (const model of models.values()) columns.set(model.table, new Set());
  const typeInfo = new TypeInfo(schema);
  const add = (table: string, names: "*" | readonly string[]) => {
    const present = columns.get(table)!;
    if (present === "*") return;
    if (names === "*") columns.set(table, "*");
    else for (const name of names) present.add(name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD](node) {
        const parent = typeInfo.getParentType();
        const model = parent && models.get(parent.name);
        if (!model) return;
        const name = node.name.value;
        if (name === "__typename" || name === "id") return;
        const field = model.fields[name];
        if (field) {
          if (!("relation" in field)) add(model.table, [field.column]);
          else if (field.relation === "one") add(model.table, [field.column]);
          return;
        }
        const grouped = Object.values(model.fields).filter((f) => f.group === name);
        if (grouped.length > 0) {
          for (const f of grouped) {
            if (!("relation" in f)) add(model.table, [f.column]);
            else if (f.relation === "one") add(model.table, [f.column]);
          }
          return;
        }
        const returned = typeInfo.getType();
        const named = returned && getNamedType(returned);
        if (named && isObjectType(named) && named.name.endsWith("Connection")) return;
        add(model.table, "*");
      },
    }),
  );
  memos.set(document, { schema, columns });
  return columns;
}

/** Per parsed document (Apollo keeps parsed documents in its cache, so repeated queries reuse them). */
const memos = new WeakMap<DocumentNode, { schema: GraphQLSchema; columns: Map<string, ColumnSet> }>();
