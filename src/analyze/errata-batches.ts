/** One upstream advisory's release day, as some source states it. */
export interface UpstreamAdvisoryDay {
  /** The upstream advisory (RHSA-2024:2758); the same advisory copied by two rebuilds counts once. */
  readonly upstreamId: string;
  /** The major releases its packages are for. */
  readonly majors: readonly string[];
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  /** Whose record the day is: the upstream's own advisory, or a rebuild's copy of its date. */
  readonly via: "upstream advisory" | "copied by the rebuild";
  /** The source kind and distribution that gave it, for the row's provenance ("redhat-csaf", "almalinux osv"). */
  readonly source: string;
  /** The minor a GA-batch product stream names (CSAF `AppStream-9.4.0.GA`), when the source says. */
  readonly gaMinor: string | null;
}

/** The day a minor release's batch of upstream advisories came out. */
export interface ErrataBatch {
  readonly release: string;
  readonly day: string;
  readonly advisories: number;
  readonly via: UpstreamAdvisoryDay["via"];
  readonly sources: readonly string[];
}

/** How batches are told apart from the daily trickle of advisories. */
export interface BatchRule {
  /** Only days within this many days of the release's announcement are candidates. */
  readonly windowDays: number;
  /** A day needs at least this many advisories for the major to be a batch. */
  readonly minAdvisories: number;
}

const DAY_MS = 86_400_000;

/**
 * The errata convention of a minor's GA: the day its batch of upstream advisories was released.
 * A source that names the GA stream (CSAF `…-9.4.0.GA` product ids) decides directly: the day most
 * of those advisories came out. Otherwise the day, within `windowDays` of the announcement, on which
 * the most advisories for that major came out, if at least `minAdvisories` did; the upstream's own
 * advisories are preferred to rebuilds' copies of their dates. Null when no day qualifies (a new
 * major's .0 has no earlier minor to batch fixes for). Pure.
 *
 * @example
 * gaBatch("9.4", "2024-04-30", days, { windowDays: 14, minAdvisories: 10 }) // { day: "2024-04-30", advisories: 77, ... }
 */
export function gaBatch(
  release: string,
  announcement: string | null,
  days: readonly UpstreamAdvisoryDay[],
  rule: BatchRule,
): ErrataBatch | null {
  const named = days.filter((d) => d.gaMinor === release);
  if (named.length > 0) return busiest(release, named, 1);
  if (announcement === null) return null;
  const major = release.split(".")[0] ?? "";
  const at = Date.parse(announcement);
  const near = days.filter(
    (d) => d.majors.includes(major) && Math.abs(Date.parse(d.day) - at) <= rule.windowDays * DAY_MS,
  );
  for (const via of ["upstream advisory", "copied by the rebuild"] as const) {
    const batch = busiest(
      release,
      near.filter((d) => d.via === via),
      rule.minAdvisories,
    );
    if (batch !== null) return batch;
  }
  return null;
}

/** The day with the most distinct advisories (the earlier day on a tie), if it has at least `min`. */
function busiest(release: string, days: readonly UpstreamAdvisoryDay[], min: number): ErrataBatch | null {
  const byDay = new Map<string, { ids: Set<string>; sources: Set<string>; via: UpstreamAdvisoryDay["via"] }>();
  for (const d of days) {
    const g = byDay.get(d.day) ?? { ids: new Set<string>(), sources: new Set<string>(), via: d.via };
    g.ids.add(d.upstreamId);
    g.sources.add(d.source);
    byDay.set(d.day, g);
  }
  let best: ErrataBatch | null = null;
  for (const day of [...byDay.keys()].sort()) {
    const g = byDay.get(day);
    if (g === undefined || g.ids.size < min || (best !== null && g.ids.size <= best.advisories)) continue;
    best = { release, day, advisories: g.ids.size, via: g.via, sources: [...g.sources].sort() };
  }
  return best;
}
