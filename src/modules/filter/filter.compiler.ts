import type { Reads, TableRead } from "../../db/reads";
import { type Sql, and, join, raw, sql } from "../../db/sql";
import { badInput } from "../../shared/errors";
import {
  compileDate,
  compileDateTime,
  compileEnum,
  compileId,
  compileInt,
  compileExternalId,
  compileString,
  type DateFilter,
  type ExternalIdInput,
  type DateTimeFilter,
  type EnumFilterShape,
  type IDFilter,
  type IntFilter,
  type StringFilter,
} from "../../shared/filters";
import { expectGlobalId } from "../../shared/global-id";
import type { FilterShape, ListFilterShape } from "./filter.inputs";
import { MODEL, type TypeName } from "./filter.model";

/**
 * Compiles a `<Type>Filter` into one parameterized SQL predicate over the alias `t`. Relations become
 * EXISTS subqueries with fresh aliases, so any nesting stays one statement. User values only ever
 * become parameters.
 */

/** Bounds that keep a filter's SQL reasonable however it is written. */
const MAX_DEPTH = 8;
const MAX_CONDITIONS = 200;

interface Scope {
  aliases: number;
  conditions: number;
}

function fresh(scope: Scope): string {
  scope.aliases += 1;
  return `f${scope.aliases}`;
}

function count(scope: Scope): void {
  scope.conditions += 1;
  if (scope.conditions > MAX_CONDITIONS) {
    throw badInput(`the filter has more than ${MAX_CONDITIONS} conditions`, { argument: "filter" });
  }
}

const FALSE = sql`FALSE`;

/** NOT over SQL's three-valued logic: an unknown (NULL) condition counts as not holding. */
function not(predicate: Sql): Sql {
  return sql`NOT coalesce((${predicate}), FALSE)`;
}

function compile(type: TypeName, filter: FilterShape, alias: string, scope: Scope, depth: number, path: string): Sql {
  if (depth > MAX_DEPTH) {
    throw badInput(`the filter nests deeper than ${MAX_DEPTH} levels`, { argument: "filter" });
  }
  const model = MODEL[type];
  const parts: Sql[] = [];
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (value === null || value === undefined) continue;
    const here = `${path}.${key}`;
    count(scope);
    if (key === "AND") {
      parts.push(
        and((value as FilterShape[]).map((f, i) => compile(type, f, alias, scope, depth + 1, `${here}[${i}]`))),
      );
      continue;
    }
    if (key === "OR") {
      const branches = (value as FilterShape[]).map((f, i) =>
        compile(type, f, alias, scope, depth + 1, `${here}[${i}]`),
      );
      parts.push(branches.length === 0 ? FALSE : sql`(${join(branches, " OR ")})`);
      continue;
    }
    if (key === "NOT") {
      parts.push(not(compile(type, value as FilterShape, alias, scope, depth + 1, here)));
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(model.fields, key)) continue;
    const field = model.fields[key]!;
    switch (field.kind) {
      case "id":
        parts.push(
          ...compileId(field.column(alias), value as IDFilter, here, (id) => expectGlobalId(id, field.node, here)),
        );
        break;
      case "string":
        parts.push(...compileString(field.column(alias), value as StringFilter, here));
        break;
      case "names": {
        // One name satisfies every condition: `equals` and `startsWith` hold per name, not on a joined string.
        const n = fresh(scope);
        const each = and(compileString(raw(`${n}.v`), value as StringFilter, here));
        parts.push(sql`EXISTS (SELECT 1 FROM unnest(${field.column(alias)}) ${raw(`${n}(v)`)} WHERE ${each})`);
        break;
      }
      case "externalId":
        parts.push(compileExternalId(field.column(alias), value as ExternalIdInput, here));
        break;
      case "int":
        parts.push(...compileInt(field.column(alias), value as IntFilter, here));
        break;
      case "datetime":
        parts.push(...compileDateTime(field.column(alias), value as DateTimeFilter));
        break;
      case "date":
        parts.push(...compileDate(field.column(alias), value as DateFilter));
        break;
      case "enum":
        parts.push(...compileEnum(field.column(alias), field.pgType, value as EnumFilterShape, here));
        break;
      case "one": {
        const b = fresh(scope);
        const inner = compile(field.target, value as FilterShape, b, scope, depth + 1, here);
        parts.push(sql`EXISTS (SELECT 1 ${field.from(alias, b)} AND ${inner})`);
        break;
      }
      case "many": {
        const list = value as ListFilterShape;
        const exists = (inner: FilterShape, negate: boolean, label: string) => {
          const b = fresh(scope);
          const l = fresh(scope);
          const predicate = compile(field.target, inner, b, scope, depth + 1, `${here}.${label}`);
          return sql`EXISTS (SELECT 1 ${field.from(alias, b, l)} AND ${negate ? not(predicate) : predicate})`;
        };
        if (list.some != null) parts.push(exists(list.some, false, "some"));
        if (list.none != null) parts.push(not(exists(list.none, false, "none")));
        if (list.every != null) parts.push(not(exists(list.every, true, "every")));
        break;
      }
    }
  }
  return and(parts);
}

/** The predicate for `filter` over the row alias `t` (TRUE when there is no filter). */
export function filterSql(type: TypeName, filter: FilterShape | null | undefined, alias = "t"): Sql {
  if (!filter) return sql`TRUE`;
  return compile(type, filter, alias, { aliases: 0, conditions: 0 }, 0, "filter");
}

/**
 * What `filter` reads on type `type`'s table and the tables its relations reach (db/reads.ts), from the
 * same description the compiler uses: each field's columns, each relation's join columns and tables.
 * Undefined when a field's expression names no columns (the list then describes nothing). Call after
 * filterSql, which has checked the filter's depth and size.
 */
export function filterReads(type: TypeName, filter: FilterShape | null | undefined): Reads | undefined {
  const reads: TableRead[] = [];
  const walk = (type: TypeName, filter: FilterShape): boolean => {
    const model = MODEL[type];
    const columns: string[] = [];
    for (const key of Object.keys(filter)) {
      const value = filter[key];
      if (value === null || value === undefined) continue;
      if (key === "AND" || key === "OR") {
        if (!(value as FilterShape[]).every((f) => walk(type, f))) return false;
        continue;
      }
      if (key === "NOT") {
        if (!walk(type, value as FilterShape)) return false;
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(model.fields, key)) continue;
      const field = model.fields[key]!;
      if (field.kind === "one" || field.kind === "many") {
        columns.push(...field.reads.columns);
        reads.push(...field.reads.joins);
        const nested =
          field.kind === "one"
            ? [value as FilterShape]
            : [(value as ListFilterShape).some, (value as ListFilterShape).none, (value as ListFilterShape).every];
        // An empty nested filter still reads the target's rows (their existence): walk gives the table.
        for (const inner of nested) if (inner != null && !walk(field.target, inner)) return false;
        continue;
      }
      if (!field.column.columns) return false;
      columns.push(...field.column.columns);
    }
    reads.push({ table: model.table, columns });
    return true;
  };
  if (!filter) return [];
  return walk(type, filter) ? reads : undefined;
}

export { raw };
