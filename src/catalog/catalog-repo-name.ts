import type { Major } from "./catalog-schema.js";
import type { Catalog } from "./load-catalog.js";

function majorOf(catalog: Catalog, distro: string, release: string): Major | undefined {
  const major = release.split(".")[0];
  return catalog.distros.find((d) => d.id === distro)?.majors.find((x) => x.major === major);
}

/**
 * The repository names a distribution's major declares, as catalog sync stores them.
 *
 * @example
 * catalogRepoNames(catalog, "almalinux", "9") // ["BaseOS", "AppStream", "CRB", ...]
 */
export function catalogRepoNames(catalog: Catalog, distro: string, release: string): readonly string[] {
  return majorOf(catalog, distro, release)?.repos.map((r) => r.name) ?? [];
}

/**
 * The name catalog sync stores a repository under, from any spelling the catalog knows: its
 * name, canonical name or an alias, in any case (`baseos` → `BaseOS`, `powertools` →
 * `PowerTools` in 8); null when the catalog has no such repository for that major.
 *
 * @example
 * catalogRepoName(catalog, "almalinux", "9.4", "baseos") // "BaseOS"
 */
export function catalogRepoName(catalog: Catalog, distro: string, release: string, given: string): string | null {
  const m = majorOf(catalog, distro, release);
  const wanted = given.toLowerCase();
  const repo = m?.repos.find((r) =>
    [r.name, r.canonical, ...(r.aliases ?? [])].some((n) => n !== undefined && n.toLowerCase() === wanted),
  );
  return repo?.name ?? null;
}
