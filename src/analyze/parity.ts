import { BuildMatcher } from "./build-matcher.js";
import { nvr, type SourceBuild } from "./source-build.js";
import type { RebuildInput } from "./update-lag.js";

/** How a rebuild ships an upstream build, as parity counts it. */
export type ParityStatus = "identical" | "modified" | "replaced" | "not-applicable" | "missing";

/** How one rebuild ships the upstream builds of one repository of one release. */
export interface ParityCounts {
  readonly identical: number;
  readonly modified: number;
  readonly missing: number;
  /** Shipped as the rebuild's own package (redhat-release as almalinux-release), by the catalog's substitution map. */
  readonly replaced: number;
  /** Left out on purpose (the catalog's substitution map): not in any share's denominator. */
  readonly notApplicable: number;
  /** Shares of the applicable upstream builds (0..1: all but the not-applicable ones), or null when there are none. */
  readonly identicalShare: number | null;
  readonly modifiedShare: number | null;
  readonly missingShare: number | null;
  readonly replacedShare: number | null;
  /** Identical, modified or replaced: the applicable upstream builds the rebuild ships in some form. */
  readonly shippedShare: number | null;
}

export interface ParityRow {
  readonly repo: string;
  readonly upstreamBuilds: number;
  readonly rebuilds: Readonly<Record<string, ParityCounts>>;
}

export interface ParityResult {
  readonly rows: readonly ParityRow[];
  readonly total: ParityRow;
  /** Per rebuild: its builds that match no upstream build of the release, and which ones are modified. */
  readonly rebuildOnly: Readonly<Record<string, readonly string[]>>;
  readonly modified: Readonly<Record<string, readonly BuildPair[]>>;
  readonly missing: Readonly<Record<string, readonly string[]>>;
  /** Per rebuild: upstream builds shipped as the rebuild's own package. */
  readonly replaced: Readonly<Record<string, readonly BuildPair[]>>;
  /** Per rebuild: upstream builds it leaves out on purpose. */
  readonly notApplicable: Readonly<Record<string, readonly string[]>>;
}

/** An upstream build and the rebuild's build that ships it. */
export interface BuildPair {
  readonly upstream: string;
  readonly rebuild: string;
}

function counts(statuses: readonly ParityStatus[]): ParityCounts {
  const c = (s: ParityStatus) => statuses.filter((x) => x === s).length;
  const notApplicable = c("not-applicable");
  const n = statuses.length - notApplicable;
  const share = (k: number) => (n === 0 ? null : Math.round((k / n) * 1000) / 1000);
  const identical = c("identical");
  const modified = c("modified");
  const missing = c("missing");
  const replaced = c("replaced");
  return {
    identical,
    modified,
    missing,
    replaced,
    notApplicable,
    identicalShare: share(identical),
    modifiedShare: share(modified),
    missingShare: share(missing),
    replacedShare: share(replaced),
    shippedShare: share(identical + modified + replaced),
  };
}

/**
 * Compatibility measured for one release: every upstream source build is
 * identical in, modified by, replaced in (the catalog's substitution map), not
 * applicable to (dropped on purpose), or missing from each rebuild's same
 * release; per upstream repository and in total. Pure; everything sorted.
 *
 * @example
 * computeParity(rhel94Builds, [{ id: "almalinux", builds: alma94Builds, rules }])
 */
export function computeParity(upstream: readonly SourceBuild[], rebuilds: readonly RebuildInput[]): ParityResult {
  const statusByRepo = new Map<string, Record<string, ParityStatus[]>>();
  const all: Record<string, ParityStatus[]> = {};
  const rebuildOnly: Record<string, string[]> = {};
  const modified: Record<string, BuildPair[]> = {};
  const replaced: Record<string, BuildPair[]> = {};
  const missing: Record<string, string[]> = {};
  const notApplicable: Record<string, string[]> = {};
  for (const r of rebuilds) {
    const m = new BuildMatcher(r.builds, r.rules);
    const mine: ParityStatus[] = (all[r.id] = []);
    const mod: BuildPair[] = (modified[r.id] = []);
    const rep: BuildPair[] = (replaced[r.id] = []);
    const miss: string[] = (missing[r.id] = []);
    const na: string[] = (notApplicable[r.id] = []);
    // Builds by their own name first: a substitute only stands in for a build the rebuild lacks.
    for (const { u, match } of upstream.map((b) => ({ u: b, match: m.match(b) }))) {
      const repo = u.repos[0] ?? "";
      let perRepo = statusByRepo.get(repo);
      if (perRepo === undefined) statusByRepo.set(repo, (perRepo = {}));
      const sub = match.status === "missing" ? m.substitute(u) : null;
      const status = sub?.status ?? match.status;
      (perRepo[r.id] ??= []).push(status);
      mine.push(status);
      if (match.status === "modified") mod.push({ upstream: nvr(u), rebuild: nvr(match.build) });
      else if (sub?.status === "replaced") rep.push({ upstream: nvr(u), rebuild: nvr(sub.build) });
      else if (sub?.status === "not-applicable") na.push(nvr(u));
      else if (match.status === "missing") miss.push(nvr(u));
    }
    rebuildOnly[r.id] = m.unmatched(r.builds).map(nvr);
  }
  const rows = [...statusByRepo.keys()].sort().map((repo) => {
    const per = statusByRepo.get(repo) ?? {};
    return {
      repo,
      upstreamBuilds: upstream.filter((u) => (u.repos[0] ?? "") === repo).length,
      rebuilds: Object.fromEntries(rebuilds.map((r) => [r.id, counts(per[r.id] ?? [])])),
    };
  });
  return {
    rows,
    total: {
      repo: "all",
      upstreamBuilds: upstream.length,
      rebuilds: Object.fromEntries(rebuilds.map((r) => [r.id, counts(all[r.id] ?? [])])),
    },
    rebuildOnly,
    modified,
    missing,
    replaced,
    notApplicable,
  };
}
