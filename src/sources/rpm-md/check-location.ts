/**
 * Returns why `href` (a repodata `<location href>`) does not stay inside the
 * repository, or null when it does. Absolute URLs, absolute paths, `..` that
 * climbs out, `xml:base` redirections and control characters are refused, so
 * that metadata can never make elscope read or fetch outside the repository.
 *
 * @example
 * checkLocation("Packages/b/bash-5.1.rpm") // null
 * checkLocation("../../etc/passwd")        // "climbs out of the repository"
 */
export function checkLocation(href: string, xmlBase?: string): string | null {
  if (xmlBase !== undefined && xmlBase !== "") return `has xml:base="${xmlBase}" pointing elsewhere`;
  if (href === "") return "is empty";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(href)) return "contains control characters or backslashes";
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href)) return "is an absolute URL";
  if (href.startsWith("/")) return "is an absolute path";
  let depth = 0;
  for (const part of href.split("/")) {
    if (part === "..") depth--;
    else if (part !== "." && part !== "") depth++;
    if (depth < 0) return "climbs out of the repository";
  }
  return null;
}
