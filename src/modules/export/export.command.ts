import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import { Argument, Command, Option } from "commander";
import { GraphQLError } from "graphql";
import type { Database } from "../../db/database";
import { badInput } from "../../shared/errors";
import { type ExportPlan, prepareExport, runExport } from "./export.service";
import {
  CSV_FLAVORS,
  CSV_LISTS,
  type CsvFlavor,
  type CsvLists,
  type CsvOptions,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  ExportAborted,
  type ExportFormat,
  type ExportType,
  UnsupportedExport,
} from "./export.types";

type WithDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

interface CommandOptions {
  format: ExportFormat;
  filter?: string;
  out?: string;
  flavor?: CsvFlavor;
  bom?: boolean;
  /** false with --no-escape-formulas; true (commander's default for a --no- option) otherwise. */
  escapeFormulas: boolean;
  lists?: CsvLists;
}

/**
 * `claimbase export <type> [--format ndjson|csv|jsonld] [--filter <json>] [--out <file>]` and, for
 * CSV, `[--flavor excel] [--bom|--no-bom] [--no-escape-formulas] [--lists json|joined]`. Writes to
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
    .addOption(
      new Option(
        "--flavor <flavor>",
        'CSV: "excel" adds a UTF-8 BOM and CRLF line ends so Excel reads accents right (default: "rfc4180", LF, no BOM)',
      ).choices(CSV_FLAVORS),
    )
    .option("--bom", "CSV: start with a UTF-8 byte order mark (default: with --flavor excel only)")
    .option("--no-bom", "CSV: no byte order mark, even with --flavor excel")
    .option(
      "--no-escape-formulas",
      "CSV: write cells that start with = + - @ TAB or CR as they are, without the leading ' that keeps spreadsheets from running them (for pipelines that never open the file in a spreadsheet)",
    )
    .addOption(
      new Option(
        "--lists <encoding>",
        'CSV: multi-valued cells as "json" arrays (default; any value round-trips) or "; "-"joined" (deprecated)',
      ).choices(CSV_LISTS),
    )
    .action(async (type: ExportType, options: CommandOptions) => {
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
        const csv: Partial<CsvOptions> = {
          flavor: options.flavor,
          bom: options.bom,
          escapeFormulas: options.escapeFormulas === false ? false : undefined,
          lists: options.lists,
        };
        plan = prepareExport({ type, format: options.format, filter, csv });
        if (plan.format === "csv" && plan.csv.lists === "joined") {
          console.error(
            'warning: --lists joined is deprecated: a value containing "; " cannot be split back; the default JSON arrays round-trip (docs/export-format.md)',
          );
        }
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
      // The file opens before the export starts: a missing folder or a read-only one is a clear error
      // here, not an unhandled 'error' event later.
      try {
        await once(file, "open");
      } catch (error) {
        const reason = existsSync(path.dirname(options.out)) ? (error as Error).message : "its folder does not exist";
        throw new Error(`cannot write --out ${options.out}: ${reason}`);
      }
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
