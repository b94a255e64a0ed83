import { csvCells } from "../format/csv-cells.js";
import { renderCsv } from "../format/render-csv.js";
import { stableStringify } from "../format/stable-stringify.js";
import type { Answer } from "./answer-cache.js";

/**
 * An endpoint's value as the client asked: JSON (sorted keys, as the CLI's `--json`), or for a
 * table its `rows` as RFC 4180 CSV, nested values as JSON text (the CLI's `--csv` cells).
 *
 * @example
 * renderAnswer({ rows: [{ a: 1 }] }, "csv") // { type: "text/csv; charset=utf-8", body: "a\r\n1\r\n" }
 */
export function renderAnswer(
  value: unknown,
  format: "json" | "csv",
  csvRows: (value: unknown) => readonly Readonly<Record<string, unknown>>[] = (v) =>
    (v as { readonly rows: readonly Readonly<Record<string, unknown>>[] }).rows,
): Answer {
  if (format === "csv") {
    const rows = csvRows(value);
    return { type: "text/csv; charset=utf-8", body: renderCsv(csvCells(rows)) };
  }
  return { type: "application/json; charset=utf-8", body: `${stableStringify(value, "")}\n` };
}
