import type { CsvCell } from "./csv-cells.js";

/**
 * RFC 4180 CSV in pieces, as the rows come: the header line (the first row's keys), then one
 * line per row; null is an empty cell. No rows, no text. See https://www.rfc-editor.org/rfc/rfc4180
 *
 * @example
 * [...csvChunks([{ a: 1, b: "x,y" }])] // ["a,b\r\n", '1,"x,y"\r\n']
 */
export function* csvChunks(rows: Iterable<Readonly<Record<string, CsvCell | undefined>>>): Generator<string> {
  let headers: readonly string[] | undefined;
  for (const r of rows) {
    if (headers === undefined) {
      headers = Object.keys(r);
      yield `${headers.join(",")}\r\n`;
    }
    yield `${headers.map((h) => cell(r[h])).join(",")}\r\n`;
  }
}

function cell(v: CsvCell | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
