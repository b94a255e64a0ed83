import { csvChunks } from "./csv-chunks.js";

/**
 * Renders rows as RFC 4180 CSV with a header line; null is an empty cell. The whole text of
 * {@link csvChunks}, for answers small enough to hold.
 * See https://www.rfc-editor.org/rfc/rfc4180
 *
 * @example
 * renderCsv([{ a: 1, b: "x,y" }]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function renderCsv(rows: readonly Readonly<Record<string, string | number | boolean | null>>[]): string {
  return [...csvChunks(rows)].join("");
}
