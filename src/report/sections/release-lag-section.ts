import { median } from "../../analyze/update-lag.js";
import { releaseLagQuery } from "../../queries/release-lag-query.js";
import { newest } from "../../analyze/newest.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const DATES_SOURCE = "release dates in the store (release tables, endoflife.date, first file dates)";

/**
 * Initial release lag: days from the upstream's GA (announcement convention) of each minor to
 * each rebuild's; the median over the measured minors feeds the "releases" score.
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
    const days = measured
      .filter((r) => r.distro === d)
      .map((r) => r.lagDays as number)
      .sort((a, b) => a - b);
    const m = median(days);
    return {
      distro: d,
      criterion: "releases",
      value: m,
      input:
        m === null ? "no measured minor" : `median ${m} days over ${days.length} minor${days.length === 1 ? "" : "s"}`,
      provenance: { source: DATES_SOURCE, asOf },
    };
  });
  const lagOf = (d: string, release: string): number | null =>
    measured.find((r) => r.distro === d && r.release === release)?.lagDays ?? null;
  return {
    section: section("release-lag", "Initial release lag per minor release", {
      text: [
        `Days from ${upstream}'s GA (announcement convention) of each minor to each rebuild's, from the release dates in the store; each row names its sources.`,
      ],
      tables:
        measured.length > 0
          ? [
              {
                title: "Release lag",
                headers: ["release", "distribution", `${upstream} GA`, "GA", "lag (days)", "from"],
                rows: measured.map((r) => [
                  r.release,
                  r.distro,
                  r.upstreamDate,
                  r.date,
                  r.lagDays,
                  `${r.source ?? ""} / ${r.upstreamSource ?? ""}`,
                ]),
              },
            ]
          : [],
      charts:
        measured.length > 0
          ? [
              {
                title: "Initial release lag",
                unit: "days",
                labels,
                series: rebuilds.map((d) => ({ name: d, values: labels.map((l) => lagOf(d, l)) })),
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
