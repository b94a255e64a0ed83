/**
 * One value as one line of JSON with object keys sorted, as {@link stableStringify} sorts them
 * but without its indentation: an NDJSON record (https://github.com/ndjson/ndjson-spec).
 *
 * @example
 * stableLine({ b: 1, a: [true, "x"] }) // '{"a":[true,"x"],"b":1}'
 */
export function stableLine(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => stableLine(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableLine(v)}`).join(",")}}`;
}
