import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { withDatabase } from "../../src/db/embedded";
import { createTestDatabase } from "../support/database";
import { readRunInfo } from "../support/run-info";
import { startTestServer } from "../support/server";

/** The migrations in prisma/migrations, oldest first: what `claimbase migrate` applies to an empty database. */
const MIGRATIONS = readdirSync(path.join(__dirname, "../../prisma/migrations"))
  .filter((name) => /^\d+_/.test(name))
  .sort();

const run = promisify(execFile);
// Every test starts the command as separate processes (some several, one an embedded PostgreSQL).
jest.setTimeout(180_000);
const ROOT = path.join(__dirname, "../..");
const BIN = path.join(ROOT, "bin/claimbase.js");

/** The `claimbase` command as a user runs it: a separate process, against DATABASE_URL. */
async function claimbase(databaseUrl: string, ...args: string[]) {
  return run(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
  });
}

const info = readRunInfo();
const name = `${info.prefix}_cli`;
const url = withDatabase(info.adminUrl, name);

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: info.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist/src/cli/main.js"))) {
    throw new Error("dist/ is missing: `npm install` builds it (or run `npm run build`)");
  }
  await admin(`CREATE DATABASE "${name}"`);
});

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("the claimbase command", () => {
  it("migrates an empty database, then finds nothing left to do", async () => {
    const first = await claimbase(url, "migrate");
    expect(first.stdout).toMatch(`applied ${MIGRATIONS.length} migration(s): ${MIGRATIONS.join(", ")}`);
    const second = await claimbase(url, "migrate");
    expect(second.stdout).toMatch(/database is up to date/);
  });

  it("seeds the story once; a second seed changes nothing", async () => {
    const first = await claimbase(url, "seed");
    expect(first.stdout).toMatch(/Entity: 28 created/);
    expect(first.stdout).toMatch(/Claim: 43 created/);
    expect(first.stdout).toMatch(/\d+ record\(s\) imported/);
    const second = await claimbase(url, "seed");
    expect(second.stdout).toMatch(/already loaded: nothing changed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM claim)::int AS claims`,
      );
      expect(rows[0]).toEqual({ entities: 28, claims: 43 });
    } finally {
      await client.end();
    }
  });

  it("checks the attribution rules over the whole database: none broken in the story; a break is listed, exit 1", async () => {
    const clean = await claimbase(url, "check");
    expect(clean.stdout).toMatch(
      /^0 attribution violation\(s\) \(CLAIMANT_SILENT 0, HOLDER_SILENT 0, MEMBERS_SILENT 0/m,
    );
    // Written around the writers, in SQL: a claimant who speaks in none of the claim's appearances.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const broken = `INSERT INTO claim_claimant (claim_id, entity_id, position)
      SELECT c.id, e.id, 9 FROM claim c, entity e WHERE e.slug = 'border-patrol'
      AND c.text LIKE 'Local police officers of the sanctuary city assisted%'`;
    try {
      await client.query(broken);
      const failed = await claimbase(url, "check").then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toMatch(
        /^CLAIMANT_SILENT {2}Claim:\S+ {2}claimant "border-patrol" speaks in none of the appearances of the claim "Local police officers/m,
      );
      expect(failed?.stdout).toMatch(/^1 attribution violation\(s\) \(CLAIMANT_SILENT 1, /m);
    } finally {
      await client.query(`DELETE FROM claim_claimant WHERE position = 9`);
      await client.end();
    }
  });

  it("explains a bad bundle with its JSON pointer and exits non-zero", async () => {
    const bad = path.join(__dirname, "../support/fixtures/bad-bundle.json");
    await expect(claimbase(url, "seed", bad)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /\/claims\/0\/appearances\/0\/exact QUOTE_NOT_FOUND: the quote does not occur in the source text/,
      ),
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM entity WHERE slug = 'bad-bundle-speaker'`);
      expect(rows[0].n).toBe(0); // all or nothing: the entity before the bad record was not kept
    } finally {
      await client.end();
    }
  });

  it("creates a key that is printed once and stored only as a hash, lists it, and revokes it", async () => {
    await claimbase(url, "migrate"); // up to date already when the tests above ran; this one needs no other
    const created = await claimbase(url, "keys", "create", "--name", "cli test", "--role", "EDITOR");
    const key = created.stdout.trim();
    expect(key).toMatch(/^cbk_[0-9A-Za-z]{12}_[0-9A-Za-z]{40}$/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT prefix, key_hash, role FROM api_key WHERE name = 'cli test'`);
      expect(rows).toHaveLength(1);
      expect(key).toContain(rows[0].prefix);
      expect(JSON.stringify(rows[0])).not.toContain(key.split("_")[2]); // the secret is not stored
      const listed = await claimbase(url, "keys", "list");
      expect(listed.stdout.split("\n")[0]).toMatch(/^ID {2,}PREFIX {2,}ROLE {2,}STATE {2,}NAME$/);
      expect(listed.stdout).toMatch(new RegExp(`${rows[0].prefix}\\s+EDITOR\\s+active`));
      expect(listed.stdout).not.toContain(key);
      await claimbase(url, "keys", "revoke", rows[0].prefix);
      expect((await claimbase(url, "keys", "list")).stdout).toMatch(
        new RegExp(`${rows[0].prefix}\\s+EDITOR\\s+revoked`),
      );
      await expect(claimbase(url, "keys", "revoke", rows[0].prefix)).rejects.toMatchObject({ code: 1 });
      await expect(claimbase(url, "keys", "create", "--name", "x", "--role", "ROOT")).rejects.toMatchObject({
        code: 2,
      });
    } finally {
      await client.end();
    }
  });

  it("imports a bundle file into a database; the objects are then readable through the API", async () => {
    // Its own database (migrated, empty) and its own file: nothing here depends on the tests above.
    const db = await createTestDatabase("empty");
    const dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-cli-import-"));
    try {
      const file = path.join(dir, "bundle.json");
      const text = "The bridge will reopen in May, the city engineer said on Tuesday.";
      writeFileSync(
        file,
        JSON.stringify({
          format: "claimbase-bundle",
          version: 1,
          entities: [{ slug: "city-engineer", kind: "PERSON", name: "The city engineer" }],
          sources: [
            {
              ref: "notice",
              kind: "OFFICIAL_STATEMENT",
              title: "Bridge notice",
              url: "https://city.example/bridge",
              text,
            },
          ],
          claims: [
            {
              text: "The bridge will reopen in May.",
              kind: "PREDICTIVE",
              claimants: ["city-engineer"],
              appearances: [
                {
                  source: "notice",
                  exact: "The bridge will reopen in May",
                  speakers: ["city-engineer"],
                  attribution: "INDIRECT",
                  cue: { exact: "said" },
                },
              ],
            },
          ],
          viewpoints: [
            {
              slug: "reopen-soon",
              title: "Reopen soon",
              // The same passage: it keeps its attribution, so the member speaks in it.
              members: [
                {
                  entity: "city-engineer",
                  role: "PROPONENT",
                  evidence: [{ source: "notice", exact: "The bridge will reopen in May" }],
                },
              ],
            },
          ],
        }),
      );

      const dry = await claimbase(db.url, "import", "--dry-run", file);
      expect(dry.stdout).toMatch(/Claim: 1 created/);
      expect(dry.stdout).toMatch(/dry run: nothing was written/);
      const { rows: none } = await db.pool.query(
        `SELECT (SELECT count(*) FROM entity)::int + (SELECT count(*) FROM claim)::int AS n`,
      );
      expect(none[0].n).toBe(0);

      const imported = await claimbase(db.url, "import", file);
      expect(imported.stdout).toMatch(/Entity: 1 created/);
      expect(imported.stdout).toMatch(/Source: 1 created/);
      expect(imported.stdout).toMatch(/Claim: 1 created/);
      expect(imported.stdout).toMatch(/Viewpoint: 1 created/);
      expect(imported.stdout).toMatch(/record\(s\) imported/);

      const server = await startTestServer(db);
      try {
        const { data, errors } = await server.gql(`{
          entity(slug: "city-engineer") { name claimsMade { nodes { text kind appearances { exact source { url } } } } }
          viewpoint(slug: "reopen-soon") { title members { role entity { slug } } } }`);
        expect(errors).toBeUndefined();
        expect(data!.entity).toEqual({
          name: "The city engineer",
          claimsMade: {
            nodes: [
              {
                text: "The bridge will reopen in May.",
                kind: "PREDICTIVE",
                appearances: [
                  { exact: "The bridge will reopen in May", source: { url: "https://city.example/bridge" } },
                ],
              },
            ],
          },
        });
        expect(data!.viewpoint).toEqual({
          title: "Reopen soon",
          members: [{ role: "PROPONENT", entity: { slug: "city-engineer" } }],
        });
        const { rows } = await db.pool.query(`SELECT DISTINCT actor_label FROM revision`);
        expect(rows).toEqual([{ actor_label: "cli" }]);
      } finally {
        await server.close();
      }

      const again = await claimbase(db.url, "import", file);
      expect(again.stdout).toMatch(/already up to date, nothing changed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it("prints help listing its commands", async () => {
    const { stdout } = await claimbase(url, "--help");
    expect(stdout).toMatch(/migrate/);
    expect(stdout).toMatch(/seed/);
  });
});

/** Runs the command with exactly this environment added to a copy without DATABASE_URL; never rejects. */
async function attempt(env: Record<string, string>, ...args: string[]) {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  delete base.DATABASE_URL;
  return run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe("the claimbase command's exit codes", () => {
  const bare = `${info.prefix}_cli_bare`;
  const bareUrl = withDatabase(info.adminUrl, bare);
  let dir: string;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${bare}"`);
    dir = mkdtempSync(path.join(os.tmpdir(), "claimbase-cli-exit-"));
    // As root the embedded server runs as the postgres OS user, which must be able to enter this folder.
    chmodSync(dir, 0o755);
  });

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${bare}" WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a database without the claimbase schema with what to do, exit 1, for every command that reads it", async () => {
    const bad = path.join(__dirname, "../support/fixtures/bad-bundle.json");
    for (const args of [["keys", "list"], ["export", "claims", "--format", "csv"], ["check"], ["import", bad]]) {
      const result = await attempt({ DATABASE_URL: bareUrl }, ...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 1, stdout: "" });
      expect(result.stderr).toMatch(
        /^error: the database at postgresql:\/\/\S+ \(DATABASE_URL\) has no claimbase schema; run `claimbase migrate`$/m,
      );
      expect(result.stderr).not.toMatch(/relation .* does not exist/);
    }
  });

  it("without DATABASE_URL and no embedded database, says so at once (exit 1) and creates nothing", async () => {
    const data = path.join(dir, "none");
    const result = await attempt({ CLAIMBASE_DATA_DIR: data }, "export", "claims", "--format", "csv");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: no database: DATABASE_URL is not set and there is no embedded database under ${path.join(data, "pg")}; run \`claimbase migrate\` to create one there, or set DATABASE_URL\n`,
    );
    expect(existsSync(data)).toBe(false);
  });

  it("names an unreachable database without its password, exit 1", async () => {
    const result = await attempt({ DATABASE_URL: "postgresql://someone:s3cret@127.0.0.1:1/nothing" }, "keys", "list");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot reach the database at postgresql:\/\/someone@127\.0\.0\.1:1\/nothing \(DATABASE_URL\): /,
    );
    expect(result.stderr).not.toContain("s3cret");
  });

  it("exits 2 on a wrong command line: unknown command or option, a value outside its choices, a bad number", async () => {
    for (const args of [
      ["frobnicate"],
      ["export", "claims", "--colour"],
      ["export", "widgets"],
      ["keys", "create", "--name", "x", "--role", "ROOT"],
      ["check", "--limit", "lots"],
      ["import"],
    ]) {
      const result = await attempt({ DATABASE_URL: bareUrl }, ...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^error: /m);
    }
  });

  it("prints its version from package.json, exit 0", async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      expect(await attempt({}, flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("says in every command's --help which database it uses", async () => {
    const commands = [
      ["migrate"],
      ["seed"],
      ["import"],
      ["check"],
      ["export"],
      ["keys"],
      ["keys", "create"],
      ["keys", "list"],
      ["keys", "revoke"],
    ];
    for (const command of commands) {
      const withUrl = await attempt(
        { DATABASE_URL: "postgresql://me:pw@db.example:5432/claims" },
        ...command,
        "--help",
      );
      expect({ command, code: withUrl.code }).toEqual({ command, code: 0 });
      expect(withUrl.stdout).toContain(
        "Database:\n  the database at postgresql://me@db.example:5432/claims (DATABASE_URL).",
      );
      expect(withUrl.stdout).not.toContain(":pw@");
      if (!["migrate", "export", "list"].includes(command.at(-1)!)) continue;
      const embedded = await attempt({ CLAIMBASE_DATA_DIR: path.join(dir, "help") }, ...command, "--help");
      expect(embedded.stdout).toContain(
        `DATABASE_URL is not set, so the embedded PostgreSQL under\n  ${path.join(dir, "help", "pg")}`,
      );
      expect(embedded.stdout).toMatch(
        ["migrate", "seed"].includes(command[0]!) ? /this command creates it/ : /`claimbase migrate` creates it/,
      );
    }
    expect(existsSync(path.join(dir, "help"))).toBe(false);
  });

  it("exits non-zero on a failure against the embedded database too (its exit hook used to turn every failure into 0)", async () => {
    const env = { CLAIMBASE_DATA_DIR: path.join(dir, "embedded") };
    const migrated = await attempt(env, "migrate");
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(`applied ${MIGRATIONS.length} migration(s)`);
    const rejected = await attempt(env, "import", path.join(__dirname, "../support/fixtures/bad-bundle.json"));
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/QUOTE_NOT_FOUND/);
    const keys = await attempt(env, "keys", "list");
    expect(keys).toMatchObject({ code: 0, stdout: "ID  PREFIX  ROLE  STATE  NAME\n" });
    expect(keys.stderr).toMatch(/no API keys yet/);
  });
});
