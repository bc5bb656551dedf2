import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/database";
import { withDatabase } from "../../src/db/embedded";
import { PrismaClient } from "../../src/generated/prisma/client";
import { readRunInfo } from "./run-info";

export interface TestDatabase extends Database {
  name: string;
  url: string;
  /**
   * Prisma Client on the test database's own pool, for building data in tests (the service itself
   * reads and writes through compiled SQL). On the same pool, so statement counts and limits cover it.
   */
  prisma: PrismaClient;
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
  const prisma = new PrismaClient({ adapter: new PrismaPg(db.pool) });
  return {
    ...db,
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await db.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
