import { defaultUpstream } from "../catalog/default-upstream.js";
import { NoDataError } from "../errors/no-data-error.js";
import { advisoryLagQuery } from "../queries/advisory-lag-query.js";
import { releasesInStore } from "../queries/builds-of.js";
import { mirrorStatsQuery } from "../queries/mirror-stats-query.js";
import { parityQuery } from "../queries/parity-query.js";
import { type QueryContext, queryContext } from "../queries/query-context.js";
import { releaseLagQuery } from "../queries/release-lag-query.js";
import { updateLagQuery } from "../queries/update-lag-query.js";
import type { AppOptions } from "./app-options.js";
import { type ShieldsBadge, countBadge, daysBadge, noDataBadge, shareBadge } from "./shields-badge.js";

/** The badges there are; `advisory-lag` is the older name of `errata-lag`. */
export const BADGE_METRICS = [
  "package-lag",
  "errata-lag",
  "advisory-lag",
  "release-lag",
  "parity",
  "public-mirrors",
] as const;

export type BadgeMetric = (typeof BADGE_METRICS)[number];

/** What a badge request may narrow: the upstream, and for package lag and parity a release or major. */
export interface BadgeQuery {
  readonly upstream?: string | undefined;
  readonly release?: string | undefined;
}

/** `figure()`, or null when the store has nothing to measure it from (a grey badge, not a 404). */
async function orNull<T>(figure: () => Promise<T | null>): Promise<T | null> {
  try {
    return await figure();
  } catch (e) {
    if (e instanceof NoDataError) return null;
    throw e;
  }
}

/** The release parity measures: the one asked for, else the newest major `distro` has synced (as a whole major). */
async function releaseOf(ctx: QueryContext, distro: string, asked: string | undefined): Promise<string | null> {
  if (asked !== undefined) return asked;
  const majors = (await releasesInStore(ctx.store, distro)).map((r) => r.split(".")[0] ?? r);
  return majors.sort((a, b) => Number(b) - Number(a))[0] ?? null;
}

/** "9.x" for a major (parity spans its minors), "9.4" for a minor: the label says which builds the figure covers. */
const releaseLabel = (release: string): string => (release.includes(".") ? release : `${release}.x`);

/**
 * One badge's figure, from the same query function the CLI and the API call, with a label
 * that says what the number is. Package lag covers every synced release unless `release` names
 * one; parity one release or major (default: the newest major the rebuild has synced); the
 * other figures cover every release.
 *
 * @example
 * await badgeOf(opts, "almalinux", "package-lag", {}) // { label: "almalinux median package lag, all releases", message: "2 days", … }
 */
export async function badgeOf(
  opts: AppOptions,
  distro: string,
  metric: BadgeMetric,
  q: BadgeQuery,
): Promise<ShieldsBadge> {
  const ctx = queryContext(opts.store, opts.catalog);
  const upstream = q.upstream ?? defaultUpstream(opts.catalog);
  switch (metric) {
    case "package-lag": {
      // The release as the query takes it (as synced: 9 is a rolling tree there), so the label names it verbatim.
      const label = `${distro} median package lag, ${q.release ?? "all releases"}`;
      const days = await orNull(async () => {
        const { summaries } = await updateLagQuery(ctx, {
          upstream,
          rebuilds: [distro],
          release: q.release,
          rows: "none",
        });
        return summaries.find((s) => s.groupBy === "distro" && s.group === "all")?.medianDays ?? null;
      });
      return daysBadge(label, days);
    }
    case "errata-lag":
    case "advisory-lag": {
      const days = await orNull(async () => {
        const { summaries } = await advisoryLagQuery(ctx, { rebuild: distro, upstream });
        return summaries.find((s) => s.lag === "errata lag" && s.groupBy === "all")?.medianDays ?? null;
      });
      return daysBadge(`${distro} median errata lag`, days);
    }
    case "release-lag": {
      const days = await orNull(async () => {
        const { summaries } = await releaseLagQuery(ctx, { upstream, rebuilds: [distro] });
        return summaries.find((s) => s.distro === distro)?.medianDays ?? null;
      });
      return daysBadge(`${distro} median release lag`, days);
    }
    case "parity": {
      const release = await releaseOf(ctx, distro, q.release);
      const label = `${distro} parity${release === null ? "" : `, ${releaseLabel(release)}`}: builds shipped`;
      if (release === null) return noDataBadge(label);
      const share = await orNull(async () => {
        const span = release.includes(".") ? "release" : "major";
        const { rows } = await parityQuery(ctx, { upstream, rebuilds: [distro], release, span });
        const all = rows.find((r) => r.repo === "all" && r.rebuild === distro);
        return all === undefined || all.missingShare === null ? null : 1 - all.missingShare;
      });
      return shareBadge(label, share);
    }
    case "public-mirrors": {
      const { distros } = await mirrorStatsQuery(ctx, { distros: [distro], partial: true });
      return countBadge(`${distro} public mirrors`, distros[0]?.mirrors.public ?? null);
    }
  }
}
