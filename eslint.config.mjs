// Lint rules: typescript-eslint's recommended set, plus the house rules from STYLE.md that a linter can hold.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".data/", "coverage/", "src/generated/", "bench/results/"] },
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
    // Only services, loaders and db/ touch Prisma or SQL: resolvers stay thin.
    files: ["src/**/*.resolver.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/sql", "**/db/prisma", "pg", "**/generated/prisma/client"],
              message: "Resolvers call services and loaders; SQL and Prisma live there.",
            },
          ],
        },
      ],
    },
  },
  {
    // Modules import each other through their index.ts only; a domain's model file (`<domain>.model.ts`)
    // is a leaf declaration that the shared engines read directly (filters, exports, the bundle schema).
    files: ["src/modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./[^/.]+/(?![^/]+\\.model$).+",
              message: "Import another module through its index.ts (or its leaf <domain>.model.ts).",
            },
          ],
        },
      ],
    },
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
