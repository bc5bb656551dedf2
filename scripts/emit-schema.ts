import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundleJsonSchema } from "../src/modules/bundle/bundle.schema";
import { printClaimbaseSchema, SCHEMA_FILE } from "../src/schema";
import { ERROR_CODES, USER_ERROR_CODES } from "../src/shared/errors";
import { PROJECT_ROOT } from "../src/shared/paths";
import { explorerFiles, typedClientFiles } from "./typed-client-codegen";

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
 * `npm run schema` writes what is generated from the code: schema.graphql (from the resolvers),
 * docs/bundle.schema.json (from the model files), the error code tables of docs/api.md, and the typed
 * example client's and the story explorer's generated types and persisted-documents manifests
 * (GraphQL Code Generator, from the schema printed here); `--check` fails when a committed file is out of date.
 */
const FILES: [string, () => string | Promise<string>][] = [
  [SCHEMA_FILE, printClaimbaseSchema],
  [path.join(PROJECT_ROOT, "docs/bundle.schema.json"), () => `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`],
  [API_DOC, apiDoc],
];

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  let stale = false;
  const generated = [
    ...(await typedClientFiles(printClaimbaseSchema())),
    ...(await explorerFiles(printClaimbaseSchema())),
  ];
  const files: [string, () => string | Promise<string>][] = [
    ...FILES,
    ...generated.map(({ file, content }): [string, () => string] => [file, () => content]),
  ];
  for (const [file, print] of files) {
    const name = path.relative(PROJECT_ROOT, file);
    const text = await print();
    if (check) {
      const committed = await readFile(file, "utf8").catch(() => "");
      if (committed !== text) {
        console.error(`${name} is out of date: run \`npm run schema\` and commit the result`);
        stale = true;
      } else console.log(`${name} is up to date`);
    } else {
      await writeFile(file, text);
      console.log(`wrote ${name}`);
    }
  }
  if (stale) process.exit(1);
}

void main();
