import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
      expect(listed.stdout).toMatch(new RegExp(`${rows[0].prefix}\\s+EDITOR\\s+active`));
      expect(listed.stdout).not.toContain(key);
      await claimbase(url, "keys", "revoke", rows[0].prefix);
      expect((await claimbase(url, "keys", "list")).stdout).toMatch(
        new RegExp(`${rows[0].prefix}\\s+EDITOR\\s+revoked`),
      );
      await expect(claimbase(url, "keys", "revoke", rows[0].prefix)).rejects.toMatchObject({ code: 1 });
      await expect(claimbase(url, "keys", "create", "--name", "x", "--role", "ROOT")).rejects.toMatchObject({
        code: 1,
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
