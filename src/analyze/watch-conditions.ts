// Watch rules as pure functions: each takes the records a use case measured (src/queries) and
// answers the (rule, subject) conditions true now, each with its figure, source, clock and as-of.
import type { Distro } from "../catalog/catalog-schema.js";
import type { WatchRule } from "../catalog/watch-schema.js";
import { globPattern } from "../format/glob-pattern.js";
import type { ProbeHistoryRow } from "../model/probe-history-row.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import type { DatedRelease } from "./release-lag.js";
import { compareReleases } from "./source-build.js";

/** One rule's condition, true now for one subject (a build, a release, a mirror, a source). */
export interface WatchCondition {
  readonly rule: string;
  readonly kind: WatchRule["kind"];
  /** What it is about, stable across runs: firings are kept per rule and subject. */
  readonly subject: string;
  /** The measured figure and what it measures ("package lag (pending)", "behind", ...). */
  readonly figure: number;
  readonly unit: "days" | "hours" | "probes" | "share";
  readonly measure: string;
  /** The rule's threshold the figure crossed. */
  readonly threshold: number;
  /** One line a person reads: what, by how much, against what. */
  readonly message: string;
  readonly source: string;
  /** Which clock the figure's times come from. */
  readonly clock: string;
  /** When the data behind the figure was last fetched (null: unknown). */
  readonly asOf: string | null;
}

type RuleOf<K extends WatchRule["kind"]> = Extract<WatchRule, { kind: K }>;

const DAY_MS = 86_400_000;
const round = (x: number, places = 1): number => Math.round(x * 10 ** places) / 10 ** places;

/** A pending upstream build of package lag, as the update-lag use case's long rows give it. */
export interface PendingBuildRow {
  readonly package: string;
  readonly upstreamBuild: string;
  readonly upstreamEvr: string;
  readonly upstreamRelease: string;
  readonly upstreamTime: string;
  readonly upstreamTimeSource: string;
  readonly rebuild: string;
  readonly status: string;
  readonly waitingDays: number | null;
}

const plainEvr = (evr: string): string => evr.replace(/^0:/, "");

/**
 * Upstream security builds a rebuild has not shipped (package lag, pending) longer than the
 * rule's days: a build is a security build when an upstream security advisory ships it (its
 * severity from that advisory). Builds no upstream advisory names do not fire.
 *
 * @example
 * securityBuildPending(rule, lag.rows, rhelAdvisories, lag.sources, lag.asOf["almalinux"] ?? null)
 */
export function securityBuildPending(
  rule: RuleOf<"security-build-pending">,
  rows: readonly PendingBuildRow[],
  upstreamAdvisories: readonly StoredAdvisory[],
  sources: readonly string[],
  asOf: string | null,
): WatchCondition[] {
  const glob = rule.package === undefined ? null : globPattern(rule.package);
  const fixes = new Map<string, StoredAdvisory>();
  for (const a of upstreamAdvisories) {
    if (a.type !== "security") continue;
    if (rule.severity !== undefined && !rule.severity.includes(a.severity as never)) continue;
    for (const p of a.packages) {
      const key = `${p.name} ${plainEvr(p.evr)}`;
      const had = fixes.get(key);
      if (had === undefined || a.id < had.id) fixes.set(key, a);
    }
  }
  const out: WatchCondition[] = [];
  for (const r of rows) {
    if (r.rebuild !== rule.rebuild || r.status !== "pending" || r.waitingDays === null) continue;
    if (r.waitingDays <= rule.days || (glob !== null && !glob.test(r.package))) continue;
    const advisory = fixes.get(`${r.package} ${plainEvr(r.upstreamEvr)}`);
    if (advisory === undefined) continue;
    const days = round(r.waitingDays);
    out.push({
      rule: rule.name,
      kind: rule.kind,
      subject: `${r.rebuild} ${r.upstreamBuild}`,
      figure: days,
      unit: "days",
      measure: "package lag (pending)",
      threshold: rule.days,
      message: `${r.rebuild} has not shipped ${r.upstreamBuild} (${advisory.id}, ${advisory.severity ?? "severity unknown"}) ${days} days after upstream (package lag, pending; more than ${rule.days})`,
      source: [`${advisory.distro} advisory ${advisory.id} (${advisory.sourceKind})`, ...sources].join("; "),
      clock: `upstream build time: ${r.upstreamTimeSource} (${r.upstreamTime}); pending as of ${r.rebuild}'s newest sync`,
      asOf,
    });
  }
  return out;
}

/** The first date by a distribution's precedence of source kinds, else any. */
function dateOf(dates: readonly DatedRelease[], distro: string, release: string, precedence: readonly string[]) {
  const mine = dates.filter((d) => d.distro === distro && d.release === release);
  for (const kind of precedence) {
    const d = mine.find((x) => x.sourceKind === kind);
    if (d !== undefined) return d;
  }
  return mine.sort((a, b) => (a.date < b.date ? -1 : 1))[0];
}

/**
 * Upstream minors out longer than the rule's days that a rebuild has no release date for, in
 * majors it ships, after its first dated minor of that major (older minors predate the rebuild).
 *
 * @example
 * minorReleasePending(rule, await releaseDatesInStore(ctx), rhel, alma, now, asOf)
 */
export function minorReleasePending(
  rule: RuleOf<"minor-release-pending">,
  dates: readonly DatedRelease[],
  upstream: Distro,
  rebuild: Distro,
  now: Date,
  asOf: string | null,
): WatchCondition[] {
  const out: WatchCondition[] = [];
  const mine = new Set(dates.filter((d) => d.distro === rebuild.id).map((d) => d.release));
  const precedence = (upstream.releaseDates?.precedence ?? []).filter((k) => k !== "rhel-errata");
  for (const major of rebuild.majors.map((m) => m.major)) {
    const inMajor = (r: string): boolean => r.startsWith(`${major}.`);
    const first = [...mine].filter(inMajor).sort(compareReleases)[0];
    if (first === undefined) continue;
    const upstreamMinors = [
      ...new Set(dates.filter((d) => d.distro === upstream.id && inMajor(d.release)).map((d) => d.release)),
    ];
    for (const release of upstreamMinors.sort(compareReleases)) {
      if (mine.has(release) || compareReleases(release, first) < 0) continue;
      const up = dateOf(dates, upstream.id, release, precedence);
      if (up === undefined) continue;
      const days = round((now.getTime() - Date.parse(up.date)) / DAY_MS);
      if (days <= rule.days) continue;
      out.push({
        rule: rule.name,
        kind: rule.kind,
        subject: `${rebuild.id} ${release}`,
        figure: days,
        unit: "days",
        measure: "release lag (pending)",
        threshold: rule.days,
        message: `${rebuild.id} has not released ${release} ${days} days after ${upstream.id} GA on ${up.date} (release lag, pending; more than ${rule.days})`,
        source: `${upstream.id} ${release} GA: ${up.sourceKind}; no ${rebuild.id} ${release} date in any source`,
        clock: `${upstream.id} GA announcement date to now (${now.toISOString()})`,
        asOf,
      });
    }
  }
  return out;
}

/** Each target's probe runs, newest first, with each mirror's result per run. */
function runsByTarget(probes: readonly ProbeHistoryRow[]): Map<string, ProbeHistoryRow[][]> {
  const byTarget = new Map<string, Map<number, ProbeHistoryRow[]>>();
  for (const p of probes) {
    const runs = byTarget.get(p.target) ?? new Map<number, ProbeHistoryRow[]>();
    runs.set(p.runId, [...(runs.get(p.runId) ?? []), p]);
    byTarget.set(p.target, runs);
  }
  return new Map(
    [...byTarget].map(([t, runs]) => [t, [...runs].sort(([a], [b]) => b - a).map(([, rows]) => rows)] as const),
  );
}

/**
 * Mirrors whose newest probe found them more than the rule's hours behind the reference
 * (repomd.xml's newest metadata time against the reference's).
 *
 * @example
 * mirrorStale(rule, await mirrors.probeHistory("almalinux", 1))
 */
export function mirrorStale(rule: RuleOf<"mirror-stale">, probes: readonly ProbeHistoryRow[]): WatchCondition[] {
  const out: WatchCondition[] = [];
  for (const [target, runs] of runsByTarget(probes)) {
    for (const p of runs[0] ?? []) {
      if (p.behind_hours === null || p.behind_hours <= rule.hours) continue;
      out.push({
        rule: rule.name,
        kind: rule.kind,
        subject: `${rule.distro} ${p.mirror} ${target}`,
        figure: p.behind_hours,
        unit: "hours",
        measure: "mirror behind the reference",
        threshold: rule.hours,
        message: `${p.mirror} is ${p.behind_hours} h behind for ${target} (${p.status}; more than ${rule.hours} h)`,
        source: `probe run ${p.runId} of ${target}: ${p.url}`,
        clock: "repomd.xml's newest metadata time, the mirror's against the reference's",
        asOf: p.startedAt,
      });
    }
  }
  return out;
}

/**
 * Mirrors unreachable in at least the rule's number of newest probe runs of a repository in a
 * row; the figure is how many in a row, as far as the history read goes.
 *
 * @example
 * mirrorUnreachable(rule, await mirrors.probeHistory("almalinux", rule.probes))
 */
export function mirrorUnreachable(
  rule: RuleOf<"mirror-unreachable">,
  probes: readonly ProbeHistoryRow[],
): WatchCondition[] {
  const out: WatchCondition[] = [];
  for (const [target, runs] of runsByTarget(probes)) {
    for (const p of runs[0] ?? []) {
      let streak = 0;
      for (const run of runs) {
        if (run.find((x) => x.mirror === p.mirror)?.status !== "unreachable") break;
        streak++;
      }
      if (streak < rule.probes) continue;
      out.push({
        rule: rule.name,
        kind: rule.kind,
        subject: `${rule.distro} ${p.mirror} ${target}`,
        figure: streak,
        unit: "probes",
        measure: "unreachable probes in a row",
        threshold: rule.probes,
        message: `${p.mirror} was unreachable in ${streak} probes of ${target} in a row (${p.detail ?? "no answer"}; ${rule.probes} or more)`,
        source: `probe runs ${runs
          .slice(0, streak)
          .map((r) => r[0]?.runId)
          .join(", ")} of ${target}: ${p.url}`,
        clock: "probe run start times",
        asOf: p.startedAt,
      });
    }
  }
  return out;
}

/** A parity row as the parity use case gives it (repo "all" is the total). */
export interface ParityShareRow {
  readonly release: string;
  readonly repo: string;
  readonly rebuild: string;
  readonly upstreamBuilds: number;
  readonly shippedShare: number | null;
  readonly identicalShare: number | null;
}

/**
 * A rebuild whose share of the upstream's source builds (shipped, or identical) over the
 * release is below the rule's; an unknown share (no upstream builds) does not fire.
 *
 * @example
 * parityBelow(rule, parity.rows, parity.sources, parity.asOf["almalinux"] ?? null)
 */
export function parityBelow(
  rule: RuleOf<"parity-below">,
  rows: readonly ParityShareRow[],
  sources: readonly string[],
  asOf: string | null,
): WatchCondition[] {
  const total = rows.find((r) => r.repo === "all" && r.rebuild === rule.rebuild);
  const share = rule.measure === "identical" ? total?.identicalShare : total?.shippedShare;
  if (total === undefined || share === null || share === undefined || share >= rule.share) return [];
  return [
    {
      rule: rule.name,
      kind: rule.kind,
      subject: `${rule.rebuild} ${rule.release}`,
      figure: round(share, 4),
      unit: "share",
      measure: `parity (${rule.measure} share)`,
      threshold: rule.share,
      message: `${rule.rebuild} ${rule.release} ships ${round(share * 100, 2)}% of ${total.upstreamBuilds} upstream source builds ${rule.measure === "identical" ? "identical" : "in any form"} (below ${round(rule.share * 100, 2)}%)`,
      source: sources.join("; "),
      clock: "the newest synced snapshots of both",
      asOf,
    },
  ];
}

/** A source elscope updates, and when it last did so successfully. */
export interface SourceUpdate {
  readonly distro: string;
  /** Source kind ("almalinux-mirrors", "repository", ...). */
  readonly kind: string;
  readonly location: string;
  /** The newest successful read (null: never, so how long it has failed is unknown). */
  readonly lastSuccess: string | null;
  /** Which stored time `lastSuccess` is. */
  readonly clock: string;
}

/**
 * Sources whose newest successful update is older than the rule's days: failing (or not run)
 * since. A source never read successfully has no known duration and does not fire.
 *
 * @example
 * sourceFailing(rule, updates, new Date())
 */
export function sourceFailing(
  rule: RuleOf<"source-failing">,
  updates: readonly SourceUpdate[],
  now: Date,
): WatchCondition[] {
  const out: WatchCondition[] = [];
  for (const u of updates) {
    if (u.lastSuccess === null || (rule.distro !== undefined && u.distro !== rule.distro)) continue;
    const days = round((now.getTime() - Date.parse(u.lastSuccess)) / DAY_MS);
    if (days <= rule.days) continue;
    out.push({
      rule: rule.name,
      kind: rule.kind,
      subject: `${u.distro} ${u.kind} ${u.location}`,
      figure: days,
      unit: "days",
      measure: "days since the last successful update",
      threshold: rule.days,
      message: `${u.distro} ${u.kind} ${u.location} has not updated successfully for ${days} days (since ${u.lastSuccess}; more than ${rule.days})`,
      source: `${u.kind} ${u.location}`,
      clock: `${u.clock} to now (${now.toISOString()})`,
      asOf: u.lastSuccess,
    });
  }
  return out;
}

/** An open firing, as the store keeps it. */
export interface OpenFiring {
  readonly id: number;
  readonly rule: string;
  readonly subject: string;
}

/**
 * What changes: conditions without an open firing are new; open firings of the evaluated rules
 * whose condition no longer holds are resolved. Rules whose data is unknown this run keep theirs.
 *
 * @example
 * const { fired, resolved } = diffFirings(conditions, open, new Set(["alma-security"]));
 */
export function diffFirings(
  conditions: readonly WatchCondition[],
  open: readonly OpenFiring[],
  evaluated: ReadonlySet<string>,
): { readonly fired: readonly WatchCondition[]; readonly resolved: readonly OpenFiring[] } {
  const key = (x: { rule: string; subject: string }): string => `${x.rule}\u0000${x.subject}`;
  const openKeys = new Set(open.map(key));
  const now = new Set(conditions.map(key));
  const seen = new Set<string>();
  const fired = conditions.filter((c) => !openKeys.has(key(c)) && !seen.has(key(c)) && seen.add(key(c)));
  const resolved = open.filter((f) => evaluated.has(f.rule) && !now.has(key(f)));
  return { fired, resolved };
}
