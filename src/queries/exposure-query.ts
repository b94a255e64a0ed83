import { type ExposureRow, computeExposure } from "../analyze/advisory-lag.js";
import { BuildMatcher } from "../analyze/build-matcher.js";
import { matchRules } from "../analyze/match-rules.js";
import { packageFixTimes } from "../analyze/package-fix-times.js";
import { type AdvisoryLagParams, advisoryLagQuery } from "./advisory-lag-query.js";
import { storedAdvisories } from "./stored-advisories.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** CVE exposure of one rebuild. */
export interface ExposureAnswer extends Measured {
  readonly rebuild: string;
  readonly upstream: string;
  readonly rows: readonly ExposureRow[];
}

/**
 * CVE exposure: per CVE, from the first upstream fix to the rebuild's, the rebuild's fix time
 * taken from its synced packages where the upstream advisory's builds are synced, else from its
 * advisories; each row names its basis.
 *
 * @example
 * const { rows } = await exposureQuery(ctx, { rebuild: "almalinux", upstream: "rhel" });
 */
export async function exposureQuery(ctx: QueryContext, params: AdvisoryLagParams): Promise<ExposureAnswer> {
  const lag = await advisoryLagQuery(ctx, params);
  const ups = await storedAdvisories(ctx, params.upstream);
  const names = [...new Set(ups.flatMap((a) => a.packages.map((p) => p.name)))];
  const builds = await ctx.store.buildsNamed(params.rebuild, names);
  const matcher = new BuildMatcher([], matchRules(ctx.catalog, params.rebuild, params.upstream));
  const fromPackages = packageFixTimes(ups, builds, matcher);
  return {
    rebuild: params.rebuild,
    upstream: params.upstream,
    rows: computeExposure(lag.rows, (cve) => fromPackages.get(cve) ?? null),
    asOf: lag.asOf,
    sources: [...lag.sources, `synced repositories of ${params.rebuild}`],
  };
}
