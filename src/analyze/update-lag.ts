import { BuildMatcher, type MatchRules, type MatchStatus } from "./build-matcher.js";
import { compareReleases, nvr, type SourceBuild } from "./source-build.js";
import { type TimeSource, timeOf } from "./time-of.js";
import type { ClockedBuild, UpstreamTimeSource } from "./upstream-clock.js";

/** A distribution's builds and the rules to match them upstream. */
export interface RebuildInput {
  readonly id: string;
  readonly builds: readonly SourceBuild[];
  readonly rules: MatchRules;
}

/** How long one rebuild took to ship one upstream build. */
export interface RebuildLag {
  readonly status: MatchStatus;
  readonly build: string | null;
  readonly time: string | null;
  /** Days, to the hour (two decimals); negative when the rebuild shipped first. */
  readonly lagDays: number | null;
  readonly timeSource: TimeSource | null;
}

/** One upstream build and every rebuild's lag for it. */
export interface LagRow {
  readonly package: string;
  readonly upstreamBuild: string;
  readonly upstreamEvr: string;
  /** The earliest catalog release whose repositories carry it. */
  readonly upstreamRelease: string;
  readonly upstreamRepo: string;
  readonly upstreamTime: string;
  /** Which clock upstreamTime is: "file" | "seen" (a synced repository), "upstream advisory" or "copied advisory". */
  readonly upstreamTimeSource: UpstreamTimeSource;
  readonly rebuilds: Readonly<Record<string, RebuildLag>>;
}

const DAY_MS = 86_400_000;

function evr(b: SourceBuild): string {
  return `${b.epoch > 0 ? `${b.epoch}:` : ""}${b.version}-${b.release}`;
}

/** The minor a build first appeared in; the rolling major only when no minor carries it. */
function firstRelease(b: SourceBuild): string {
  const minors = b.releases.filter((r) => r.includes("."));
  return (minors.length > 0 ? minors : b.releases).slice().sort(compareReleases)[0] ?? "";
}

/**
 * For every upstream build (with the clock `upstreamClock` chose for it), when each rebuild
 * shipped its counterpart and how many days later (or earlier). Pure; rows in the given order.
 *
 * @example
 * computeUpdateLag(upstreamClock({ repositoryBuilds: rhelBuilds, wanted: "file", upstreamAdvisories: [], copied: [] }),
 *   [{ id: "almalinux", builds, rules }], "file")
 */
export function computeUpdateLag(
  upstream: readonly ClockedBuild[],
  rebuilds: readonly RebuildInput[],
  wanted: TimeSource,
): LagRow[] {
  const matchers = rebuilds.map((r) => ({
    id: r.id,
    m: new BuildMatcher(r.builds, r.rules, (b) => timeOf(b, wanted).ms),
  }));
  return upstream.map(({ build: u, ms, source: upstreamSource }) => {
    const per: Record<string, RebuildLag> = {};
    for (const { id, m } of matchers) {
      const match = m.match(u);
      if (match.status === "missing") {
        per[id] = { status: "missing", build: null, time: null, lagDays: null, timeSource: null };
        continue;
      }
      const rt = timeOf(match.build, wanted);
      let source: TimeSource = rt.source;
      let start = ms;
      let end = rt.ms;
      if (upstreamSource === "file" || upstreamSource === "seen") {
        // Two repositories: both ends must use the same clock; if either fell back, the row says "seen" for both.
        source = rt.source === "file" && upstreamSource === "file" ? "file" : "seen";
        start = source === upstreamSource ? ms : timeOf(u, "seen").ms;
        end = source === rt.source ? rt.ms : timeOf(match.build, "seen").ms;
      }
      per[id] = {
        status: match.status,
        build: nvr(match.build),
        time: new Date(end).toISOString(),
        lagDays: Math.round(((end - start) / DAY_MS) * 100) / 100,
        timeSource: source,
      };
    }
    return {
      package: u.name,
      upstreamBuild: nvr(u),
      upstreamEvr: evr(u),
      upstreamRelease: firstRelease(u),
      upstreamRepo: u.repos[0] ?? "",
      upstreamTime: new Date(ms).toISOString(),
      upstreamTimeSource: upstreamSource,
      rebuilds: per,
    };
  });
}

/** Lag statistics over a group of upstream builds for one rebuild. */
export interface LagSummary {
  readonly rebuild: string;
  readonly groupBy: "distro" | "release" | "repo" | "package";
  readonly group: string;
  readonly builds: number;
  readonly matched: number;
  readonly missing: number;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  readonly maxDays: number | null;
  /** Share of matched builds shipped within 1 and 7 days (0..1). */
  readonly within1Day: number | null;
  readonly within7Days: number | null;
  readonly slowest: readonly { readonly build: string; readonly lagDays: number }[];
}

/** Median of sorted numbers (mean of the two middle ones for an even count). */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const v =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(v * 100) / 100;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/**
 * Summaries per rebuild: over everything, per upstream release, per
 * repository and per package, sorted by rebuild, grouping and group.
 *
 * @example
 * summarizeLag(rows, ["almalinux", "rocky"]).filter((s) => s.groupBy === "release")
 */
export function summarizeLag(rows: readonly LagRow[], rebuildIds: readonly string[]): LagSummary[] {
  const out: LagSummary[] = [];
  const groupings: readonly [LagSummary["groupBy"], (r: LagRow) => string][] = [
    ["distro", () => "all"],
    ["release", (r) => r.upstreamRelease],
    ["repo", (r) => r.upstreamRepo],
    ["package", (r) => r.package],
  ];
  for (const id of rebuildIds) {
    for (const [groupBy, keyOf] of groupings) {
      const groups = new Map<string, LagRow[]>();
      for (const r of rows) {
        const k = keyOf(r);
        const g = groups.get(k);
        if (g === undefined) groups.set(k, [r]);
        else g.push(r);
      }
      const keys = [...groups.keys()].sort(groupBy === "release" ? compareReleases : undefined);
      for (const k of keys) {
        const g = groups.get(k) ?? [];
        const lags = g
          .map((r) => ({ build: r.upstreamBuild, lag: r.rebuilds[id]?.lagDays ?? null }))
          .filter((x): x is { build: string; lag: number } => x.lag !== null);
        const sorted = lags.map((x) => x.lag).sort((a, b) => a - b);
        out.push({
          rebuild: id,
          groupBy,
          group: k,
          builds: g.length,
          matched: lags.length,
          missing: g.length - lags.length,
          medianDays: median(sorted),
          p90Days: percentile(sorted, 90),
          maxDays: sorted.length === 0 ? null : (sorted[sorted.length - 1] as number),
          within1Day: sorted.length === 0 ? null : round(sorted.filter((d) => d <= 1).length / sorted.length),
          within7Days: sorted.length === 0 ? null : round(sorted.filter((d) => d <= 7).length / sorted.length),
          slowest: lags
            .sort((a, b) => b.lag - a.lag || (a.build < b.build ? -1 : 1))
            .slice(0, 5)
            .map((x) => ({ build: x.build, lagDays: x.lag })),
        });
      }
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
