import type { Catalog } from "../catalog/load-catalog.js";
import { ConfigError } from "../errors/config-error.js";
import type { MatchRules } from "./build-matcher.js";

/**
 * The catalog's rules for matching `rebuild`'s builds to `upstream`'s: the
 * rebuild's markers, and both distributions' rewrites.
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
  return { markers: r.releaseMarkers, rewrites };
}
