import { type Sql, raw } from "../db/sql";
import type { ColumnEntry } from "./model";

/**
 * Only the requested columns: a read spec built with specColumns knows which GraphQL fields read each
 * entry of its select list, so a page whose query asks for `nodes { text }` selects the id, the text
 * and what is always needed, not every column of the row (nor parses timestamps nobody asked for).
 * selectionColumns is the one place that decides which columns a selection needs; the engine (list-args.ts)
 * and anything that must know what an answer read (a cache tagging its entries) use it.
 */

/** A read spec's full select list, with what reads each of its entries. */
export interface ColumnCatalog {
  /** The full select list, as the spec's `columns` holds it (a spec that changes its columns loses the catalog's use). */
  all: Sql;
  entries: readonly ColumnEntry[];
}

/** A spec's `columns` and `catalog` from its entries (model.ts's columnEntries, plus what the spec adds). */
export function specColumns(entries: ColumnEntry[]): { columns: Sql; catalog: ColumnCatalog } {
  const all = raw(entries.map((entry) => entry.sql).join(", "));
  return { columns: all, catalog: { all, entries } };
}

/**
 * The entries of `catalog` a selection needs: those always selected, and those read by a selected
 * field. `fields` are the GraphQL field names selected on the type (fragments flattened);
 * `readsOnlyId(field)` says a field outside the catalog reads nothing of the row but its id (a nested
 * list, a child list); `always` names row keys the caller itself reads (a lookup following a merge).
 * Null when the selection needs every column: a field neither in the catalog nor known to read only
 * the id may read anything of the row.
 */
export function selectionColumns(
  catalog: ColumnCatalog,
  fields: Iterable<string>,
  readsOnlyId: (field: string) => boolean,
  always: readonly string[] = [],
): ColumnEntry[] | null {
  const readers = new Set<string>();
  for (const entry of catalog.entries) for (const field of entry.readBy ?? []) readers.add(field);
  const selected = new Set<string>();
  for (const field of fields) {
    if (field === "id" || field === "__typename") continue;
    if (readers.has(field)) selected.add(field);
    else if (!readsOnlyId(field)) return null;
  }
  return catalog.entries.filter(
    (entry) => !entry.readBy || always.includes(entry.key) || entry.readBy.some((field) => selected.has(field)),
  );
}

/**
 * `spec` reading only what `fields` need, with a signature of its columns for loader keys (two
 * selections of one list with different columns must not share rows), or null when it reads everything
 * anyway or has no catalog (or its columns were replaced after the catalog was made).
 */
export function narrowSpec<S extends { columns: Sql; catalog?: ColumnCatalog }>(
  spec: S,
  fields: Iterable<string>,
  readsOnlyId: (field: string) => boolean,
  always: readonly string[] = [],
): { spec: S; signature: string } | null {
  const catalog = spec.catalog;
  if (!catalog || spec.columns !== catalog.all) return null;
  const entries = selectionColumns(catalog, fields, readsOnlyId, always);
  if (!entries || entries.length === catalog.entries.length) return null;
  return {
    spec: { ...spec, columns: raw(entries.map((entry) => entry.sql).join(", ")) },
    signature: entries.map((entry) => entry.key).join(","),
  };
}
