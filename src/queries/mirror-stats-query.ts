import { type MirrorStats, mirrorStats } from "../analyze/mirror-stats.js";
import { checkDistros } from "../catalog/check-distros.js";
import { PROBE_HISTORY_DEPTH } from "../catalog/defaults.js";
import { NoDataError } from "../errors/no-data-error.js";
import { MirrorStore } from "../store/mirror-store.js";
import { type RequestedAsOf, answerAsOf, noDataAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which distributions (default: every one with a mirror list). */
export interface MirrorStatsParams {
  readonly distros?: readonly string[];
  /** true: leave out named distributions without a list instead of answering "no data". */
  readonly partial?: boolean;
}

/** One distribution's headline figures as a flat row: the table `--csv` and `?format=csv` give. */
export interface MirrorStatsRow {
  readonly distro: string;
  readonly asOf: string | null;
  readonly mirrors: number;
  readonly public: number;
  readonly private: number;
  readonly http: number;
  readonly https: number;
  readonly rsync: number;
  readonly ftp: number;
  readonly ipv6Yes: number;
  readonly ipv6No: number;
  readonly ipv6Unknown: number;
  readonly countries: number;
  readonly continents: number;
  readonly sponsors: number;
  readonly medianUpdateHours: number | null;
  readonly sources: string;
}

/** Mirror statistics per distribution, in full (`distros`) and as flat rows. */
export interface MirrorStatsAnswer extends Measured, RequestedAsOf {
  readonly distros: readonly MirrorStats[];
  readonly rows: readonly MirrorStatsRow[];
}

function flatRow(s: MirrorStats): MirrorStatsRow {
  return {
    distro: s.distro,
    asOf: s.asOf,
    mirrors: s.mirrors.total,
    public: s.mirrors.public,
    private: s.mirrors.private,
    http: s.protocols.http,
    https: s.protocols.https,
    rsync: s.protocols.rsync,
    ftp: s.protocols.ftp,
    ipv6Yes: s.ipv6.yes,
    ipv6No: s.ipv6.no,
    ipv6Unknown: s.ipv6.unknown,
    countries: s.countries.length,
    continents: s.continents.length,
    sponsors: s.sponsors.distinct,
    medianUpdateHours: s.updateFrequency.medianHours,
    sources: s.sources.map((x) => `${x.kind} ${x.source}`).join("; "),
  };
}

/**
 * The mirror networks: size, protocols, IPv6, geography, sponsors, update frequency, growth
 * and the newest probes' health, per distribution. NoDataError when a named distribution (or,
 * with none named, every one) has no mirror list, unless `partial`.
 *
 * @example
 * const { distros } = await mirrorStatsQuery(ctx, { distros: ["almalinux"] });
 */
export async function mirrorStatsQuery(ctx: QueryContext, params: MirrorStatsParams = {}): Promise<MirrorStatsAnswer> {
  const wanted = params.distros ?? [];
  checkDistros(ctx.catalog, wanted);
  const mirrors = new MirrorStore(ctx.store.db, ctx.store.asOf);
  const current = await mirrors.currentMirrors(wanted.length > 0 ? wanted : undefined);
  const has = (d: string): boolean => current.some((m) => m.distro === d);
  const named = wanted.length > 0 ? wanted : [...new Set(current.map((m) => m.distro))].sort();
  const missing = named.filter((d) => !has(d));
  const none = noDataAsOf(ctx, named.length === 0 || missing.length === named.length, "mirror list");
  if (none !== null && params.partial !== true) throw none;
  if (params.partial !== true && (named.length === 0 || missing.length > 0)) {
    throw new NoDataError(
      "store",
      `no mirror list for ${missing.length > 0 ? missing.join(", ") : "any distribution"}: run \`elscope import <kind> <list> --distro ${missing[0] ?? "<id>"}\` or \`elscope update\` first`,
    );
  }
  const distros = named.filter(has);
  const snapshots = await mirrors.snapshots(distros);
  const out: MirrorStats[] = [];
  for (const d of distros)
    out.push(mirrorStats(d, current, snapshots, await mirrors.probeHistory(d, PROBE_HISTORY_DEPTH)));
  return answerAsOf(ctx, {
    distros: out,
    rows: out.map(flatRow),
    asOf: Object.fromEntries(out.map((s) => [s.distro, s.asOf])),
    sources: out.flatMap((s) => s.sources.map((x) => `${x.kind} ${x.source}`)),
  });
}
