/**
 * The fields of one RFC 4180 CSV line: commas inside double quotes are text, `""` inside them is
 * one quote. null when a quote is left open (the line is cut, or the field spans lines, which
 * line-based readers do not take). See https://www.rfc-editor.org/rfc/rfc4180#section-2
 *
 * @example
 * csvFields('2022-03-15,pulls,"a, b"') // ["2022-03-15", "pulls", "a, b"]
 */
export function csvFields(line: string): string[] | null {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}
