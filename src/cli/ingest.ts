import { readFile } from "node:fs/promises";
import { createContext } from "../context";
import type { Database } from "../db/database";
import { ingestDocument } from "../modules/ingest";

async function readInput(file: string): Promise<string> {
  if (file !== "-") return readFile(file, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `claimbase ingest FILE|-`: the ingestDocument mutation's work, run in-process with the shell's
 * trust (as `claimbase import`); revisions name the writer "cli". Returns the exit code.
 */
export async function ingestFile(db: Database, file: string, options: Record<string, unknown>): Promise<number> {
  const body = await readInput(file);
  const html = options.html === true || /\.html?$/i.test(file) || /^\s*</.test(body);
  const publishedAt = typeof options.publishedAt === "string" ? new Date(options.publishedAt) : undefined;
  if (publishedAt && Number.isNaN(publishedAt.getTime())) {
    console.error("error: --published-at must be a date and time (ISO 8601)");
    return 2;
  }
  // The write engine is wired where the schema is built (schema.ts); loaded here only, as `documents add` does.
  (await import("../schema")).buildClaimbaseSchema();
  const ctx = createContext(db, "cli");
  ctx.actor = { keyId: null, label: "cli" };
  const { value, userErrors } = await ingestDocument(ctx, {
    [html ? "html" : "text"]: body,
    title: options.title as string | undefined,
    url: options.url as string | undefined,
    kind: options.kind as never,
    publisher: options.publisher as string | undefined,
    authors: options.author as string[] | undefined,
    publishedAt,
    language: options.language as string | undefined,
    derivedFrom: options.derivedFrom as string | undefined,
  });
  if (userErrors.length > 0 || !value) {
    for (const e of userErrors) console.error(`error: ${e.field.join(".")}: ${e.code}: ${e.message}`);
    return 1;
  }
  const { source, counts } = value;
  if (options.json) {
    console.log(JSON.stringify({ source: { id: source.id, title: source.title, url: source.url }, counts }, null, 2));
    return 0;
  }
  console.log(`source ${source.id} (${source.title})`);
  console.log(
    `${counts.sentences} sentences analysed in ${counts.analysisMs} ms: ${counts.quotes} quote, ${counts.mentions} mention and ${counts.claims} claim suggestions (${counts.created} new, ${counts.refreshed} refreshed)`,
  );
  console.log(
    `review them: { source(id: "${source.id}") { suggestions(filter: { status: { equals: PENDING } }) { nodes { id kind exact } } } }`,
  );
  return 0;
}
