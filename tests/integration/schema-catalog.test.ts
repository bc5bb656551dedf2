import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Prisma } from "../../src/generated/prisma/client";
import { claimFingerprint, sha256Hex } from "../../src/shared/text";
import { useTestDatabase } from "../support/lifecycle";
import { getDmmf, unsupportedFields, type DmmfField, type DmmfModel } from "../support/model-dmmf";

/*
 * prisma/schema.prisma and the hand-written migration must describe the same database: Prisma's
 * schema engine (and with it `prisma migrate diff`) cannot run here, so this file compares Prisma's
 * own reading of the schema (its DMMF) with the catalog of a freshly migrated database, the way the
 * engine's differ would: tables, columns, types, nullability, defaults, enums, keys, indexes and
 * foreign keys, all under Prisma's default names. What Prisma cannot express (CHECKs, triggers, GIN
 * and partial indexes) may exist on top; tests/integration/model-constraints.test.ts covers those.
 */

const SCHEMA = readFileSync(path.join(__dirname, "../../prisma/schema.prisma"), "utf8");
const { models, enums, indexes } = getDmmf(SCHEMA).datamodel;
const UNSUPPORTED = unsupportedFields(SCHEMA);
const MODEL_NAMES = models.map((model) => model.name);

const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const modelNamed = (name: string) => models.find((model) => model.name === name)!;
const scalarFields = (model: DmmfModel) =>
  model.fields.filter((field) => field.kind === "scalar" || field.kind === "enum");
const enumDbName = (name: string) => {
  const found = enums.find((e) => e.name === name)!;
  return found.dbName ?? found.name;
};
const columnsOf = (model: DmmfModel, fieldNames: string[]) =>
  fieldNames.map((name) => columnOf(model.fields.find((field) => field.name === name)!));

/** Prisma's default constraint and index names (psl `ConstraintNames`), cut to PostgreSQL's 63 bytes. */
function prismaName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey"): string {
  const base = suffix === "pkey" ? table : [table, ...columns].join("_");
  return `${base.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

/** The column type as `format_type()` prints it, for a field as Prisma's PostgreSQL connector maps it. */
function expectedType(field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [];
  const base = field.kind === "enum" ? enumDbName(field.type) : scalarType(field.type, native, args);
  return field.isList ? `${base}[]` : base;
}

function scalarType(type: string, native: string | undefined, args: string[]): string {
  const modifier = args.length > 0 ? `(${args.join(",")})` : "";
  switch (native === undefined ? type : `${type} @db.${native}`) {
    case "String":
    case "String @db.Text":
      return "text";
    case "String @db.Uuid":
      return "uuid";
    case "String @db.Char":
      return `character${modifier}`;
    case "String @db.VarChar":
      return `character varying${modifier}`;
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric(65,30)";
    case "Json":
      return "jsonb";
    case "Bytes":
      return "bytea";
    case "DateTime":
      return "timestamp(3) without time zone";
    case "DateTime @db.Timestamptz":
      return `timestamp${modifier} with time zone`;
    case "DateTime @db.Timestamp":
      return `timestamp${modifier} without time zone`;
    case "DateTime @db.Date":
      return "date";
    default:
      return `(teach this test the column type of ${type}${native === undefined ? "" : ` @db.${native}`})`;
  }
}

/** The column default as `pg_get_expr()` prints it, or a pattern for `autoincrement()`; null for none. */
function expectedDefault(field: DmmfField, table: string, column: string): string | RegExp | null {
  const value = field.default;
  if (value === undefined) return null;
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === "autoincrement") return new RegExp(`^nextval\\('${table}_${column}_seq'::regclass\\)$`);
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0]);
    // uuid(), cuid() and friends are filled in by the client, not the database.
    return null;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) throw new Error(`teach this test the default of ${field.name}`);
    return `ARRAY[]::${expectedType(field)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (field.type === "BigInt") return String(value);
  if (field.kind === "enum") return `${literal(String(value))}::${enumDbName(field.type)}`;
  if (field.type === "Json") return `${literal(String(value))}::jsonb`;
  if (field.type === "String")
    return `${literal(String(value))}::${field.nativeType?.[0] === "Char" ? "bpchar" : "text"}`;
  throw new Error(`teach this test the default of ${field.name}`);
}

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  default: string | null;
  generated: string;
}
interface ConstraintRow {
  name: string;
  type: "p" | "u" | "f";
  table: string;
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
  on_delete: string;
  on_update: string;
}
interface IndexRow {
  name: string;
  table: string;
  unique: boolean;
  primary: boolean;
  method: string;
  partial: boolean;
  columns: (string | null)[];
}

let tables: string[];
let columns: ColumnRow[];
let constraints: ConstraintRow[];
let catalogIndexes: IndexRow[];
let enumLabels: Map<string, string[]>;

const suite = useTestDatabase("empty");

beforeAll(async () => {
  const q = async <T extends object>(text: string) => (await suite.db.pool.query<T>(text)).rows;
  tables = (
    await q<{ name: string }>(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`)
  ).map((row) => row.name);
  columns = await q<ColumnRow>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`);
  constraints = await q<ConstraintRow>(`
    SELECT con.conname AS name, con.contype AS type, rel.relname AS table,
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i)::text[] AS columns,
           ref.relname AS ref_table,
           CASE WHEN con.contype = 'f' THEN
             ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i)::text[]
           END AS ref_columns,
           con.confdeltype AS on_delete, con.confupdtype AS on_update
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = rel.relnamespace
    LEFT JOIN pg_class ref ON ref.oid = con.confrelid
    WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')`);
  catalogIndexes = await q<IndexRow>(`
    SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
           am.amname AS method, ix.indpred IS NOT NULL AS partial,
           ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, i)
                 LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num ORDER BY k.i)::text[] AS columns
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'`);
  const labels = await q<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  enumLabels = new Map(labels.map((row) => [row.name, row.labels]));
});

const columnIn = (table: string, column: string) => columns.find((c) => c.table === table && c.column === column);

describe("the schema as Prisma reads it", () => {
  it("is the schema the generated client was built from", () => {
    expect(Object.keys(Prisma.ModelName).sort()).toEqual([...MODEL_NAMES].sort());
    for (const model of models) {
      const generated = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[
        `${model.name}ScalarFieldEnum`
      ];
      expect({ model: model.name, fields: Object.keys(generated ?? {}) }).toEqual({
        model: model.name,
        fields: scalarFields(model).map((field) => field.name),
      });
    }
  });
});

describe("tables and columns", () => {
  it("has a table for every model and no other table but Prisma's migration log", () => {
    expect(tables).toEqual([...models.map(tableOf), "_prisma_migrations"].sort());
  });

  it.each(MODEL_NAMES)("gives %s a column of the mapped name, type and nullability for every field", (name) => {
    const model = modelNamed(name);
    const table = tableOf(model);
    const expected = [
      ...scalarFields(model).map((field) => ({
        column: columnOf(field),
        type: expectedType(field),
        // A list cannot be optional in Prisma and the client types it as never null, so its column
        // must not hold NULL either (Prisma's own migrations would leave it nullable).
        notNull: field.isRequired || field.isList,
      })),
      ...UNSUPPORTED.filter((field) => field.model === name).map((field) => ({
        column: field.column,
        type: field.dbType,
        notNull: field.isRequired,
      })),
    ];
    const actual = columns
      .filter((column) => column.table === table)
      .map((column) => ({ column: column.column, type: column.type, notNull: column.not_null }));
    const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    // Equal sets: every field has its column, and no column is missing from the schema.
    expect(actual.sort(byColumn)).toEqual(expected.sort(byColumn));
  });

  it.each(MODEL_NAMES)("gives the columns of %s exactly the defaults the schema declares", (name) => {
    const model = modelNamed(name);
    const table = tableOf(model);
    for (const field of scalarFields(model)) {
      const column = columnIn(table, columnOf(field))!;
      const expected = expectedDefault(field, table, columnOf(field));
      const described = { column: `${table}.${column.column}`, default: column.default };
      if (expected instanceof RegExp) {
        expect(described).toEqual({ column: described.column, default: expect.stringMatching(expected) });
      } else {
        expect(described).toEqual({ column: described.column, default: expected });
      }
    }
  });

  it("fills every Unsupported column itself (a generated column), since the client cannot write it", () => {
    for (const field of UNSUPPORTED) {
      const table = tableOf(modelNamed(field.model));
      expect({ column: `${table}.${field.column}`, generated: columnIn(table, field.column)?.generated }).toEqual({
        column: `${table}.${field.column}`,
        generated: "s",
      });
    }
  });
});

describe("enums", () => {
  it.each(enums.map((e) => e.name))("maps %s to a database enum with the same labels in the same order", (name) => {
    const declared = enums.find((e) => e.name === name)!;
    expect(enumLabels.get(declared.dbName ?? declared.name)).toEqual(declared.values.map((v) => v.dbName ?? v.name));
  });

  it("declares no database enum the schema does not", () => {
    expect([...enumLabels.keys()].sort()).toEqual(enums.map((e) => e.dbName ?? e.name).sort());
  });
});

describe("keys and indexes", () => {
  const declared = indexes.map((index) => {
    const model = modelNamed(index.model);
    const fieldNames = index.fields.map((field) => field.name);
    const cols = columnsOf(model, fieldNames);
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    return {
      label: `${index.type} ${index.model}(${fieldNames.join(", ")})`,
      table: tableOf(model),
      name: index.dbName ?? prismaName(tableOf(model), cols, suffix),
      type: index.type,
      columns: cols,
    };
  });

  it.each(declared)("has a matching index for $label", ({ table, name, type, columns: cols }) => {
    const found = catalogIndexes.find((index) => index.name === name);
    expect(found).toEqual({
      name,
      table,
      unique: type !== "normal",
      primary: type === "id",
      method: "btree",
      partial: false,
      columns: cols,
    });
    if (type === "id") {
      expect(constraints.find((c) => c.name === name)).toMatchObject({ type: "p", table, columns: cols });
    }
  });

  it("has no unique index or constraint the schema does not declare, except partial ones it cannot express", () => {
    const names = new Set(declared.map((index) => index.name));
    const extra = catalogIndexes.filter(
      (index) => index.unique && !index.partial && !names.has(index.name) && index.table !== "_prisma_migrations",
    );
    expect(extra).toEqual([]);
  });
});

describe("foreign keys", () => {
  const ACTIONS: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
  const relations = models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === "object" && (field.relationFromFields?.length ?? 0) > 0)
      .map((field) => {
        const from = columnsOf(model, field.relationFromFields!);
        const required = field.relationFromFields!.some(
          (name) => model.fields.find((f) => f.name === name)!.isRequired,
        );
        return {
          label: `${model.name}.${field.name}`,
          table: tableOf(model),
          name: prismaName(tableOf(model), from, "fkey"),
          columns: from,
          refTable: tableOf(modelNamed(field.type)),
          refColumns: columnsOf(modelNamed(field.type), field.relationToFields!),
          // Prisma's defaults when the schema says nothing: Restrict (required) or SetNull (optional) on
          // delete, Cascade on update.
          onDelete: field.relationOnDelete ?? (required ? "Restrict" : "SetNull"),
          onUpdate: field.relationOnUpdate ?? "Cascade",
        };
      }),
  );

  it.each(relations)("has the foreign key of $label with its referential actions", (relation) => {
    const found = constraints.find((c) => c.name === relation.name);
    expect(
      found && {
        table: found.table,
        columns: found.columns,
        refTable: found.ref_table,
        refColumns: found.ref_columns,
        onDelete: ACTIONS[found.on_delete],
        onUpdate: ACTIONS[found.on_update],
      },
    ).toEqual({
      table: relation.table,
      columns: relation.columns,
      refTable: relation.refTable,
      refColumns: relation.refColumns,
      onDelete: relation.onDelete,
      onUpdate: relation.onUpdate,
    });
  });

  it("has no foreign key the schema does not declare", () => {
    const names = new Set(relations.map((relation) => relation.name));
    expect(constraints.filter((c) => c.type === "f" && !names.has(c.name)).map((c) => c.name)).toEqual([]);
  });

  it("indexes every foreign key: its columns lead some index", () => {
    const unindexed = constraints
      .filter((c) => c.type === "f")
      .filter(
        (fk) =>
          !catalogIndexes.some(
            (index) =>
              index.table === fk.table &&
              !index.partial &&
              fk.columns.every((column, i) => index.columns[i] === column),
          ),
      )
      .map((fk) => `${fk.table}(${fk.columns.join(", ")})`);
    expect(unindexed).toEqual([]);
  });
});

describe("round trip through Prisma", () => {
  /*
   * Every model gets a row whose writable columns all hold something other than their default, is
   * written through Prisma and read back. A type that loses precision (a date, a timestamp, JSON, an
   * array, a non-ASCII string) or a mapping that points at the wrong column shows up here.
   */
  let counter = 0;
  const next = (prefix: string) => `${prefix}-${(counter += 1)}`;
  const at = (iso: string) => new Date(iso);
  const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

  const makeEntity = (kind: "PERSON" | "PLACE" | "ORGANIZATION" = "PERSON") =>
    suite.db.prisma.entity.create({ data: { slug: next("parent"), kind, name: "A parent" } });
  const makeSource = (text = `${next("snapshot")}: the council met on Monday.`) =>
    suite.db.prisma.source.create({
      data: { kind: "REPORT", title: "A parent source", text, textSha256: sha256Hex(text) },
    });
  const makeClaim = (text = `${next("claim")}: the council met`) =>
    suite.db.prisma.claim.create({ data: { text, fingerprint: claimFingerprint(text, []), kind: "FACTUAL" } });
  const makeQuote = async () => {
    const text = `${next("q")} The council met on Monday.`;
    const source = await makeSource(text);
    const exact = "The council met";
    const start = text.indexOf(exact);
    return suite.db.prisma.quote.create({ data: { sourceId: source.id, exact, start, end: start + exact.length } });
  };
  const makeViewpoint = () =>
    suite.db.prisma.viewpoint.create({ data: { slug: next("vp"), title: "A parent viewpoint" } });
  const makeStance = async () => {
    const [holder, claim] = await Promise.all([makeEntity(), makeClaim()]);
    return suite.db.prisma.stance.create({
      data: { holderEntityId: holder.id, claimId: claim.id, position: "SUPPORTS" },
    });
  };
  const makeEntityRelation = async () => {
    const [subject, object] = await Promise.all([makeEntity(), makeEntity("ORGANIZATION")]);
    return suite.db.prisma.entityRelation.create({
      data: { subjectId: subject.id, predicate: "MEMBER_OF", objectId: object.id },
    });
  };
  const makeClaimRelation = async () => {
    const [from, to] = await Promise.all([makeClaim(), makeClaim()]);
    return suite.db.prisma.claimRelation.create({ data: { fromId: from.id, toId: to.id, kind: "SUPPORTS" } });
  };
  const makeEvent = () =>
    suite.db.prisma.event.create({
      data: { type: "ClaimCreated", subjectType: "Claim", payload: { action: "CREATE" }, actorLabel: "test" },
    });
  const makeWebhook = () =>
    suite.db.prisma.webhook.create({ data: { url: "https://hooks.example/parent", secret: next("secret") } });
  const makeApiKey = () =>
    suite.db.prisma.apiKey.create({
      data: { name: "parent key", role: "EDITOR", prefix: next("cb"), keyHash: sha256Hex(next("key")) },
    });

  const ROW: Record<string, () => Promise<Record<string, unknown>>> = {
    Entity: async () => ({
      id: randomUUID(),
      seq: 9001,
      slug: "round-trip-office",
      kind: "GOVERNMENT_BODY",
      name: "Round Trip Office",
      aliases: ["RTO", "Büro für Rundreisen", "ラウンド"],
      description: "An office that exists only in a test 😀.",
      externalIds: { wikidata: "Q42", nested: { list: [1, "two", null, true, 2.5] } },
      mergedIntoId: (await makeEntity()).id,
      version: 3,
      createdAt: at("2020-01-02T03:04:05.678Z"),
      updatedAt: at("2021-02-03T04:05:06.789Z"),
    }),
    EntityRelation: async () => ({
      id: randomUUID(),
      seq: 9002,
      subjectId: (await makeEntity()).id,
      predicate: "HEAD_OF",
      objectId: (await makeEntity("ORGANIZATION")).id,
      validFrom: day("2016-02-29"),
      validTo: day("2024-12-31"),
      createdAt: at("2022-03-04T05:06:07.890Z"),
    }),
    Source: async () => {
      const text = "Zoë's snapshot, with an emoji 😀 and a line\nbreak.";
      return {
        id: randomUUID(),
        seq: 9003,
        kind: "FACT_CHECK",
        title: "A round-trip fact check",
        url: "https://example.org/fact-checks/round-trip?lang=de",
        publisherId: (await makeEntity("ORGANIZATION")).id,
        publishedAt: at("2025-03-28T12:34:56.789Z"),
        retrievedAt: at("2025-03-29T01:02:03.004Z"),
        language: "de",
        text,
        textSha256: sha256Hex(text),
        derivedFromId: (await makeSource()).id,
        derivationKind: "TRANSLATION",
        version: 2,
        createdAt: at("2025-03-30T00:00:00.001Z"),
        updatedAt: at("2025-03-31T23:59:59.999Z"),
      };
    },
    SourceAuthor: async () => ({ sourceId: (await makeSource()).id, entityId: (await makeEntity()).id, position: 4 }),
    Quote: async () => {
      const text = "Before 😀. The quoted words. After.";
      const source = await makeSource(text);
      // Offsets count code points: the emoji is one.
      return {
        id: randomUUID(),
        seq: 9005,
        sourceId: source.id,
        exact: "The quoted words",
        prefix: "Before 😀. ",
        suffix: ". After.",
        start: 10,
        end: 26,
        // The cue is a span of the same text: here, the emoji's neighbour "Before".
        attribution: "ATTRIBUTED_TO_GROUP",
        cueStart: 0,
        cueEnd: 6,
        createdAt: at("2023-01-01T00:00:00.123Z"),
        // Copied from the source by a trigger (the source has no language here).
        sourceLanguage: null,
      };
    },
    QuoteSpeaker: async () => ({
      quoteId: (await makeQuote()).id,
      entityId: (await makeEntity()).id,
      position: 3,
    }),
    Claim: async () => {
      const text = "The round trip will be lossless.";
      return {
        id: randomUUID(),
        seq: 9006,
        text,
        fingerprint: claimFingerprint(text, ["someone"]),
        kind: "PREDICTIVE",
        statedAt: at("2024-05-06T07:08:09.010Z"),
        placeId: (await makeEntity("PLACE")).id,
        validFrom: day("2024-01-01"),
        validTo: day("2024-06-30"),
        condition: "if nothing is truncated",
        language: "es-419",
        rank: "DEPRECATED",
        deprecationReason: "superseded by a better test",
        mergedIntoId: (await makeClaim()).id,
        version: 5,
        createdAt: at("2024-05-07T00:00:00.000Z"),
        updatedAt: at("2024-05-08T00:00:00.000Z"),
      };
    },
    ClaimClaimant: async () => ({ claimId: (await makeClaim()).id, entityId: (await makeEntity()).id, position: 2 }),
    ClaimSubject: async () => ({ claimId: (await makeClaim()).id, entityId: (await makeEntity()).id, position: 3 }),
    ClaimAppearance: async () => ({ claimId: (await makeClaim()).id, quoteId: (await makeQuote()).id }),
    ClaimRelation: async () => ({
      id: randomUUID(),
      seq: 9010,
      fromId: (await makeClaim()).id,
      toId: (await makeClaim()).id,
      kind: "CONTRADICTS",
      createdAt: at("2021-07-08T09:10:11.121Z"),
      retractedAt: at("2021-08-09T10:11:12.131Z"),
      retractionReason: "linked in error",
    }),
    Viewpoint: async () => ({
      id: randomUUID(),
      seq: 9011,
      slug: "round-trips-are-lossless",
      title: "Round trips are lossless",
      summary: "Every column comes back as written.",
      topicId: (await makeEntity()).id,
      version: 4,
      createdAt: at("2020-10-10T10:10:10.101Z"),
      updatedAt: at("2020-11-11T11:11:11.111Z"),
    }),
    ViewpointMember: async () => ({
      viewpointId: (await makeViewpoint()).id,
      entityId: (await makeEntity()).id,
      role: "SPOKESPERSON",
      position: 6,
    }),
    ViewpointMemberEvidence: async () => {
      const [viewpoint, entity] = await Promise.all([makeViewpoint(), makeEntity()]);
      await suite.db.prisma.viewpointMember.create({
        data: { viewpointId: viewpoint.id, entityId: entity.id, role: "PROPONENT" },
      });
      return { viewpointId: viewpoint.id, entityId: entity.id, quoteId: (await makeQuote()).id };
    },
    // A stance has exactly one holder; this one is a viewpoint, so the entity holder stays null.
    Stance: async () => ({
      id: randomUUID(),
      seq: 9013,
      holderEntityId: null,
      holderViewpointId: (await makeViewpoint()).id,
      claimId: (await makeClaim()).id,
      position: "QUALIFIES",
      note: "only under conditions",
      version: 2,
      createdAt: at("2019-01-01T01:01:01.010Z"),
      updatedAt: at("2019-02-02T02:02:02.020Z"),
      retractedAt: at("2019-03-03T03:03:03.030Z"),
      retractionReason: "recorded in error",
    }),
    StanceEvidence: async () => ({ stanceId: (await makeStance()).id, quoteId: (await makeQuote()).id }),
    EntityRelationEvidence: async () => ({
      relationId: (await makeEntityRelation()).id,
      quoteId: (await makeQuote()).id,
    }),
    ClaimRelationEvidence: async () => ({
      relationId: (await makeClaimRelation()).id,
      quoteId: (await makeQuote()).id,
    }),
    Review: async () => ({
      id: randomUUID(),
      seq: 9017,
      claimId: (await makeClaim()).id,
      reviewerId: (await makeEntity("ORGANIZATION")).id,
      sourceId: (await makeSource()).id,
      originalRating: "Pants on Fire!",
      normalizedRating: "FALSE",
      reviewedAt: at("2025-04-01T12:00:00.500Z"),
      version: 3,
      createdAt: at("2025-04-02T00:00:00.000Z"),
      updatedAt: at("2025-04-03T00:00:00.000Z"),
    }),
    Suggestion: async () => ({
      id: randomUUID(),
      seq: 9021,
      sourceId: (await makeSource()).id,
      kind: "CLAIM",
      start: 3,
      end: 17,
      exact: "round-trip text",
      score: 0.875,
      status: "EDITED",
      attribution: "INDIRECT",
      proposal: { text: "A proposal.", claimKind: "FACTUAL", speakers: [{ author: true }] },
      matches: [{ claimId: randomUUID(), score: 0.71 }],
      decidedAt: at("2025-05-01T00:00:00.000Z"),
      decidedBy: "key:round-trip",
      decisionReason: "checked",
      result: { quoteId: randomUUID(), entityIds: [] },
      version: 2,
      createdAt: at("2025-04-30T00:00:00.000Z"),
      updatedAt: at("2025-05-01T00:00:00.000Z"),
    }),
    EvidenceRetraction: async () => ({
      targetType: "Stance",
      targetId: randomUUID(),
      quoteId: (await makeQuote()).id,
      reason: "The quote shows someone else.",
      retractedAt: at("2025-05-02T00:00:00.000Z"),
    }),
    ApiKey: async () => ({
      id: randomUUID(),
      name: "round-trip key",
      role: "ADMIN",
      prefix: "cb_roundtrip",
      keyHash: sha256Hex("secret"),
      createdAt: at("2024-01-01T00:00:00.000Z"),
      lastUsedAt: at("2024-02-01T00:00:00.000Z"),
      revokedAt: at("2024-03-01T00:00:00.000Z"),
    }),
    Revision: async () => ({
      id: randomUUID(),
      seq: 9019,
      subjectId: randomUUID(),
      subjectType: "Claim",
      action: "MERGE",
      before: { text: "old", claimants: ["a", "b"], rank: null },
      after: [{ text: "new" }, 1, "x", false],
      actorKeyId: (await makeApiKey()).id,
      actorLabel: "editor@example.org",
      at: at("2025-05-05T05:05:05.505Z"),
    }),
    Event: async () => ({
      position: BigInt(9_000_000_001),
      type: "StanceRecorded",
      subjectType: "Stance",
      subjectId: randomUUID(),
      claimIds: [randomUUID(), randomUUID()],
      topicIds: [randomUUID()],
      payload: { action: "CREATE", fields: { position: "SUPPORTS" }, nested: [1, "x", null] },
      actorLabel: "key:round-trip",
      createdAt: at("2025-06-06T06:06:06.606Z"),
    }),
    Webhook: async () => ({
      id: randomUUID(),
      seq: 9031,
      url: "https://hooks.example/round-trip",
      eventTypes: ["StanceRecorded", "ReviewAdded"],
      secret: "whsec_round_trip",
      active: false,
      description: "round trip",
      enqueuedThrough: BigInt(9_000_000_000),
      version: 4,
      createdAt: at("2025-06-01T00:00:00.000Z"),
      updatedAt: at("2025-06-02T00:00:00.000Z"),
    }),
    WebhookDelivery: async () => ({
      id: randomUUID(),
      seq: BigInt(9041),
      webhookId: (await makeWebhook()).id,
      eventPosition: (await makeEvent()).position,
      status: "DEAD",
      attempts: 8,
      nextAttemptAt: at("2025-06-03T00:00:00.000Z"),
      lastAttemptAt: at("2025-06-03T00:00:01.000Z"),
      lastStatusCode: 503,
      lastError: "HTTP 503",
      deliveredAt: at("2025-06-03T00:00:02.000Z"),
      createdAt: at("2025-06-02T12:00:00.000Z"),
    }),
    RateLimit: async () => ({ key: "rl:ip:203.0.113.9", points: 42, expire: BigInt(1_900_000_000_000) }),
    SearchWord: async () => ({ id: BigInt(9001), word: "roundtrip" }),
    PersistedQuery: async () => ({
      hash: sha256Hex("query RoundTrip { viewpoints { totalCount } }"),
      document: "query RoundTrip { viewpoints { totalCount } }",
      trusted: true,
      name: "RoundTrip",
      createdAt: at("2024-01-01T00:00:00.000Z"),
      trustedAt: at("2024-01-02T00:00:00.000Z"),
    }),
  };

  interface Delegate {
    create(args: { data: Record<string, unknown> }): Promise<Record<string, unknown>>;
    findFirstOrThrow(args: { where: Record<string, unknown> }): Promise<Record<string, unknown>>;
  }
  const delegate = (model: string) =>
    (suite.db.prisma as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;

  it("has a row for every model", () => {
    expect(Object.keys(ROW).sort()).toEqual([...MODEL_NAMES].sort());
  });

  it.each(MODEL_NAMES)("writes and reads back every column of %s unchanged", async (name) => {
    const model = modelNamed(name);
    const data = await ROW[name]!();
    expect(Object.keys(data).sort()).toEqual(
      scalarFields(model)
        .map((field) => field.name)
        .sort(),
    );
    const key = model.primaryKey?.fields ?? model.fields.filter((field) => field.isId).map((field) => field.name);
    const created = await delegate(name).create({ data });
    expect(created).toEqual(data);
    const stored = await delegate(name).findFirstOrThrow({ where: Object.fromEntries(key.map((k) => [k, data[k]])) });
    expect(stored).toEqual(data);
  });
});
