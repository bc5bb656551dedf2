import path from "node:path";
import type { Database } from "./db/database";
import { importFile, type ImportReport } from "./modules/bundle";
import { PROJECT_ROOT } from "./shared/paths";

/** The sample story, curated by hand from data/story/sanctuary-city-article.txt. */
export const STORY_BUNDLE = path.join(PROJECT_ROOT, "data", "story", "sanctuary-city.json");

/** Loads a bundle (the story by default) through the importer: loading it again changes nothing. */
export async function seedStory(db: Database, file: string = STORY_BUNDLE): Promise<ImportReport> {
  return importFile(db, file, { actor: { keyId: null, label: "seed" } });
}

/** Whether the database holds no content yet (start-up seeds only then). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.pool.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM entity) AND NOT EXISTS (SELECT 1 FROM source) AND NOT EXISTS (SELECT 1 FROM claim) AS empty`,
  );
  return rows.rows[0]?.empty === true;
}
