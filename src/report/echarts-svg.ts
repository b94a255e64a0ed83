import { createRequire } from "node:module";
import type * as EChartsModule from "echarts";
import { boxStats } from "./box-stats.js";
import type { BarChart, BoxChart, LineChart, TimeChart } from "./report-model.js";

// Colour-blind-safe palette (Okabe & Ito).
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
const HEIGHT = 300;
// Time series are small multiples, one per series: lower, and of one width.
const LINE_HEIGHT = 220;
const LINE_WIDTH = 480;

// The package's one-file CommonJS build (its "require" export), not its 600 ES modules: the same
// code, loaded in about a fifth of the time (95 ms against 450 here), which a report from a cold
// process pays every time (README, Comparisons).
const echarts = createRequire(import.meta.url)("echarts") as typeof EChartsModule;

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** What ECharts should draw: axes with their names and units, a legend, one series per distribution. */
function option(c: BarChart | BoxChart | LineChart): EChartsModule.EChartsOption {
  const common = {
    animation: false,
    color: COLOURS,
    textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 11 },
    legend: { top: 0, data: c.series.map((s) => s.name) },
    grid: { left: 56, right: 16, top: 36, bottom: 44 },
    xAxis: {
      type: "category" as const,
      data: [...c.labels],
      name: c.axis,
      nameLocation: "middle" as const,
      nameGap: 28,
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: "value" as const, name: c.unit, nameLocation: "middle" as const, nameGap: 40 },
  };
  if (c.kind === "line")
    return {
      ...common,
      series: c.series.map((s, i) => ({
        type: "line" as const,
        name: s.name,
        data: [...s.values],
        connectNulls: false,
        // The events once, on the first line: a dashed mark at each event's period, named.
        ...(i === 0 && c.events.length > 0
          ? {
              markLine: {
                symbol: "none",
                lineStyle: { type: "dashed" as const, color: "#555" },
                label: { formatter: "{b}", fontSize: 10 },
                data: c.events.map((e) => ({ xAxis: e.label, name: e.date })),
              },
            }
          : {}),
      })),
    };
  if (c.kind === "bar")
    return { ...common, series: c.series.map((s) => ({ type: "bar", name: s.name, data: [...s.values] })) };
  // Outliers only beside a single series: on a category axis they would sit between the boxes of
  // several, so there the whiskers reach the extremes instead, and no value is hidden.
  const single = c.series.length === 1;
  const boxes = c.series.map((s) =>
    c.labels.map((_, i) => {
      const b = boxStats(s.samples[i] ?? []);
      return b === null || single ? b : { ...b, low: b.min, high: b.max, outliers: [] };
    }),
  );
  return {
    ...common,
    series: [
      ...c.series.map((s, j) => ({
        type: "boxplot" as const,
        name: s.name,
        data: (boxes[j] ?? []).map((b) => (b === null ? [] : [b.low, b.q1, b.median, b.q3, b.high])),
      })),
      ...(single
        ? [
            {
              type: "scatter" as const,
              name: c.series[0]?.name ?? "",
              symbolSize: 4,
              data: (boxes[0] ?? []).flatMap((b, i) => (b === null ? [] : b.outliers.map((v) => [i, v]))),
            },
          ]
        : []),
    ],
  };
}

/**
 * A time series on a UTC time axis (the dates are calendar days, the same in any time zone): a
 * line with its points for two or more, the bare point for one.
 */
function timeOption(c: TimeChart): EChartsModule.EChartsOption {
  return {
    animation: false,
    useUTC: true,
    color: COLOURS,
    textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 11 },
    legend: { top: 0, data: c.series.map((s) => s.name) },
    grid: { left: 72, right: 24, top: 36, bottom: 32 },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: c.unit, nameLocation: "middle", nameGap: 56 },
    series: c.series.map((s) => ({
      type: s.points.length > 1 ? ("line" as const) : ("scatter" as const),
      name: s.name,
      symbolSize: 6,
      data: s.points.map((p) => [Date.parse(`${p.date}T00:00:00Z`), p.value]),
    })),
  };
}

/**
 * A bar, box or time-series chart as inline SVG from Apache ECharts' server-side renderer: real axes with
 * ticks, names and units, a legend, no script. The SVG scales to its container (viewBox, width
 * 100 %), and its generated names are prefixed with `id`, so two charts on a page never share a
 * style and the same chart gives the same bytes in any process.
 *
 * @example
 * echartsSvg({ kind: "bar", title: "Lag", unit: "days", axis: "release", labels: ["9.4"], series: [{ name: "rocky", values: [8] }] }, "release-lag-0")
 */
export function echartsSvg(c: BarChart | BoxChart | LineChart | TimeChart, id: string): string {
  const width =
    c.kind === "time" ? LINE_WIDTH : Math.max(480, 80 + c.labels.length * Math.max(28, c.series.length * 14));
  const height = c.kind === "time" ? LINE_HEIGHT : HEIGHT;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  const names = new Map<string, string>();
  const used = new Map<string, number>();
  try {
    chart.setOption(c.kind === "time" ? timeOption(c) : option(c));
    return (
      chart
        .renderToSVGString()
        // zrender numbers its instances (zr0, zr1, ...) and its style classes, clip paths and
        // gradients across the process: renumbered here, per chart, in order of first use.
        .replace(/\bzr\d+-([a-z]+-?)(\d+)/g, (_, kind: string, n: string) => {
          const known = names.get(kind + n);
          if (known !== undefined) return known;
          const next = `${id}-${kind}${used.get(kind) ?? 0}`;
          used.set(kind, (used.get(kind) ?? 0) + 1);
          names.set(kind + n, next);
          return next;
        })
        .replace(/^<svg width="\d+" height="\d+"/, `<svg width="100%" role="img" aria-label="${esc(c.title)}"`)
        .replace(/ xmlns:xlink="[^"]*"| version="1\.1"| baseProfile="full"/g, "")
    );
  } finally {
    chart.dispose();
  }
}
