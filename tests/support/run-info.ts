import { readFileSync } from "node:fs";

/** What the global setup hands to test workers: the server URL and the prepared template databases. */
export interface RunInfo {
  /** Admin URL of the server (its maintenance database). */
  adminUrl: string;
  /** Migrated, empty database to clone. */
  emptyTemplate: string;
  /** Migrated database with the sample story, to clone. */
  storyTemplate: string;
  /** Prefix of every database this run creates, so teardown can drop them all. */
  prefix: string;
  embeddedDir?: string;
}

export function readRunInfo(): RunInfo {
  const file = process.env.CLAIMBASE_TEST_RUN_INFO;
  if (!file) throw new Error("CLAIMBASE_TEST_RUN_INFO is not set: run the tests through jest (npm test)");
  return JSON.parse(readFileSync(file, "utf8")) as RunInfo;
}
