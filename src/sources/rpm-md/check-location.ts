/**
 * Returns why `href` (a repodata `<location href>`) does not stay inside the
 * repository, or null when it does. Absolute URLs, absolute paths, `..` that
 * climbs out, `xml:base` redirections and control characters are refused, so
 * that metadata can never make elscope read or fetch outside the repository.
 *
 * The checks run on the href as a server would see it: percent-encoding is
 * decoded first (RFC 3986 §2.1), because a URL parser treats `%2e%2e` as `..`
 * (RFC 3986 §5.2.4 and the WHATWG URL standard's "double-dot segment") and a
 * server maps `%2f` to `/`. Decoding happens once, like a server's; an href
 * that still holds an escape afterwards (`%252e`, double-encoded) is refused
 * too, since a proxy or server that decodes twice would climb with it, and no
 * real repository names its files that way. A malformed escape (`%zz`) is
 * refused rather than guessed at.
 *
 * @example
 * checkLocation("Packages/b/bash-5.1.rpm")      // null
 * checkLocation("../../etc/passwd")             // "climbs out of the repository"
 * checkLocation("repodata/%2e%2e/%2e%2e/x.xml") // "climbs out of the repository"
 */
export function checkLocation(href: string, xmlBase?: string): string | null {
  if (xmlBase !== undefined && xmlBase !== "") return `has xml:base="${xmlBase}" pointing elsewhere`;
  if (href === "") return "is empty";
  // Most hrefs hold no escape at all.
  const path = href.includes("%") ? percentDecoded(href) : href;
  if (path === null) return "has malformed percent-encoding";
  if (/%[0-9a-fA-F]{2}/.test(path)) return "is percent-encoded twice";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return "contains control characters or backslashes";
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) return "is an absolute URL";
  if (path.startsWith("/")) return "is an absolute path";
  // Only a ".." segment can climb.
  if (!path.includes("..")) return null;
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "." && part !== "") depth++;
    if (depth < 0) return "climbs out of the repository";
  }
  return null;
}

/** `href` with its `%XX` escapes decoded once (RFC 3986 §2.1); null when an escape is malformed. */
function percentDecoded(href: string): string | null {
  if (/%(?![0-9a-fA-F]{2})/.test(href)) return null;
  // Byte by byte, not decodeURIComponent: only ASCII matters to the checks, and `%ff` is no reason to refuse.
  return href.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
