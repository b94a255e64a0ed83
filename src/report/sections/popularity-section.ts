import { type PopularityAnswer, popularityQuery } from "../../queries/popularity-query.js";
import { noDataOf } from "../no-data-of.js";
import type { TimeChart, ReportTable } from "../report-model.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

type Point = PopularityAnswer["points"][number];

/** Said whenever there are points: what these figures measure, and that nothing is scored on them. */
export const PROXY_NOTE =
  "Page hits (DistroWatch's ranking), container pulls and box downloads are proxies of interest, not of use or adoption: one CI job pulls an image thousands of times, and a page hit is a visit. Counts of systems that check in with a mirror list (countme) count only the systems that ask. None of these figures is scored.";

/**
 * Popularity: each series (metric and subject) as a small chart over time, one line per
 * distribution (a lone point stays a point), then the series with their dates and the pages they
 * were read from, and every point's note. These are proxies: the section gives the scorecard
 * nothing (test/popularity-points.test.ts holds it to that).
 *
 * @example
 * const { section } = await popularitySection(input);
 */
export async function popularitySection(input: SectionInput): Promise<SectionResult> {
  let answer: PopularityAnswer;
  try {
    answer = await popularityQuery(input.ctx, { distros: input.all });
  } catch (e) {
    return {
      section: section("popularity", "Popularity", { noData: [noDataOf("popularity series", e)] }),
      scoreInputs: [],
    };
  }
  // A chart per metric and subject, a series per distribution; points come oldest first within each.
  const charts = new Map<string, Map<string, Point[]>>();
  for (const p of answer.points) {
    const key = `${p.metric}: ${p.subject}`;
    const chart = charts.get(key) ?? new Map<string, Point[]>();
    chart.set(p.distro, [...(chart.get(p.distro) ?? []), p]);
    charts.set(key, chart);
  }
  const lineCharts: TimeChart[] = [...charts].map(([title, byDistro]) => ({
    kind: "time",
    title,
    unit: /rank/.test(title.split(":")[0] ?? "") ? "rank" : "count",
    series: [...byDistro].map(([name, points]) => ({
      name,
      points: points.map((p) => ({ date: p.date, value: p.value })),
    })),
  }));
  const series: ReportTable = {
    title: "Series",
    headers: ["distribution", "metric", "subject", "points", "from", "to", "newest value", "sources"],
    rows: [...charts.values()].flatMap((byDistro) =>
      [...byDistro].map(([distro, points]) => {
        const first = points[0];
        const last = points.at(-1);
        return [
          distro,
          first?.metric ?? "",
          first?.subject ?? "",
          points.length,
          first?.date ?? null,
          last?.date ?? null,
          last?.value ?? null,
          [...new Set(points.map((p) => p.source))].join("; "),
        ];
      }),
    ),
  };
  const noted = answer.points.filter((p) => p.note !== null);
  const notes: ReportTable[] =
    noted.length === 0
      ? []
      : [
          {
            title: "How each figure was read",
            headers: ["distribution", "metric", "date", "value", "note", "source"],
            rows: noted.map((p) => [p.distro, p.metric, p.date, p.value, p.note, p.source]),
          },
        ];
  // Each page cited, as of the newest day a point was read from it.
  const asOf = new Map<string, string>();
  for (const p of answer.points) {
    const key = `${p.sourceKind} ${p.source}`;
    if ((asOf.get(key) ?? "") < p.date) asOf.set(key, p.date);
  }
  return {
    section: section("popularity", "Popularity", {
      text: [PROXY_NOTE],
      charts: lineCharts,
      tables: [series, ...notes],
      provenance: [...asOf].sort(([a], [b]) => (a < b ? -1 : 1)).map(([source, date]) => ({ source, asOf: date })),
    }),
    scoreInputs: [],
  };
}
