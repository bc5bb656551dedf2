import { readFile } from "node:fs/promises";
import { printClaimbaseSchema, SCHEMA_FILE, writeSchemaFile } from "../src/schema";

/** `npm run schema` writes schema.graphql; `--check` fails when the committed file is out of date. */
async function main(): Promise<void> {
  if (process.argv.includes("--check")) {
    const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "");
    if (committed !== printClaimbaseSchema()) {
      console.error("schema.graphql is out of date: run `npm run schema` and commit the result");
      process.exit(1);
    }
    console.log("schema.graphql is up to date");
    return;
  }
  await writeSchemaFile();
  console.log(`wrote ${SCHEMA_FILE}`);
}

void main();
