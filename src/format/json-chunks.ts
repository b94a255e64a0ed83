import { stableStringify } from "./stable-stringify.js";

/**
 * The text of `stableStringify({ ...envelope, [key]: rows }, "")` in pieces: the envelope's
 * keys in sorted order as one piece each, and the rows one piece each as they come, so a caller
 * can write an answer of any size while holding one row's text at a time. The pieces joined
 * are byte for byte the whole string (the CLI's `--json` and the API's JSON agree on it).
 *
 * @example
 * [...jsonChunks({ b: 1 }, [{ y: 2, x: 1 }])].join("") === stableStringify({ b: 1, rows: [{ x: 1, y: 2 }] }, "")
 */
export function* jsonChunks(envelope: object, rows: Iterable<unknown>, key = "rows"): Generator<string> {
  const entries: [string, unknown][] = Object.entries(envelope as Record<string, unknown>).filter(
    ([k, v]) => k !== key && v !== undefined,
  );
  entries.push([key, rows]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [i, [k, v]] of entries.entries()) {
    const head = `${i === 0 ? "{\n" : ",\n"}  ${JSON.stringify(k)}: `;
    if (k !== key) {
      yield head + stableStringify(v, "  ");
      continue;
    }
    let n = 0;
    for (const row of rows) {
      // stableStringify writes an array's undefined as null.
      yield `${n === 0 ? `${head}[\n` : ",\n"}    ${stableStringify(row === undefined ? null : row, "    ")}`;
      n++;
    }
    yield n === 0 ? `${head}[]` : "\n  ]";
  }
  yield "\n}";
}
