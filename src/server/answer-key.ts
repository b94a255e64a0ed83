/**
 * The canonical form of a request for keeping its answer: the path and its parameters sorted, an
 * empty parameter and `format=json` (the default) left out, so `?release=&rebuild=a,b` and
 * `?rebuild=a%2Cb` are one answer.
 *
 * @example
 * answerKey(new URL("http://x/api/parity?release=9&rebuild=rocky&format=json")) // "/api/parity?rebuild=rocky&release=9"
 */
export function answerKey(url: URL): string {
  const q = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (v !== "" && !(k === "format" && v === "json")) q.append(k, v);
  q.sort();
  return `${url.pathname}?${q.toString()}`;
}
