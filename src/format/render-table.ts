/** A column of a text table: header, how to read the cell, and alignment. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | null;
  readonly align?: "left" | "right";
}

/**
 * Renders rows as an aligned plain-text table; null cells read "unknown".
 *
 * @example
 * renderTable([{ n: "a" }], [{ header: "name", value: (r) => r.n }])
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => format(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (vals: readonly string[]): string =>
    vals
      .map((v, i) => (columns[i]?.align === "right" ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return (
    [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n") + "\n"
  );
}

function format(v: string | number | null): string {
  if (v === null) return "unknown";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2);
  return v;
}
