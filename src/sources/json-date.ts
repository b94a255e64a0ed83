import { ParseError } from "../errors/parse-error.js";
import { showValue } from "./show-value.js";
import type { ParseContext } from "./source-driver.js";

// Dates a feed can mean: from 1900 to 9999 (four-digit years, as ISO 8601 writes them plainly).
// Outside that, a number is a mistake, and `new Date(x).toISOString()` even throws (RangeError).
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;

// Mongo's extended JSON wraps a date at most twice: {"$date": {"$numberLong": "1704067200000"}}.
const MAX_WRAPS = 2;

function unwrapped(v: unknown): { value: unknown; tooDeep: boolean } {
  let value = v;
  for (let wraps = 0; value !== null && typeof value === "object" && !Array.isArray(value); wraps++) {
    const o = value as Record<string, unknown>;
    const inner = "$date" in o ? o["$date"] : "$numberLong" in o ? o["$numberLong"] : undefined;
    if (inner === undefined) break;
    if (wraps === MAX_WRAPS) return { value, tooDeep: true };
    value = "$numberLong" in o && typeof inner === "string" && /^-?\d+$/.test(inner) ? Number(inner) : inner;
  }
  return { value, tooDeep: false };
}

/**
 * A date field of a JSON document as ISO 8601 UTC: text, Unix seconds or milliseconds, or Mongo's
 * `{"$date": ...}`. Absent, null or empty is null, and so is text that is no date (the caller warns
 * and keeps the record). A number out of range (1e300), a wrong type (a list, true) or a `$date`
 * nested deeper than Mongo writes it is a ParseError naming the file and the field. Never recurses
 * on the input.
 *
 * @example
 * jsonDate({ $date: 1704067200000 }, "issued_date", ctx) // "2024-01-01T00:00:00.000Z"
 * jsonDate(1e300, "publishedAt", ctx) // throws ParseError: publishedAt 1e+300 is not a date between 1900 and 9999
 */
export function jsonDate(v: unknown, field: string, ctx: ParseContext): string | null {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, `${field} ${problem}`, { file: ctx.file });
  };
  const { value, tooDeep } = unwrapped(v);
  if (tooDeep) return fail(`nests "$date" deeper than ${MAX_WRAPS} levels`);
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return null;
  let ms: number;
  if (typeof value === "number") ms = Number.isFinite(value) && Math.abs(value) <= 1e11 ? value * 1000 : value;
  else if (typeof value === "string") {
    ms = Date.parse(value);
    if (Number.isNaN(ms)) return null;
  } else return fail(`is ${showValue(value)}, not a date`);
  if (!(ms >= EARLIEST && ms <= LATEST)) return fail(`${showValue(value)} is not a date between 1900 and 9999`);
  return new Date(ms).toISOString();
}
