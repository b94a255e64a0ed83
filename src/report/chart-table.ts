import { boxStats } from "./box-stats.js";
import type { ReportChart, ReportTable } from "./report-model.js";

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * A chart as the table of its figures, for renderers without pictures (Markdown): bars as their
 * values, boxes as median (quartiles, n), a map as its countries, a time series as its dated points.
 *
 * @example
 * chartTable({ kind: "bar", title: "Lag", unit: "days", axis: "release", labels: ["9.4"], series: [{ name: "rocky", values: [8] }] })
 */
export function chartTable(c: ReportChart): ReportTable {
  const title = `${c.title} (${c.unit})`;
  switch (c.kind) {
    case "bar":
      return { title, headers: ["", ...c.labels], rows: c.series.map((x) => [x.name, ...x.values]) };
    case "line": {
      // A time series as one row per period (a column per period would outrun the page), with its events.
      const events = c.events.length > 0;
      return {
        title,
        headers: [c.axis, ...c.series.map((x) => x.name), ...(events ? ["event"] : [])],
        rows: c.labels.map((l, i) => [
          l,
          ...c.series.map((x) => {
            const v = x.values[i];
            return v === undefined || v === null ? null : round(v);
          }),
          ...(events
            ? [
                c.events
                  .filter((e) => e.label === l)
                  .map((e) => `${e.date}: ${e.text}`)
                  .join("; "),
              ]
            : []),
        ]),
      };
    }
    case "box":
      return {
        title: `${title}: median (first–third quartile, n)`,
        headers: ["", ...c.labels],
        rows: c.series.map((x) => [
          x.name,
          ...c.labels.map((_, i) => {
            const b = boxStats(x.samples[i] ?? []);
            return b === null ? null : `${round(b.median)} (${round(b.q1)}–${round(b.q3)}, ${b.n})`;
          }),
        ]),
      };
    case "map":
      // One row per series: a row per country would be longer than the section it illustrates.
      return {
        title,
        headers: ["", "countries", `${c.unit} per country`],
        rows: c.series.map((x) => [
          x.name,
          x.countries.length,
          [...x.countries]
            .sort((a, b) => b.value - a.value || a.code.localeCompare(b.code))
            .map((k) => `${k.code} ${k.value}`)
            .join(", "),
        ]),
      };
    case "time":
      // One row per point: a time series' dates differ between series, so they share no columns.
      return {
        title,
        headers: ["", "date", c.unit],
        rows: c.series.flatMap((x) => x.points.map((p) => [x.name, p.date, p.value])),
      };
  }
}
