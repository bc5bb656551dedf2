/**
 * Packages that ship ES modules only. Node (>= 20.19) require()s them as they are; Jest's module loader
 * does not (before Node 24.9), so they get compiled to CommonJS: sql-template-tag, and linkedom's
 * CSS-selector and DOM helpers (the ingest HTML extractor).
 */
const ESM_ONLY =
  "sql-template-tag|css-select|css-what|nth-check|boolbase|domutils|domhandler|domelementtype|dom-serializer|entities|cssomnom|htmlparser2|uhyphen";

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type errors are caught by `npm run typecheck`; tests only need the emitted JS (with decorator metadata).
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
    [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs" }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/)`],
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};
