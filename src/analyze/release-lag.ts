import type { Distro } from "../catalog/catalog-schema.js";
import { compareReleases } from "./source-build.js";

/** A release date from one source. */
export interface DatedRelease {
  readonly distro: string;
  readonly release: string;
  readonly date: string;
  readonly sourceKind: string;
}

/** Which RHEL GA date counts: the announcement (release tables) or the first GA errata. */
export type GaConvention = "announcement" | "errata";

/** Days from the upstream's GA of a release to a rebuild's, with every source's date. */
export interface ReleaseLagRow {
  readonly release: string;
  readonly distro: string;
  readonly upstream: string;
  readonly upstreamDate: string | null;
  readonly upstreamSource: string | null;
  readonly date: string | null;
  readonly source: string | null;
  readonly lagDays: number | null;
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

/**
 * Initial release lag per release: each side's date chosen by its catalog
 * precedence (RHEL's by the GA convention), all sources kept beside it. Pure.
 *
 * @example
 * computeReleaseLag(dates, rhel, [alma, rocky], "announcement")
 */
export function computeReleaseLag(
  dates: readonly DatedRelease[],
  upstream: Distro,
  rebuilds: readonly Distro[],
  convention: GaConvention,
): ReleaseLagRow[] {
  const upPrecedence =
    convention === "errata"
      ? ["rhel-errata"]
      : (upstream.releaseDates?.precedence ?? []).filter((k) => k !== "rhel-errata");
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
    for (const release of releases) {
      const mine = choose(dates, r.id, release, precedence);
      const up = choose(dates, upstream.id, release, upPrecedence);
      const all = dates.filter((d) => d.distro === r.id && d.release === release);
      const times = all.map((d) => Date.parse(d.date));
      out.push({
        release,
        distro: r.id,
        upstream: upstream.id,
        upstreamDate: up?.date ?? null,
        upstreamSource: up?.source ?? null,
        date: mine?.date ?? null,
        source: mine?.source ?? null,
        lagDays: mine !== null && up !== null ? Math.round((Date.parse(mine.date) - Date.parse(up.date)) / DAY) : null,
        sources: Object.fromEntries(
          all.map((d): [string, string] => [d.sourceKind, d.date]).sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
        disagreementDays: times.length < 2 ? 0 : Math.round((Math.max(...times) - Math.min(...times)) / DAY),
      });
    }
  }
  return out;
}
