import { existsSync } from "node:fs";
import path from "node:path";

/** The repository root, whether running from src/ (tests) or dist/src/ (compiled). */
function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "prisma"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the claimbase project root above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
