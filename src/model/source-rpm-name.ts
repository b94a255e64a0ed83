/**
 * The source RPM a package belongs to: its `sourcerpm`, or itself for a source package, as dnf
 * names it. The store's SQL twin is `sourceRpmOf` (src/store/source-rpm-of.ts); the two must agree.
 *
 * @example
 * sourceRpmName("bash", "5.1.8", "9.el9", "src", null) // "bash-5.1.8-9.el9.src.rpm"
 * sourceRpmName("bash", "5.1.8", "9.el9", "x86_64", "bash-5.1.8-9.el9.src.rpm") // "bash-5.1.8-9.el9.src.rpm"
 */
export function sourceRpmName(
  name: string,
  version: string,
  release: string,
  arch: string,
  sourcerpm: string | null,
): string | null {
  return arch === "src" || arch === "nosrc" ? `${name}-${version}-${release}.src.rpm` : sourcerpm;
}
