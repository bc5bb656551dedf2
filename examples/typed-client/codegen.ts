import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator for the typed example client (docs/frontend.md). The schema comes from a
 * running server (`GET /schema.graphql`) when CLAIMBASE_SCHEMA_URL is set, else from the repository's
 * schema.graphql, which CI keeps in step with the code. The client preset writes the operations' types
 * and, with persistedDocuments, a manifest of sha256 -> document for `claimbase documents add`.
 */
const config: CodegenConfig = {
  schema: process.env.CLAIMBASE_SCHEMA_URL ?? `${__dirname}/../../schema.graphql`,
  documents: [`${__dirname}/src/operations/*.graphql`],
  ignoreNoDocuments: false,
  generates: {
    [`${__dirname}/src/gql/`]: {
      preset: "client",
      config: {
        // Strings, not parsed documents: the client sends them as they are, with no graphql-js at run time.
        documentMode: "string",
        enumsAsTypes: true,
        // Only the types the operations use, not the whole schema's inputs.
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
