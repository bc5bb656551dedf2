/**
 * What a statement reads, as the response cache needs to know it (src/cache/response-cache.ts): which
 * tables, and of each either some rows by id (a lookup) or any row (a scan), and which columns the
 * answer depends on. Statements carry their description to the request's database handle
 * (`queryRows(db, statement, reads)`); a statement that carries none marks the whole request as reading
 * everything (see ReadSet), so code that forgets to describe a read costs cache hits, never correctness.
 */

/** One table a statement reads. */
export interface TableRead {
  table: string;
  /**
   * Columns the answer depends on besides the ones the operation selects of the table's model (filters,
   * orderings, visibility and join columns); "*": any column (raw SQL the engine cannot describe).
   */
  columns?: "*" | readonly string[];
  /** Only the rows with these ids (a lookup by id, found or not). Absent: any row (a scan). */
  keys?: readonly string[];
  /**
   * A scan that depends on `columns` alone: a lookup by a unique column (a slug), whose answer can only
   * change by a row taking or leaving that value (an insert, a delete, a change of those columns), the
   * rows it found being read by id (their own `keys` entry). The columns the operation selects are not
   * added to it: an edit of another row's description must not drop an entity looked up by its slug.
   */
  exact?: boolean;
  /** With `exact`: the values looked up in its one column (found or not). */
  values?: readonly string[];
}

export type Reads = readonly TableRead[];

/** Where `queryRows` puts a statement's reads on the query config it hands the request's handle. */
export const READS = Symbol("claimbase.reads");

/** The columns of one table an answer depends on when it scans it: a set of names, or any. */
export type ColumnSet = Set<string> | "*";

/**
 * What one request read, gathered statement by statement. Descriptions are kept as given and compiled
 * when the answer is stored, so a lookup can add the ids it found once its statement has answered.
 */
export class ReadSet {
  /** A statement described nothing: the answer may depend on anything. */
  everything = false;
  private readonly described: Reads[] = [];

  /** Records one statement's description, or that it had none. */
  record(reads: Reads | undefined): void {
    if (reads === undefined) this.everything = true;
    else this.described.push(reads);
  }

  /**
   * Per table, scanned columns (null: not scanned) and looked-up ids (null: no lookup), with the
   * columns the operation selects (`selected`, read-columns.ts) added to every scanned table's; a
   * scanned table `selected` does not know is read whole.
   */
  compile(selected: ReadonlyMap<string, ColumnSet>): Map<string, TableTags> {
    const tables = new Map<string, TableTags>();
    // Tables scanned by something other than an exact lookup: the selected columns count for them.
    const scannedWhole = new Set<string>();
    for (const reads of this.described) {
      for (const read of reads) {
        let entry = tables.get(read.table);
        if (!entry) {
          entry = { scan: null, keys: null, lookups: null };
          tables.set(read.table, entry);
        }
        if (read.keys) {
          entry.keys ??= new Set();
          // Ids are uuids: compared in PostgreSQL's text form (lowercase), whatever case the caller used.
          for (const key of read.keys) entry.keys.add(key.toLowerCase());
          continue;
        }
        if (read.exact && read.values && Array.isArray(read.columns) && read.columns.length === 1) {
          const column = read.columns[0]!;
          entry.lookups ??= new Map();
          const values = entry.lookups.get(column) ?? new Set<string>();
          for (const value of read.values) values.add(value);
          entry.lookups.set(column, values);
          continue;
        }
        const columns = read.columns ?? [];
        if (!read.exact) scannedWhole.add(read.table);
        if (columns === "*" || entry.scan === "*") {
          entry.scan = "*";
          continue;
        }
        entry.scan ??= new Set();
        for (const column of columns) entry.scan.add(column);
      }
    }
    for (const [table, entry] of tables) {
      if (entry.scan === null || entry.scan === "*" || !scannedWhole.has(table)) continue;
      const more = selected.get(table);
      // No model describes the table's columns (a link table, a type without a model): any column.
      if (more === undefined || more === "*") entry.scan = "*";
      else for (const column of more) entry.scan.add(column);
    }
    return tables;
  }
}

/** What an answer read of one table: scanned columns (null: no scan) and ids looked up (null: none). */
export interface TableTags {
  scan: ColumnSet | null;
  keys: Set<string> | null;
  /** Values looked up by a unique column (a slug), by column, found or not (null: none). */
  lookups?: Map<string, Set<string>> | null;
}
