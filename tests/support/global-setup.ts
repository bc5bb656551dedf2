import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../src/db/database";
import { startEmbedded, withDatabase, type EmbeddedDatabase } from "../../src/db/embedded";
import { migrate } from "../../src/db/migrate";
import { seedStory } from "../../src/seed";
import type { RunInfo } from "./run-info";

declare global {
  var __claimbaseEmbedded: EmbeddedDatabase | undefined;
}

/**
 * Starts the database for the run: an embedded PostgreSQL by default, or the server named by
 * TEST_DATABASE_URL (only throwaway databases are created there, all dropped at teardown). Prepares two
 * templates that every test file clones: migrated-and-empty, and migrated-with-the-story.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let embeddedDir: string | undefined;
  if (!adminUrl) {
    embeddedDir = mkdtempSync(path.join(os.tmpdir(), "claimbase-test-pg-"));
    // As root the server runs as the postgres OS user, which must be able to enter this folder.
    chmodSync(embeddedDir, 0o755);
    const embedded = await startEmbedded({ dir: path.join(embeddedDir, "data"), persistent: false, fast: true });
    globalThis.__claimbaseEmbedded = embedded;
    adminUrl = embedded.url;
  }
  const prefix = `cbtest_${randomBytes(4).toString("hex")}`;
  const info: RunInfo = {
    adminUrl,
    emptyTemplate: `${prefix}_empty`,
    storyTemplate: `${prefix}_story`,
    prefix,
    embeddedDir,
  };

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of [info.emptyTemplate, info.storyTemplate]) {
      await admin.query(`CREATE DATABASE "${name}"`);
      const db = openDatabase(withDatabase(adminUrl, name), { max: 2 });
      try {
        await migrate(db.pool);
        if (name === info.storyTemplate) await seedStory(db);
      } finally {
        await db.close();
      }
    }
  } finally {
    await admin.end();
  }

  const file = path.join(os.tmpdir(), `claimbase-jest-${prefix}.json`);
  writeFileSync(file, JSON.stringify(info));
  process.env.CLAIMBASE_TEST_RUN_INFO = file;
}
