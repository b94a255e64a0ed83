/**
 * Renders rows as RFC 4180 CSV with a header line; null is an empty cell.
 * See https://www.rfc-editor.org/rfc/rfc4180
 *
 * @example
 * renderCsv([{ a: 1, b: "x,y" }]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function renderCsv(rows: readonly Readonly<Record<string, string | number | boolean | null>>[]): string {
  const first = rows[0];
  if (first === undefined) return "";
  const headers = Object.keys(first);
  const cell = (v: string | number | boolean | null | undefined): string => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [headers.join(","), ...rows.map((r) => headers.map((h) => cell(r[h])).join(","))].join("\r\n") + "\r\n";
}
