import { UsageError } from "../errors/usage-error.js";
import type { Catalog } from "./load-catalog.js";
import { compareVersion } from "./resolve-targets.js";

/**
 * What a `--release` (or the API's `release`) means: a major is every minor of it and its
 * rolling tree; a minor is that minor's tree alone.
 */
export type ReleaseSpan =
  | { readonly kind: "major"; readonly text: string; readonly major: string }
  | { readonly kind: "minor"; readonly text: string; readonly major: string; readonly minor: string };

/**
 * The releases the catalog declares for `distros` (every distribution when empty): each major,
 * then its minors, in version order and without repeats.
 *
 * @example
 * knownReleases(catalog, ["almalinux"]) // ["8", "8.3", ..., "9", "9.0", ...]
 */
export function knownReleases(catalog: Catalog, distros: readonly string[] = []): readonly string[] {
  const out = new Set<string>();
  for (const d of catalog.distros) {
    if (distros.length > 0 && !distros.includes(d.id)) continue;
    for (const major of d.majors) {
      out.add(major.major);
      for (const minor of major.minors) out.add(minor);
    }
  }
  return [...out].sort(compareVersion);
}

/**
 * Reads a release against the catalog, in one place for every command and the API: a major
 * one of `distros` declares (`9`) spans its minors and rolling tree, a declared minor (`9.4`)
 * is itself; anything else (`9.9`, `nine`) is a UsageError listing the known releases.
 *
 * @example
 * resolveRelease(catalog, ["rhel", "almalinux"], "9") // { kind: "major", text: "9", major: "9" }
 */
export function resolveRelease(catalog: Catalog, distros: readonly string[], text: string): ReleaseSpan {
  const known = knownReleases(catalog, distros);
  if (known.includes(text)) return releaseSpan(text);
  const of = distros.length === 0 ? "" : ` of ${distros.join(", ")}`;
  throw new UsageError("arguments", `no release "${text}"${of}; known: ${known.join(", ")}`);
}

/**
 * The span a release's text names, unchecked: a major (no dot) or a minor. For releases the
 * store holds outside the catalog (an ad-hoc `--new-repo`); check others with {@link resolveRelease}.
 *
 * @example
 * releaseSpan("9.4") // { kind: "minor", text: "9.4", major: "9", minor: "9.4" }
 */
export function releaseSpan(text: string): ReleaseSpan {
  const major = text.split(".")[0] ?? text;
  return text === major ? { kind: "major", text, major } : { kind: "minor", text, major, minor: text };
}

/**
 * Whether a stored release (`9`, `9.4`) lies in the span.
 *
 * @example
 * inRelease({ kind: "major", text: "9", major: "9" }, "9.4") // true
 */
export function inRelease(span: ReleaseSpan, release: string): boolean {
  return span.kind === "major" ? (release.split(".")[0] ?? release) === span.major : release === span.minor;
}
