import { stableLine } from "./stable-line.js";

/**
 * Rows as NDJSON, one line each with sorted keys, as they come: nothing else, so every line
 * has the one shape (the envelope, as-of times and sources, is the `--json` output's).
 *
 * @example
 * [...jsonlChunks([{ b: 1, a: 2 }])] // ['{"a":2,"b":1}\n']
 */
export function* jsonlChunks(rows: Iterable<unknown>): Generator<string> {
  for (const row of rows) yield `${stableLine(row)}\n`;
}
