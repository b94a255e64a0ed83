import { releaseLagQuery } from "../../queries/release-lag-query.js";
import { newest } from "../../analyze/newest.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const DATES_SOURCE = "release dates in the store (release tables, endoflife.date, first file dates)";

/**
 * Initial release lag: days from the upstream's GA of each minor to each rebuild's, by both GA
 * conventions (the announcement, and the day of the minor's batch of upstream advisories); the
 * median by the announcement over the measured minors, first releases left out, feeds the
 * "releases" score.
 *
 * @example
 * const { section, scoreInputs } = await releaseLagSection(input);
 */
export async function releaseLagSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, catalog, upstream, distros } = input;
  const rebuilds = catalog.distros.filter((x) => distros.includes(x.id) && x.id !== upstream).map((x) => x.id);
  // With no rebuild named the query would measure every rebuild: the report shows only those asked.
  const answer =
    rebuilds.length === 0 ? null : await releaseLagQuery(ctx, { upstream, rebuilds, convention: "announcement" });
  const measured = (answer?.rows ?? []).filter((r) => r.lagDays !== null);
  const asOf = newest(Object.values(answer?.asOf ?? {}));
  const labels = [...new Set(measured.map((r) => r.release))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  const scoreInputs: ScoreInput[] = rebuilds.map((d) => {
    const s = answer?.summaries.find((x) => x.distro === d);
    const m = s?.medianDays ?? null;
    const left =
      s === undefined || s.excludedFirstReleases.length === 0
        ? ""
        : ` (first release ${s.excludedFirstReleases.join(", ")} left out)`;
    return {
      distro: d,
      criterion: "releases",
      value: m,
      input:
        m === null || s === undefined
          ? "no measured minor"
          : `median ${m} days over ${s.minors} minor${s.minors === 1 ? "" : "s"}${left}`,
      provenance: { source: DATES_SOURCE, asOf },
    };
  });
  const lagOf = (d: string, release: string): number | null =>
    measured.find((r) => r.distro === d && r.release === release && !r.firstRelease)?.lagDays ?? null;
  const majors = [...new Set(labels.map((l) => l.split(".")[0] ?? l))];
  const upstreamRows = [...new Map(measured.map((r) => [r.release, r])).values()];
  const rule = answer?.errataBatchRule;
  return {
    section: section("release-lag", "Initial release lag per minor release", {
      text: [
        `Release lag: days from ${upstream}'s GA of each minor to each rebuild's, from the release dates in the store; each row names its sources. ${upstream}'s GA by two conventions: the announcement (release tables, endoflife.date), and the errata batch: the day, within ${rule?.windowDays ?? "?"} days of the announcement, on which the most upstream advisories for that major came out (at least ${rule?.minAdvisories ?? "?"}), from ${upstream}'s own advisories where stored, else from the dates rebuild advisories copy from them; without a batch (a new major's .0) the announcement stands. A distribution's first release is marked and left out of the medians and the score.`,
      ],
      tables:
        measured.length > 0
          ? [
              {
                title: `${upstream} GA per minor, by convention`,
                headers: [
                  "release",
                  "announced",
                  "from",
                  "errata batch",
                  "advisories",
                  "from",
                  "conventions differ (days)",
                  "every source",
                  "sources differ (days)",
                ],
                rows: upstreamRows.map((r) => {
                  const a = r.upstreamByConvention.announcement;
                  const e = r.upstreamByConvention.errata;
                  return [
                    r.release,
                    a?.date ?? null,
                    a?.source ?? null,
                    e?.date ?? null,
                    e?.advisories ?? null,
                    e?.source ?? null,
                    r.upstreamByConvention.differDays,
                    Object.entries(r.upstreamSources)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(", "),
                    r.upstreamDisagreementDays,
                  ];
                }),
              },
              {
                title: "Release lag",
                headers: [
                  "release",
                  "distribution",
                  `${upstream} announced`,
                  "GA",
                  "release lag (days)",
                  "by errata convention (days)",
                  "from",
                  "sources differ (days)",
                ],
                rows: measured.map((r) => [
                  r.firstRelease ? `${r.release} (first release)` : r.release,
                  r.distro,
                  r.upstreamDate,
                  r.date,
                  r.lagDays,
                  r.upstreamByConvention.errata === null && r.lagDaysByConvention.errata !== null
                    ? `${r.lagDaysByConvention.errata} (no batch: announced)`
                    : r.lagDaysByConvention.errata,
                  `${r.source ?? ""} / ${r.upstreamSource ?? ""}`,
                  r.disagreementDays,
                ]),
              },
            ]
          : [],
      charts:
        measured.length > 0
          ? [
              {
                kind: "bar",
                title: "Initial release lag",
                axis: "release",
                unit: "days",
                labels,
                series: rebuilds.map((d) => ({ name: d, values: labels.map((l) => lagOf(d, l)) })),
              },
              {
                kind: "box",
                title: "Initial release lag per major, over its minors (first releases left out)",
                unit: "days",
                axis: "major",
                labels: majors,
                series: rebuilds.map((d) => ({
                  name: d,
                  samples: majors.map((m) => labels.flatMap((l) => (l.split(".")[0] === m ? (lagOf(d, l) ?? []) : []))),
                })),
              },
            ]
          : [],
      noData: [
        ...(!measured.some((r) => r.upstreamDate !== null)
          ? [{ what: `${upstream} release dates`, command: "elscope update" }]
          : []),
        ...rebuilds
          .filter((d) => !measured.some((r) => r.distro === d))
          .map((d) => ({
            what: `${d} release dates`,
            command: `elscope update --distro ${d} (or elscope import <endoflife-release-data|almalinux-release-notes|rocky-version-table> <file> --distro ${d})`,
          })),
      ],
    }),
    scoreInputs,
  };
}
