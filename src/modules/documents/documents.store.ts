import { createHash } from "node:crypto";
import type { PersistedQueryOptions } from "@apollo/server";
import { LRUCache } from "lru-cache";
import type { PersistedQuerySettings } from "../../config";
import { type Queryable, sql } from "../../db/sql";

/**
 * Persisted queries in PostgreSQL (table `persisted_query`), so every replica knows a hash any of them
 * was given. Two kinds of rows: automatic persisted queries (APQ) that clients register by sending a
 * hash with its query, and trusted documents that an operator registers (`claimbase documents add`);
 * with TRUSTED_DOCUMENTS=only the service runs trusted documents alone.
 */

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The hash of a document, as APQ and the codegen client preset compute it: SHA-256 of its UTF-8 text, in hex. */
export function documentHash(document: string): string {
  return createHash("sha256").update(document, "utf8").digest("hex");
}

/**
 * A hash as this service keys it: bare hex. GraphQL Code Generator's client preset from version 6 names
 * documents `sha256:<hex>` (its manifest keys, and the hash its clients send); earlier ones, and APQ,
 * send the hex alone. Both name the same document.
 */
export function bareHash(value: string): string {
  return value.startsWith("sha256:") ? value.slice("sha256:".length) : value;
}

export function isDocumentHash(value: unknown): value is string {
  return typeof value === "string" && SHA256_HEX.test(value);
}

export interface StoredDocument {
  document: string;
  trusted: boolean;
}

/**
 * Reads and writes of `persisted_query`, with a small memory of rows already read. A row never
 * changes its document (the hash is the document's), only `trusted`; hits are remembered for
 * REMEMBER_MS, so removing a trusted document takes effect on every replica within that time. Misses
 * are never remembered: a hash registered through another replica is found at once.
 */
export class PersistedQueryStore {
  static readonly REMEMBER_MS = 60_000;
  private readonly known = new LRUCache<string, StoredDocument>({
    max: 2_000,
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: (row) => row.document.length * 2 + 100,
    ttl: PersistedQueryStore.REMEMBER_MS,
  });

  constructor(
    private readonly pool: Queryable,
    readonly settings: PersistedQuerySettings,
  ) {}

  async find(hash: string): Promise<StoredDocument | undefined> {
    if (!isDocumentHash(hash)) return undefined;
    const remembered = this.known.get(hash);
    if (remembered) return remembered;
    const { rows } = await this.pool.query<StoredDocument>(
      sql`SELECT document, trusted FROM persisted_query WHERE hash = ${hash}`,
    );
    const row = rows[0];
    if (row) this.known.set(hash, row);
    return row;
  }

  /**
   * Keeps a document a client sent with its hash (APQ), unless it is over the size limit or the store
   * already holds PERSISTED_QUERIES_MAX untrusted rows; returns whether the hash is now stored. Apollo
   * has checked the hash against the text; the table checks it again. Concurrent registrations of one
   * hash all succeed (ON CONFLICT DO NOTHING), and leave one row.
   */
  async register(hash: string, document: string): Promise<boolean> {
    if (!isDocumentHash(hash) || Buffer.byteLength(document, "utf8") > this.settings.maxBytes) return false;
    if (this.known.has(hash)) return true;
    const result = await this.pool.query(
      sql`INSERT INTO persisted_query (hash, document)
          SELECT ${hash}, ${document}
          WHERE (SELECT count(*) FROM persisted_query WHERE NOT trusted) < ${this.settings.maxUntrusted}
          ON CONFLICT (hash) DO NOTHING`,
    );
    return (result.rowCount ?? 0) > 0 || (await this.find(hash)) !== undefined;
  }

  /**
   * Apollo's APQ cache (`persistedQueries.cache`), read through this store. Apollo stores a new hash
   * only after the request answered, without waiting; the plugin below registers it before the
   * answer instead, so a client that got its answer can use the hash on any replica at once. So `set`
   * does nothing here.
   */
  apolloCache(): NonNullable<PersistedQueryOptions["cache"]> {
    return {
      get: async (key) => (await this.find(key.replace(/^apq:/, "")))?.document,
      set: async () => {},
      delete: async (key) => {
        this.known.delete(key.replace(/^apq:/, ""));
      },
    };
  }
}

export interface TrustedDocumentEntry {
  hash: string;
  document: string;
  /** The operation names in the document, for `documents list`. */
  name: string | null;
}

/** What `addTrustedDocuments` did with each hash. */
export interface AddReport {
  added: string[];
  /** Already known as APQ: now trusted. */
  promoted: string[];
  unchanged: string[];
}

/** Registers trusted documents, all or nothing (one transaction); an APQ row of the same hash becomes trusted. */
export async function addTrustedDocuments(pool: Queryable, given: readonly TrustedDocumentEntry[]): Promise<AddReport> {
  const report: AddReport = { added: [], promoted: [], unchanged: [] };
  // One statement may not write a row twice: a hash given twice (two manifests) counts once.
  const entries = [...new Map(given.map((entry) => [entry.hash, entry])).values()];
  if (entries.length === 0) return report;
  const { rows } = await pool.query<{ hash: string; was: "added" | "promoted" | "unchanged" }>(
    sql`WITH input AS (
          SELECT * FROM unnest(${entries.map((e) => e.hash)}::text[], ${entries.map((e) => e.document)}::text[],
                               ${entries.map((e) => e.name)}::text[]) AS i(hash, document, name)
        ), before AS (
          SELECT hash, trusted FROM persisted_query WHERE hash IN (SELECT hash FROM input)
        ), written AS (
          INSERT INTO persisted_query (hash, document, name, trusted, trusted_at)
          SELECT hash, document, name, true, now() FROM input
          ON CONFLICT (hash) DO UPDATE
            SET trusted = true, trusted_at = COALESCE(persisted_query.trusted_at, now()),
                name = COALESCE(persisted_query.name, EXCLUDED.name)
          RETURNING hash
        )
        SELECT w.hash, CASE WHEN b.hash IS NULL THEN 'added' WHEN b.trusted THEN 'unchanged' ELSE 'promoted' END AS was
        FROM written w LEFT JOIN before b USING (hash) ORDER BY w.hash`,
  );
  for (const row of rows) report[row.was].push(row.hash);
  return report;
}

export interface ListedDocument {
  hash: string;
  name: string | null;
  trusted: boolean;
  bytes: number;
  createdAt: Date;
}

export async function listDocuments(pool: Queryable, options: { all?: boolean } = {}): Promise<ListedDocument[]> {
  const { rows } = await pool.query<ListedDocument>(
    sql`SELECT hash, name, trusted, octet_length(document) AS bytes, created_at AS "createdAt"
        FROM persisted_query WHERE trusted OR ${options.all ?? false} ORDER BY trusted DESC, created_at, hash`,
  );
  return rows;
}

/** Withdraws trust from a document (it stays an APQ entry); returns whether it was trusted. */
export async function untrustDocument(pool: Queryable, hash: string): Promise<boolean> {
  const result = await pool.query(
    sql`UPDATE persisted_query SET trusted = false, trusted_at = NULL WHERE hash = ${hash} AND trusted`,
  );
  return (result.rowCount ?? 0) > 0;
}
