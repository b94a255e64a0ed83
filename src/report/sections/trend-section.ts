import type { TrendRow } from "../../analyze/trend-row.js";
import { type TrendAnswer, trendQuery } from "../../queries/trend-query.js";
import { noDataOf } from "../no-data-of.js";
import type { LineChart, NoData, Provenance, ReportChart } from "../report-model.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Trends: the monthly median package lag per rebuild, with the dated facts (Red Hat's 2023
 * source-policy change) marked as events, and the mirror networks' growth, each month measured
 * as of its end (`elscope trend`). A chart with fewer than two months says so instead of a line.
 *
 * @example
 * const { section } = await trendSection(input);
 */
export async function trendSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, upstream, distros, facts } = input;
  const rebuilds = distros.filter((d) => d !== upstream);
  const to = ctx.asOf === undefined ? {} : { to: ctx.asOf };
  const text: string[] = [];
  const charts: ReportChart[] = [];
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  const add = (answer: TrendAnswer | null, title: string, unit: string): void => {
    if (answer === null) return;
    const chart = lineChart(answer, title, unit);
    for (const s of answer.sources) provenance.push({ source: s, asOf: answer.to });
    if (chart.labels.length < 2) {
      text.push(`${title}: ${chart.labels.length} month of history, too few for a trend line.`);
      return;
    }
    charts.push(chart);
  };
  const lag =
    rebuilds.length === 0
      ? null
      : await trendQuery(ctx, { metric: "package-lag", upstream, distros: rebuilds, facts, minPoints: 2, ...to }).catch(
          (e: unknown) => {
            noData.push(noDataOf("package lag over time", e));
            return null;
          },
        );
  add(lag, "Median package lag per rebuild, month by month", "days");
  const growth = await trendQuery(ctx, {
    metric: "public-mirrors",
    distros: input.all,
    facts,
    minPoints: 2,
    ...to,
  }).catch((e: unknown) => {
    noData.push(noDataOf("mirror network growth", e));
    return null;
  });
  add(growth, "Mirror network size, month by month", "mirrors");
  text.unshift(
    "Each month's value is what elscope would have answered at its end: the history read as of then (`elscope trend <metric>`).",
  );
  return { section: section("trends", "Trends", { text, charts, noData, provenance }), scoreInputs: [] };
}

/** A trend's rows as a line per subject over its months, its events at the month they fall in. */
function lineChart(answer: TrendAnswer, title: string, unit: string): LineChart {
  const labels = answer.points.map((p) => p.slice(0, 7));
  const subjects = [...new Set(answer.rows.map((r) => r.subject))].sort();
  const at = new Map<string, TrendRow>(answer.rows.map((r) => [`${r.subject}\u0000${r.point.slice(0, 7)}`, r]));
  return {
    kind: "line",
    title,
    unit,
    axis: "month",
    labels,
    series: subjects.map((s) => ({ name: s, values: labels.map((l) => at.get(`${s}\u0000${l}`)?.value ?? null) })),
    events: answer.events
      .filter((e) => labels.includes(e.date.slice(0, 7)))
      .map((e) => ({ label: e.date.slice(0, 7), date: e.date, text: `${e.distro} ${e.topic}: ${e.label}` })),
  };
}
