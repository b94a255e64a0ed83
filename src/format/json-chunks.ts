import { stableStringify } from "./stable-stringify.js";

/**
 * The text of `stableStringify({ ...envelope, [key]: rows }, "")` in pieces: the envelope's
 * keys in sorted order, every list among them (the rows, and as large: a lag answer's
 * summaries) one element a piece as it comes, anything else one piece a key; so a caller can
 * write an answer of any size while holding one element's text at a time. The pieces joined are
 * byte for byte the whole string (the CLI's `--json` and the API's JSON agree on it).
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
    if (k === key || Array.isArray(v)) yield* elementChunks(head, v as Iterable<unknown>);
    else yield head + stableStringify(v, "  ");
  }
  yield "\n}";
}

/** A list under the envelope, written as stableStringify writes it at that depth: `head`, then each element. */
function* elementChunks(head: string, items: Iterable<unknown>): Generator<string> {
  let n = 0;
  for (const item of items) {
    // stableStringify writes an array's undefined as null.
    yield `${n === 0 ? `${head}[\n` : ",\n"}    ${stableStringify(item === undefined ? null : item, "    ")}`;
    n++;
  }
  yield n === 0 ? `${head}[]` : "\n  ]";
}
