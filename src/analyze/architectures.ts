import type { Catalog } from "../catalog/load-catalog.js";
import type { StoredRepository } from "../model/stored-repository.js";

/** Whether a distribution offers an architecture for a major release, by the catalog and by the store. */
export interface ArchRow {
  readonly distro: string;
  readonly major: string;
  readonly arch: string;
  readonly declared: boolean;
  /** True when a synced repository of that major has packages for it; false when synced ones do not; null when nothing of that major is synced. */
  readonly confirmed: boolean | null;
  readonly repositories: readonly string[];
}

/**
 * Architectures per distribution and major release: declared in the catalog
 * and confirmed (or not) by synced repositories. Pure; sorted.
 *
 * @example
 * architectures(catalog, await store.listRepositories())
 */
export function architectures(catalog: Catalog, repos: readonly StoredRepository[]): ArchRow[] {
  const out: ArchRow[] = [];
  for (const d of catalog.distros) {
    for (const m of d.majors) {
      const synced = repos.filter((r) => r.distro === d.id && r.release.split(".")[0] === m.major && r.snapshots > 0);
      const seen = new Set(synced.map((r) => r.arch));
      const arches = new Set<string>([...m.arches, ...seen]);
      for (const arch of [...arches].sort()) {
        const withPackages = synced.filter((r) => r.arch === arch && r.packages > 0);
        out.push({
          distro: d.id,
          major: m.major,
          arch,
          declared: m.arches.includes(arch as never),
          confirmed: synced.length === 0 ? null : withPackages.length > 0,
          repositories: withPackages.map((r) => r.key).sort(),
        });
      }
    }
  }
  return out;
}
