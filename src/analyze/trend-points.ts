/** How often a trend is measured. */
export type TrendEvery = "week" | "month";

/**
 * The instants a trend is measured at between `from` and `to`: the end (23:59:59.999 UTC) of
 * each calendar month, or of each ISO week (Sunday), that ends after `from`, and `to` itself in
 * place of the last one when the range ends mid-period (so the newest point is the newest data).
 * Pure.
 *
 * @example
 * trendPoints(new Date("2025-01-10T00:00:00Z"), new Date("2025-03-05T00:00:00Z"), "month").map((d) => d.toISOString())
 * // ["2025-01-31T23:59:59.999Z", "2025-02-28T23:59:59.999Z", "2025-03-05T00:00:00.000Z"]
 */
export function trendPoints(from: Date, to: Date, every: TrendEvery): Date[] {
  const out: Date[] = [];
  if (to < from) return out;
  let end = periodEnd(from, every);
  while (end < to) {
    out.push(end);
    end = periodEnd(new Date(end.getTime() + 1), every);
  }
  out.push(to);
  return out;
}

/** The last millisecond of the month or ISO week (Monday to Sunday, UTC) `at` falls in. */
function periodEnd(at: Date, every: TrendEvery): Date {
  if (every === "month") return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) - 1);
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  // getUTCDay: Sunday 0 ... Saturday 6; days left to the week's Sunday.
  const toSunday = (7 - new Date(day).getUTCDay()) % 7;
  return new Date(day + (toSunday + 1) * 86_400_000 - 1);
}
