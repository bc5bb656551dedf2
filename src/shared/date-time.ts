import { GraphQLScalarType, Kind } from "graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";

/**
 * A point in time given as a plain calendar date (`"2025-03-01"`): the start of that day in UTC. A
 * subclass of Date, so everything that takes a Date takes it; a filter's `equals` reads it as the
 * whole day (shared/filters.ts).
 */
export class DayStart extends Date {}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `"2025-03-01"` as its start in UTC, or null when the text is no plain date or no real day. */
export function parsePlainDate(value: unknown): DayStart | null {
  if (typeof value !== "string") return null;
  const match = PLAIN_DATE.exec(value);
  if (!match) return null;
  const day = new DayStart(`${value}T00:00:00.000Z`);
  // "2025-02-30" parses (and rolls over) in some engines: the day must read back as written.
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return null;
  return day;
}

/**
 * The `DateTimeISO` scalar of graphql-scalars (the name and output clients know, so `$t: DateTimeISO`
 * variables keep working), extended on input: a plain date is accepted as the start of that day in UTC.
 * People exploring in a playground type `gte: "2025-03-01"`; refusing it as "not a date-time" helped
 * nobody. Wrapped rather than hand-written: graphql-scalars keeps the RFC 3339 rules.
 */
const base = GraphQLDateTimeISO.toConfig();
export const DateTimeISO = new GraphQLScalarType<Date, string>({
  ...base,
  description:
    'A date-time string at UTC, such as 2007-12-03T10:15:30Z (RFC 3339). On input, a plain date such as "2007-12-03" is also accepted: the start of that day, 00:00 UTC (in a filter, `equals` with a plain date means the whole day).',
  parseValue(value) {
    return parsePlainDate(value) ?? (base.parseValue!(value) as Date);
  },
  parseLiteral(ast, variables) {
    if (ast.kind === Kind.STRING) {
      const day = parsePlainDate(ast.value);
      if (day) return day;
    }
    return base.parseLiteral!(ast, variables) as Date;
  },
});
