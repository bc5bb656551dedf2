import fc from "fast-check";
import { ClaimKind, ClaimRank, EntityKind } from "../../src/generated/prisma/enums";
import { NODE_TYPES, toGlobalId } from "../../src/shared/global-id";
import { forgeCursor, forgeId } from "./hostile-http";

/**
 * fast-check arbitraries for hostile GraphQL arguments: strings (unicode, lone surrogates, NUL,
 * SQL-looking text, LIKE metacharacters, over-long), ClaimFilter and EntityFilter trees built from the
 * schema's operators with AND/OR/NOT nesting, cursors, global IDs and page sizes.
 */

const SQL_LIKE = [
  `' OR 1=1 --`,
  `'; DROP TABLE claim; --`,
  `" OR ""="`,
  `1; SELECT pg_sleep(5)`,
  `' || (SELECT key_hash FROM api_key LIMIT 1) || '`,
  `$1`,
  `::text`,
  `E'\\x00'`,
  `/* comment */`,
  `%' AND '%'='`,
  `\\`,
  `%`,
  `_`,
  `%_%`,
  `\\%`,
  `${"${x}"}`,
  `<script>alert(1)</script>`,
  `../../etc/passwd`,
  `null`,
  `NaN`,
  `%00`,
  `\u202e`,
  `\ufeff`,
  ` `,
  ``,
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const metaUnit = fc.oneof(
  fc.constantFrom("%", "_", "\\", "'", '"', "\u0000", " ", "\n", "é", "😀"),
  loneSurrogate,
  fc.string({ minLength: 1, maxLength: 1 }),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 16 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 16 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SQL_LIKE) },
  { weight: 2, arbitrary: fc.string({ unit: metaUnit, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 990, max: 1_010 }).map((n) => "x".repeat(n)) },
);

const list = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { maxLength: 4 });

export const stringFilter = fc.record(
  {
    equals: hostileString,
    in: list(hostileString),
    notIn: list(hostileString),
    contains: hostileString,
    startsWith: hostileString,
    endsWith: hostileString,
    isNull: fc.boolean(),
  },
  { requiredKeys: [] },
);

function enumFilter(values: string[]) {
  const value = fc.constantFrom(...values);
  return fc.record({ equals: value, in: list(value), notIn: list(value), isNull: fc.boolean() }, { requiredKeys: [] });
}

/** Instants PostgreSQL accepts (year 1 to 9999); year 0 is a known defect covered in hostile.test.ts. */
const instant = fc.date({
  min: new Date("0001-01-01T00:00:00.000Z"),
  max: new Date("9999-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});

const dateTimeFilter = fc.record(
  {
    equals: instant.map((d) => d.toISOString()),
    gt: instant.map((d) => d.toISOString()),
    gte: instant.map((d) => d.toISOString()),
    lt: instant.map((d) => d.toISOString()),
    lte: instant.map((d) => d.toISOString()),
    isNull: fc.boolean(),
  },
  { requiredKeys: [] },
);

const dateFilter = fc.record(
  {
    equals: instant.map((d) => d.toISOString().slice(0, 10)),
    gt: instant.map((d) => d.toISOString().slice(0, 10)),
    lte: instant.map((d) => d.toISOString().slice(0, 10)),
    isNull: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Global IDs: valid-looking IDs of nothing, forged "<Type>:<anything>", random base64, raw junk. */
export const globalId: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...NODE_TYPES), fc.uuid()).map(([type, uuid]) => toGlobalId(type, uuid)),
  fc
    .tuple(fc.constantFrom<string>(...NODE_TYPES, "Nope", "", "entity", "Revision"), hostileString)
    .map(([type, rest]) => forgeId(`${type}:${rest}`)),
  fc.base64String({ maxLength: 80 }),
  hostileString,
);

/** ID filters hold mostly well-formed IDs of the right type, so most trees reach SQL. */
function idFilter(type: "Claim" | "Entity") {
  const id = fc.oneof(
    { weight: 4, arbitrary: fc.uuid().map((uuid) => toGlobalId(type, uuid)) },
    { weight: 1, arbitrary: globalId },
  );
  return fc.record({ equals: id, in: list(id), notIn: list(id) }, { requiredKeys: [] });
}

type Filter = Record<string, unknown>;

const claimFields = fc.record(
  {
    text: stringFilter,
    condition: stringFilter,
    kind: enumFilter(Object.values(ClaimKind)),
    rank: enumFilter(Object.values(ClaimRank)),
    id: idFilter("Claim"),
    createdAt: dateTimeFilter,
    statedAt: dateTimeFilter,
    validFrom: dateFilter,
  },
  { requiredKeys: [] },
);

const entityFields = fc.record(
  {
    slug: stringFilter,
    name: stringFilter,
    nameOrAlias: stringFilter,
    description: stringFilter,
    kind: enumFilter(Object.values(EntityKind)),
    id: idFilter("Entity"),
    updatedAt: dateTimeFilter,
  },
  { requiredKeys: [] },
);

/** One combinator or relation step around smaller filters: the tree stays a few kilobytes. */
function nested(self: fc.Arbitrary<Filter>, relations: Record<string, fc.Arbitrary<Filter>>): fc.Arbitrary<Filter> {
  const some = (inner: fc.Arbitrary<Filter>) =>
    fc.oneof(...(["some", "every", "none"] as const).map((quantifier) => inner.map((f) => ({ [quantifier]: f }))));
  return fc.oneof(
    fc.array(self, { maxLength: 2 }).map((AND) => ({ AND })),
    fc.array(self, { maxLength: 2 }).map((OR) => ({ OR })),
    self.map((NOT) => ({ NOT })),
    ...Object.entries(relations).map(([field, inner]) =>
      (field === "place" ? inner : some(inner)).map((value) => ({ [field]: value })),
    ),
    fc.tuple(self, self).map(([a, b]) => ({ ...a, ...b })),
  );
}

function claimFilterOf(depth: number): fc.Arbitrary<Filter> {
  if (depth === 0) return claimFields;
  const smaller = claimFilterOf(depth - 1);
  const entities = entityFilterOf(depth - 1);
  return fc.oneof(
    { weight: 1, arbitrary: claimFields },
    { weight: 2, arbitrary: nested(smaller, { claimants: entities, subjects: entities, place: entities }) },
  );
}

function entityFilterOf(depth: number): fc.Arbitrary<Filter> {
  if (depth === 0) return entityFields;
  const smaller = entityFilterOf(depth - 1);
  const claims = claimFilterOf(depth - 1);
  return fc.oneof(
    { weight: 1, arbitrary: entityFields },
    { weight: 2, arbitrary: nested(smaller, { claimsMade: claims, claimsAbout: claims }) },
  );
}

/** ClaimFilter and EntityFilter trees, up to three levels of AND/OR/NOT and relations. */
export const filters = { claim: claimFilterOf(3), entity: entityFilterOf(3) };

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("");

/** Cursors: random base64url, encoded random JSON arrays, arrays naming real orderings, junk. */
export const cursor: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 80 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map(forgeCursor),
  fc
    .tuple(
      fc.constantFrom("claims/seq", "entities/seq", "claims/TEXT:ASC", "Entity.claimsMade/seq", "search/RELEVANCE"),
      fc.array(
        fc.oneof(
          fc.integer(),
          fc.double(),
          fc.string(),
          fc.boolean(),
          fc.constant(null),
          fc.constantFrom(2 ** 31, -(2 ** 53), 1e300, "2025-01-01T00:00:00Z", "9999-99-99T99:99:99Z"),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([ordering, values]) => forgeCursor([ordering, ...values])),
  hostileString,
);

/** Page sizes as a client might send them in variables (JSON turns NaN and Infinity into null). */
export const pageSize: fc.Arbitrary<number | null> = fc.oneof(
  fc.integer({ min: -5, max: 150 }),
  fc.integer(),
  fc.constant(null),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e300, Number.MAX_SAFE_INTEGER, 0.5),
);
