/**
 * One page of an answer's rows: the answer as it is (as-of times, sources, summaries), its
 * `rows` cut to `limit` from `offset`, and `nextCursor`, the cursor of the next page or null on
 * the last; with `envelope` "none", the rows and `nextCursor` alone. An answer without a rows
 * array is answered whole.
 *
 * @example
 * pageOf({ rows: [1, 2, 3], asOf: {} }, 0, 2, (end) => `at ${end}`) // { rows: [1, 2], asOf: {}, nextCursor: "at 2" }
 */
export function pageOf(
  answer: unknown,
  offset: number,
  limit: number,
  cursorAt: (offset: number) => string,
  envelope: "full" | "none" = "full",
): unknown {
  const whole = answer as { readonly rows?: unknown } | null;
  const rows = whole?.rows;
  if (!Array.isArray(rows)) return answer;
  const end = Math.min(offset + limit, rows.length);
  return {
    ...(envelope === "full" ? whole : {}),
    rows: rows.slice(offset, end),
    nextCursor: end < rows.length ? cursorAt(end) : null,
  };
}
