/** Longest `X-Elscope-Sources` sent: clients refuse header blocks past about 16 KB (undici, Node). */
const MAX_SOURCES_HEADER = 4096;

/** JSON with every character past ASCII escaped: header values are bytes, not UTF-8 text. */
const asciiJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * What a JSON answer's envelope says of its data, as response headers for a body that has no
 * envelope (CSV): `X-Elscope-As-Of` (the `asOf` object as JSON), `X-Elscope-Sources-Count`, and
 * `X-Elscope-Sources` (the `sources` list as JSON) when it is short enough for a header; the
 * JSON answer always has them all.
 *
 * @example
 * envelopeHeaders({ asOf: { rhel: "2024-05-01T00:00:00Z" }, sources: ["a"], rows: [] })
 * // { "x-elscope-as-of": '{"rhel":"2024-05-01T00:00:00Z"}', "x-elscope-sources-count": "1", "x-elscope-sources": '["a"]' }
 */
export function envelopeHeaders(answer: unknown): Readonly<Record<string, string>> {
  const { asOf, sources } = (answer ?? {}) as { readonly asOf?: unknown; readonly sources?: unknown };
  const headers: Record<string, string> = {};
  if (asOf !== undefined) headers["x-elscope-as-of"] = asciiJson(asOf);
  if (Array.isArray(sources)) {
    headers["x-elscope-sources-count"] = String(sources.length);
    const text = asciiJson(sources);
    if (text.length <= MAX_SOURCES_HEADER) headers["x-elscope-sources"] = text;
  }
  return headers;
}
