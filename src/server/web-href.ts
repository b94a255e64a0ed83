/**
 * `href` as an absolute http(s) URL (resolved against `base`, the page's own address), or null
 * for anything else: the one rule for every link and image the dashboard makes, so a
 * `javascript:`, `data:` or `vbscript:` address from data (a fact's source) is never a link,
 * however it reached the page; the facts schema refuses them first. It is parsed as a browser
 * parses it (the WHATWG URL parser strips the spaces, tabs and case that hide a scheme), and it
 * runs in the page as it is written here: the dashboard's script embeds this function's text.
 * See https://url.spec.whatwg.org/#concept-basic-url-parser
 *
 * @example
 * webHref("javascript:alert(1)", "http://127.0.0.1/") // null
 * webHref("/api/badge/rocky/parity.svg", "http://127.0.0.1/") // "http://127.0.0.1/api/badge/rocky/parity.svg"
 */
export function webHref(href: string, base: string): string | null {
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
