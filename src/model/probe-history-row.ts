/**
 * One mirror's answer in a probe run. The names are the probe_results columns
 * (the store writes these rows as they are); the store's insert and select
 * are type-checked against that table, so a column change shows up there.
 */
export interface ProbeResultRow {
  readonly mirror: string;
  readonly url: string;
  readonly status: string;
  readonly detail: string | null;
  readonly http_status: number | null;
  readonly latency_ms: number | null;
  readonly checksum: string | null;
  readonly repomd_time: number | null;
  readonly behind_hours: number | null;
  readonly ipv6: number | null;
}

/** A probe result with its run's time, for health history. */
export interface ProbeHistoryRow extends ProbeResultRow {
  readonly runId: number;
  readonly target: string;
  readonly startedAt: string;
}
