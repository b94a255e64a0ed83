import type { StoredAdvisory } from "../model/stored-advisory.js";
import { median, percentile } from "./update-lag.js";

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
  /** "upstream advisory" when the upstream's own record is stored; "copied by the rebuild" when only the rebuild's copy of it is (OSV `published`). */
  readonly upstreamDateSource: "upstream advisory" | "copied by the rebuild" | null;
  readonly date: string | null;
  /** "git first seen": when the advisory first appeared in the source's history; "observer first seen": when elscope first saw it in a synced repository. */
  readonly dateSource: "git first seen" | "published by the rebuild" | "observer first seen" | null;
  readonly lagDays: number | null;
}

const DAY = 86_400_000;

/**
 * Advisory lag: for each rebuild advisory that names an upstream one, days
 * from the upstream's publication to the rebuild's. Timestamps the sources
 * only copy are never taken as the rebuild's own; unknown stays unknown. Pure.
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
    const upstreamDate = u?.issued ?? (a.sourceKind === "osv" ? a.issued : null);
    const upstreamDateSource =
      u?.issued != null ? "upstream advisory" : upstreamDate !== null ? "copied by the rebuild" : null;
    // A rebuild's own published date counts where its source states one of its own (Apollo's
    // publishedAt, errata.json's issued_date); OSV's copies the upstream's and never counts.
    const ownDate = a.sourceKind === "rocky-apollo" || a.sourceKind === "almalinux-errata" ? a.issued : null;
    const date = a.firstSeenGit ?? ownDate ?? (a.sourceKind === "rpm-md-updateinfo" ? a.firstSeenObserver : null);
    const dateSource =
      a.firstSeenGit !== null
        ? "git first seen"
        : ownDate !== null
          ? "published by the rebuild"
          : date !== null
            ? "observer first seen"
            : null;
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
      date,
      dateSource,
      lagDays:
        upstreamDate !== null && date !== null
          ? Math.round(((Date.parse(date) - Date.parse(upstreamDate)) / DAY) * 100) / 100
          : null,
    });
  }
  return rows.sort((x, y) =>
    x.upstreamId < y.upstreamId ? -1 : x.upstreamId > y.upstreamId ? 1 : x.advisory < y.advisory ? -1 : 1,
  );
}

/** Lag statistics over one group of advisories. */
export interface AdvisoryLagSummary {
  readonly groupBy: "all" | "year" | "major" | "severity" | "type";
  readonly group: string;
  readonly advisories: number;
  readonly measured: number;
  readonly medianDays: number | null;
  readonly p90Days: number | null;
  readonly maxDays: number | null;
}

/** Summaries of advisory lag overall and per year (of the upstream date), major release, severity and type. */
export function summarizeAdvisoryLag(rows: readonly AdvisoryLagRow[]): AdvisoryLagSummary[] {
  const groupings: readonly [AdvisoryLagSummary["groupBy"], (r: AdvisoryLagRow) => readonly string[]][] = [
    ["all", () => ["all"]],
    ["year", (r) => [r.upstreamDate?.slice(0, 4) ?? "unknown"]],
    ["major", (r) => (r.majors.length > 0 ? r.majors : ["unknown"])],
    ["severity", (r) => [r.severity ?? "none"]],
    ["type", (r) => [r.type]],
  ];
  const out: AdvisoryLagSummary[] = [];
  for (const [groupBy, keys] of groupings) {
    const groups = new Map<string, AdvisoryLagRow[]>();
    for (const r of rows) for (const k of keys(r)) (groups.get(k) ?? groups.set(k, []).get(k))?.push(r);
    for (const k of [...groups.keys()].sort()) {
      const g = groups.get(k) ?? [];
      const lags = g
        .map((r) => r.lagDays)
        .filter((x): x is number => x !== null)
        .sort((a, b) => a - b);
      out.push({
        groupBy,
        group: k,
        advisories: g.length,
        measured: lags.length,
        medianDays: median(lags),
        p90Days: percentile(lags, 90),
        maxDays: lags.length === 0 ? null : (lags[lags.length - 1] as number),
      });
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
      exposureDays:
        upstreamFixed !== null && rebuildFixed !== null
          ? Math.round(((Date.parse(rebuildFixed) - Date.parse(upstreamFixed)) / DAY) * 100) / 100
          : null,
      advisories: g.map((r) => r.advisory).sort(),
      basis: packaged !== null ? ("packages" as const) : ("advisories" as const),
    };
  });
}
