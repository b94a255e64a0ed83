import { matchRules } from "../analyze/match-rules.js";
import type { SourceBuild } from "../analyze/source-build.js";
import type { TimeSource } from "../analyze/time-of.js";
import { type CopiedDates, type UpstreamTimeSource, upstreamClock } from "../analyze/upstream-clock.js";
import {
  DEFAULT_LAG_GROUPINGS,
  type LagGroupBy,
  type LagRow,
  type LagSummary,
  type LagUpstreamColumns,
  type RebuildLag,
  computeUpdateLag,
  rebuildLagOf,
  summarizeLag,
  upstreamColumns,
} from "../analyze/update-lag.js";
import { checkDistros } from "../catalog/check-distros.js";
import { inRelease, resolveRelease } from "../catalog/resolve-release.js";
import { NoDataError } from "../errors/no-data-error.js";
import { asOf } from "./as-of.js";
import { storedClockAdvisories } from "./stored-clock-advisories.js";
import { csafImportCommand } from "./csaf-import-command.js";
import { buildsOf, releasesInStore, releasesToRead } from "./builds-of.js";
import { type RequestedAsOf, answerAsOf, noDataAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import { type QueryContext, measuredAt } from "./query-context.js";

/** What to measure: the upstream, its rebuilds, and optionally one release (9.4) or major (9) and one package. */
export interface UpdateLagParams {
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release?: string | undefined;
  readonly package?: string | undefined;
  /** file: the metadata's file times (the default); seen: when elscope first saw each build. */
  readonly time?: TimeSource | undefined;
  /** The summaries' groupings (default distro, release, repo; per package only when asked). */
  readonly by?: readonly LagGroupBy[] | undefined;
  /**
   * Which rows the answer carries: all (the default), none (the summaries alone: their views
   * need no 100,000 row objects), those of some source packages (the report's kernel table), or
   * lazy: none in `rows`, every one made as `eachRow()` is read (an export writes each as it comes).
   */
  readonly rows?: "all" | "none" | "lazy" | readonly string[] | undefined;
}

/** One upstream build × one rebuild: the long form every front end shows (CLI JSON/CSV, API, report). */
export type UpdateLagRow = LagUpstreamColumns & RebuildLag & { readonly rebuild: string };

/** How the upstream builds got their times: how many had a clock at all, and from which source. */
export interface UpstreamClockSummary {
  /** Upstream builds with a clock (the rows' builds). */
  readonly withClock: number;
  /** Upstream builds known only from an advisory without a valid release time: not in the rows. */
  readonly withoutClock: number;
  readonly bySource: Readonly<Record<UpstreamTimeSource, number>>;
  /** Whether any repository of the upstream (this major) is synced. */
  readonly repositoriesSynced: boolean;
  /** Said when no upstream repository is synced: which builds can have a clock then. */
  readonly note: string | null;
}

/** Update lag rows with their summaries, as-of times and sources. */
export interface UpdateLagAnswer extends Measured, RequestedAsOf {
  readonly lag: "package lag";
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release: string | null;
  readonly package: string | null;
  readonly timeSource: TimeSource;
  /** The groupings `summaries` has. */
  readonly summariesBy: readonly LagGroupBy[];
  readonly upstreamClock: UpstreamClockSummary;
  readonly rows: readonly UpdateLagRow[];
  /** With `rows: "lazy"`: every row, made as it is read; not part of the answer's JSON. */
  readonly eachRow?: () => Iterable<UpdateLagRow>;
  readonly summaries: readonly LagSummary[];
}

/**
 * Update (package) lag: for every upstream source build, when each rebuild shipped its
 * counterpart. A rebuild's counterpart may land in a later minor's tree, so all its releases
 * of the major count. The upstream build's time is the best clock there is (`upstreamClock`):
 * a synced repository's, else the upstream advisory's release time (CSAF), else a rebuild
 * advisory's copy of it, so RHEL is measured without an entitlement wherever advisories ship a
 * build. NoDataError when a rebuild has nothing synced, or when neither repositories nor
 * advisories give upstream builds.
 *
 * @example
 * const { rows, summaries } = await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
 */
export async function updateLagQuery(ctx: QueryContext, params: UpdateLagParams): Promise<UpdateLagAnswer> {
  const { upstream, rebuilds } = params;
  checkDistros(ctx.catalog, [upstream, ...rebuilds]);
  const time = params.time ?? "file";
  const by = params.by ?? DEFAULT_LAG_GROUPINGS;
  const release = params.release === "" ? undefined : params.release;
  // One reading of a release everywhere: a major spans its minors and rolling tree.
  const span = release === undefined ? undefined : resolveRelease(ctx.catalog, [upstream, ...rebuilds], release);
  const major = span?.major;
  const pkg = params.package === "" ? undefined : params.package;
  const upstreamReleases = await releasesInStore(ctx.store, upstream, major);
  const repositoriesSynced = upstreamReleases.length > 0;
  const repositoryBuilds = repositoriesSynced ? await buildsOf(ctx, upstream, upstreamReleases, pkg) : [];
  const dataAsOf = await asOf(ctx.store, [upstream, ...rebuilds]);
  const inputs = [];
  for (const id of rebuilds) {
    inputs.push({
      id,
      builds: await buildsOf(ctx, id, await releasesToRead(ctx.store, id, major), pkg),
      rules: matchRules(ctx.catalog, id, upstream),
      // Pending as of the rebuild's newest sync: elscope knows nothing of its mirror after that. A rebuild
      // with builds has a checked repository; `now` (or the as-of time) only stands in should its check time be unknown.
      asOf: dataAsOf[id] ?? measuredAt(ctx).toISOString(),
    });
  }
  const upstreamRead = await storedClockAdvisories(ctx, upstream, "upstream");
  const upstreamAdvisories = upstreamRead.advisories;
  const copiedKinds: (readonly string[])[] = [];
  const copied: CopiedDates[] = [];
  for (const r of inputs) {
    const theirs = await storedClockAdvisories(ctx, r.id, "rebuild");
    copiedKinds.push(theirs.kinds);
    copied.push({ advisories: theirs.advisories, builds: r.builds, markers: r.rules.markers });
  }
  const wanted = (b: SourceBuild): boolean =>
    (pkg === undefined || b.name === pkg) && (span === undefined || b.releases.some((r) => inRelease(span, r)));
  const clock = upstreamClock({ repositoryBuilds, wanted: time, upstreamAdvisories, copied, major });
  const ups = clock.clocked.filter((c) => wanted(c.build));
  const of = major === undefined ? "" : ` ${major}`;
  const nothing = !repositoriesSynced && clock.clocked.length === 0 && clock.unclocked.length === 0;
  const none = noDataAsOf(ctx, nothing, `upstream builds of ${upstream}${of}`);
  if (none !== null) throw none;
  if (nothing) {
    const csaf = csafImportCommand(ctx.catalog, upstream);
    const sync = `\`elscope sync --distro ${upstream}${major === undefined ? "" : ` --release ${major}`}\``;
    throw new NoDataError(
      "store",
      csaf === null
        ? `no data for ${upstream}${of}: run ${sync} first`
        : `no upstream builds of ${upstream}${of}: import its public advisories (\`${csaf}\`) or sync its repositories (${sync}: an entitlement, or only its public UBI repositories), beside the rebuilds' public mirrors`,
    );
  }
  const bySource: Record<UpstreamTimeSource, number> = {
    file: 0,
    seen: 0,
    "upstream advisory": 0,
    "copied advisory": 0,
  };
  for (const c of ups) bySource[c.source]++;
  const upstreamClockSummary: UpstreamClockSummary = {
    withClock: ups.length,
    withoutClock: clock.unclocked.filter(wanted).length,
    bySource,
    repositoriesSynced,
    note: repositoriesSynced
      ? null
      : `no ${upstream} repository is synced: without an entitlement only builds shipped in (security) advisories have a clock`,
  };
  const wide = computeUpdateLag(ups, inputs, time);
  const keep = params.rows ?? "all";
  const lazy = keep === "lazy";
  const rows = lazy || keep === "none" ? [] : [...longRows(wide, rebuilds, keep === "all" ? null : keep)];
  return answerAsOf(ctx, {
    ...(lazy ? { eachRow: () => longRows(wide, rebuilds, null) } : {}),
    lag: "package lag",
    upstream,
    rebuilds,
    release: release ?? null,
    package: pkg ?? null,
    timeSource: time,
    summariesBy: by,
    upstreamClock: upstreamClockSummary,
    rows,
    summaries: summarizeLag(wide, inputs, by),
    asOf: dataAsOf,
    sources: [
      ...(repositoriesSynced ? [`synced repositories of ${upstream}${of} (upstream clock: file, seen)`] : []),
      ...(bySource["upstream advisory"] > 0
        ? [
            `${upstream} advisories (${upstreamRead.kinds.join(", ")}; upstream clock: upstream advisory, its release time)`,
          ]
        : []),
      ...(bySource["copied advisory"] > 0
        ? inputs.flatMap((r, i) => {
            // Named when it has advisories at all, as before the clock read only the copying ones.
            const kinds = copiedKinds[i] ?? [];
            return kinds.length === 0
              ? []
              : [
                  `${r.id} advisories (${kinds.join(", ")}; upstream clock: copied advisory, the upstream date they copy)`,
                ];
          })
        : []),
      ...rebuilds.map((d) => `synced repositories of ${d}${of}`),
    ],
  });
}

/** The long rows of the wide ones: one per upstream build and rebuild, optionally of some packages only. */
function* longRows(
  wide: readonly LagRow[],
  rebuilds: readonly string[],
  packages: readonly string[] | null,
): Generator<UpdateLagRow> {
  for (const r of wide) {
    if (packages !== null && !packages.includes(r.upstream.name)) continue;
    const up = upstreamColumns(r);
    for (const id of rebuilds) {
      const x = r.rebuilds[id];
      if (x === undefined) continue;
      const lag = rebuildLagOf(x);
      // Written out, not spread: spreading two objects into each of 500,000 rows was slower than the rest of the row.
      yield {
        package: up.package,
        upstreamBuild: up.upstreamBuild,
        upstreamEvr: up.upstreamEvr,
        upstreamRelease: up.upstreamRelease,
        upstreamRepo: up.upstreamRepo,
        upstreamTime: up.upstreamTime,
        upstreamTimeSource: up.upstreamTimeSource,
        rebuild: id,
        status: lag.status,
        build: lag.build,
        time: lag.time,
        lagDays: lag.lagDays,
        waitingDays: lag.waitingDays,
        timeSource: lag.timeSource,
      } as UpdateLagRow;
    }
  }
}
