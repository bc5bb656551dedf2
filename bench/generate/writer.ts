/**
 * Column-oriented row buffers written with `INSERT ... SELECT ... FROM unnest($1::t[], ...)`: one round trip
 * per batch of rows, no extra dependency (no COPY stream). Rows are written in the order they were added, so
 * SERIAL `seq` columns come out the same on every run.
 */
import type pg from "pg";

export interface Column {
  name: string;
  /** PostgreSQL element type of the parameter array, e.g. "uuid", "text", "entity_kind". */
  type: string;
  /** SQL expression over `t.<name>` when the value needs converting (default: the column itself). */
  expr?: string;
}

export interface Batch {
  writer: TableWriter;
  columns: unknown[][];
  rows: number;
}

/** Writes batches one after the other on one connection. */
export async function writeAll(client: pg.ClientBase, batches: Batch[]): Promise<void> {
  for (const batch of batches) await batch.writer.write(client, batch);
}

export class TableWriter {
  private columns: unknown[][];
  private readonly sql: string;
  private buffered = 0;
  total = 0;
  ms = 0;

  constructor(
    readonly table: string,
    private readonly spec: Column[],
    private readonly batchSize = 5000,
  ) {
    this.columns = spec.map(() => []);
    const names = spec.map((c) => `"${c.name}"`).join(", ");
    const params = spec.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
    const exprs = spec.map((c) => c.expr ?? `t."${c.name}"`).join(", ");
    this.sql = `INSERT INTO "${table}" (${names}) SELECT ${exprs} FROM unnest(${params}) AS t(${names})`;
  }

  get pending(): number {
    return this.buffered;
  }

  add(...values: unknown[]): void {
    if (values.length !== this.spec.length) {
      throw new Error(`${this.table}: expected ${this.spec.length} values, got ${values.length}`);
    }
    for (let i = 0; i < values.length; i += 1) this.columns[i].push(values[i]);
    this.buffered += 1;
  }

  /** Hands over the buffered rows (to write later with `write`) and starts a new buffer. */
  take(): Batch {
    const batch = { writer: this, columns: this.columns, rows: this.buffered };
    this.columns = this.spec.map(() => []);
    this.buffered = 0;
    return batch;
  }

  /** Writes rows taken from this writer, in batches of `batchSize`, in the order they were added. */
  async write(client: pg.ClientBase, batch: Batch): Promise<void> {
    if (batch.rows === 0) return;
    const started = performance.now();
    for (let from = 0; from < batch.rows; from += this.batchSize) {
      const to = Math.min(batch.rows, from + this.batchSize);
      const values = batch.columns.map((column) => (from === 0 && to === batch.rows ? column : column.slice(from, to)));
      await client.query({ name: `generate_${this.table}`, text: this.sql, values });
    }
    this.ms += performance.now() - started;
    this.total += batch.rows;
  }

  /** Writes every buffered row now. */
  async flush(client: pg.ClientBase): Promise<void> {
    await this.write(client, this.take());
  }

  /** Writes the buffered rows once there is at least one full batch (for tables nothing else waits on). */
  async flushIfFull(client: pg.ClientBase): Promise<void> {
    if (this.buffered >= this.batchSize) await this.flush(client);
  }
}
