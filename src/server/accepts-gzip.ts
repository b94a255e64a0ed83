/**
 * Whether an `Accept-Encoding` header lets the answer be gzip-compressed: `gzip` (or `*`) listed
 * with a non-zero quality, and not refused by name
 * ([RFC 9110 §12.5.3](https://www.rfc-editor.org/rfc/rfc9110#section-12.5.3)).
 *
 * @example
 * acceptsGzip("gzip, deflate, br, zstd") // true
 * acceptsGzip("br;q=1, gzip;q=0") // false
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    const weight = Number.isFinite(quality) ? quality : 0;
    if (name === "gzip" || name === "x-gzip") gzip = weight;
    else if (name === "*") any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}
