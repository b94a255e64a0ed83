/**
 * Headers on every answer of the server: nothing is cached by browsers or proxies (the data
 * changes with each sync; the server keeps its own cache), no type sniffing, and a content
 * security policy that lets the dashboard run only its own inline script and styles.
 * See https://www.w3.org/TR/CSP3/ and https://fetch.spec.whatwg.org/#x-content-type-options-header
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:",
};

/**
 * Sets the security headers on `res` and returns it.
 *
 * @example
 * withSecurityHeaders(new Response("{}")).headers.get("x-content-type-options") // "nosniff"
 */
export function withSecurityHeaders(res: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.headers.set(name, value);
  return res;
}
