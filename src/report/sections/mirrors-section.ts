import { mirrorStatsQuery } from "../../queries/mirror-stats-query.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const HEADERS = [
  "distribution",
  "mirrors",
  "public",
  "https",
  "rsync",
  "IPv6 yes/no/unknown",
  "countries",
  "median update (h)",
  "as of",
];

/**
 * The mirror networks: size, protocols, IPv6, countries, update frequency and continents; the
 * public mirrors feed the "mirror network" score.
 *
 * @example
 * const { section, scoreInputs } = await mirrorsSection(input);
 */
export async function mirrorsSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, all } = input;
  // partial: a distribution without a mirror list is named below as a gap, with its command.
  const { distros: stats } = await mirrorStatsQuery(ctx, { distros: all, partial: true });
  const rows = stats.map((s) => [
    s.distro,
    s.mirrors.total,
    s.mirrors.public,
    s.protocols.https,
    s.protocols.rsync,
    `${s.ipv6.yes} / ${s.ipv6.no} / ${s.ipv6.unknown}`,
    s.countries.length,
    s.updateFrequency.medianHours,
    s.asOf.slice(0, 10),
  ]);
  const continents = [...new Set(stats.flatMap((s) => s.continents.map((c) => c.continent)))].sort();
  return {
    section: section("mirrors", "Mirror network", {
      tables: rows.length > 0 ? [{ title: "Mirrors", headers: HEADERS, rows }] : [],
      charts:
        stats.length > 0
          ? [
              {
                kind: "bar",
                title: "Mirrors per continent",
                axis: "continent",
                unit: "mirrors",
                labels: continents,
                series: stats.map((s) => ({
                  name: s.distro,
                  values: continents.map((c) => s.continents.find((x) => x.continent === c)?.mirrors ?? 0),
                })),
              },
              {
                kind: "map",
                title: "Mirrors by country",
                unit: "mirrors",
                series: stats.map((s) => ({
                  name: s.distro,
                  countries: s.countries.map((c) => ({ code: c.country, value: c.mirrors })),
                })),
              },
            ]
          : [],
      noData: all
        .filter((d) => !stats.some((s) => s.distro === d))
        .map((d) => ({
          what: `${d} mirror list`,
          command: `elscope update --distro ${d} (or elscope import <mirror list kind> <file> --distro ${d})`,
        })),
      provenance: stats.flatMap((s) =>
        s.sources.map((x) => ({ source: `${s.distro}: ${x.kind} ${x.source}`, asOf: x.observedAt })),
      ),
    }),
    scoreInputs: stats.map((s) => ({
      distro: s.distro,
      criterion: "mirror network",
      value: s.mirrors.public,
      input: `${s.mirrors.public} public mirrors`,
      provenance: { source: s.sources.map((x) => x.kind).join(", "), asOf: s.asOf },
    })),
  };
}
