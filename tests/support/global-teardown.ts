import { rmSync } from "node:fs";
import pg from "pg";
import { readRunInfo } from "./run-info";

export default async function globalTeardown(): Promise<void> {
  const info = readRunInfo();
  const embedded = globalThis.__claimbaseEmbedded;
  if (!embedded) {
    // A shared server: drop every database this run made.
    const admin = new pg.Client({ connectionString: info.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `${info.prefix}%`,
      ]);
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  } else {
    await embedded.stop();
  }
  if (info.embeddedDir) rmSync(info.embeddedDir, { recursive: true, force: true });
  rmSync(process.env.CLAIMBASE_TEST_RUN_INFO as string, { force: true });
}
