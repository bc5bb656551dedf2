import path from "node:path";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { PROJECT_ROOT } from "../src/shared/paths";

/** The typed example client (docs/frontend.md), whose generated types CI keeps in step with the schema. */
export const TYPED_CLIENT = path.join(PROJECT_ROOT, "examples", "typed-client");

/**
 * What `graphql-codegen --config examples/typed-client/codegen.ts` would write, from `schema` (a URL
 * such as a live server's /schema.graphql, a file, or SDL text) instead of the config's own, without
 * writing it: absolute file names and contents.
 */
export async function typedClientFiles(schema: string): Promise<{ file: string; content: string }[]> {
  return codegenFiles(TYPED_CLIENT, schema);
}

/** The story explorer (docs/explorer.md): its queries in web/queries/, typed into web/src/gql/. */
export const EXPLORER_WEB = path.join(PROJECT_ROOT, "web");

/** What `graphql-codegen --config web/codegen.ts` would write from `schema`, as typedClientFiles. */
export async function explorerFiles(schema: string): Promise<{ file: string; content: string }[]> {
  return codegenFiles(EXPLORER_WEB, schema);
}

async function codegenFiles(dir: string, schema: string): Promise<{ file: string; content: string }[]> {
  const loaded = await loadCodegenConfig({ configFilePath: path.join(dir, "codegen.ts") });
  const outputs: { filename: string; content: string }[] = await generate(
    { ...loaded.config, schema, silent: true, cwd: dir },
    false,
  );
  return outputs
    .map((output) => ({ file: path.resolve(dir, output.filename), content: output.content }))
    .sort((a, b) => a.file.localeCompare(b.file));
}
