import "reflect-metadata";
import { Command } from "commander";
import { loadConfig } from "../config";
import { openDatabase, resolveDatabaseUrl, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { BundleError } from "../modules/bundle";
import { STORY_BUNDLE, seedStory } from "../seed";

/** `claimbase`: what people do from a shell. Uses DATABASE_URL, or the embedded server under .data/. */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { url, embedded } = await resolveDatabaseUrl(config);
  const db = openDatabase(url);
  try {
    return await fn(db);
  } finally {
    await db.close();
    await embedded?.stop();
  }
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
    .description("load the sample story (or another bundle file) into the database")
    .argument("[file]", "a claimbase bundle (JSON)", STORY_BUNDLE)
    .action(async (file: string) => {
      const report = await withDatabase(async (db) => {
        await migrate(db.pool);
        return seedStory(db, file);
      });
      if (!report.loaded) console.log("already loaded: nothing changed");
      else
        console.log(
          `loaded: ${Object.entries(report.counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(", ")}`,
        );
    });

  return program;
}

export async function run(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof BundleError) console.error(`error: ${error.message}`);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void run(process.argv);
