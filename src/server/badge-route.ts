import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { median } from "../analyze/update-lag.js";
import { defaultUpstream } from "../catalog/default-upstream.js";
import { NoDataError } from "../errors/no-data-error.js";
import { advisoryLagQuery } from "../queries/advisory-lag-query.js";
import { mirrorStatsQuery } from "../queries/mirror-stats-query.js";
import { type QueryContext, queryContext } from "../queries/query-context.js";
import { releaseLagQuery } from "../queries/release-lag-query.js";
import type { AppOptions } from "./app-options.js";
import { type EndpointKit, getEndpoint } from "./get-endpoint.js";
import { type ShieldsBadge, countBadge, daysBadge } from "./shields-badge.js";

const METRICS = ["advisory-lag", "release-lag", "public-mirrors"] as const;

/** The median errata lag of `rebuild`, or null when the store has none of its advisories (a grey badge, not a 404). */
async function advisoryMedian(ctx: QueryContext, rebuild: string, upstream: string): Promise<number | null> {
  try {
    const { summaries } = await advisoryLagQuery(ctx, { rebuild, upstream });
    return summaries.find((s) => s.lag === "errata lag" && s.groupBy === "all")?.medianDays ?? null;
  } catch (e) {
    if (e instanceof NoDataError) return null;
    throw e;
  }
}

/**
 * Declares `/api/badge/{distro}/{metric}`: a shields.io endpoint badge of one figure
 * (https://shields.io/badges/endpoint-badge). An unknown distribution or metric is a 404
 * (the path names no badge); a figure without data is a grey "no data" badge.
 *
 * @example
 * badgeRoute(app, opts, { cache, params });
 */
export function badgeRoute(app: OpenAPIHono, opts: AppOptions, kit: EndpointKit): void {
  getEndpoint(app, kit, {
    path: "/api/badge/{distro}/{metric}",
    summary:
      "A shields.io endpoint badge: advisory-lag (median errata lag), release-lag (median days) or public-mirrors",
    table: false,
    query: { upstream: kit.params.upstream },
    params: {
      distro: kit.params.distroSegment,
      metric: z
        .enum(METRICS, {
          errorMap: (_, c) => ({ message: `no badge ${JSON.stringify(c.data)}; badges: ${METRICS.join(", ")}` }),
        })
        .openapi({ param: { description: "the figure", required: true } }),
    },
    measure: async (q, { distro, metric }): Promise<ShieldsBadge> => {
      const ctx = queryContext(opts.store, opts.catalog);
      const upstream = q.upstream ?? defaultUpstream(opts.catalog);
      switch (metric) {
        case "advisory-lag":
          return daysBadge(`${distro} errata lag`, await advisoryMedian(ctx, distro, upstream));
        case "release-lag": {
          const { rows } = await releaseLagQuery(ctx, { upstream, rebuilds: [distro] });
          const lags = rows
            .map((r) => r.lagDays)
            .filter((x): x is number => x !== null)
            .sort((a, b) => a - b);
          return daysBadge(`${distro} release lag`, median(lags));
        }
        case "public-mirrors": {
          const { distros } = await mirrorStatsQuery(ctx, { distros: [distro], partial: true });
          return countBadge(`${distro} mirrors`, distros[0]?.mirrors.public ?? null);
        }
      }
    },
  });
}
