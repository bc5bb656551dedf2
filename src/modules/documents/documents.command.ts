import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { type GraphQLSchema, Kind, parse, validate } from "graphql";
import { loadConfig } from "../../config";
import type { Database } from "../../db/database";
import {
  addTrustedDocuments,
  documentHash,
  isDocumentHash,
  listDocuments,
  type TrustedDocumentEntry,
  untrustDocument,
} from "./documents.store";

type WithDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

/** A document as read from a file, before it is checked. */
interface Candidate {
  at: string;
  hash: string;
  document: string;
}

/**
 * The documents in one file: a JSON manifest `{ "<sha256>": "<document>" }` (what GraphQL Code
 * Generator's client preset writes with `persistedDocuments: { hashAlgorithm: "sha256" }`), or any
 * other file as one GraphQL document, exactly as its clients send it.
 */
async function readCandidates(file: string): Promise<Candidate[]> {
  const text = await readFile(file, "utf8");
  if (path.extname(file).toLowerCase() !== ".json") return [{ at: file, hash: documentHash(text), document: text }];
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON; a manifest is an object of "<sha256>": "<document>"`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${file}: a manifest is an object of "<sha256>": "<document>"`);
  }
  return Object.entries(manifest).map(([hash, document]) => {
    if (typeof document !== "string") throw new Error(`${file}: ${hash}: the document is not a string`);
    return { at: `${file}: ${hash}`, hash, document };
  });
}

/** Why a document cannot be trusted, or null: a checked hash, a size limit, and a valid operation. */
function problem(candidate: Candidate, schema: GraphQLSchema, maxBytes: number): string | null {
  if (!isDocumentHash(candidate.hash)) return "the key is not a SHA-256 in lowercase hex";
  if (candidate.hash !== documentHash(candidate.document)) return "the key is not the SHA-256 of its document";
  const bytes = Buffer.byteLength(candidate.document, "utf8");
  if (bytes > maxBytes) return `${bytes} bytes, over PERSISTED_QUERY_MAX_BYTES (${maxBytes})`;
  let ast;
  try {
    ast = parse(candidate.document);
  } catch (error) {
    return `not valid GraphQL: ${(error as Error).message}`;
  }
  const errors = validate(schema, ast);
  if (errors.length > 0) return `not valid for this schema: ${errors.map((e) => e.message).join("; ")}`;
  return null;
}

function operationNames(document: string): string | null {
  const names = parse(document).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
  );
  return names.length > 0 ? names.join(", ") : null;
}

/**
 * `claimbase documents add FILE... | list [--all] | remove HASH`: the trusted documents an operator
 * registers for TRUSTED_DOCUMENTS=only (docs/api.md, "Persisted queries"). Adding is all or nothing:
 * one bad document (wrong hash, too large, invalid for the schema) and nothing is written, exit 1.
 */
export function documentsCommand(withDatabase: WithDatabase, schema: () => GraphQLSchema): Command {
  const command = new Command("documents").description(
    "manage trusted documents (persisted operations) for TRUSTED_DOCUMENTS=only",
  );
  command
    .command("add")
    .description(
      "register trusted documents: .graphql files (one document each, as clients send it) or JSON manifests of sha256 -> document (GraphQL Code Generator's persisted-documents.json)",
    )
    .argument("<files...>", "the files to register")
    .action(async (files: string[]) => {
      const { maxBytes } = loadConfig().persistedQueries;
      const candidates = (await Promise.all(files.map(readCandidates))).flat();
      const problems = candidates.flatMap((c) => {
        const reason = problem(c, schema(), maxBytes);
        return reason ? [`${c.at}: ${reason}`] : [];
      });
      if (problems.length > 0) {
        throw new Error(`nothing was registered:\n${problems.map((p) => `  ${p}`).join("\n")}`);
      }
      if (candidates.length === 0) throw new Error("the files hold no document");
      const entries: TrustedDocumentEntry[] = candidates.map((c) => ({
        hash: c.hash,
        document: c.document,
        name: operationNames(c.document),
      }));
      const report = await withDatabase((db) => addTrustedDocuments(db.pool, entries));
      console.log(
        `${report.added.length} document(s) added, ${report.promoted.length} already known as automatic persisted queries now trusted, ${report.unchanged.length} already trusted`,
      );
    });
  command
    .command("list")
    .description("list trusted documents (with --all, also the automatic persisted queries clients registered)")
    .option("--all", "include automatic persisted queries")
    .action(async (options: { all?: boolean }) => {
      const rows = await withDatabase((db) => listDocuments(db.pool, { all: options.all }));
      console.log(["hash".padEnd(64), "trusted", "bytes".padStart(7), "created".padEnd(24), "operations"].join("  "));
      for (const row of rows) {
        console.log(
          [
            row.hash,
            (row.trusted ? "yes" : "no").padEnd(7),
            String(row.bytes).padStart(7),
            row.createdAt.toISOString().padEnd(24),
            row.name ?? "",
          ].join("  "),
        );
      }
    });
  command
    .command("remove")
    .description("withdraw trust from a document (its hash stays known as an automatic persisted query)")
    .argument("<hash>", "the document's SHA-256")
    .action(async (hash: string) => {
      const done = await withDatabase((db) => untrustDocument(db.pool, hash));
      if (!done) throw new Error(`no trusted document ${hash}`);
      console.log(`${hash} is no longer trusted (every server stops running it within a minute)`);
    });
  return command;
}
