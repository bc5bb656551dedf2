// ESLint's Node API in a process of its own: ESLint import()s eslint.config.mjs, which Jest's module
// loader cannot do. Reads { texts: [{ code, filePath }], files: [glob], ignored: [path] } as JSON on
// stdin and prints the errors found, by text and by file, and whether `npm run lint` skips each path.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";

const root = process.cwd();
const overrideConfigFile = path.join(root, "eslint.config.mjs");
const input = JSON.parse(readFileSync(0, "utf8"));
const eslint = new ESLint({ cwd: root, overrideConfigFile });
// Fixtures are ignored by `npm run lint`; here they are linted with the same rules.
const fixtures = new ESLint({ cwd: root, overrideConfigFile, ignore: false });

const errorsOf = (result) =>
  result.messages.filter((m) => m.severity === 2).map((m) => ({ rule: m.ruleId, message: m.message }));

const texts = [];
for (const { code, filePath } of input.texts) {
  const [result] = await eslint.lintText(code, { filePath });
  texts.push(errorsOf(result));
}
const files = {};
// No pattern at all would lint the whole tree, build output included.
const results = input.files.length > 0 ? await fixtures.lintFiles(input.files) : [];
for (const result of results) files[path.relative(root, result.filePath)] = errorsOf(result);
const ignored = {};
for (const file of input.ignored) ignored[file] = await eslint.isPathIgnored(file);

process.stdout.write(JSON.stringify({ texts, files, ignored }));
