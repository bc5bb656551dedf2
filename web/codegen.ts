import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator for the story explorer (docs/explorer.md): its operations in web/queries/
 * typed against schema.graphql (or a running server's /schema.graphql in CLAIMBASE_SCHEMA_URL), the
 * same recipe docs/frontend.md gives third-party frontends. `npm run schema` rewrites web/src/gql/,
 * `npm run check` fails when it is stale.
 */
const config: CodegenConfig = {
  schema: process.env.CLAIMBASE_SCHEMA_URL ?? `${__dirname}/../schema.graphql`,
  documents: [`${__dirname}/queries/*.graphql`],
  ignoreNoDocuments: false,
  generates: {
    [`${__dirname}/src/gql/`]: {
      preset: "client",
      config: {
        // Parsed documents (plain JSON objects): urql sends them without graphql-js in the bundle.
        enumsAsTypes: true,
        onlyOperationTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: "string", LocalDate: "string", JSONObject: "Record<string, unknown>" },
      },
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
    },
  },
};

export default config;
