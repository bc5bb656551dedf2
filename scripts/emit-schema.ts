import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { printClaimbaseSchema, SCHEMA_FILE, writeSchemaFile } from "../src/schema";
import { ERROR_CODES, USER_ERROR_CODES } from "../src/shared/errors";
import { PROJECT_ROOT } from "../src/shared/paths";

const API_DOC = path.join(PROJECT_ROOT, "docs", "api.md");

/** The code tables of docs/api.md, each between `<!-- BEGIN name ... -->` and `<!-- END name -->`. */
const TABLES: Record<string, { heading: string; codes: Record<string, string> }> = {
  ErrorCode: { heading: "`extensions.code`", codes: ERROR_CODES },
  UserErrorCode: { heading: "`UserErrorCode`", codes: USER_ERROR_CODES },
};

function table(heading: string, codes: Record<string, string>): string {
  const rows = Object.entries(codes).map(([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll("|", "\\|")} |`);
  return [`| ${heading} | meaning |`, "| --- | --- |", ...rows].join("\n");
}

/** docs/api.md with its code tables generated afresh, formatted as `prettier --write` would. */
async function apiDoc(): Promise<string> {
  let doc = await readFile(API_DOC, "utf8");
  for (const [name, { heading, codes }] of Object.entries(TABLES)) {
    const pattern = new RegExp(`(<!-- BEGIN ${name} [^\\n]*-->\\n)[\\s\\S]*?(<!-- END ${name} -->)`);
    if (!pattern.test(doc)) throw new Error(`docs/api.md has no <!-- BEGIN ${name} ... --> ... <!-- END ${name} -->`);
    doc = doc.replace(pattern, (_match, begin: string, end: string) => `${begin}\n${table(heading, codes)}\n\n${end}`);
  }
  const prettier = await import("prettier");
  const options = await prettier.resolveConfig(API_DOC);
  return prettier.format(doc, { ...options, filepath: API_DOC });
}

/**
 * `npm run schema` writes schema.graphql and the error code tables of docs/api.md; `--check` fails
 * when either committed file is out of date.
 */
async function main(): Promise<void> {
  if (process.argv.includes("--check")) {
    const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "");
    if (committed !== printClaimbaseSchema()) {
      console.error("schema.graphql is out of date: run `npm run schema` and commit the result");
      process.exit(1);
    }
    if ((await readFile(API_DOC, "utf8")) !== (await apiDoc())) {
      console.error("docs/api.md's error code tables are out of date: run `npm run schema` and commit the result");
      process.exit(1);
    }
    console.log("schema.graphql and docs/api.md's error codes are up to date");
    return;
  }
  await writeSchemaFile();
  console.log(`wrote ${SCHEMA_FILE}`);
  await writeFile(API_DOC, await apiDoc());
  console.log(`wrote the error code tables of ${API_DOC}`);
}

void main();
