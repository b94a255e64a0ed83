import type { Catalog } from "../catalog/load-catalog.js";
import { resolveTargets } from "../catalog/resolve-targets.js";
import type { SyncTarget } from "../catalog/sync-target.js";
import { UsageError } from "../errors/usage-error.js";

/** Which repositories of a distribution to probe; an empty list is the default for that part. */
export interface ProbeFilters {
  readonly releases: readonly string[];
  /** Repository names, in any case. */
  readonly repos: readonly string[];
  readonly arches: readonly string[];
}

/**
 * The repositories a probe checks. Without filters it is one repository: the newest release's
 * first repository on its first architecture.
 *
 * @example
 * probeTargets(catalog, "almalinux", { releases: ["9"], repos: ["BaseOS"], arches: [] })
 */
export function probeTargets(catalog: Catalog, distro: string, filters: ProbeFilters): readonly SyncTarget[] {
  const all = resolveTargets(catalog, { distros: [distro] }).filter((t) => t.key.arch !== "src");
  const { releases, arches } = filters;
  const repos = filters.repos.map((r) => r.toLowerCase());
  const newest = all.at(-1)?.key.release;
  const major = newest?.split(".")[0];
  const byRelease =
    releases.length > 0
      ? all.filter((t) => releases.includes(t.key.release))
      : all.filter((t) => t.key.release === (all.find((x) => x.key.release === major)?.key.release ?? newest));
  const byRepo =
    repos.length > 0
      ? byRelease.filter((t) => repos.includes(t.key.repo.toLowerCase()))
      : byRelease.filter((t) => t.key.repo === byRelease[0]?.key.repo);
  const byArch =
    arches.length > 0
      ? byRepo.filter((t) => arches.includes(t.key.arch))
      : byRepo.filter((t) => t.key.arch === byRepo[0]?.key.arch);
  if (byArch.length === 0) {
    throw new UsageError(
      "arguments",
      `no repository of ${distro} matches --release/--repo/--arch; see \`elscope catalog\``,
    );
  }
  return byArch;
}
