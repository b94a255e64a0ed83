/** One cell of a document's tables in long form. */
export interface LongTableRow {
  /** Where the table is in the document, e.g. `sections[2].rows`. */
  readonly table: string;
  readonly row: number;
  readonly column: string;
  /** The cell: text, a number, a boolean or null (empty in CSV). */
  readonly value: string | number | boolean | null;
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every table of a nested document (any list of objects, at any depth) as one long table of
 * cells: table, row, column, value. This is how a document of many tables (the report) answers
 * as one CSV without knowing its sections; nested lists become their own tables.
 *
 * @example
 * longTableRows({ a: [{ x: 1 }] }) // [{ table: "a", row: 0, column: "x", value: 1 }]
 */
export function longTableRows(doc: unknown, path = ""): LongTableRow[] {
  const out: LongTableRow[] = [];
  if (Array.isArray(doc)) {
    const table = doc.length > 0 && doc.every(isRecord);
    doc.forEach((item, i) => {
      if (!isRecord(item)) return;
      for (const [column, value] of Object.entries(item)) {
        if (table && (value === null || ["string", "number", "boolean"].includes(typeof value)))
          out.push({ table: path, row: i, column, value: value as LongTableRow["value"] });
        else if (typeof value === "object" && value !== null)
          out.push(...longTableRows(value, `${path}[${i}].${column}`));
      }
    });
  } else if (isRecord(doc)) {
    for (const [k, v] of Object.entries(doc)) out.push(...longTableRows(v, path === "" ? k : `${path}.${k}`));
  }
  return out;
}
