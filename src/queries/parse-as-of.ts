import { UsageError } from "../errors/usage-error.js";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339's date-time: a zone (Z or ±HH:MM) is required, so no time is read in the server's zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads `--as-of` / `?asOf=`: a day (YYYY-MM-DD: the end of that day UTC, 23:59:59.999Z, so all
 * the store learned that day counts; today's is now) or an RFC 3339 date-time with its zone
 * (2025-06-30T12:00:00Z, 2025-06-30T14:00+02:00). A time after `now` is a UsageError (the store
 * cannot know it yet), as is anything else; `option` names the flag or parameter in the message.
 * See https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 *
 * @example
 * parseAsOf("2025-06-30", "--as-of", new Date("2026-12-01T00:00:00Z")) // 2025-06-30T23:59:59.999Z
 */
export function parseAsOf(text: string, option: string, now: Date = new Date()): Date {
  const bad = (why: string): UsageError =>
    new UsageError(
      "arguments",
      `${option} wants a day (2025-06-30) or a date-time with its zone (2025-06-30T12:00:00Z): ${why}`,
    );
  const day = DAY.exec(text);
  let at: Date;
  if (day !== null) {
    const start = new Date(`${text}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text)
      throw bad(`"${text}" is no such day`);
    at = new Date(start.getTime() + 86_400_000 - 1);
    if (at > now && start <= now) at = now;
  } else if (DATE_TIME.test(text)) {
    at = new Date(text);
    const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
    const civil = new Date(Date.UTC(y, m - 1, d));
    if (Number.isNaN(at.getTime()) || civil.getUTCMonth() !== m - 1 || civil.getUTCDate() !== d)
      throw bad(`"${text}" is no such time`);
  } else {
    throw bad(`got "${text}"`);
  }
  if (at > now) throw bad(`${at.toISOString()} is later than now (${now.toISOString()})`);
  return at;
}
