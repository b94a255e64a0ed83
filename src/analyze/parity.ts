import { BuildMatcher } from "./build-matcher.js";
import { nvr, type SourceBuild } from "./source-build.js";
import type { RebuildInput } from "./update-lag.js";

/** How one rebuild ships the upstream builds of one repository of one release. */
export interface ParityCounts {
  readonly identical: number;
  readonly modified: number;
  readonly missing: number;
  /** Shares of the upstream builds (0..1), or null when upstream has none. */
  readonly identicalShare: number | null;
  readonly modifiedShare: number | null;
  readonly missingShare: number | null;
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
  readonly modified: Readonly<Record<string, readonly { readonly upstream: string; readonly rebuild: string }[]>>;
  readonly missing: Readonly<Record<string, readonly string[]>>;
}

function counts(statuses: readonly string[]): ParityCounts {
  const n = statuses.length;
  const c = (s: string) => statuses.filter((x) => x === s).length;
  const share = (k: number) => (n === 0 ? null : Math.round((k / n) * 1000) / 1000);
  const identical = c("identical");
  const modified = c("modified");
  const missing = c("missing");
  return {
    identical,
    modified,
    missing,
    identicalShare: share(identical),
    modifiedShare: share(modified),
    missingShare: share(missing),
  };
}

/**
 * Compatibility measured for one release: every upstream source build is
 * identical in, modified by, or missing from each rebuild's same release;
 * per upstream repository and in total. Pure; everything sorted.
 *
 * @example
 * computeParity(rhel94Builds, [{ id: "almalinux", builds: alma94Builds, rules }])
 */
export function computeParity(upstream: readonly SourceBuild[], rebuilds: readonly RebuildInput[]): ParityResult {
  const statusByRepo = new Map<string, Record<string, string[]>>();
  const all: Record<string, string[]> = {};
  const rebuildOnly: Record<string, string[]> = {};
  const modified: Record<string, { upstream: string; rebuild: string }[]> = {};
  const missing: Record<string, string[]> = {};
  for (const r of rebuilds) {
    const m = new BuildMatcher(r.builds, r.rules);
    all[r.id] = [];
    modified[r.id] = [];
    missing[r.id] = [];
    for (const u of upstream) {
      const repo = u.repos[0] ?? "";
      let perRepo = statusByRepo.get(repo);
      if (perRepo === undefined) statusByRepo.set(repo, (perRepo = {}));
      const match = m.match(u);
      (perRepo[r.id] ??= []).push(match.status);
      all[r.id]?.push(match.status);
      if (match.status === "modified") modified[r.id]?.push({ upstream: nvr(u), rebuild: nvr(match.build) });
      if (match.status === "missing") missing[r.id]?.push(nvr(u));
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
  };
}
