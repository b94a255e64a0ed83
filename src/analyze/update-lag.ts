import { BuildMatcher, type MatchRules } from "./build-matcher.js";
import { KAPLAN_MEIER, kaplanMeierSorted, survivalQuantile, survivalShareWithin } from "./kaplan-meier.js";
import { compareReleases, nvr, type SourceBuild } from "./source-build.js";
import { type TimeSource, timeOf } from "./time-of.js";
import type { ClockedBuild, UpstreamTimeSource } from "./upstream-clock.js";

/** A distribution's builds and the rules to match them upstream. */
export interface RebuildInput {
  readonly id: string;
  readonly builds: readonly SourceBuild[];
  readonly rules: MatchRules;
}

/** A rebuild for package lag: its builds, and when it was last looked at. */
export interface LagRebuildInput extends RebuildInput {
  /** Its newest sync (ISO): a build it has not shipped is pending as of then. */
  readonly asOf: string;
}

/**
 * How long one rebuild took to ship one upstream build: shipped (`identical` or `modified`,
 * with `lagDays`), or `pending`: not on its mirror as of its newest sync, `waitingDays` so far.
 */
export type RebuildLag =
  | {
      readonly status: "identical" | "modified";
      readonly build: string;
      readonly time: string;
      /** Days, exact (round for display only); negative when the rebuild shipped first. */
      readonly lagDays: number;
      readonly waitingDays: null;
      readonly timeSource: TimeSource;
    }
  | {
      readonly status: "pending";
      readonly build: null;
      readonly time: null;
      readonly lagDays: null;
      /** Days from the upstream build to the rebuild's newest sync, exact; 0 when that sync came first. */
      readonly waitingDays: number;
      readonly timeSource: null;
    };

/**
 * How one rebuild stands for one upstream build, as the summaries read it: numbers and the
 * matched build. The text of a row (RebuildLag: the build's name, the ISO time) is made only for
 * rows that are written (`rebuildLagOf`): a summary of a large major reads 500,000 of these.
 */
export type WideLag =
  | {
      readonly status: "identical" | "modified";
      readonly build: SourceBuild;
      /** The rebuild's time (ms) on the clock `timeSource` names. */
      readonly endMs: number;
      readonly lagDays: number;
      readonly timeSource: TimeSource;
    }
  | { readonly status: "pending"; readonly waitingDays: number };

/** One upstream build and every rebuild's lag for it. */
export interface LagRow {
  readonly upstream: SourceBuild;
  /** The upstream build's time (ms) on the clock `upstreamTimeSource` names. */
  readonly upstreamMs: number;
  /** The earliest catalog release whose repositories carry it. */
  readonly upstreamRelease: string;
  /** Which clock the upstream time is: "file" | "seen" (a synced repository), "upstream advisory" or "copied advisory". */
  readonly upstreamTimeSource: UpstreamTimeSource;
  readonly rebuilds: Readonly<Record<string, WideLag>>;
}

/** The upstream build's columns of a lag row, as every front end shows them. */
// A type, not an interface: rows are written as records of cells (CSV), which needs an index signature.
export type LagUpstreamColumns = {
  readonly package: string;
  readonly upstreamBuild: string;
  readonly upstreamEvr: string;
  /** The earliest catalog release whose repositories carry it. */
  readonly upstreamRelease: string;
  readonly upstreamRepo: string;
  readonly upstreamTime: string;
  /** Which clock upstreamTime is: "file" | "seen" (a synced repository), "upstream advisory" or "copied advisory". */
  readonly upstreamTimeSource: UpstreamTimeSource;
};

/**
 * The upstream columns of a row.
 *
 * @example
 * upstreamColumns(row).upstreamBuild // "bash-5.1.8-9.el9"
 */
export function upstreamColumns(r: LagRow): LagUpstreamColumns {
  const u = r.upstream;
  return {
    package: u.name,
    upstreamBuild: nvr(u),
    upstreamEvr: evr(u),
    upstreamRelease: r.upstreamRelease,
    upstreamRepo: u.repos[0] ?? "",
    upstreamTime: new Date(r.upstreamMs).toISOString(),
    upstreamTimeSource: r.upstreamTimeSource,
  };
}

/**
 * A rebuild's lag as a row shows it.
 *
 * @example
 * rebuildLagOf({ status: "pending", waitingDays: 3 }).build // null
 */
export function rebuildLagOf(w: WideLag): RebuildLag {
  if (w.status === "pending")
    return { status: "pending", build: null, time: null, lagDays: null, waitingDays: w.waitingDays, timeSource: null };
  return {
    status: w.status,
    build: nvr(w.build),
    time: new Date(w.endMs).toISOString(),
    lagDays: w.lagDays,
    waitingDays: null,
    timeSource: w.timeSource,
  };
}

const DAY_MS = 86_400_000;

function evr(b: SourceBuild): string {
  return `${b.epoch > 0 ? `${b.epoch}:` : ""}${b.version}-${b.release}`;
}

/** The minor a build first appeared in; the rolling major only when no minor carries it. */
function firstRelease(b: SourceBuild): string {
  // Most builds are in one release: no lists made for them.
  if (b.releases.length === 1) return b.releases[0] ?? "";
  const minors = b.releases.filter((r) => r.includes("."));
  return (minors.length > 0 ? minors : b.releases).slice().sort(compareReleases)[0] ?? "";
}

/**
 * For every upstream build (with the clock `upstreamClock` chose for it), when each rebuild
 * shipped its counterpart and how many days later (or earlier), or how long it has been
 * pending as of the rebuild's newest sync. Pure; rows in the given order.
 *
 * @example
 * computeUpdateLag(upstreamClock({ repositoryBuilds: rhelBuilds, wanted: "file", upstreamAdvisories: [], copied: [] }),
 *   [{ id: "almalinux", builds, rules, asOf: "2026-12-01T08:00:00Z" }], "file")
 */
export function computeUpdateLag(
  upstream: readonly ClockedBuild[],
  rebuilds: readonly LagRebuildInput[],
  wanted: TimeSource,
): LagRow[] {
  const matchers = rebuilds.map((r) => ({
    id: r.id,
    asOf: Date.parse(r.asOf),
    m: new BuildMatcher(r.builds, r.rules, (b) => timeOf(b, wanted).ms),
  }));
  return upstream.map(({ build: u, ms, source: upstreamSource }) => {
    const per: Record<string, WideLag> = {};
    for (const { id, m, asOf } of matchers) {
      const match = m.match(u);
      if (match.status === "missing") {
        // Right-censored: it has waited this long so far; a build newer than the sync has waited 0 days as far as we know.
        const waitingDays = Math.max(0, (asOf - ms) / DAY_MS);
        per[id] = { status: "pending", waitingDays };
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
        build: match.build,
        endMs: end,
        lagDays: (end - start) / DAY_MS,
        timeSource: source,
      };
    }
    return {
      upstream: u,
      upstreamMs: ms,
      upstreamRelease: firstRelease(u),
      upstreamTimeSource: upstreamSource,
      rebuilds: per,
    };
  });
}

/**
 * Lag statistics over a group of upstream builds for one rebuild. Pending builds count: the
 * median, p90 and shares within 1 and 7 days are Kaplan–Meier product-limit estimates with
 * each pending build right-censored at its waiting time (named in `estimator`), so a rebuild
 * that never ships never looks fast.
 */
export interface LagSummary {
  readonly rebuild: string;
  readonly groupBy: "distro" | "release" | "repo" | "package";
  readonly group: string;
  readonly builds: number;
  /** Upstream builds the rebuild has shipped (identical or modified). */
  readonly matched: number;
  /** Upstream builds the rebuild has not shipped as of `asOf`. */
  readonly pending: number;
  /** How the median, p90 and shares are estimated, and as of when. */
  readonly estimator: string;
  /** The rebuild's newest sync: pending builds are pending as of then. */
  readonly asOf: string;
  /** Null when too many builds are pending to reach the share (more than half for the median). */
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  /** The longest lag of a shipped build. */
  readonly maxDays: number | null;
  /** Estimated share of the upstream builds shipped within 1 and 7 days (0..1); pending builds older than that count as not. */
  readonly within1Day: number | null;
  readonly within7Days: number | null;
  /** How long the pending builds have waited so far (days, as of `asOf`). */
  readonly pendingMedianDays: number | null;
  readonly pendingMaxDays: number | null;
  readonly slowest: readonly { readonly build: string; readonly lagDays: number }[];
}

/** Median of sorted numbers (mean of the two middle ones for an even count). */
export function median(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** The groupings a lag summary can be made over. */
export type LagGroupBy = LagSummary["groupBy"];

/** Every grouping, in output order. */
export const LAG_GROUPINGS: readonly LagGroupBy[] = ["distro", "release", "repo", "package"];

/**
 * The groupings made unless asked otherwise: per package is one summary per source package
 * (120,000 for four rebuilds of a large major), so it is made only when asked for.
 */
export const DEFAULT_LAG_GROUPINGS: readonly LagGroupBy[] = ["distro", "release", "repo"];

const KEY_OF: Readonly<Record<LagGroupBy, (r: LagRow) => string>> = {
  distro: () => "all",
  release: (r) => r.upstreamRelease,
  repo: (r) => r.upstream.repos[0] ?? "",
  package: (r) => r.upstream.name,
};

/** How many of a group's slowest builds a summary names. */
const SLOWEST = 5;

/**
 * Keeps `top` the SLOWEST slowest builds seen so far, slowest first (ties by build name), as a
 * full sort of every build would order them, without sorting them all. A build faster than all
 * of a full list is turned away before its name is made.
 */
function keepSlowest(top: { build: string; lagDays: number }[], upstream: SourceBuild, lagDays: number): void {
  const last = top.length === SLOWEST ? top[SLOWEST - 1] : undefined;
  if (last !== undefined && lagDays < last.lagDays) return;
  const build = nvr(upstream);
  const before = (a: { build: string; lagDays: number }): boolean =>
    lagDays > a.lagDays || (lagDays === a.lagDays && build < a.build);
  if (last !== undefined && !before(last)) return;
  let at = top.length;
  while (at > 0 && before(top[at - 1] as { build: string; lagDays: number })) at--;
  top.splice(at, 0, { build, lagDays });
  if (top.length > SLOWEST) top.pop();
}

/**
 * Summaries per rebuild: over everything, per upstream release, per
 * repository and (when asked) per package, sorted by rebuild, grouping and group.
 *
 * @example
 * summarizeLag(rows, [{ id: "almalinux", asOf: "2026-12-01T08:00:00Z" }], ["release"])
 */
export function summarizeLag(
  rows: readonly LagRow[],
  rebuilds: readonly { readonly id: string; readonly asOf: string }[],
  by: readonly LagGroupBy[] = LAG_GROUPINGS,
): LagSummary[] {
  const out: LagSummary[] = [];
  const groupings = LAG_GROUPINGS.filter((g) => by.includes(g)).map((g) => [g, KEY_OF[g]] as const);
  // The groups are the same for every rebuild: made once.
  const grouped = groupings.map(([groupBy, keyOf]) => {
    const groups = new Map<string, LagRow[]>();
    for (const r of rows) {
      const k = keyOf(r);
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [r]);
      else g.push(r);
    }
    return { groupBy, groups, keys: [...groups.keys()].sort(groupBy === "release" ? compareReleases : undefined) };
  });
  for (const { id, asOf } of rebuilds) {
    for (const { groupBy, groups, keys } of grouped) {
      for (const k of keys) {
        const g = groups.get(k) ?? [];
        // Typed arrays sort numbers natively, and only the five slowest builds are kept as objects:
        // the groups of a large major hold 30,000 builds, summarised for every rebuild.
        const lagDays = new Float64Array(g.length);
        const waitingDays = new Float64Array(g.length);
        let matched = 0;
        let pending = 0;
        const slowest: { build: string; lagDays: number }[] = [];
        for (const r of g) {
          const x = r.rebuilds[id];
          if (x === undefined) continue;
          if (x.status === "pending") waitingDays[pending++] = x.waitingDays;
          else {
            lagDays[matched++] = x.lagDays;
            keepSlowest(slowest, r.upstream, x.lagDays);
          }
        }
        const sorted = lagDays.subarray(0, matched).sort();
        const waiting = waitingDays.subarray(0, pending).sort();
        const curve = kaplanMeierSorted(sorted, waiting);
        out.push({
          rebuild: id,
          groupBy,
          group: k,
          builds: g.length,
          matched,
          pending,
          estimator: `${KAPLAN_MEIER}; pending builds right-censored at ${id}'s newest sync`,
          asOf,
          medianDays: survivalQuantile(curve, 0.5),
          p90Days: survivalQuantile(curve, 0.9),
          maxDays: matched > 0 ? (sorted[matched - 1] as number) : null,
          within1Day: survivalShareWithin(curve, 1),
          within7Days: survivalShareWithin(curve, 7),
          pendingMedianDays: median(waiting),
          pendingMaxDays: pending > 0 ? (waiting[pending - 1] as number) : null,
          slowest,
        });
      }
    }
  }
  return out;
}
