import { copiesUpstreamDate } from "../model/copies-upstream-date.js";
import type { OwnPublicationField } from "../model/own-publication.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import { isFeedBackfill } from "./feed-backfill.js";
import { median, percentile } from "./update-lag.js";

/** The three advisory clocks never mix: each figure names the lag it is. */
export type AdvisoryLagName = "errata lag" | "feed lag";

/** One rebuild advisory against the upstream advisory it rebuilds. */
export interface AdvisoryLagRow {
  readonly distro: string;
  readonly advisory: string;
  readonly upstreamId: string;
  /** How the upstream advisory was found: named by the rebuild's advisory, or by the builds both fix. */
  readonly matchedBy: "id" | "builds";
  readonly type: string;
  readonly severity: string | null;
  readonly majors: readonly string[];
  readonly cves: readonly string[];
  readonly upstreamDate: string | null;
  /** "upstream advisory" when the upstream's own record is stored; "copied by the rebuild" when only the rebuild's copy of it is (OSV `published`, errata.json `issued_date`). */
  readonly upstreamDateSource: "upstream advisory" | "copied by the rebuild" | null;
  /** Errata lag: the rebuild's own publication time, and only that; null when its source states none. */
  readonly date: string | null;
  readonly dateSource: "published by the rebuild" | null;
  /** The source field that states it (Apollo publishedAt, errata.json updated_date, OSV modified of the first version). */
  readonly dateField: OwnPublicationField | null;
  /** Errata lag in days: upstream advisory to the rebuild's own publication. */
  readonly lagDays: number | null;
  /** A time the advisory was out by (its first git commit, or elscope's first sight in a synced repository): an upper bound, never the errata-lag date. */
  readonly upperBound: string | null;
  readonly upperBoundSource: "git commit" | "observer first seen" | null;
  /** Feed lag: when the feed's history first carried the advisory; null when that commit was a backfill or there is no history. */
  readonly feedDate: string | null;
  readonly feedCommit: string | null;
  /** Whether the first commit was a backfill (more than BACKFILL_FILES advisory files at once); null without git history. */
  readonly feedBackfill: boolean | null;
  /** Feed lag in days: upstream advisory to the feed's first commit of it. */
  readonly feedLagDays: number | null;
}

const DAY = 86_400_000;

/** Days from `from` to `to`, exact (renderers round); null when either is unknown. */
function daysBetween(from: string | null, to: string | null): number | null {
  return from === null || to === null ? null : (Date.parse(to) - Date.parse(from)) / DAY;
}

/**
 * Errata lag and feed lag, kept apart: for each rebuild advisory that names an
 * upstream one, days from the upstream's publication to the rebuild's own
 * publication (errata lag), and to the commit that first carried it in the
 * feed's history unless that commit was a backfill (feed lag). Timestamps the
 * sources only copy are never taken as the rebuild's own, a commit time is only
 * an upper bound of the publication, and unknown stays unknown. Pure.
 *
 * @example
 * computeAdvisoryLag(await store.advisories("almalinux"), await store.advisories("rhel"))
 */
export function computeAdvisoryLag(
  rebuild: readonly StoredAdvisory[],
  upstream: readonly StoredAdvisory[],
  unmark: (release: string) => string = (r) => r,
): AdvisoryLagRow[] {
  const up = new Map(upstream.map((a) => [a.id, a]));
  // Upstream advisories by the builds they fix, for rebuild advisories that name none.
  const byBuild = new Map<string, string>();
  for (const u of upstream) {
    for (const p of u.packages) if (!byBuild.has(`${p.name}|${p.evr}`)) byBuild.set(`${p.name}|${p.evr}`, u.id);
  }
  const rows: AdvisoryLagRow[] = [];
  for (const a of rebuild) {
    let upstreamId = a.upstreamIds.find((id) => up.has(id)) ?? a.upstreamIds[0];
    let matchedBy: "id" | "builds" = "id";
    if (upstreamId === undefined || (!up.has(upstreamId) && upstream.length > 0)) {
      const votes = new Map<string, number>();
      for (const p of a.packages) {
        const dash = p.evr.lastIndexOf("-");
        const evr = dash === -1 ? p.evr : `${p.evr.slice(0, dash)}-${unmark(p.evr.slice(dash + 1))}`;
        const hit = byBuild.get(`${p.name}|${evr}`);
        if (hit !== undefined) votes.set(hit, (votes.get(hit) ?? 0) + 1);
      }
      const best = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
      if (best !== undefined) {
        upstreamId = best[0];
        matchedBy = "builds";
      }
    }
    if (upstreamId === undefined) continue;
    const u = up.get(upstreamId);
    // OSV `published` and errata.json `issued_date` are the same field (errata2osv maps one to the
    // other) and carry the RHSA's day: the upstream's date as the rebuild copied it, never its own.
    const copies = copiesUpstreamDate(a.sourceKind);
    const upstreamDate = u?.issued ?? (copies ? a.issued : null);
    const upstreamDateSource =
      u?.issued != null ? "upstream advisory" : upstreamDate !== null ? "copied by the rebuild" : null;
    const upperBound = a.firstSeenGit ?? (a.sourceKind === "rpm-md-updateinfo" ? a.firstSeenObserver : null);
    const feedBackfill = a.firstSeenGit === null ? null : isFeedBackfill(a.feedCommitFiles);
    const feedDate = feedBackfill === false ? a.firstSeenGit : null;
    rows.push({
      distro: a.distro,
      advisory: a.id,
      upstreamId,
      matchedBy,
      type: a.type,
      severity: a.severity,
      majors: a.majors,
      cves: a.cves,
      upstreamDate,
      upstreamDateSource,
      date: a.ownPublished,
      dateSource: a.ownPublished !== null ? "published by the rebuild" : null,
      dateField: a.ownPublished !== null ? a.ownPublishedFrom : null,
      lagDays: daysBetween(upstreamDate, a.ownPublished),
      upperBound,
      upperBoundSource: a.firstSeenGit !== null ? "git commit" : upperBound !== null ? "observer first seen" : null,
      feedDate,
      feedCommit: a.feedCommit,
      feedBackfill,
      feedLagDays: daysBetween(upstreamDate, feedDate),
    });
  }
  return rows.sort((x, y) =>
    x.upstreamId < y.upstreamId ? -1 : x.upstreamId > y.upstreamId ? 1 : x.advisory < y.advisory ? -1 : 1,
  );
}

/** Lag statistics over one group of advisories, for one named lag. */
export interface AdvisoryLagSummary {
  readonly lag: AdvisoryLagName;
  readonly groupBy: "all" | "year" | "major" | "severity" | "type";
  readonly group: string;
  readonly advisories: number;
  readonly measured: number;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  readonly maxDays: number | null;
}

/**
 * Summaries of errata lag, then of feed lag, each overall and per year (of the
 * upstream date), major release, severity and type. Pure.
 *
 * @example
 * summarizeAdvisoryLag(rows).find((s) => s.lag === "errata lag" && s.groupBy === "all")?.medianDays
 */
export function summarizeAdvisoryLag(rows: readonly AdvisoryLagRow[]): AdvisoryLagSummary[] {
  const groupings: readonly [AdvisoryLagSummary["groupBy"], (r: AdvisoryLagRow) => readonly string[]][] = [
    ["all", () => ["all"]],
    ["year", (r) => [r.upstreamDate?.slice(0, 4) ?? "unknown"]],
    ["major", (r) => (r.majors.length > 0 ? r.majors : ["unknown"])],
    ["severity", (r) => [r.severity ?? "none"]],
    ["type", (r) => [r.type]],
  ];
  const lags: readonly [AdvisoryLagName, (r: AdvisoryLagRow) => number | null][] = [
    ["errata lag", (r) => r.lagDays],
    ["feed lag", (r) => r.feedLagDays],
  ];
  const out: AdvisoryLagSummary[] = [];
  for (const [lag, daysOf] of lags) {
    for (const [groupBy, keys] of groupings) {
      const groups = new Map<string, AdvisoryLagRow[]>();
      for (const r of rows) for (const k of keys(r)) (groups.get(k) ?? groups.set(k, []).get(k))?.push(r);
      for (const k of [...groups.keys()].sort()) {
        const g = groups.get(k) ?? [];
        const days = g
          .map(daysOf)
          .filter((x): x is number => x !== null)
          .sort((a, b) => a - b);
        out.push({
          lag,
          groupBy,
          group: k,
          advisories: g.length,
          measured: days.length,
          medianDays: median(days),
          p90Days: percentile(days, 90),
          maxDays: days.length === 0 ? null : (days[days.length - 1] as number),
        });
      }
    }
  }
  return out;
}

/** How long a rebuild stayed without the fix for one CVE. */
export interface ExposureRow {
  readonly cve: string;
  readonly upstreamFixed: string | null;
  readonly rebuildFixed: string | null;
  readonly exposureDays: number | null;
  readonly advisories: readonly string[];
  /** What the rebuild's fix time is measured from: its synced packages (first file time of a fixed build) or its advisories. */
  readonly basis: "packages" | "advisories";
}

/**
 * CVE exposure windows: earliest upstream fix to earliest rebuild fix, per CVE.
 * `fromPackages` gives the rebuild's fix time from its synced packages where it
 * can; otherwise the advisories' times are used, and each row says which. Pure.
 */
export function computeExposure(
  rows: readonly AdvisoryLagRow[],
  fromPackages: (cve: string) => string | null = () => null,
): ExposureRow[] {
  const by = new Map<string, AdvisoryLagRow[]>();
  for (const r of rows) for (const c of r.cves) (by.get(c) ?? by.set(c, []).get(c))?.push(r);
  const min = (xs: (string | null)[]): string | null => xs.filter((x): x is string => x !== null).sort()[0] ?? null;
  return [...by.keys()].sort().map((cve) => {
    const g = by.get(cve) ?? [];
    const upstreamFixed = min(g.map((r) => r.upstreamDate));
    const packaged = fromPackages(cve);
    const rebuildFixed = packaged ?? min(g.map((r) => r.date));
    return {
      cve,
      upstreamFixed,
      rebuildFixed,
      exposureDays: daysBetween(upstreamFixed, rebuildFixed),
      advisories: g.map((r) => r.advisory).sort(),
      basis: packaged !== null ? ("packages" as const) : ("advisories" as const),
    };
  });
}
