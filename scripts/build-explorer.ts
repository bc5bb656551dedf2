import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { ExplorerManifest } from "../src/explorer/explorer";
import { PROJECT_ROOT } from "../src/shared/paths";

/**
 * Bundles the story explorer (web/src, docs/explorer.md) into dist/explorer/ with esbuild: one script
 * and one stylesheet with content-hashed names, and manifest.json naming them for the server
 * (src/explorer/explorer.ts), plus chunks loaded on demand (the chart library). Everything comes from node_modules: no network at build time.
 * `npm run build` runs it after tsc; it prints each file's size, raw and gzipped.
 */
export const EXPLORER_OUT = path.join(PROJECT_ROOT, "dist", "explorer");

export async function buildExplorer(outdir = EXPLORER_OUT): Promise<{ file: string; bytes: number; gzip: number }[]> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { explorer: path.join(PROJECT_ROOT, "web", "src", "main.tsx") },
    outdir,
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "[name]-[hash]",
    // Code loaded on demand (the chart library) goes to chunks of its own.
    splitting: true,
    chunkNames: "chunk-[hash]",
    sourcemap: "linked",
    metafile: true,
    legalComments: "linked",
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.resolve(PROJECT_ROOT, file));
  const name = (file: string) => path.basename(file);
  const script = outputs.find((file) => name(file).startsWith("explorer-") && file.endsWith(".js"));
  const style = outputs.find((file) => file.endsWith(".css"));
  if (!script || !style) throw new Error(`esbuild wrote no script or stylesheet: ${outputs.join(", ")}`);
  const manifest: ExplorerManifest = { script: name(script), style: name(style), files: outputs.map(name).sort() };
  writeFileSync(path.join(outdir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const loaded = outputs.filter((file) => !file.endsWith(".map") && !file.endsWith(".txt"));
  return loaded.map((file) => {
    const content = readFileSync(file);
    return { file: path.basename(file), bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
}

if (require.main === module) {
  buildExplorer().then(
    (files) => {
      for (const f of files) console.log(`explorer: ${f.file} ${f.bytes} bytes, ${f.gzip} gzipped`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
