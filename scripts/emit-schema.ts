import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundleJsonSchema } from "../src/modules/bundle/bundle.schema";
import { printClaimbaseSchema, SCHEMA_FILE } from "../src/schema";
import { PROJECT_ROOT } from "../src/shared/paths";

/**
 * `npm run schema` writes the generated public schemas: schema.graphql (from the resolvers) and
 * docs/bundle.schema.json (from the model files); `--check` fails when a committed file is out of date.
 */
const FILES: [string, () => string][] = [
  [SCHEMA_FILE, printClaimbaseSchema],
  [path.join(PROJECT_ROOT, "docs/bundle.schema.json"), () => `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`],
];

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const [file, print] of FILES) {
    const name = path.relative(PROJECT_ROOT, file);
    if (check) {
      const committed = await readFile(file, "utf8").catch(() => "");
      if (committed !== print()) {
        console.error(`${name} is out of date: run \`npm run schema\` and commit the result`);
        stale = true;
      } else console.log(`${name} is up to date`);
    } else {
      await writeFile(file, print());
      console.log(`wrote ${name}`);
    }
  }
  if (stale) process.exit(1);
}

void main();
