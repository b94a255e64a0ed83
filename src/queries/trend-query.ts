import { type TrendEvery, trendPoints } from "../analyze/trend-points.js";
import { TREND_METRICS, type TrendMetric, type TrendRow } from "../analyze/trend-row.js";
import { checkDistros } from "../catalog/check-distros.js";
import { defaultUpstream } from "../catalog/default-upstream.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import { NoDataError } from "../errors/no-data-error.js";
import { UsageError } from "../errors/usage-error.js";
import type { HistorySpan } from "../store/history-range.js";
import { MirrorStore } from "../store/mirror-store.js";
import { advisoryLagQuery } from "./advisory-lag-query.js";
import type { Measured } from "./measured.js";
import { parityQuery } from "./parity-query.js";
import { type QueryContext, queryContext } from "./query-context.js";
import { repositoriesQuery } from "./repositories-query.js";
import { updateLagQuery } from "./update-lag-query.js";

/** The command that brings each metric's history (a trend with none answers "no data" naming it). */
const FILLS: Readonly<Record<TrendMetric, string>> = {
  "package-lag": "elscope sync --distro <rebuild>",
  parity: "elscope sync --distro <rebuild>",
  "package-counts": "elscope sync --distro <id>",
  "errata-lag": "elscope import osv <repository> --distro <rebuild>",
  "public-mirrors": "elscope update --distro <id>",
  "mirror-freshness": "elscope mirrors probe --distro <id>",
};

/** Most points one trend measures: each is a whole as-of reading of the history. */
export const MAX_TREND_POINTS = 520;

/** What to follow, where, from when to when and how often. */
export interface TrendParams {
  readonly metric: string;
  /** Rebuilds (package-lag, errata-lag, parity) or distributions (the others); default: every one with data. */
  readonly distros?: readonly string[];
  readonly upstream?: string;
  /** parity only: the release compared (9, 9.4). */
  readonly release?: string;
  /** Default: where the metric's history begins and ends. */
  readonly from?: Date;
  readonly to?: Date;
  readonly every?: TrendEvery;
  /** The facts dataset: its dated facts (the 2023 source-policy change) are the trend's events. */
  readonly facts?: readonly LoadedFact[];
  /**
   * Measure only when the range has at least this many points; with fewer, the answer has its
   * points and no rows. The report draws no line through one point, and each point is a whole
   * as-of query (a large major's package lag: seconds), so it asks for 2.
   */
  readonly minPoints?: number;
}

/** A dated fact a trend chart marks (facts/*.yaml with a `date`), with its source. */
export interface TrendEvent {
  readonly date: string;
  readonly distro: string;
  readonly topic: string;
  readonly label: string;
  readonly source: string;
}

/** A trend's rows, oldest point first, and the points it was measured at. */
export interface TrendAnswer extends Measured {
  readonly metric: TrendMetric;
  readonly every: TrendEvery;
  readonly from: string;
  readonly to: string;
  readonly points: readonly string[];
  readonly rows: readonly TrendRow[];
  /** The dated facts within the trend's range, oldest first. */
  readonly events: readonly TrendEvent[];
}

/**
 * A time series of one of the scorecard's summaries: at each point (month or week ends between
 * `from` and `to`) the use case that computes it today (update lag, errata lag, parity,
 * repositories, mirror lists, probes) is asked again with the history read as of that point, so
 * each value is what elscope would have answered then. A point before the subject's data has no
 * row. Costs one whole as-of query per point and subject (a month's point of errata lag over the
 * bundled snapshot's 5,637 AlmaLinux advisories: about 2 s).
 *
 * @example
 * const { rows } = await trendQuery(ctx, { metric: "public-mirrors", distros: ["almalinux"], every: "month" });
 */
export async function trendQuery(ctx: QueryContext, params: TrendParams): Promise<TrendAnswer> {
  const metric = params.metric as TrendMetric;
  if (!(TREND_METRICS as readonly string[]).includes(metric))
    throw new UsageError("arguments", `no trend metric "${params.metric}"; known: ${TREND_METRICS.join(", ")}`);
  const every = params.every ?? "month";
  const upstream = params.upstream ?? defaultUpstream(ctx.catalog);
  const given = params.distros ?? [];
  checkDistros(ctx.catalog, [upstream, ...given]);
  const perRebuild = metric === "package-lag" || metric === "errata-lag" || metric === "parity";
  if (metric === "parity" && (params.release ?? "") === "")
    throw new UsageError("arguments", "the parity trend needs a release (--release 9 or 9.4)");
  const subjects = given.length > 0 ? given : perRebuild ? rebuildsOf(ctx.catalog, upstream) : [];
  const range = await ctx.store.historyRange(subjects.length > 0 && !perRebuild ? subjects : undefined);
  const span = spanOf(metric, range);
  const from = params.from ?? (span === null ? undefined : new Date(span.first));
  const to = params.to ?? (span === null ? undefined : new Date(span.last));
  if (from === undefined || to === undefined)
    throw new NoDataError("store", `no history for the ${metric} trend: run \`${FILLS[metric]}\` first`);
  if (to < from)
    throw new UsageError("arguments", `--from (${from.toISOString()}) is after --to (${to.toISOString()})`);
  const points = trendPoints(from, to, every);
  if (points.length > MAX_TREND_POINTS)
    throw new UsageError(
      "arguments",
      `${points.length} points is more than ${MAX_TREND_POINTS}: narrow --from/--to or measure --every month`,
    );
  const rows: TrendRow[] = [];
  const sources = new Set<string>();
  const asked = points.length >= (params.minPoints ?? 0) ? points : [];
  for (const at of asked) {
    const then = queryContext(ctx.store, ctx.catalog, ctx.now, at);
    const measured = await measure(then, metric, { upstream, subjects, release: params.release ?? "" });
    for (const r of measured) {
      rows.push(r);
      sources.add(r.source);
    }
  }
  return {
    metric,
    every,
    from: from.toISOString(),
    to: to.toISOString(),
    points: points.map((p) => p.toISOString()),
    rows,
    events: (params.facts ?? [])
      .flatMap((f): TrendEvent[] =>
        f.date === undefined || f.date < from.toISOString().slice(0, 10) || f.date > to.toISOString().slice(0, 10)
          ? []
          : [
              {
                date: f.date,
                distro: f.distro,
                topic: f.topic,
                label: Array.isArray(f.value) ? f.value.join("; ") : String(f.value),
                source: f.source,
              },
            ],
      )
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.distro < b.distro ? -1 : 1)),
    asOf: Object.fromEntries(
      [...new Set(rows.map((r) => r.subject))]
        .sort()
        .map((s) => [s, rows.filter((r) => r.subject === s).at(-1)?.point ?? null]),
    ),
    sources: [...sources].sort(),
  };
}

/** Where the history a metric is measured from begins and ends. */
function spanOf(
  metric: TrendMetric,
  range: Awaited<ReturnType<QueryContext["store"]["historyRange"]>>,
): HistorySpan | null {
  switch (metric) {
    case "package-lag":
    case "parity":
    case "package-counts":
      return range.snapshots;
    case "errata-lag":
      return range.advisories;
    case "public-mirrors":
      return range.mirrorLists;
    case "mirror-freshness":
      return range.probes;
  }
}

/** The values of `metric` as of `ctx.asOf`; none for a subject without data then. */
async function measure(
  ctx: QueryContext,
  metric: TrendMetric,
  o: { readonly upstream: string; readonly subjects: readonly string[]; readonly release: string },
): Promise<TrendRow[]> {
  const point = (ctx.asOf as Date).toISOString();
  const out: TrendRow[] = [];
  const each = async (subjects: readonly string[], one: (s: string) => Promise<TrendRow[]>): Promise<void> => {
    for (const s of subjects) {
      try {
        out.push(...(await one(s)));
      } catch (e) {
        // Before a subject's data begins there is nothing to measure: no row, not a failed trend.
        if (!(e instanceof NoDataError)) throw e;
      }
    }
  };
  switch (metric) {
    case "package-lag":
      await each(o.subjects, async (id) => {
        const a = await updateLagQuery(ctx, { upstream: o.upstream, rebuilds: [id], rows: "none", by: ["distro"] });
        const s = a.summaries.find((x) => x.groupBy === "distro" && x.rebuild === id);
        if (s === undefined) return [];
        const clock = `upstream build time (${a.timeSource} or advisory) to ${id}'s file time; pending censored at ${s.asOf}`;
        return [row(point, metric, id, s.medianDays, "days (median)", clock, a.sources.join("; "), s.builds)];
      });
      break;
    case "errata-lag":
      await each(o.subjects, async (id) => {
        const a = await advisoryLagQuery(ctx, { rebuild: id, upstream: o.upstream });
        const s = a.summaries.find((x) => x.lag === "errata lag" && x.groupBy === "all");
        if (s === undefined) return [];
        const clock = `upstream advisory date to ${id}'s own publication; advisories known by the point`;
        return [row(point, metric, id, s.medianDays, "days (median)", clock, a.sources.join("; "), s.measured)];
      });
      break;
    case "parity":
      await each(o.subjects, async (id) => {
        const a = await parityQuery(ctx, { upstream: o.upstream, rebuilds: [id], release: o.release });
        const all = a.rows.find((r) => r.repo === "all" && r.rebuild === id);
        if (all === undefined) return [];
        const clock = "snapshots current at the point";
        const src = a.sources.join("; ");
        return (
          [
            ["identical", all.identicalShare],
            ["modified", all.modifiedShare],
            ["missing", all.missingShare],
          ] as const
        ).map(([k, v]) =>
          row(
            point,
            metric,
            `${id} ${k}`,
            v,
            `share of ${o.upstream} ${o.release} builds`,
            clock,
            src,
            all.upstreamBuilds,
          ),
        );
      });
      break;
    case "package-counts":
      await each(["*"], async () => {
        const a = await repositoriesQuery(ctx);
        return a.rows
          .filter((r) => o.subjects.length === 0 || o.subjects.includes(r.distro))
          .map((r) =>
            row(
              point,
              metric,
              r.key,
              r.binaryPackages,
              "binary packages",
              `snapshot fetched ${r.fetchedAt ?? "unknown"}`,
              r.sourceUrl ?? "unknown URL",
              r.sourcePackages,
            ),
          );
      });
      break;
    case "public-mirrors": {
      const mirrors = new MirrorStore(ctx.store.db, ctx.store.asOf);
      const snaps = await mirrors.snapshots(o.subjects.length > 0 ? o.subjects : undefined);
      for (const d of [...new Set(snaps.map((s) => s.distro))].sort()) {
        const newest = snaps.filter((s) => s.distro === d).at(-1);
        if (newest === undefined) continue;
        // A full list counts its public mirrors; a count history gives the count it states.
        const value = newest.detail === "full" ? newest.publicMirrors : newest.mirrors;
        const clock = `mirror list observed ${newest.observedAt}`;
        out.push(
          row(
            point,
            metric,
            d,
            value,
            newest.detail === "full" ? "public mirrors" : "mirrors (as counted by the source)",
            clock,
            `${newest.sourceKind} ${newest.source}`,
            newest.mirrors,
          ),
        );
      }
      break;
    }
    case "mirror-freshness": {
      const mirrors = new MirrorStore(ctx.store.db, ctx.store.asOf);
      const distros = o.subjects.length > 0 ? o.subjects : ctx.catalog.distros.map((d) => d.id);
      for (const d of distros) {
        const probes = await mirrors.probeHistory(d, 1);
        if (probes.length === 0) continue;
        const inSync = probes.filter((p) => p.status === "in-sync").length;
        const newest =
          probes
            .map((p) => p.startedAt)
            .sort()
            .at(-1) ?? "unknown";
        out.push(
          row(
            point,
            metric,
            d,
            inSync / probes.length,
            "share of probed mirrors in sync",
            `newest probe run per repository, started by ${newest}`,
            "elscope mirrors probe",
            probes.length,
          ),
        );
      }
      break;
    }
  }
  return out;
}

function row(
  point: string,
  metric: TrendMetric,
  subject: string,
  value: number | null,
  unit: string,
  clock: string,
  source: string,
  n: number,
): TrendRow {
  return { point, metric, subject, value, unit, clock, source, n };
}
