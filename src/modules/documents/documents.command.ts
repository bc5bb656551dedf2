import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import type { GraphQLSchema } from "graphql";
import { loadConfig } from "../../config";
import type { Database } from "../../db/database";
import { type Candidate, checkCandidates, manifestCandidates, trustedEntries } from "./documents.service";
import { addTrustedDocuments, documentHash, listDocuments, untrustDocument } from "./documents.store";

type WithDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

/**
 * The documents in one file: a JSON manifest (manifestCandidates), or any other file as one GraphQL
 * document, exactly as its clients send it.
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
  return manifestCandidates(manifest, file);
}

/**
 * `claimbase documents add FILE... | list [--all] | remove HASH`: the trusted documents an operator
 * registers for TRUSTED_DOCUMENTS=only (docs/api.md, "Persisted queries"). Adding is all or nothing:
 * one bad document (wrong hash, too large, invalid for the schema) and nothing is written, exit 1.
 */
export function documentsCommand(withDatabase: WithDatabase, schema: () => Promise<GraphQLSchema>): Command {
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
      const problems = checkCandidates(candidates, await schema(), maxBytes);
      if (problems.length > 0) {
        throw new Error(`nothing was registered:\n${problems.map((p) => `  ${p}`).join("\n")}`);
      }
      if (candidates.length === 0) throw new Error("the files hold no document");
      const report = await withDatabase((db) => addTrustedDocuments(db.pool, trustedEntries(candidates)));
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
