import { type GraphQLSchema, Kind, parse, validate } from "graphql";
import { bareHash, documentHash, isDocumentHash, type TrustedDocumentEntry } from "./documents.store";

/** A document to register, before it is checked; `at` says where it came from, for messages. */
export interface Candidate {
  at: string;
  hash: string;
  document: string;
}

/**
 * The documents of a manifest `{ "<sha256>": "<document>" }`: what GraphQL Code Generator's client
 * preset writes with `persistedDocuments: { hashAlgorithm: "sha256" }` (keys `sha256:<hex>` from
 * version 6, stored as the bare hex). Throws on any other shape.
 */
export function manifestCandidates(manifest: unknown, at: string): Candidate[] {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${at}: a manifest is an object of "<sha256>": "<document>"`);
  }
  return Object.entries(manifest).map(([hash, document]) => {
    if (typeof document !== "string") throw new Error(`${at}: ${hash.slice(0, 80)}: the document is not a string`);
    return { at: `${at}: ${hash.slice(0, 80)}`, hash: bareHash(hash), document };
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

/** Every problem of the candidates, as `<at>: <reason>`; empty when all may be registered. */
export function checkCandidates(candidates: readonly Candidate[], schema: GraphQLSchema, maxBytes: number): string[] {
  return candidates.flatMap((candidate) => {
    const reason = problem(candidate, schema, maxBytes);
    return reason ? [`${candidate.at}: ${reason}`] : [];
  });
}

function operationNames(document: string): string | null {
  const names = parse(document).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
  );
  return names.length > 0 ? names.join(", ") : null;
}

/** Checked candidates as rows to store, named by their operations. */
export function trustedEntries(candidates: readonly Candidate[]): TrustedDocumentEntry[] {
  return candidates.map((c) => ({ hash: c.hash, document: c.document, name: operationNames(c.document) }));
}
