/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type errors are caught by `npm run typecheck`; tests only need the emitted JS (with decorator metadata).
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
    // sql-template-tag ships ES modules only. Node (>= 20.19) require()s them as they are; Jest's
    // module loader does not (before Node 24.9), so it gets them compiled to CommonJS.
    "/node_modules/sql-template-tag/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs" }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!sql-template-tag/)"],
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};
