import { type MirrorStatsAnswer, mirrorStatsQuery } from "../../queries/mirror-stats-query.js";
import { queryContext } from "../../queries/query-context.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";

export interface MirrorsStatsOptions extends GlobalOptions {
  readonly distro?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly asOf?: string;
}

/** Reads every distribution's mirror statistics from the store. */
export async function loadMirrorStats(
  opts: GlobalOptions & { distro?: string; asOf?: string },
): Promise<MirrorStatsAnswer> {
  const catalog = openCatalog(opts);
  const asOf = asOfFlag(opts);
  return withStore(opts, (store) =>
    mirrorStatsQuery(queryContext(store, catalog, new Date(), asOf), { distros: commaList(opts.distro) }),
  );
}

const pct = (n: number, of: number): string => (of === 0 ? "unknown" : `${n} (${Math.round((n / of) * 100)} %)`);

/** `elscope mirrors stats`: size, protocols, IPv6, geography, sponsors, update frequency, growth and health. */
export async function mirrorsStatsCommand(opts: MirrorsStatsOptions): Promise<void> {
  const asOf = asOfFlag(opts);
  const answer = await loadMirrorStats(opts);
  const stats = answer.distros;
  if (opts.json === true) return printJson(answer);
  if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
  const rows: { metric: string; values: (string | number | null)[] }[] = [
    { metric: "mirrors", values: stats.map((s) => s.mirrors.total) },
    { metric: "public", values: stats.map((s) => pct(s.mirrors.public, s.mirrors.total)) },
    { metric: "private", values: stats.map((s) => pct(s.mirrors.private, s.mirrors.total)) },
    ...(["https", "http", "rsync", "ftp"] as const).map((p) => ({
      metric: p,
      values: stats.map((s) => pct(s.protocols[p], s.mirrors.total)),
    })),
    {
      metric: "IPv6 yes / no / unknown",
      values: stats.map((s) => `${s.ipv6.yes} / ${s.ipv6.no} / ${s.ipv6.unknown}`),
    },
    { metric: "countries", values: stats.map((s) => s.countries.length) },
    {
      metric: "top countries",
      values: stats.map((s) =>
        s.countries
          .slice(0, 3)
          .map((c) => `${c.country} ${c.mirrors}`)
          .join(", "),
      ),
    },
    {
      metric: "continents",
      values: stats.map((s) => s.continents.map((c) => `${c.continent} ${c.mirrors}`).join(", ")),
    },
    { metric: "sponsors", values: stats.map((s) => s.sponsors.distinct) },
    { metric: "median update frequency (h)", values: stats.map((s) => s.updateFrequency.medianHours) },
    {
      metric: "history points",
      values: stats.map((s) =>
        s.growth.length === 0 ? null : `${s.growth.length} since ${s.growth[0]?.date.slice(0, 10)}`,
      ),
    },
    {
      metric: "health (newest probe)",
      values: stats.map((s) =>
        s.health.length === 0
          ? "not probed"
          : s.health
              .map(
                (h) =>
                  `${h.target}: ${h.counts["in-sync"] ?? 0} in sync of ${Object.values(h.counts).reduce((a, b) => a + b, 0)}`,
              )
              .join("; "),
      ),
    },
    { metric: "as of", values: stats.map((s) => s.asOf) },
  ];
  process.stdout.write(
    asOfLine(asOf) +
      renderTable(rows, [
        { header: "", value: (r) => r.metric },
        ...stats.map((s, i) => ({ header: s.distro, value: (r: (typeof rows)[number]) => r.values[i] ?? null })),
      ]),
  );
  for (const s of stats) {
    process.stdout.write(
      `\n${s.distro} sources: ${s.sources.map((x) => `${x.kind} ${x.source} (as of ${x.observedAt})`).join("; ")}\n`,
    );
  }
}
