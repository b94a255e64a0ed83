/** The metrics `elscope trend` follows: the scorecard's summaries, each measured as of every point. */
export const TREND_METRICS = [
  "package-lag",
  "errata-lag",
  "parity",
  "package-counts",
  "public-mirrors",
  "mirror-freshness",
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

/**
 * One value of a trend: a summary as the store knew it at `point`, of one subject (a rebuild, a
 * repository, a mirror network), with its unit, clock, source and the number of things behind it.
 */
export interface TrendRow {
  /** The instant measured as of (ISO 8601 UTC). */
  readonly point: string;
  readonly metric: TrendMetric;
  readonly subject: string;
  /** Null: measured, but the summary is unknown (a median past more pending builds than shipped ones). */
  readonly value: number | null;
  readonly unit: string;
  /** Which times the value is computed from. */
  readonly clock: string;
  readonly source: string;
  /** How many things the value summarises (builds, advisories, mirrors, probe results). */
  readonly n: number;
}
