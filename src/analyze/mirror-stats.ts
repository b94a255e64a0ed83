import type { CurrentMirror } from "../model/current-mirror.js";
import type { MirrorProtocol } from "../model/mirror-record.js";
import type { MirrorSnapshotRow } from "../model/mirror-snapshot-row.js";
import type { ProbeHistoryRow } from "../model/probe-history-row.js";
import { CONTINENT_NAMES, continentOf, countryCode } from "./country-code.js";
import { isFlapping } from "./is-flapping.js";

/** A distribution's mirror network, measured from its lists and probes. */
export interface MirrorStats {
  readonly distro: string;
  /** The newest time any list was observed; every figure below is as of its source's time. */
  readonly asOf: string;
  readonly sources: readonly {
    readonly kind: string;
    readonly source: string;
    readonly observedAt: string;
    readonly checkedAt: string;
    readonly mirrors: number;
  }[];
  readonly mirrors: { readonly total: number; readonly public: number; readonly private: number };
  /** Mirrors offering each protocol (public and private). */
  readonly protocols: Readonly<Record<MirrorProtocol, number>>;
  /** From the list where it says, else from the newest probe; the rest unknown. */
  readonly ipv6: {
    readonly yes: number;
    readonly no: number;
    readonly unknown: number;
    readonly fromList: number;
    readonly fromProbe: number;
  };
  readonly countries: readonly {
    readonly country: string;
    readonly continent: string | null;
    readonly mirrors: number;
  }[];
  readonly continents: readonly { readonly continent: string; readonly name: string; readonly mirrors: number }[];
  /** Locations the list gives that name no known country, as written. */
  readonly unknownCountries: readonly string[];
  readonly withoutLocation: number;
  readonly sponsors: {
    readonly distinct: number;
    readonly top: readonly { readonly sponsor: string; readonly mirrors: number }[];
  };
  readonly updateFrequency: {
    readonly medianHours: number | null;
    readonly buckets: readonly { readonly upToHours: number | null; readonly mirrors: number }[];
    readonly unknown: number;
  };
  readonly clouds: readonly { readonly cloud: string; readonly mirrors: number }[];
  readonly growth: readonly {
    readonly date: string;
    readonly mirrors: number;
    readonly publicMirrors: number | null;
    readonly source: string;
    readonly detail: "full" | "count";
  }[];
  /** The newest probe of each repository probed, or empty when none was run. */
  readonly health: readonly {
    readonly target: string;
    readonly probedAt: string;
    readonly counts: Readonly<Record<string, number>>;
    readonly flapping: number;
  }[];
}

function tally(values: readonly string[]): { key: string; n: number }[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
}

const BUCKETS = [1, 2, 4, 6, 12, 24] as const;

/**
 * Mirror-network statistics of one distribution: counts, protocols, IPv6,
 * geography, sponsors, update frequency, growth and health. A pure function
 * of the stored lists, snapshots and probe history.
 *
 * @example
 * mirrorStats("almalinux", current, snapshots, probes).mirrors.public
 */
export function mirrorStats(
  distro: string,
  current: readonly CurrentMirror[],
  snapshots: readonly MirrorSnapshotRow[],
  probes: readonly ProbeHistoryRow[],
): MirrorStats {
  const seen = new Set<string>();
  const mirrors = current.filter((m) => m.distro === distro && !seen.has(m.name) && seen.add(m.name));
  const sources = new Map<string, MirrorStats["sources"][number]>();
  for (const m of current.filter((x) => x.distro === distro)) {
    const k = `${m.sourceKind}\u0000${m.source}`;
    const s = sources.get(k);
    sources.set(k, {
      kind: m.sourceKind,
      source: m.source,
      observedAt: m.observedAt,
      checkedAt: m.checkedAt,
      mirrors: (s?.mirrors ?? 0) + 1,
    });
  }
  // The newest probe result per mirror, for what lists do not say (IPv6).
  const newestProbe = new Map<string, ProbeHistoryRow>();
  for (const p of probes) {
    const had = newestProbe.get(p.mirror);
    if (had === undefined || p.runId > had.runId) newestProbe.set(p.mirror, p);
  }
  let fromList = 0;
  let fromProbe = 0;
  let yes = 0;
  let no = 0;
  for (const m of mirrors) {
    const probed = newestProbe.get(m.name)?.ipv6;
    const v = m.ipv6 ?? (probed === null || probed === undefined ? null : probed === 1);
    if (m.ipv6 !== null) fromList++;
    else if (v !== null) fromProbe++;
    if (v === true) yes++;
    if (v === false) no++;
  }
  const codes = mirrors.map((m) => ({ raw: m.country, code: countryCode(m.country) }));
  const frequencies = mirrors
    .map((m) => m.updateFrequencyHours)
    .filter((h): h is number => h !== null)
    .sort((a, b) => a - b);
  const sponsorTally = tally(mirrors.flatMap((m) => (m.sponsor === null ? [] : [m.sponsor])));
  // Health: each probed repository's newest run, and flapping over its last runs.
  const byTarget = new Map<string, ProbeHistoryRow[]>();
  for (const p of probes) byTarget.set(p.target, [...(byTarget.get(p.target) ?? []), p]);
  const health = [...byTarget]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([target, rows]) => {
      const newestRun = Math.max(...rows.map((r) => r.runId));
      const latest = rows.filter((r) => r.runId === newestRun);
      const counts: Record<string, number> = {};
      for (const r of latest) counts[r.status] = (counts[r.status] ?? 0) + 1;
      const statuses = new Map<string, { runId: number; status: string }[]>();
      for (const r of rows)
        statuses.set(r.mirror, [...(statuses.get(r.mirror) ?? []), { runId: r.runId, status: r.status }]);
      const flapping = [...statuses.values()].filter((s) =>
        isFlapping(s.sort((a, b) => b.runId - a.runId).map((x) => x.status)),
      ).length;
      return { target, probedAt: latest[0]?.startedAt ?? "", counts, flapping };
    });
  const history = snapshots.filter((s) => s.distro === distro);
  return {
    distro,
    asOf:
      [...sources.values()]
        .map((s) => s.checkedAt)
        .sort()
        .at(-1) ?? "",
    sources: [...sources.values()].sort((a, b) => (a.kind + a.source < b.kind + b.source ? -1 : 1)),
    mirrors: {
      total: mirrors.length,
      public: mirrors.filter((m) => !m.private).length,
      private: mirrors.filter((m) => m.private).length,
    },
    protocols: {
      http: mirrors.filter((m) => m.urls.http !== null).length,
      https: mirrors.filter((m) => m.urls.https !== null).length,
      rsync: mirrors.filter((m) => m.urls.rsync !== null).length,
      ftp: mirrors.filter((m) => m.urls.ftp !== null).length,
    },
    ipv6: { yes, no, unknown: mirrors.length - yes - no, fromList, fromProbe },
    countries: tally(codes.flatMap((c) => (c.code === null ? [] : [c.code]))).map((t) => ({
      country: t.key,
      continent: continentOf(t.key),
      mirrors: t.n,
    })),
    continents: tally(
      mirrors.flatMap((m, i) => {
        const c = continentOf(codes[i]?.code ?? null) ?? (m.continent === null ? null : m.continent.toUpperCase());
        return c === null ? [] : [c];
      }),
    ).map((t) => ({ continent: t.key, name: CONTINENT_NAMES[t.key] ?? t.key, mirrors: t.n })),
    unknownCountries: [
      ...new Set(codes.filter((c) => c.raw !== null && c.code === null).map((c) => c.raw as string)),
    ].sort(),
    withoutLocation: codes.filter((c) => c.raw === null).length,
    sponsors: {
      distinct: sponsorTally.length,
      top: sponsorTally.slice(0, 10).map((t) => ({ sponsor: t.key, mirrors: t.n })),
    },
    updateFrequency: {
      medianHours: frequencies.length === 0 ? null : (frequencies[Math.floor(frequencies.length / 2)] ?? null),
      buckets: [
        ...BUCKETS.map((h, i) => ({
          upToHours: h,
          mirrors: frequencies.filter((f) => f <= h && (i === 0 || f > (BUCKETS[i - 1] as number))).length,
        })),
        { upToHours: null, mirrors: frequencies.filter((f) => f > 24).length },
      ],
      unknown: mirrors.length - frequencies.length,
    },
    clouds: tally(mirrors.flatMap((m) => (m.cloud === null ? [] : [m.cloud]))).map((t) => ({
      cloud: t.key,
      mirrors: t.n,
    })),
    growth: history.map((s) => ({
      date: s.observedAt,
      mirrors: s.mirrors,
      publicMirrors: s.publicMirrors,
      source: `${s.sourceKind} ${s.source}`,
      detail: s.detail,
    })),
    health,
  };
}
