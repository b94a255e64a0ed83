import type { Completion } from "./completions.js";
import type { Verdict } from "./verdict.js";

/** Where a figure comes from and when it was true. */
export interface Provenance {
  readonly source: string;
  readonly asOf: string | null;
}

/** A table of a report section: headers, rows of cells (null shows as "unknown"). */
export interface ReportTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** A bar chart: one series per distribution over shared labels (the categories of the x axis). */
export interface BarChart {
  readonly kind: "bar";
  readonly title: string;
  readonly unit: string;
  /** What the labels are (the x axis' name): "release", "year", "continent". */
  readonly axis: string;
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

/** A distribution view: per label and series every measured value, drawn as a box (quartiles, whiskers). */
export interface BoxChart {
  readonly kind: "box";
  readonly title: string;
  readonly unit: string;
  readonly axis: string;
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly samples: readonly (readonly number[])[] }[];
}

/** A world map: per series, a value per country (ISO 3166-1 alpha-2). */
export interface MapChart {
  readonly kind: "map";
  readonly title: string;
  readonly unit: string;
  readonly series: readonly {
    readonly name: string;
    readonly countries: readonly { readonly code: string; readonly value: number }[];
  }[];
}

/**
 * Dated observations over time: per series its points, on a time axis. A series of one point is
 * drawn as that point, never as a line, so no trend is drawn where there is none.
 */
export interface TimeChart {
  readonly kind: "time";
  readonly title: string;
  readonly unit: string;
  readonly series: readonly {
    readonly name: string;
    readonly points: readonly { readonly date: string; readonly value: number }[];
  }[];
}

/** A time series: one line per series over dated labels, with dated events marked on the axis. */
export interface LineChart {
  readonly kind: "line";
  readonly title: string;
  readonly unit: string;
  readonly axis: string;
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
  /** Each event at the label of the period it falls in, with what happened and its source. */
  readonly events: readonly { readonly label: string; readonly date: string; readonly text: string }[];
}

export type ReportChart = BarChart | BoxChart | MapChart | LineChart | TimeChart;

/** What a section shows when the store has nothing for it: never a guess, always the way to get data. */
export interface NoData {
  readonly what: string;
  readonly command: string;
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly text: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
  readonly noData: readonly NoData[];
  readonly provenance: readonly Provenance[];
}

/** One scorecard line: the score (1–5, or null for no data), the rule that gave it, and its input. */
export interface Score {
  readonly distro: string;
  readonly criterion: string;
  readonly score: number | null;
  readonly input: string;
  readonly rule: string;
  readonly provenance: Provenance | null;
}

/** The whole comparison, ready for any renderer: the verdict first, then the scorecard, the sections and the gaps. */
export interface ReportModel {
  readonly title: string;
  readonly generatedAt: string;
  /** `--as-of`: the time the history was read as of; absent for the newest state. */
  readonly requestedAsOf?: string;
  readonly upstream: string;
  readonly distros: readonly string[];
  readonly sections: readonly ReportSection[];
  readonly scorecard: readonly Score[];
  readonly verdict: Verdict;
  /** Every section's gaps in one list: what would complete this report. */
  readonly completions: readonly Completion[];
}
