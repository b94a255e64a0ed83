import { ParseError } from "../../errors/parse-error.js";

/** One row of a CSAF provider's changes.csv: a document's path under the folder and when it last changed. */
export interface CsafChange {
  /** Relative to the folder, e.g. "2024/rhsa-2024_2758.json". */
  readonly path: string;
  /** ISO 8601 (UTC). */
  readonly changed: string;
}

// A path must stay a document of the folder: a year and a file name, nothing that could leave it.
const PATH = /^\d{4}\/[A-Za-z0-9_.-]+\.json$/;

/**
 * Reads changes.csv as CSAF 2.0 defines it (7.1.16: one `"<path>","<ISO 8601 time>"` line per
 * document, newest first; https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html#7116-requirement-16-changescsv),
 * as Red Hat publishes it beside its advisories. Pure; rows in the file's order.
 * A path that is not `YYYY/name.json` or a time that is not one is a ParseError naming the line.
 *
 * @example
 * parseCsafChanges('"2024/rhsa-2024_2758.json","2024-05-08T00:31:41+00:00"\n', "rhel:redhat-csaf", "changes.csv")
 * // [{ path: "2024/rhsa-2024_2758.json", changed: "2024-05-08T00:31:41.000Z" }]
 */
export function parseCsafChanges(text: string, sourceId: string, file: string): CsafChange[] {
  const out: CsafChange[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    const m = /^"?([^",]*)"?,"?([^",]*)"?$/.exec(line);
    const path = m?.[1] ?? "";
    const t = Date.parse(m?.[2] ?? "");
    if (!PATH.test(path) || Number.isNaN(t)) {
      throw new ParseError(
        sourceId,
        `line ${i + 1} is not "<YYYY/name.json>","<time>": ${JSON.stringify(line.slice(0, 120))}`,
        {
          file,
        },
      );
    }
    out.push({ path, changed: new Date(t).toISOString() });
  }
  return out;
}
