// import-x/no-cycle skips type-only imports (`import type`, `import { type X }`) by design, and no option
// turns that off. STYLE.md allows no import cycles, type-level ones included, so this rule reports the
// cycles that pass through at least one type-only import or re-export; cycles of value imports alone
// are import-x/no-cycle's to report. Modules resolve as TypeScript resolves them (the nearest tsconfig).
import { statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** @typedef {{ target: string, typeOnly: boolean }} Edge */

/** Compiler options per tsconfig path. */
const optionsByConfig = new Map();
/** Edges per file, kept while the file's mtime is unchanged. */
const edgesByFile = new Map();

function compilerOptions(fromFile) {
  const config = ts.findConfigFile(path.dirname(fromFile), ts.sys.fileExists) ?? "";
  let options = optionsByConfig.get(config);
  if (options === undefined) {
    options = config
      ? ts.parseJsonConfigFileContent(ts.readConfigFile(config, ts.sys.readFile).config, ts.sys, path.dirname(config))
          .options
      : {};
    optionsByConfig.set(config, options);
  }
  return options;
}

/** The project file a specifier names, or undefined for packages, declaration files and what does not resolve. */
function resolve(specifier, fromFile) {
  const { resolvedModule } = ts.resolveModuleName(specifier, fromFile, compilerOptions(fromFile), ts.sys);
  if (!resolvedModule || resolvedModule.isExternalLibraryImport || resolvedModule.extension === ts.Extension.Dts) {
    return undefined;
  }
  return path.resolve(resolvedModule.resolvedFileName);
}

/** @returns {Edge[]} the static imports and re-exports of another file, read from disk. */
function edgesOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = edgesByFile.get(file);
  if (cached && cached.mtime === mtime) return cached.edges;
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.Latest, false);
  const edges = [];
  for (const statement of source.statements) {
    let specifier;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named !== undefined &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      const named =
        statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause : undefined;
      typeOnly =
        statement.isTypeOnly ||
        (named !== undefined && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      specifier = statement.moduleReference.expression;
      typeOnly = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const target = resolve(specifier.text, file);
    if (target) edges.push({ target, typeOnly });
  }
  edgesByFile.set(file, { mtime, edges });
  return edges;
}

/** Whether an ESTree import or export declaration brings in types only (as import-x/no-cycle decides). */
function isTypeOnly(node) {
  if (node.type === "ImportDeclaration") {
    return (
      node.importKind === "type" ||
      (node.specifiers.length > 0 &&
        node.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type"))
    );
  }
  if (node.type === "TSImportEqualsDeclaration") return node.importKind === "type";
  return (
    node.exportKind === "type" || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.exportKind === "type"))
  );
}

/** The shortest way from `start` back to `file` that passes a type-only edge, as a list of files; or undefined. */
function cycleThroughTypes(file, start, startTypeOnly) {
  const key = (at, sawType) => `${sawType ? 1 : 0}${at}`;
  const parents = new Map([[key(start, startTypeOnly), null]]);
  const queue = [[start, startTypeOnly]];
  while (queue.length > 0) {
    const [at, sawType] = queue.shift();
    if (at === file) {
      if (!sawType) continue;
      const route = [];
      for (let step = key(at, sawType); step !== null; step = parents.get(step)) route.unshift(step.slice(1));
      return route;
    }
    for (const edge of edgesOf(at)) {
      const next = key(edge.target, sawType || edge.typeOnly);
      if (parents.has(next)) continue;
      parents.set(next, key(at, sawType));
      queue.push([edge.target, sawType || edge.typeOnly]);
    }
  }
  return undefined;
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Forbid import cycles that pass through a type-only import (import-x/no-cycle skips them)." },
    schema: [],
    messages: { cycle: "Import cycle through a type-only import: {{route}}." },
  },
  create(context) {
    if (context.physicalFilename === "<text>") return {};
    const file = path.resolve(context.physicalFilename);
    const check = (node) => {
      const specifier = node.type === "TSImportEqualsDeclaration" ? node.moduleReference.expression : node.source;
      if (!specifier || typeof specifier.value !== "string") return;
      const target = resolve(specifier.value, file);
      if (!target) return;
      const route = cycleThroughTypes(file, target, isTypeOnly(node));
      if (!route) return;
      const shown = [file, ...route].map((f) => path.relative(context.cwd, f)).join(" -> ");
      context.report({ node, messageId: "cycle", data: { route: shown } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === "TSExternalModuleReference") check(node);
      },
    };
  },
};

export default { meta: { name: "claimbase" }, rules: { "no-cycle-through-types": rule } };
