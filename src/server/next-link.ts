/**
 * The `Link` header (RFC 8288) naming the next page of a paged answer: the request's own path
 * and query with `cursor` set, as a path-absolute reference, so it stays right behind a proxy
 * that keeps paths. See https://www.rfc-editor.org/rfc/rfc8288
 *
 * @example
 * nextLink(new URL("http://h/api/lag?rebuild=rocky&format=csv"), "MTAwMC4")
 * // '</api/lag?rebuild=rocky&format=csv&cursor=MTAwMC4>; rel="next"'
 */
export function nextLink(request: URL, cursor: string): string {
  const query = new URLSearchParams(request.searchParams);
  query.set("cursor", cursor);
  return `<${request.pathname}?${query.toString()}>; rel="next"`;
}
