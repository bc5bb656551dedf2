import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import { Argument, Command, Option } from "commander";
import { GraphQLError } from "graphql";
import type { Database } from "../../db/database";
import { badInput } from "../../shared/errors";
import { type ExportPlan, prepareExport, runExport } from "./export.service";
import {
  EXPORT_FORMATS,
  EXPORT_TYPES,
  ExportAborted,
  type ExportFormat,
  type ExportType,
  UnsupportedExport,
} from "./export.types";

type WithDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

/**
 * `claimbase export <type> [--format ndjson|csv|jsonld] [--filter <json>] [--out <file>]`. Writes to
 * standard output unless --out is given; a file is written under a temporary name and renamed when
 * complete, so a failed export never leaves a truncated file behind. A bad request exits 1.
 */
export function exportCommand(withDatabase: WithDatabase): Command {
  return new Command("export")
    .description("stream entities, claims, sources, viewpoints, stances or reviews, or the whole database as a bundle")
    .addArgument(new Argument("<type>", "what to export").choices(EXPORT_TYPES))
    .addOption(new Option("--format <format>", "output format").choices(EXPORT_FORMATS).default("ndjson"))
    .option("--filter <json>", "only rows matching this <Type>Filter (the GraphQL filter language, as JSON)")
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (type: ExportType, options: { format: ExportFormat; filter?: string; out?: string }) => {
      let plan: ExportPlan;
      try {
        let filter: unknown;
        if (options.filter !== undefined) {
          try {
            filter = JSON.parse(options.filter);
          } catch {
            throw badInput("--filter is not valid JSON");
          }
        }
        plan = prepareExport({ type, format: options.format, filter });
      } catch (error) {
        if (error instanceof UnsupportedExport || error instanceof GraphQLError) {
          console.error(`error: ${error.message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }

      if (!options.out) {
        const stdout = process.stdout;
        const aborted = new AbortController();
        // A closed pipe (`| head`) ends the export quietly.
        const onError = () => aborted.abort();
        stdout.on("error", onError);
        try {
          const { records } = await withDatabase((db) => runExport(db, plan, stdout, { signal: aborted.signal }));
          console.error(`exported ${records} record(s)`);
        } catch (error) {
          if (!(error instanceof ExportAborted)) throw error;
        } finally {
          stdout.off("error", onError);
        }
        return;
      }

      const partial = `${options.out}.partial-${process.pid}`;
      const file: Writable = createWriteStream(partial);
      try {
        const { records } = await withDatabase((db) => runExport(db, plan, file));
        file.end();
        await finished(file);
        await rename(partial, options.out);
        console.error(`exported ${records} record(s) to ${options.out}`);
      } catch (error) {
        file.destroy();
        await rm(partial, { force: true });
        throw error;
      }
    });
}
