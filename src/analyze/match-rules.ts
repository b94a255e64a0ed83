import type { Catalog } from "../catalog/load-catalog.js";
import { ConfigError } from "../errors/config-error.js";
import type { Distro } from "../catalog/catalog-schema.js";
import type { MatchRules, Substitute } from "./build-matcher.js";

/**
 * The catalog's rules for matching `rebuild`'s builds to `upstream`'s: both
 * distributions' markers (each removed from its own releases: the reference can
 * be a rebuild too), both distributions' rewrites, and both substitution maps.
 *
 * @example
 * matchRules(catalog, "almalinux", "rhel")
 */
export function matchRules(catalog: Catalog, rebuild: string, upstream: string): MatchRules {
  const r = catalog.distros.find((d) => d.id === rebuild);
  const u = catalog.distros.find((d) => d.id === upstream);
  if (r === undefined || u === undefined) {
    const missing = r === undefined ? rebuild : upstream;
    throw new ConfigError(
      "catalog",
      `no distribution "${missing}"; known: ${catalog.distros.map((d) => d.id).join(", ")}`,
    );
  }
  const seen = new Set<string>();
  const rewrites = [...r.releaseRewrites, ...u.releaseRewrites].filter(
    (x) => !seen.has(x.pattern) && seen.add(x.pattern),
  );
  return { markers: r.releaseMarkers, upstreamMarkers: u.releaseMarkers, rewrites, substitutes: substitutes(r, u) };
}

/**
 * The rebuild's substitutes by the reference's package names. Substitution maps are written
 * against the common upstream (RHEL), so a reference that is a rebuild itself is read back to it
 * first: AlmaLinux's almalinux-release is RHEL's redhat-release, which Rocky ships as rocky-release.
 */
function substitutes(r: Distro, u: Distro): Map<string, Substitute> {
  const mine = new Map(r.substitutions.map((s) => [s.upstream, s]));
  const out = new Map<string, Substitute>();
  for (const s of r.substitutions)
    out.set(s.upstream, s.kind === "replaced" ? { kind: "replaced", by: s.by } : { kind: "not-applicable" });
  for (const s of u.substitutions) {
    if (s.kind !== "replaced") continue;
    const theirs = mine.get(s.upstream);
    const sub: Substitute =
      theirs === undefined
        ? { kind: "replaced", by: [s.upstream] }
        : theirs.kind === "replaced"
          ? { kind: "replaced", by: theirs.by }
          : { kind: "not-applicable" };
    for (const name of s.by) out.set(name, sub);
  }
  return out;
}
