/** A CSV cell's value: scalars as they are, anything else (lists, objects) as JSON. */
export type CsvCell = string | number | boolean | null;

/**
 * Rows of any shape made fit for {@link renderCsv}: nested values become JSON text.
 *
 * @example
 * csvCells([{ a: [1, 2] }]) // [{ a: "[1,2]" }]
 */
export function csvCells(rows: readonly Readonly<Record<string, unknown>>[]): Record<string, CsvCell>[] {
  return rows.map(csvCellsOf);
}

/**
 * One row made fit for CSV, as {@link csvCells} makes each: for rows streamed one at a time.
 *
 * @example
 * csvCellsOf({ a: { b: 1 } }) // { a: '{"b":1}' }
 */
export function csvCellsOf(r: Readonly<Record<string, unknown>>): Record<string, CsvCell> {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : (v as CsvCell),
    ]),
  );
}
