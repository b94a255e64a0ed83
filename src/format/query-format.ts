const TAG = /%\{([^}]*)\}/g;

/**
 * The tags an rpm/dnf query format names, lower-cased: `%{NAME}-%{version}` → name, version.
 *
 * @example
 * queryFormatTags("%{name}.%{arch}") // ["name", "arch"]
 */
export function queryFormatTags(template: string): readonly string[] {
  return [...template.matchAll(TAG)].map((m) => (m[1] ?? "").toLowerCase());
}

/**
 * Fills an rpm/dnf query format (`%{name}-%{version}-%{release}.%{arch}`) from a row's tag
 * values (tag names in any case, as rpm reads them); `\n` and `\t` are rpm's escapes. Check
 * the tags first ({@link queryFormatTags}): an unknown one is left as written.
 *
 * @example
 * queryFormat("%{name}.%{arch}", { name: "bash", arch: "x86_64" }) // "bash.x86_64"
 */
export function queryFormat(template: string, tags: Readonly<Record<string, string>>): string {
  return template
    .replace(TAG, (whole, tag: string) => tags[tag.toLowerCase()] ?? whole)
    .replace(/\\n/g, "\n")
    .replace(/\\t/g, "\t");
}
