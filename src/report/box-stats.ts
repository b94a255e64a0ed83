/** A box of a box plot: whiskers, quartiles and median, the values beyond the whiskers, and how many values. */
export interface BoxStats {
  readonly low: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly high: number;
  readonly outliers: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The p-quantile of sorted values, linearly between the two nearest ranks (R's type 7, numpy's default). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/**
 * Tukey's box of some values: quartiles, whiskers at the furthest values within 1.5 times the
 * interquartile range of the box, and the values beyond them as outliers; null for no values.
 *
 * @example
 * boxStats([1, 2, 3, 4, 100]) // { low: 1, q1: 2, median: 3, q3: 4, high: 4, outliers: [100], min: 1, max: 100, n: 5 }
 */
export function boxStats(values: readonly number[]): BoxStats | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const reach = 1.5 * (q3 - q1);
  const inside = s.filter((v) => v >= q1 - reach && v <= q3 + reach);
  return {
    low: inside[0] ?? q1,
    q1,
    median: quantile(s, 0.5),
    q3,
    high: inside.at(-1) ?? q3,
    outliers: s.filter((v) => v < q1 - reach || v > q3 + reach),
    min: s[0] ?? q1,
    max: s.at(-1) ?? q3,
    n: s.length,
  };
}
