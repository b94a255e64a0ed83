import { median } from "../../analyze/update-lag.js";
import type { AdvisoryLagName } from "../../analyze/advisory-lag.js";
import { type AdvisoryLagAnswer, advisoryLagQuery } from "../../queries/advisory-lag-query.js";
import { type ExposureAnswer, exposureQuery } from "../../queries/exposure-query.js";
import { newest } from "../../analyze/newest.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportChart, ReportTable } from "../report-model.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/** One year table of one named lag (errata lag or feed lag) of one rebuild. */
function yearTable(lag: AdvisoryLagAnswer, name: AdvisoryLagName, title: string): ReportTable {
  const years = lag.summaries.filter((s) => s.lag === name && s.groupBy === "year" && s.group !== "unknown");
  return {
    title,
    headers: ["year", "advisories", "measured", "median (days)", "p90 (days)"],
    rows: years.map((s) => [s.group, s.advisories, s.measured, s.medianDays, s.p90Days]),
  };
}

/**
 * Errata lag per year (upstream advisory to the rebuild's own publication), the feed lag
 * beside it as the feed's history and never as patching speed (with how many advisories
 * backfills leave out), and CVE exposure (the rebuild's fix time from its synced packages
 * where it can, as `elscope exposure` measures it). The median errata lag feeds the
 * "errata lag" score; the "patching lag" score is package lag and comes from update lag.
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
  const notes: string[] = [];
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
    const all = (name: AdvisoryLagName) => lag.summaries.find((s) => s.lag === name && s.groupBy === "all");
    const errata = all("errata lag");
    const feed = all("feed lag");
    const errataTable = yearTable(lag, "errata lag", `${d}: errata lag by year (to ${d}'s own publication)`);
    if ((errata?.measured ?? 0) > 0) {
      tables.push(errataTable);
      charts.push({
        kind: "bar",
        title: `${d}: median errata lag by year`,
        axis: "year",
        unit: "days",
        labels: errataTable.rows.map((r) => String(r[0])),
        series: [{ name: d, values: errataTable.rows.map((r) => r[3] as number | null) }],
      });
      // Every measured advisory, not only the medians: by the year of the upstream advisory.
      const years = errataTable.rows.map((r) => String(r[0]));
      charts.push({
        kind: "box",
        title: `${d}: errata lag by year, every measured advisory`,
        unit: "days",
        axis: "year",
        labels: years,
        series: [
          {
            name: d,
            samples: years.map((y) =>
              lag.rows.flatMap((r) => (r.lagDays !== null && r.upstreamDate?.slice(0, 4) === y ? [r.lagDays] : [])),
            ),
          },
        ],
      });
    } else {
      notes.push(
        `${d}: no advisory has ${d}'s own publication time, so errata lag is unknown` +
          ((feed?.measured ?? 0) > 0 ? "; only the feed's history has times, and they are not patching speed" : "") +
          (lag.sources[0]?.includes("osv") === true
            ? ` (an OSV history imported before elscope read first versions: \`elscope import osv <repository> --distro ${d}\` again reads them).`
            : "."),
      );
    }
    if (lag.rows.some((r) => r.feedBackfill !== null)) {
      tables.push(
        yearTable(
          lag,
          "feed lag",
          `${d}: feed lag by year (the feed's history, not patching speed; ${lag.feedBackfills} backfilled advisories excluded)`,
        ),
      );
    }
    // The query's first source is the rebuild's own advisories; its as-of is their newest sighting.
    const asOf = lag.asOf[d] ?? null;
    provenance.push({ source: lag.sources[0] ?? `${d} advisories`, asOf });
    if (fromPackages > 0) {
      provenance.push({
        source: `synced repositories of ${d} (CVE fix times)`,
        asOf: newest(repos.filter((r) => r.distro === d).map((r) => r.checkedAt)),
      });
    }
    scoreInputs.push({
      distro: d,
      criterion: "errata lag",
      value: errata?.medianDays ?? null,
      input:
        errata?.medianDays == null
          ? `no advisory with ${d}'s own publication time`
          : `median ${errata.medianDays.toFixed(2)} days over ${errata.measured.toLocaleString("en")} advisories`,
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
    section: section("advisories", "Security advisory errata lag and CVE exposure", {
      text: [
        "Errata lag runs from the upstream advisory's date to the rebuild's own publication of its advisory (Apollo's publishedAt, errata.json's updated_date, the OSV file's modified as first committed); advisories without one are not measured. Feed lag runs to the commit that first carried the advisory in the feed's history: it measures the feed, not patching speed, and advisories first added by a backfill commit are excluded. A commit time is only an upper bound of the publication. CVE exposure runs from a CVE's first upstream fix to the rebuild's (every CVE: `elscope exposure --rebuild <id>`).",
        ...notes,
      ],
      tables,
      charts,
      noData,
      provenance,
    }),
    scoreInputs,
  };
}
