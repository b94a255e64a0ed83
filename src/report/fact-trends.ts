import type { FactStatus } from "../analyze/fact-freshness.js";
import { type FactTopic, pointText } from "../catalog/facts-schema.js";
import type { BarChart, ReportTable } from "./report-model.js";

/**
 * The facts of `topics` kept as dated points (members, sponsors, partners over time): one table
 * row per point with its figure as the page bounds it, its source and its check, and per topic a
 * bar chart of the figures by date, one series per distribution (no bar where it has no point).
 *
 * @example
 * factTrends(["corporate-sponsors"], facts, ["almalinux", "rocky"]).charts[0]?.labels // ["2023-12-13", ...]
 */
export function factTrends(
  topics: readonly FactTopic[],
  facts: readonly FactStatus[],
  distros: readonly string[],
): { readonly table: ReportTable | null; readonly charts: readonly BarChart[] } {
  const series = topics.flatMap((t) =>
    distros.flatMap((d) => facts.filter((f) => f.distro === d && f.topic === t && f.points !== undefined)),
  );
  if (series.length === 0) return { table: null, charts: [] };
  const rows = series.flatMap((f) =>
    (f.points ?? []).map((p) => [f.distro, f.topic, p.date, pointText(p), p.source, p.checked]),
  );
  const charts = topics.flatMap((t): BarChart[] => {
    const of = series.filter((f) => f.topic === t);
    if (of.length === 0) return [];
    const labels = [...new Set(of.flatMap((f) => (f.points ?? []).map((p) => p.date)))].sort();
    return [
      {
        kind: "bar",
        title: `${t} over time`,
        unit: of[0]?.unit ?? "count",
        axis: "date",
        labels,
        series: of.map((f) => ({
          name: f.distro,
          values: labels.map((l) => f.points?.find((p) => p.date === l)?.value ?? null),
        })),
      },
    ];
  });
  return {
    table: {
      title: "Figures over time",
      headers: ["distribution", "topic", "date", "figure", "source", "checked"],
      rows,
    },
    charts,
  };
}
