import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { withDatabase } from "../../src/db/embedded";
import { readRunInfo } from "./run-info";

export interface TestDatabase extends Database {
  name: string;
  url: string;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: readRunInfo().adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from a migrated template (empty, or with the story). */
export async function createTestDatabase(template: "empty" | "story" = "empty"): Promise<TestDatabase> {
  const info = readRunInfo();
  const name = `${info.prefix}_${randomBytes(4).toString("hex")}`;
  const source = template === "story" ? info.storyTemplate : info.emptyTemplate;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`));
  const url = withDatabase(info.adminUrl, name);
  const db = openDatabase(url, { max: 5 });
  return {
    ...db,
    name,
    url,
    async drop() {
      await db.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
