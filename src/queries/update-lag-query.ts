import { matchRules } from "../analyze/match-rules.js";
import type { TimeSource } from "../analyze/time-of.js";
import {
  type LagRow,
  type LagSummary,
  type RebuildLag,
  computeUpdateLag,
  summarizeLag,
} from "../analyze/update-lag.js";
import { checkDistros } from "../catalog/check-distros.js";
import { asOf } from "./as-of.js";
import { buildsOf, releasesInStore } from "./builds-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** What to measure: the upstream, its rebuilds, and optionally one release (9.4) or major (9) and one package. */
export interface UpdateLagParams {
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release?: string | undefined;
  readonly package?: string | undefined;
  /** file: the metadata's file times (the default); seen: when elscope first saw each build. */
  readonly time?: TimeSource | undefined;
}

/** One upstream build × one rebuild: the long form every front end shows (CLI JSON/CSV, API, report). */
export type UpdateLagRow = Omit<LagRow, "rebuilds"> & RebuildLag & { readonly rebuild: string };

/** Update lag rows with their summaries, as-of times and sources. */
export interface UpdateLagAnswer extends Measured {
  readonly lag: "package lag";
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release: string | null;
  readonly package: string | null;
  readonly timeSource: TimeSource;
  readonly rows: readonly UpdateLagRow[];
  readonly summaries: readonly LagSummary[];
}

/**
 * Update (package) lag: for every upstream source build, when each rebuild shipped its
 * counterpart. A rebuild's counterpart may land in a later minor's tree, so all its releases
 * of the major count. NoDataError when a side has nothing synced.
 *
 * @example
 * const { rows, summaries } = await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
 */
export async function updateLagQuery(ctx: QueryContext, params: UpdateLagParams): Promise<UpdateLagAnswer> {
  const { upstream, rebuilds } = params;
  checkDistros(ctx.catalog, [upstream, ...rebuilds]);
  const time = params.time ?? "file";
  const release = params.release;
  const major = release?.split(".")[0];
  const pkg = params.package === "" ? undefined : params.package;
  let ups = await buildsOf(ctx, upstream, await releasesInStore(ctx.store, upstream, major), pkg);
  if (release !== undefined) ups = ups.filter((b) => b.releases.includes(release));
  const inputs = [];
  for (const id of rebuilds) {
    inputs.push({
      id,
      builds: await buildsOf(ctx, id, await releasesInStore(ctx.store, id, major), pkg),
      rules: matchRules(ctx.catalog, id, upstream),
    });
  }
  const wide = computeUpdateLag(ups, inputs, time);
  const rows: UpdateLagRow[] = [];
  for (const r of wide) {
    for (const id of rebuilds) {
      const x = r.rebuilds[id];
      rows.push({
        package: r.package,
        upstreamBuild: r.upstreamBuild,
        upstreamEvr: r.upstreamEvr,
        upstreamRelease: r.upstreamRelease,
        upstreamRepo: r.upstreamRepo,
        upstreamTime: r.upstreamTime,
        upstreamTimeSource: r.upstreamTimeSource,
        rebuild: id,
        status: x?.status ?? "missing",
        build: x?.build ?? null,
        time: x?.time ?? null,
        lagDays: x?.lagDays ?? null,
        timeSource: x?.timeSource ?? null,
      });
    }
  }
  return {
    lag: "package lag",
    upstream,
    rebuilds,
    release: release ?? null,
    package: pkg ?? null,
    timeSource: time,
    rows,
    summaries: summarizeLag(wide, rebuilds),
    asOf: await asOf(ctx.store, [upstream, ...rebuilds]),
    sources: [upstream, ...rebuilds].map((d) => `synced repositories of ${d}${major === undefined ? "" : ` ${major}`}`),
  };
}
