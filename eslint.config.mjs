// Lint rules: typescript-eslint's recommended set, plus the house rules from STYLE.md that a linter can hold.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import claimbase from "./eslint-rules/no-cycle-through-types.mjs";

/** Modules import each other through their index.ts only. */
/**
 * Modules import each other through their index.ts only; a domain's model file (`<domain>.model.ts`)
 * is a leaf declaration that the shared engines read directly (filters, exports, the bundle schema).
 */
const MODULE_BOUNDARY = [
  {
    regex: "^\\.\\./[^/.]+/(?![^/]+\\.model$).+",
    message: "Import another module through its index.ts (or its leaf <domain>.model.ts).",
  },
];

/**
 * Only services, loaders and db/ touch Prisma or SQL: resolvers stay thin and reach loaders through
 * the module's service or index, never a SQL spec (`<domain>.sql.ts`).
 */
const RESOLVER_NO_SQL = [
  {
    group: ["**/db/sql", "**/db/prisma", "pg", "sql-template-tag", "**/generated/prisma/client"],
    message: "Resolvers call services and loaders; SQL and Prisma live there.",
  },
  { regex: "\\.sql$", message: "Resolvers call the module's service or index, not its SQL spec." },
];

export default tseslint.config(
  {
    // tests/support/fixtures/lint-cycle holds import cycles on purpose: tests/unit/lint-rules.test.ts lints it.
    ignores: [
      "node_modules/",
      "dist/",
      ".data/",
      "coverage/",
      "src/generated/",
      "bench/results/",
      "tests/support/fixtures/lint-cycle/",
      "examples/typed-client/src/gql/",
      "web/src/gql/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // type-graphql reads parameter types from decorator metadata: imports used there are values.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
      globals: {
        process: "readonly",
        console: "readonly",
        require: "readonly",
        module: "readonly",
        __dirname: "readonly",
        Buffer: "readonly",
        fetch: "readonly",
        performance: "readonly",
        globalThis: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        document: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // No import cycles (STYLE.md), resolved as TypeScript resolves them. import-x/no-cycle skips
    // type-only imports, so claimbase/no-cycle-through-types reports the cycles that run through them.
    files: ["**/*.ts"],
    plugins: { "import-x": importX, claimbase },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: { "import-x/no-cycle": "error", "claimbase/no-cycle-through-types": "error" },
  },
  {
    files: ["src/**/*.resolver.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: RESOLVER_NO_SQL }] },
  },
  {
    files: ["src/modules/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: MODULE_BOUNDARY }] },
  },
  {
    // A later block's `no-restricted-imports` replaces an earlier one's: resolvers in modules get both sets.
    files: ["src/modules/**/*.resolver.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...RESOLVER_NO_SQL, ...MODULE_BOUNDARY] }] },
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
