import { csvCellsOf } from "../format/csv-cells.js";
import { csvChunks } from "../format/csv-chunks.js";
import { envelopeHeaders } from "./envelope-headers.js";
import { nextLink } from "./next-link.js";
import { streamedBody } from "./streamed-body.js";

/**
 * One page of a paged endpoint as CSV, streamed: its rows (each through `csvRow`, the shape the
 * CLI's `--csv` gives, then the CLI's cells), the next page in a `Link` header (CSV has no
 * envelope for `nextCursor`), and the whole answer's as-of times and sources as headers.
 *
 * @example
 * csvPage(answer, answer.rows.slice(0, 1000), "MTAwMC4", new URL(c.req.url))
 */
export function csvPage(
  answer: unknown,
  rows: readonly Readonly<Record<string, unknown>>[],
  nextCursor: string | null,
  request: URL,
  csvRow?: (row: never) => Readonly<Record<string, unknown>>,
): Response {
  // Each row's cells as it is written: a whole copy of a release's rows would double the memory.
  const cells = function* () {
    for (const r of rows) yield csvCellsOf(csvRow === undefined ? r : csvRow(r as never));
  };
  return new Response(streamedBody(csvChunks(cells())), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      ...envelopeHeaders(answer),
      ...(nextCursor === null ? {} : { link: nextLink(request, nextCursor) }),
    },
  });
}
