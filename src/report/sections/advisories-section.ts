import { median } from "../../analyze/update-lag.js";
import { type AdvisoryLagAnswer, advisoryLagQuery } from "../../queries/advisory-lag-query.js";
import { type ExposureAnswer, exposureQuery } from "../../queries/exposure-query.js";
import { newest } from "../../analyze/newest.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportChart, ReportTable } from "../report-model.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Security advisory lag per year, and CVE exposure (the rebuild's fix time from its synced
 * packages where it can, as `elscope exposure` measures it); the median advisory lag feeds the
 * "patching lag" score.
 *
 * @example
 * const { section, scoreInputs } = await advisoriesSection(input);
 */
export async function advisoriesSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, upstream, distros, repos } = input;
  const tables: ReportTable[] = [];
  const charts: ReportChart[] = [];
  const exposures: (string | number | null)[][] = [];
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  const scoreInputs: ScoreInput[] = [];
  for (const d of distros) {
    let lag: AdvisoryLagAnswer;
    let exposure: ExposureAnswer;
    try {
      lag = await advisoryLagQuery(ctx, { rebuild: d, upstream });
      exposure = await exposureQuery(ctx, { rebuild: d, upstream });
    } catch (e) {
      noData.push(noDataOf(`advisories of ${d}`, e));
      continue;
    }
    const measured = exposure.rows.filter((x) => x.exposureDays !== null);
    const days = measured.map((x) => x.exposureDays as number).sort((a, b) => a - b);
    const fromPackages = measured.filter((x) => x.basis === "packages").length;
    exposures.push([d, days.length, fromPackages, median(days), days.at(-1) ?? null]);
    const years = lag.summaries.filter((s) => s.groupBy === "year" && s.group !== "unknown");
    tables.push({
      title: `${d}: advisory lag by year`,
      headers: ["year", "advisories", "measured", "median (days)", "p90 (days)"],
      rows: years.map((s) => [s.group, s.advisories, s.measured, s.medianDays, s.p90Days]),
    });
    charts.push({
      title: `${d}: median advisory lag by year`,
      unit: "days",
      labels: years.map((s) => s.group),
      series: [{ name: d, values: years.map((s) => s.medianDays) }],
    });
    // The query's first source is the rebuild's own advisories; its as-of is their newest sighting.
    const asOf = lag.asOf[d] ?? null;
    provenance.push({ source: lag.sources[0] ?? `${d} advisories`, asOf });
    if (fromPackages > 0) {
      provenance.push({
        source: `synced repositories of ${d} (CVE fix times)`,
        asOf: newest(repos.filter((r) => r.distro === d).map((r) => r.checkedAt)),
      });
    }
    const all = lag.summaries.find((s) => s.groupBy === "all");
    scoreInputs.push({
      distro: d,
      criterion: "patching lag",
      value: all?.medianDays ?? null,
      input:
        all?.medianDays === null || all === undefined
          ? "no measured advisory"
          : `median ${all.medianDays} days over ${all.measured} advisories`,
      provenance: { source: `${d} advisories`, asOf },
    });
  }
  if (exposures.length > 0) {
    tables.push({
      title: "CVE exposure (the rebuild's fix from its synced packages where they carry it, else from its advisories)",
      headers: ["distribution", "CVEs measured", "from packages", "median (days)", "max (days)"],
      rows: exposures,
    });
  }
  return {
    section: section("advisories", "Security advisory lag and CVE exposure", {
      text: [
        "Lag runs from the upstream advisory's date to the rebuild advisory's first sighting (its git history or elscope's own first sight); advisories with no honest time are not measured. CVE exposure runs from a CVE's first upstream fix to the rebuild's (every CVE: `elscope exposure --rebuild <id>`).",
      ],
      tables,
      charts,
      noData,
      provenance,
    }),
    scoreInputs,
  };
}
