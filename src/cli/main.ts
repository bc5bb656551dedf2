import "reflect-metadata";
import { Command, Option } from "commander";
import { loadConfig } from "../config";
import { openDatabase, resolveDatabaseUrl, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { attributionViolations } from "../modules/attribution";
import { createKey, listKeys, revokeKey } from "../modules/auth";
import { importFile, type ImportReport } from "../modules/bundle";
import { documentsCommand } from "../modules/documents";
import { exportCommand } from "../modules/export";
import { STORY_BUNDLE, seedStory } from "../seed";

/** `claimbase`: what people do from a shell. Uses DATABASE_URL, or the embedded server under .data/. */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { url, embedded } = await resolveDatabaseUrl(config);
  // A command may hold its transaction while a pipe it writes to waits on a reader (`export ... | less`).
  const db = openDatabase(url, { statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

function summary(report: ImportReport): string {
  const parts = Object.entries(report.counts).map(
    ([type, c]) => `${type}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`,
  );
  return parts.join("\n");
}

/** Prints an import report; returns the exit code. */
export function printReport(report: ImportReport, out = console.log, err = console.error): number {
  if (report.rejected.length > 0) {
    err(`rejected ${report.rejected.length}${report.rejectedTruncated ? "+" : ""} record(s); nothing was written:`);
    // A rejection of the whole input (EMPTY, not JSON at all) has no line or pointer to show.
    for (const r of report.rejected) err(`  ${r.at ? `${r.at}: ${r.path} ` : ""}${r.code}: ${r.reason}`);
    return 1;
  }
  out(summary(report));
  for (const d of report.likelyDuplicates) {
    out(`likely duplicate (not merged): ${d.at}: claim ${d.claimId} matches ${d.matchId}, score ${d.score}`);
  }
  if (report.likelyDuplicatesTruncated) out("likely duplicates: only the first 200 claims created were checked");
  if (report.dryRun) out(report.unchanged ? "dry run: nothing would change" : "dry run: nothing was written");
  else
    out(
      report.unchanged
        ? `${report.records} record(s) read: already up to date, nothing changed`
        : `${report.records} record(s) imported`,
    );
  return 0;
}

export function buildCli(): Command {
  const program = new Command("claimbase").description(
    "claimbase: a GraphQL knowledge service for contested public stories",
  );

  program
    .command("migrate")
    .description("apply pending database migrations (prisma/migrations)")
    .action(async () => {
      const report = await withDatabase((db) => migrate(db.pool));
      console.log(
        report.applied.length > 0
          ? `applied ${report.applied.length} migration(s): ${report.applied.join(", ")}`
          : `database is up to date (${report.alreadyApplied.length} migration(s) applied earlier)`,
      );
    });

  program
    .command("seed")
    .description("load the sample story (or another bundle) into the database; loading it again changes nothing")
    .argument("[file]", "a claimbase bundle (JSON or NDJSON)", STORY_BUNDLE)
    .action(async (file: string) => {
      const report = await withDatabase(async (db) => {
        await migrate(db.pool);
        return seedStory(db, file);
      });
      if (report.rejected.length === 0 && report.unchanged) console.log("already loaded: nothing changed");
      else process.exitCode = printReport(report);
    });

  program
    .command("import")
    .description("import a claimbase bundle (JSON or NDJSON) or schema.org ClaimReview JSON-LD, all or nothing")
    .argument("<file>", "the file to import")
    .option("--dry-run", "check the file and report what would change, without writing")
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const report = await withDatabase((db) =>
        importFile(db, file, { actor: { keyId: null, label: "cli" }, dryRun: options.dryRun }),
      );
      process.exitCode = printReport(report);
    });

  program
    .command("check")
    .description(
      "check the attribution rules over the whole database: claimants speak in their claims' appearances, stance holders and viewpoint members in their evidence (exit 1 on any violation)",
    )
    .option("--limit <n>", "list at most this many violations", "100")
    .action(async (options: { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 0 || limit > 1_000_000) {
        throw new Error("--limit must be a whole number from 0 to 1000000");
      }
      const result = await withDatabase((db) => attributionViolations(db, limit));
      for (const v of result.violations) console.log(`${v.rule}  ${v.subjectType}:${v.subjectId}  ${v.message}`);
      const counts = Object.entries(result.counts)
        .map(([rule, n]) => `${rule} ${n}`)
        .join(", ");
      console.log(`${result.total} attribution violation(s) (${counts})`);
      if (result.total > 0) process.exitCode = 1;
    });

  program.addCommand(exportCommand(withDatabase));
  // Loaded only by `documents add`, which checks documents against it: the other commands start without it.
  program.addCommand(documentsCommand(withDatabase, async () => (await import("../schema")).buildClaimbaseSchema()));

  const keys = program.command("keys").description("manage API keys");
  keys
    .command("create")
    .description("create an API key; it is printed once and only its hash is stored")
    .requiredOption("--name <name>", "who or what the key is for")
    .addOption(new Option("--role <role>", "what the key may do").choices(["EDITOR", "ADMIN"]).makeOptionMandatory())
    .action(async (options: { name: string; role: "EDITOR" | "ADMIN" }) => {
      const { key, info } = await withDatabase((db) => createKey(db.pool, options.name, options.role));
      console.log(key);
      console.error(
        `created ${info.role} key ${info.prefix} (${info.id}) for ${info.name}; store it now, it is not shown again`,
      );
    });
  keys
    .command("list")
    .description("list API keys (never the keys themselves)")
    .action(async () => {
      const list = await withDatabase((db) => listKeys(db.pool));
      for (const k of list) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        console.log(`${k.id}  ${k.prefix}  ${k.role.padEnd(6)}  ${state.padEnd(32)}  ${k.name}`);
      }
    });
  keys
    .command("revoke")
    .description("revoke an API key by id or prefix")
    .argument("<key>", "the key's id or prefix")
    .action(async (idOrPrefix: string) => {
      const done = await withDatabase((db) => revokeKey(db.pool, idOrPrefix));
      if (!done) {
        console.error(`no active key ${idOrPrefix}`);
        process.exitCode = 1;
      } else console.log(`revoked ${idOrPrefix}`);
    });

  return program;
}

export async function run(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void run(process.argv);
