import type { Distro } from "../catalog/catalog-schema.js";
import { type BatchRule, type ErrataBatch, type UpstreamAdvisoryDay, gaBatch } from "./errata-batches.js";
import { compareReleases } from "./source-build.js";
import { median } from "./update-lag.js";

/** A release date from one source. */
export interface DatedRelease {
  readonly distro: string;
  readonly release: string;
  readonly date: string;
  readonly sourceKind: string;
}

/**
 * Which RHEL GA date counts: the announcement (release tables, endoflife.date), or the errata
 * convention: the day the minor's batch of GA advisories was released (its release package's
 * erratum where one is stored, else the advisory batch).
 */
export type GaConvention = "announcement" | "errata";

/** The upstream's date of one minor by one convention, and where it came from. */
export interface ConventionDate {
  readonly date: string;
  /** A release-date source kind, or "errata batch" with the advisories' sources. */
  readonly source: string;
  /** For an errata batch: how many upstream advisories came out that day. */
  readonly advisories: number | null;
}

/** Days from the upstream's GA of a release to a rebuild's, with every source's date. */
export interface ReleaseLagRow {
  readonly release: string;
  readonly distro: string;
  readonly upstream: string;
  readonly upstreamDate: string | null;
  readonly upstreamSource: string | null;
  /** The convention the upstream date follows: the one asked for, or "announcement" where the errata convention has no date (a new major's .0). */
  readonly upstreamConvention: GaConvention | null;
  /** The upstream's date by each convention, so a reader sees both. */
  readonly upstreamByConvention: {
    readonly announcement: ConventionDate | null;
    readonly errata: ConventionDate | null;
    /** Announcement minus errata batch, in days: how far the two conventions disagree. */
    readonly differDays: number | null;
  };
  /** Every source's date for the upstream's release, by source kind. */
  readonly upstreamSources: Readonly<Record<string, string>>;
  /** Days between the earliest and latest of those: how much the upstream's sources disagree. */
  readonly upstreamDisagreementDays: number;
  /** The distribution's first release: its lag measures a project starting, not a rebuild keeping pace, so summaries leave it out. */
  readonly firstRelease: boolean;
  readonly date: string | null;
  readonly source: string | null;
  readonly lagDays: number | null;
  /** The lag by each convention's upstream date (the errata one falls back to the announcement). */
  readonly lagDaysByConvention: { readonly announcement: number | null; readonly errata: number | null };
  /** Every source's date for the rebuild's release, by source kind. */
  readonly sources: Readonly<Record<string, string>>;
  /** Days between the earliest and latest of those dates: how much the sources disagree. */
  readonly disagreementDays: number;
}

const DAY = 86_400_000;

function choose(
  dates: readonly DatedRelease[],
  distro: string,
  release: string,
  precedence: readonly string[],
): { date: string; source: string } | null {
  for (const kind of precedence) {
    const d = dates.find((x) => x.distro === distro && x.release === release && x.sourceKind === kind);
    if (d !== undefined) return { date: d.date, source: kind };
  }
  return null;
}

/** Days between the earliest and the latest date of a source → date record. */
function spread(sources: Readonly<Record<string, string>>): number {
  const times = Object.values(sources).map((d) => Date.parse(d));
  return times.length < 2 ? 0 : Math.round((Math.max(...times) - Math.min(...times)) / DAY);
}

function daysBetween(from: { date: string } | null, to: { date: string } | null): number | null {
  return from === null || to === null ? null : Math.round((Date.parse(to.date) - Date.parse(from.date)) / DAY);
}

/** What the errata convention reads: upstream advisories' release days and the rule that finds a batch. */
export interface ErrataEvidence {
  readonly days: readonly UpstreamAdvisoryDay[];
  readonly rule: BatchRule;
}

function sourcesOf(dates: readonly DatedRelease[], distro: string, release: string): Record<string, string> {
  return Object.fromEntries(
    dates
      .filter((d) => d.distro === distro && d.release === release)
      .map((d): [string, string] => [d.sourceKind, d.date])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * Initial release lag per release: each side's date chosen by its catalog
 * precedence (RHEL's by the GA convention), all sources kept beside it. Pure.
 *
 * @example
 * computeReleaseLag(dates, rhel, [alma, rocky], "announcement", { days, rule: { windowDays: 14, minAdvisories: 10 } })
 */
export function computeReleaseLag(
  dates: readonly DatedRelease[],
  upstream: Distro,
  rebuilds: readonly Distro[],
  convention: GaConvention,
  errata: ErrataEvidence = { days: [], rule: { windowDays: 0, minAdvisories: 1 } },
): ReleaseLagRow[] {
  const announcementPrecedence = (upstream.releaseDates?.precedence ?? []).filter((k) => k !== "rhel-errata");
  // A major's release date is its first minor's: sources that only list "8" speak for the first
  // minor the catalog declares for that distribution (AlmaLinux 8 began with 8.3), else for "8.0".
  const byId = new Map([upstream, ...rebuilds].map((d) => [d.id, d]));
  const firstMinor = (distro: string, major: string): string =>
    byId.get(distro)?.majors.find((m) => m.major === major)?.minors[0] ?? `${major}.0`;
  const known = new Set(dates.map((d) => `${d.distro}|${d.release}|${d.sourceKind}`));
  dates = dates.flatMap((d) => {
    if (d.release.includes(".")) return [d];
    const release = firstMinor(d.distro, d.release);
    return known.has(`${d.distro}|${release}|${d.sourceKind}`) ? [d] : [{ ...d, release }];
  });
  const upstreamDates = new Map<string, ReleaseLagRow["upstreamByConvention"]>();
  const byConvention = (release: string): ReleaseLagRow["upstreamByConvention"] => {
    const known = upstreamDates.get(release);
    if (known !== undefined) return known;
    const a = choose(dates, upstream.id, release, announcementPrecedence);
    const announcement = a === null ? null : { date: a.date, source: a.source, advisories: null };
    const erratum = choose(dates, upstream.id, release, ["rhel-errata"]);
    const batch: ErrataBatch | null =
      erratum === null ? gaBatch(release, a?.date ?? null, errata.days, errata.rule) : null;
    const errataDate =
      erratum !== null
        ? { date: erratum.date, source: erratum.source, advisories: null }
        : batch !== null
          ? { date: batch.day, source: `errata batch (${batch.sources.join(", ")})`, advisories: batch.advisories }
          : null;
    const both = { announcement, errata: errataDate, differDays: daysBetween(errataDate, announcement) };
    upstreamDates.set(release, both);
    return both;
  };
  const out: ReleaseLagRow[] = [];
  for (const r of rebuilds) {
    const precedence = r.releaseDates?.precedence ?? [];
    // Only the majors the catalog declares for this distribution: older history has no repositories to check.
    // and only the minors it declares there: no row for a release the distribution never made.
    const majors = new Set(r.majors.map((m) => m.major));
    const declared = new Set(r.majors.flatMap((m) => m.minors));
    const releases = [...new Set(dates.filter((d) => d.distro === r.id).map((d) => d.release))]
      .filter(
        (rel) => rel.includes(".") && majors.has(rel.split(".")[0] ?? "") && (declared.size === 0 || declared.has(rel)),
      )
      .sort(compareReleases);
    // The first release: the catalog's word where it gives one (Rocky's 8.3 was a release
    // candidate, 8.4 its first GA), else the earliest minor the catalog declares for it.
    const first = new Set(r.releaseDates?.firstReleases ?? [...declared].sort(compareReleases).slice(0, 1));
    for (const release of releases) {
      const mine = choose(dates, r.id, release, precedence);
      const both = byConvention(release);
      const wanted = convention === "errata" ? both.errata : both.announcement;
      const up = wanted ?? (convention === "errata" ? both.announcement : null);
      const sources = sourcesOf(dates, r.id, release);
      const upstreamSources = sourcesOf(dates, upstream.id, release);
      out.push({
        release,
        distro: r.id,
        upstream: upstream.id,
        upstreamDate: up?.date ?? null,
        upstreamSource: up?.source ?? null,
        upstreamConvention: up === null ? null : wanted !== null ? convention : "announcement",
        upstreamByConvention: both,
        upstreamSources,
        upstreamDisagreementDays: spread(upstreamSources),
        firstRelease: first.has(release),
        date: mine?.date ?? null,
        source: mine?.source ?? null,
        lagDays: daysBetween(up, mine),
        lagDaysByConvention: {
          announcement: daysBetween(both.announcement, mine),
          errata: daysBetween(both.errata ?? both.announcement, mine),
        },
        sources,
        disagreementDays: spread(sources),
      });
    }
  }
  return out;
}

/** Release lag over one rebuild's measured minors, first releases left out. */
export interface ReleaseLagSummary {
  readonly distro: string;
  readonly minors: number;
  readonly medianDays: number | null;
  readonly maxDays: number | null;
  /** Measured minors left out because they were the distribution's first release. */
  readonly excludedFirstReleases: readonly string[];
}

/**
 * Per rebuild: the median and maximum release lag over its measured minors, its first
 * release kept out (and named). Pure.
 *
 * @example
 * summarizeReleaseLag(rows) // [{ distro: "almalinux", minors: 15, medianDays: 6, excludedFirstReleases: ["8.3"] }]
 */
export function summarizeReleaseLag(rows: readonly ReleaseLagRow[]): ReleaseLagSummary[] {
  const ids = [...new Set(rows.map((r) => r.distro))].sort();
  return ids.map((distro) => {
    const measured = rows.filter((r) => r.distro === distro && r.lagDays !== null);
    const counted = measured
      .filter((r) => !r.firstRelease)
      .map((r) => r.lagDays as number)
      .sort((a, b) => a - b);
    return {
      distro,
      minors: counted.length,
      medianDays: median(counted),
      maxDays: counted.at(-1) ?? null,
      excludedFirstReleases: measured.filter((r) => r.firstRelease).map((r) => r.release),
    };
  });
}
