import { createTestDatabase, type TestDatabase } from "./database";
import { startTestServer, type TestServer } from "./server";

/**
 * The setup most integration files share, declared once: a database of the file's own (cloned from a
 * template before its tests, dropped after them) and, for `useTestServer`, the real HTTP server over
 * it. Both register jest hooks where they are called, so call them at the top of a file or describe
 * block. The handle is filled by the time tests (and any beforeAll declared after the call) run;
 * reading it earlier is a mistake in the test file, and says so.
 */

type Template = "empty" | "story";
type ServerOverrides = NonNullable<Parameters<typeof startTestServer>[1]>;

export interface TestDatabaseHandle {
  readonly db: TestDatabase;
}

export interface TestServerHandle extends TestDatabaseHandle {
  readonly server: TestServer;
}

export interface TestServerOptions {
  /** The template to clone: migrated and empty (the default), or with the sample story. */
  template?: Template;
  /** Runs on the database before the server starts: the data the file's tests read. */
  prepare?: (db: TestDatabase) => Promise<void>;
  /** Settings for the server (see startTestServer), e.g. production limits. */
  server?: ServerOverrides;
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`${what} is not ready yet: read it inside a test or a beforeAll declared after the setup call`);
  }
  return value;
}

/** A database of the file's own, without a server. */
export function useTestDatabase(template: Template = "empty"): TestDatabaseHandle {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(template);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    get db() {
      return ready(db, "the test database");
    },
  };
}

/** A database of the file's own and the real HTTP server over it, on an ephemeral port. */
export function useTestServer(options: TestServerOptions = {}): TestServerHandle {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(options.template ?? "empty");
    await options.prepare?.(db);
    server = await startTestServer(db, options.server);
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });
  return {
    get db() {
      return ready(db, "the test database");
    },
    get server() {
      return ready(server, "the test server");
    },
  };
}
